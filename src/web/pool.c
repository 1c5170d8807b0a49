/* pool: the store connections of the web server. A request takes one for its duration (SQLite connections are
 * opened without their own mutex, so one thread at a time); WAL lets the readers run side by side. Each
 * connection runs in the store's serve mode (statements cached, writers queued on one gate) and keeps the working-day
 * calendars of the agencies it served, rebuilt only when the agency's calendar fingerprint changes (building one
 * costs a few hundred microseconds). The fingerprint itself is looked up at most once a second per connection and
 * agency: a change made through this server (web_pool_calendar_changed) shows at once, one made from outside (the
 * command line) within a second. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/web.h"

#define CALENDAR_CACHE 8

typedef struct cached_calendar {
    int64_t agency;      /* 0 = empty */
    char *fingerprint;   /* owned */
    gk_calendar *cal;    /* owned */
    uint64_t used;       /* last use, for eviction */
    int64_t checked_at;  /* monotonic second of the last fingerprint check */
    unsigned generation; /* the pool's calendar generation at that check */
} cached_calendar;

struct web_slot {
    web_pool *pool;
    gk_store *store;
    bool busy;
    cached_calendar calendars[CALENDAR_CACHE];
    uint64_t clock;
};

struct web_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    web_slot *slots;
    int size;
    atomic_uint calendar_generation; /* bumped when this server changes a calendar */
};

int web_pool_open(const char *location, int size, store_write_gate *gate, web_pool **out, char **error)
{
    *out = NULL;
    web_pool *pool = xcalloc(1, sizeof *pool);
    pool->slots = xcalloc((size_t)size, sizeof *pool->slots);
    pool->size = size;
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->freed, NULL);
    for (int i = 0; i < size; i++) {
        pool->slots[i].pool = pool;
        if (store_open_existing(location, &pool->slots[i].store, error) != 0 ||
            store_serve_mode(pool->slots[i].store, gate, error) != 0) {
            web_pool_close(pool);
            return -1;
        }
    }
    *out = pool;
    return 0;
}

static void clear_calendar(cached_calendar *c)
{
    free(c->fingerprint);
    gk_calendar_free(c->cal);
    memset(c, 0, sizeof *c);
}

void web_pool_close(web_pool *pool)
{
    if (!pool) return;
    for (int i = 0; i < pool->size; i++) {
        for (int k = 0; k < CALENDAR_CACHE; k++) clear_calendar(&pool->slots[i].calendars[k]);
        store_close(pool->slots[i].store);
    }
    pthread_cond_destroy(&pool->freed);
    pthread_mutex_destroy(&pool->lock);
    free(pool->slots);
    free(pool);
}

web_slot *web_pool_acquire(web_pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        for (int i = 0; i < pool->size; i++) {
            if (!pool->slots[i].busy) {
                pool->slots[i].busy = true;
                pthread_mutex_unlock(&pool->lock);
                return &pool->slots[i];
            }
        }
        pthread_cond_wait(&pool->freed, &pool->lock);
    }
}

void web_pool_release(web_pool *pool, web_slot *slot)
{
    if (!slot) return;
    pthread_mutex_lock(&pool->lock);
    slot->busy = false;
    pthread_cond_signal(&pool->freed);
    pthread_mutex_unlock(&pool->lock);
}

gk_store *web_slot_store(web_slot *slot) { return slot->store; }
web_pool *web_slot_pool(web_slot *slot) { return slot->pool; }

void web_pool_calendar_changed(web_pool *pool) { atomic_fetch_add(&pool->calendar_generation, 1); }

static int64_t monotonic_second(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec;
}

const gk_calendar *web_slot_calendar(web_slot *slot, int64_t agency, char **error)
{
    int64_t now = monotonic_second();
    unsigned generation = atomic_load(&slot->pool->calendar_generation);
    slot->clock++;
    for (int k = 0; k < CALENDAR_CACHE; k++) {
        cached_calendar *c = &slot->calendars[k];
        if (c->agency == agency && c->cal && c->generation == generation && c->checked_at == now) {
            c->used = slot->clock;
            return c->cal;
        }
    }
    char *fingerprint = NULL;
    if (store_calendar_fingerprint(slot->store, agency, &fingerprint, error) != 0) return NULL;
    cached_calendar *victim = &slot->calendars[0];
    for (int k = 0; k < CALENDAR_CACHE; k++) {
        cached_calendar *c = &slot->calendars[k];
        if (c->agency == agency && c->cal) {
            if (strcmp(c->fingerprint, fingerprint) == 0) {
                free(fingerprint);
                c->used = slot->clock;
                c->checked_at = now;
                c->generation = generation;
                return c->cal;
            }
            victim = c; /* stale: rebuild in place */
            break;
        }
        if (c->used < victim->used) victim = c;
    }
    gk_calendar *cal = NULL;
    if (store_calendar_for_agency(slot->store, agency, &cal, error) != 0) {
        free(fingerprint);
        return NULL;
    }
    clear_calendar(victim);
    victim->agency = agency;
    victim->fingerprint = fingerprint;
    victim->cal = cal;
    victim->used = slot->clock;
    victim->checked_at = now;
    victim->generation = generation;
    return cal;
}
