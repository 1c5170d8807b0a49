/* limiter: per-key request counters over fixed one-minute windows, for the portal's rate limit and the
 * throttling of wrong query codes. A fixed table (open addressing over a hash of the key); when it is full the
 * entry with the oldest window is reused, so memory stays constant whatever the clients do. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "web/web.h"

#define LIMITER_SLOTS 4096
#define LIMITER_PROBES 16
#define LIMITER_KEY 80

typedef struct limiter_entry {
    char key[LIMITER_KEY];
    int64_t window; /* minute number (now / 60) */
    int count;
} limiter_entry;

struct web_limiter {
    pthread_mutex_t lock;
    unsigned char hash_key[crypto_shorthash_KEYBYTES]; /* random: clients cannot aim at one bucket */
    limiter_entry entries[LIMITER_SLOTS];
};

web_limiter *web_limiter_new(void)
{
    web_limiter *l = xcalloc(1, sizeof *l);
    pthread_mutex_init(&l->lock, NULL);
    crypto_shorthash_keygen(l->hash_key);
    return l;
}

void web_limiter_free(web_limiter *l)
{
    if (!l) return;
    pthread_mutex_destroy(&l->lock);
    free(l);
}

/* The entry for key (creating it in the current window), with the lock held. */
static limiter_entry *entry_for(web_limiter *l, const char *key, int64_t window)
{
    unsigned char hash[crypto_shorthash_BYTES];
    crypto_shorthash(hash, (const unsigned char *)key, strlen(key), l->hash_key);
    uint64_t h;
    memcpy(&h, hash, sizeof h);
    limiter_entry *oldest = NULL;
    for (int probe = 0; probe < LIMITER_PROBES; probe++) {
        limiter_entry *e = &l->entries[(h + (uint64_t)probe) % LIMITER_SLOTS];
        if (strncmp(e->key, key, LIMITER_KEY - 1) == 0 && e->key[0]) {
            if (e->window != window) {
                e->window = window;
                e->count = 0;
            }
            return e;
        }
        if (!oldest || e->window < oldest->window) oldest = e;
    }
    /* Not there: take the stalest slot of the probe run. */
    memset(oldest, 0, sizeof *oldest);
    strncpy(oldest->key, key, LIMITER_KEY - 1);
    oldest->window = window;
    return oldest;
}

bool web_limiter_hit(web_limiter *l, const char *key, int per_minute, int64_t now, int *retry_after)
{
    int64_t window = now / 60;
    pthread_mutex_lock(&l->lock);
    limiter_entry *e = entry_for(l, key, window);
    bool allowed = e->count < per_minute;
    if (allowed) e->count++;
    pthread_mutex_unlock(&l->lock);
    if (retry_after) *retry_after = (int)((window + 1) * 60 - now);
    return allowed;
}

int web_limiter_peek(web_limiter *l, const char *key, int64_t now)
{
    pthread_mutex_lock(&l->lock);
    int count = entry_for(l, key, now / 60)->count;
    pthread_mutex_unlock(&l->lock);
    return count;
}
