/* auditor: the audit entries of views of personal data (GET /cases/{id}), written with group commit. A request
 * hands its entry to the auditor's thread and waits until the transaction holding it is committed — the data is
 * sent only after its view is on record — while entries that arrive during a commit go together into the next
 * one. One transaction for many views instead of one each: under load the audit costs a fraction of the writes,
 * and the views of one client do not queue behind the commits of all the others. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"

typedef struct audit_job {
    int64_t agency, record_id;
    const char *actor, *action, *table, *detail; /* the caller's, alive while it waits */
    int rc;
    char *error;
    bool finished;
    struct audit_job *next;
} audit_job;

struct web_auditor {
    pthread_mutex_t lock;
    pthread_cond_t wake, finished;
    audit_job *head, *tail;
    bool stopping;
    pthread_t thread;
    gk_store *store;
};

/* Writes one batch in one transaction; when that fails, each entry alone, so one bad entry fails only itself. */
static void write_batch(web_auditor *a, audit_job *batch)
{
    char *error = NULL;
    bool ok = store_begin(a->store, &error) == 0;
    for (audit_job *j = batch; ok && j; j = j->next)
        ok = store_audit(a->store, j->agency, j->actor, j->action, j->table, j->record_id, j->detail, &error) == 0;
    if (ok && store_commit(a->store, &error) == 0) {
        for (audit_job *j = batch; j; j = j->next) j->rc = 0;
        return;
    }
    store_rollback(a->store);
    free(error);
    for (audit_job *j = batch; j; j = j->next) {
        j->error = NULL;
        j->rc = store_audit(a->store, j->agency, j->actor, j->action, j->table, j->record_id, j->detail, &j->error);
    }
}

static void *auditor_main(void *arg)
{
    web_auditor *a = arg;
    pthread_mutex_lock(&a->lock);
    for (;;) {
        while (!a->head && !a->stopping) pthread_cond_wait(&a->wake, &a->lock);
        if (!a->head) break; /* stopping and nothing left */
        audit_job *batch = a->head;
        a->head = a->tail = NULL;
        pthread_mutex_unlock(&a->lock);
        write_batch(a, batch);
        pthread_mutex_lock(&a->lock);
        for (audit_job *j = batch, *next; j; j = next) {
            next = j->next;
            j->finished = true; /* the job may be gone as soon as its owner sees this */
        }
        pthread_cond_broadcast(&a->finished);
    }
    pthread_mutex_unlock(&a->lock);
    return NULL;
}

int web_auditor_start(const char *location, store_write_gate *gate, web_auditor **out, char **error)
{
    *out = NULL;
    web_auditor *a = xcalloc(1, sizeof *a);
    if (store_open_existing(location, &a->store, error) != 0 || store_serve_mode(a->store, gate, error) != 0) {
        store_close(a->store);
        free(a);
        return -1;
    }
    pthread_mutex_init(&a->lock, NULL);
    pthread_cond_init(&a->wake, NULL);
    pthread_cond_init(&a->finished, NULL);
    if (pthread_create(&a->thread, NULL, auditor_main, a) != 0) {
        *error = xasprintf("无法启动审计日志线程。");
        pthread_cond_destroy(&a->finished);
        pthread_cond_destroy(&a->wake);
        pthread_mutex_destroy(&a->lock);
        store_close(a->store);
        free(a);
        return -1;
    }
    *out = a;
    return 0;
}

void web_auditor_stop(web_auditor *a)
{
    if (!a) return;
    pthread_mutex_lock(&a->lock);
    a->stopping = true;
    pthread_cond_signal(&a->wake);
    pthread_mutex_unlock(&a->lock);
    pthread_join(a->thread, NULL);
    pthread_cond_destroy(&a->finished);
    pthread_cond_destroy(&a->wake);
    pthread_mutex_destroy(&a->lock);
    store_close(a->store);
    free(a);
}

int web_auditor_write(web_auditor *a, int64_t agency, const char *actor, const char *action, const char *table,
                      int64_t record_id, const char *detail, char **error)
{
    audit_job job = {.agency = agency, .record_id = record_id, .actor = actor, .action = action, .table = table,
                     .detail = detail, .rc = -1};
    pthread_mutex_lock(&a->lock);
    if (a->tail) a->tail->next = &job;
    else a->head = &job;
    a->tail = &job;
    pthread_cond_signal(&a->wake);
    while (!job.finished) pthread_cond_wait(&a->finished, &a->lock);
    pthread_mutex_unlock(&a->lock);
    if (job.rc != 0) {
        if (error) *error = job.error ? job.error : xasprintf("审计日志写入失败。");
        else free(job.error);
    }
    return job.rc;
}
