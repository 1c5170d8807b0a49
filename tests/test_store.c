/* test_store: the store on SQLite: schema and migrations, agencies and their isolation, applications, events,
 * registers, revisions, the append-only audit log, all-or-nothing transactions. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases/outcome.h"
#include "store/store.h"

static gk_store *open_memory(void)
{
    gk_store *s = NULL;
    char *error = NULL;
    assert_int_equal(store_open(":memory:", true, &s, &error), 0);
    int version = 0;
    assert_int_equal(store_migrate(s, &version, &error), 0);
    assert_int_equal(version, store_current_schema_version());
    return s;
}

static int64_t add_agency(gk_store *s, const char *name, int64_t parent)
{
    int64_t id = 0;
    char *error = NULL;
    assert_int_equal(store_agency_add(s, name, parent, &id, &error), 0);
    assert_true(id > 0);
    return id;
}

static int64_t add_application(gk_store *s, int64_t agency, const char *received, const char *name)
{
    gk_application a;
    gk_application_init(&a);
    a.applicant_type = 0;
    a.channel = GK_CHANNEL_IN_PERSON;
    assert_int_equal(gk_date_parse(received, &a.received_on), 0);
    a.applicant_name = name ? xstrdup(name) : NULL;
    char *error = NULL;
    int rc = store_application_add(s, agency, &a, &error);
    if (rc != 0) fail_msg("%s", error);
    int64_t id = a.id;
    gk_application_clear(&a);
    return id;
}

static void test_migrate_file_twice(void **state)
{
    (void)state;
    char path[] = "/tmp/gongkai_test_store_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    gk_store *s = NULL;
    char *error = NULL;
    assert_int_equal(store_open(path, false, &s, &error), -1); /* missing file, create not asked */
    assert_non_null(strstr(error, "不存在"));
    free(error);
    assert_int_equal(store_open(path, true, &s, &error), 0);
    assert_int_equal(store_schema_version(s), 0);
    int version = 0;
    assert_int_equal(store_migrate(s, &version, &error), 0);
    assert_int_equal(version, store_current_schema_version());
    assert_int_equal(store_migrate(s, &version, &error), 0);
    assert_int_equal(version, store_current_schema_version());
    store_close(s);
    assert_int_equal(store_open_existing(path, &s, &error), 0);
    assert_int_equal(store_integrity_check(s, &error), 0);
    store_close(s);
    char wal[300];
    unlink(path);
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    unlink(wal);
}

static void test_agencies(void **state)
{
    (void)state;
    gk_store *s = open_memory();
    int64_t county = add_agency(s, "县政府办公室", 0);
    int64_t dept = add_agency(s, "县教育局", county);
    int64_t id;
    char *error = NULL;
    assert_int_equal(store_agency_add(s, "县教育局", 0, &id, &error), -1);
    assert_non_null(strstr(error, "已有"));
    free(error);
    assert_int_equal(store_agency_add(s, "县卫健局", 999, &id, &error), -1);
    assert_non_null(strstr(error, "999"));
    free(error);
    store_agency a;
    assert_int_equal(store_agency_get(s, dept, &a, &error), 1);
    assert_int_equal(a.parent_id, county);
    assert_string_equal(a.name, "县教育局");
    store_agency_clear(&a);
    store_agency *list;
    size_t n;
    assert_int_equal(store_agency_list(s, &list, &n, &error), 0);
    assert_int_equal(n, 2);
    store_agency_list_free(list, n);
    store_close(s);
}

static void test_applications_isolated_by_agency(void **state)
{
    (void)state;
    gk_store *s = open_memory();
    int64_t a1 = add_agency(s, "甲机构", 0), a2 = add_agency(s, "乙机构", 0);
    int64_t id1 = add_application(s, a1, "2024-02-01", "张三");
    int64_t id2 = add_application(s, a1, "2024-02-02", "李四");
    int64_t id3 = add_application(s, a2, "2024-02-02", "王五");
    gk_application got;
    char *error = NULL;
    assert_int_equal(store_application_get(s, a1, id1, &got, &error), 1);
    assert_string_equal(got.tracking_no, "2024-00001");
    assert_string_equal(got.applicant_name, "张三");
    gk_application_clear(&got);
    assert_int_equal(store_application_get(s, a1, id2, &got, &error), 1);
    assert_string_equal(got.tracking_no, "2024-00002");
    gk_application_clear(&got);
    /* the other agency's application is invisible */
    assert_int_equal(store_application_get(s, a1, id3, &got, &error), 0);
    assert_int_equal(store_application_get(s, a2, id1, &got, &error), 0);
    gk_application *list;
    size_t n;
    assert_int_equal(store_application_list(s, a2, NULL, &list, &n, &error), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].tracking_no, "2024-00001");
    assert_null(list[0].applicant_name); /* lists carry no personal data */
    store_application_list_free(list, n);
    /* events of another agency's application cannot be added */
    gk_calendar *cal = gk_calendar_new_official();
    gk_case_event ev;
    gk_case_event_init(&ev);
    ev.ev = (gk_event){GK_EV_CONSULTATION_STARTED, {2024, 2, 5}, 0};
    assert_int_equal(store_event_add(s, a2, id1, &ev, cal, NULL, &error), -1);
    assert_non_null(strstr(error, "没有编号"));
    free(error);
    gk_case_event_clear(&ev);
    gk_calendar_free(cal);
    store_close(s);
}

static void test_event_refused_writes_nothing(void **state)
{
    (void)state;
    gk_store *s = open_memory();
    int64_t ag = add_agency(s, "甲机构", 0);
    int64_t id = add_application(s, ag, "2024-02-01", "张三");
    gk_calendar *cal = gk_calendar_new_official();
    char *error = NULL;
    gk_case_event ev;
    gk_case_event_init(&ev);
    gk_outcome disclosed;
    assert_true(gk_outcome_by_key("disclosed", &disclosed));
    ev.ev = (gk_event){GK_EV_DECIDED, {2024, 1, 20}, 0}; /* before receipt */
    ev.outcome_row = disclosed.row;
    assert_int_equal(store_event_add(s, ag, id, &ev, cal, NULL, &error), -1);
    assert_non_null(strstr(error, "早于收到申请之日"));
    free(error);
    gk_case_event_clear(&ev);
    gk_case_event *events;
    size_t n;
    assert_int_equal(store_event_list(s, ag, id, &events, &n, &error), 0);
    assert_int_equal(n, 1); /* only the received event */
    assert_int_equal(events[0].ev.kind, GK_EV_RECEIVED);
    store_event_list_free(events, n);
    /* a real decision is recorded on the application too */
    gk_case_event_init(&ev);
    ev.ev = (gk_event){GK_EV_DECIDED, {2024, 2, 20}, 0};
    ev.outcome_row = disclosed.row;
    gk_deadline dl;
    assert_int_equal(store_event_add(s, ag, id, &ev, cal, &dl, &error), 0);
    assert_false(dl.open);
    gk_deadline_free(&dl);
    assert_string_equal(ev.basis, disclosed.basis);
    gk_case_event_clear(&ev);
    gk_application got;
    assert_int_equal(store_application_get(s, ag, id, &got, &error), 1);
    assert_int_equal(got.outcome_row, disclosed.row);
    assert_int_equal(gk_date_cmp(got.decided_on, (gk_date){2024, 2, 20}), 0);
    gk_application_clear(&got);
    /* a second outcome is refused */
    gk_case_event_init(&ev);
    ev.ev = (gk_event){GK_EV_WITHDRAWN, {2024, 2, 21}, 0};
    assert_int_equal(store_event_add(s, ag, id, &ev, cal, NULL, &error), -1);
    assert_non_null(strstr(error, "只能有一个办理结果"));
    free(error);
    gk_case_event_clear(&ev);
    gk_calendar_free(cal);
    store_close(s);
}

static void test_audit_log_append_only(void **state)
{
    (void)state;
    gk_store *s = open_memory();
    int64_t ag = add_agency(s, "甲机构", 0);
    char *error = NULL;
    assert_int_equal(store_audit(s, ag, "clerk", "show", "applications", 7, "case show", &error), 0);
    store_audit_entry *log;
    size_t n;
    assert_int_equal(store_audit_list(s, ag, &log, &n, &error), 0);
    assert_int_equal(n, 1);
    assert_string_equal(log[0].actor, "clerk");
    assert_string_equal(log[0].record_table, "applications");
    assert_int_equal(log[0].record_id, 7);
    store_audit_list_free(log, n);
    store_close(s);
}

static void test_revisions(void **state)
{
    (void)state;
    gk_store *s = open_memory();
    int64_t ag = add_agency(s, "甲机构", 0);
    add_application(s, ag, "2024-02-01", "张三");
    report *r = NULL;
    char *error = NULL;
    assert_int_equal(store_build_report(s, ag, 2024, &r, &error), 0);
    int revision = 0;
    assert_int_equal(store_report_save_revision(s, ag, r, NULL, "clerk", &revision, &error), 0);
    assert_int_equal(revision, 1);
    assert_int_equal(store_report_save_revision(s, ag, r, NULL, "clerk", &revision, &error), -1);
    assert_non_null(strstr(error, "已锁定"));
    free(error);
    assert_int_equal(store_report_save_revision(s, ag, r, "更正笔误", "clerk", &revision, &error), 0);
    assert_int_equal(revision, 2);
    report *saved = NULL;
    store_revision meta;
    assert_int_equal(store_report_latest(s, ag, 2024, &saved, &meta, &error), 1);
    assert_int_equal(meta.revision, 2);
    assert_string_equal(meta.reason, "更正笔误");
    for (int cell = 0; cell < r->format->cell_count; cell++) {
        assert_int_equal(saved->cells[cell].state, r->cells[cell].state);
        assert_int_equal(saved->cells[cell].value, r->cells[cell].value);
    }
    assert_string_equal(saved->agency, "甲机构");
    store_revision_clear(&meta);
    report_free(saved);
    report_free(r);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrate_file_twice),
        cmocka_unit_test(test_agencies),
        cmocka_unit_test(test_applications_isolated_by_agency),
        cmocka_unit_test(test_event_refused_writes_nothing),
        cmocka_unit_test(test_audit_log_append_only),
        cmocka_unit_test(test_revisions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
