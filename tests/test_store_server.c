/* test_store_server: the store in serve mode (store_server.c) — statements reused from the cache, nested
 * transactions (an operation's own transaction joins the caller's; an inner rollback undoes the whole and fails the
 * outer commit), and writers of several connections on several threads queued on the gate: no busy errors, nothing
 * lost. */
#include "testutil.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"

static char db_path[64];

static gk_store *open_served(store_write_gate *gate)
{
    gk_store *s = NULL;
    char *error = NULL;
    if (store_open_existing(db_path, &s, &error) != 0) fail_msg("%s", error);
    assert_int_equal(store_serve_mode(s, gate, &error), 0);
    assert_int_equal(store_serve_mode(s, gate, &error), -1); /* once only */
    free(error);
    return s;
}

static int setup(void **state)
{
    snprintf(db_path, sizeof db_path, "/tmp/gongkai_served_XXXXXX");
    int fd = mkstemp(db_path);
    if (fd < 0) return -1;
    close(fd);
    unlink(db_path);
    gk_store *s = NULL;
    char *error = NULL;
    if (store_open(db_path, true, &s, &error) != 0 || store_migrate(s, NULL, &error) != 0) return -1;
    int64_t id;
    if (store_agency_add(s, "示范县教育局", 0, &id, &error) != 0) return -1;
    store_close(s);
    return 0;
}

static int teardown(void **state)
{
    char path[96];
    unlink(db_path);
    snprintf(path, sizeof path, "%s-wal", db_path);
    unlink(path);
    snprintf(path, sizeof path, "%s-shm", db_path);
    unlink(path);
    return 0;
}

static int64_t add_application(gk_store *s, const char *name, char **error)
{
    gk_application a;
    gk_application_init(&a);
    a.applicant_type = 0;
    a.channel = GK_CHANNEL_IN_PERSON;
    a.received_on = (gk_date){2026, 3, 2};
    a.applicant_name = xstrdup(name);
    int64_t id = store_application_add(s, 1, &a, error) == 0 ? a.id : 0;
    gk_application_clear(&a);
    return id;
}

static size_t count_audit(gk_store *s)
{
    store_audit_entry *log = NULL;
    size_t n = 0;
    char *error = NULL;
    assert_int_equal(store_audit_list(s, 1, &log, &n, &error), 0);
    store_audit_list_free(log, n);
    return n;
}

static void test_nested_transactions(void **state)
{
    (void)state;
    store_write_gate *gate = store_write_gate_new();
    gk_store *s = open_served(gate);
    char *error = NULL;
    size_t before = count_audit(s);
    /* Committed together. */
    assert_int_equal(store_begin(s, &error), 0);
    int64_t id = add_application(s, "甲", &error); /* its own begin/commit join ours */
    assert_true(id > 0);
    assert_int_equal(store_audit(s, 1, "clerk", "create", "applications", id, NULL, &error), 0);
    assert_int_equal(store_commit(s, &error), 0);
    assert_int_equal(count_audit(s), before + 1);
    /* Rolled back together: the application joined the transaction and is gone with it. */
    assert_int_equal(store_begin(s, &error), 0);
    id = add_application(s, "乙", &error);
    assert_true(id > 0);
    assert_int_equal(store_audit(s, 1, "clerk", "create", "applications", id, NULL, &error), 0);
    store_rollback(s);
    gk_application a;
    assert_int_equal(store_application_get(s, 1, id, &a, &error), 0);
    gk_application_clear(&a);
    assert_int_equal(count_audit(s), before + 1);
    /* An inner failure (a duplicate tracking number rolls back inside store_application_add) fails the outer
     * commit, and nothing of the transaction is written. */
    assert_int_equal(store_begin(s, &error), 0);
    assert_int_equal(store_audit(s, 1, "clerk", "before", "applications", 0, NULL, &error), 0);
    gk_application dup;
    gk_application_init(&dup);
    dup.applicant_type = 0;
    dup.channel = GK_CHANNEL_IN_PERSON;
    dup.received_on = (gk_date){2026, 3, 2};
    dup.tracking_no = xstrdup("2026-00001");
    assert_int_equal(store_application_add(s, 1, &dup, &error), -1);
    free(error);
    error = NULL;
    gk_application_clear(&dup);
    assert_int_equal(store_commit(s, &error), -1);
    free(error);
    error = NULL;
    assert_int_equal(count_audit(s), before + 1);
    /* Afterwards the connection works normally. */
    assert_true(add_application(s, "丙", &error) > 0);
    store_close(s);
    store_write_gate_free(gate);
}

typedef struct writer_args {
    store_write_gate *gate;
    int index, failures;
} writer_args;

static void *writer(void *arg)
{
    writer_args *w = arg;
    gk_store *s = open_served(w->gate);
    char *error = NULL;
    for (int i = 0; i < 200; i++) {
        char name[32];
        snprintf(name, sizeof name, "线程%d-%d", w->index, i);
        int64_t id = add_application(s, name, &error);
        if (!id || store_audit(s, 1, name, "show", "applications", id, NULL, &error) != 0) {
            w->failures++;
            free(error);
            error = NULL;
        }
    }
    store_close(s);
    return NULL;
}

static void test_writers_queue_on_the_gate(void **state)
{
    (void)state;
    store_write_gate *gate = store_write_gate_new();
    gk_store *s = open_served(gate);
    size_t before = count_audit(s);
    pthread_t threads[4];
    writer_args args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (writer_args){gate, i, 0};
        pthread_create(&threads[i], NULL, writer, &args[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(args[i].failures, 0);
    }
    assert_int_equal(count_audit(s), before + 800);
    /* The cached statements still answer correctly after all that. */
    store_application_filter all = {0};
    gk_application *list = NULL;
    size_t n = 0;
    char *error = NULL;
    assert_int_equal(store_application_list(s, 1, &all, &list, &n, &error), 0);
    assert_true(n >= 800);
    store_application_list_free(list, n);
    assert_int_equal(store_integrity_check(s, &error), 0);
    store_close(s);
    store_write_gate_free(gate);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_transactions),
        cmocka_unit_test(test_writers_queue_on_the_gate),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
