/* store_registers: the registers behind tables 二 and 四 (DESIGN.md §4): normative documents with issue and
 * repeal dates, the yearly register of decision counts and fee amounts, publication counts per channel, and
 * reconsideration / litigation cases linked to their application. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/csv_import.h"
#include "cases/outcome.h"
#include "store/store_internal.h"
#include "util/buf.h"

/* ---- documents ---- */

int store_document_add(gk_store *s, int64_t agency, store_document *d, char **error)
{
    const report_format *f = gk_outcome_format();
    if (!gk_build_item_is_document(d->item, NULL, NULL, NULL)) {
        store_set_error(error, store_message("文件类别无效：只能是规章或行政规范性文件。"));
        return -1;
    }
    if (!d->title || !*d->title || !gk_date_valid(d->issued_on)) {
        store_set_error(error, store_message("文件须有标题和有效的制发日期。"));
        return -1;
    }
    if (gk_date_valid(d->repealed_on) && gk_date_cmp(d->repealed_on, d->issued_on) < 0) {
        store_set_error(error, store_message("废止日期早于制发日期。"));
        return -1;
    }
    if (store_agency_exists(s, agency, error) != 1) return -1;
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO documents (agency_id, item, title, doc_no, issued_on, repealed_on) VALUES (?, ?, ?, ?, ?, ?) "
                   "RETURNING id",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_text(&q, f->proactive[d->item].key);
    sq_text(&q, d->title);
    sq_text(&q, d->doc_no);
    sq_date(&q, d->issued_on);
    sq_date(&q, d->repealed_on);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) d->id = sq_col_int(&q, 0);
    sq_finish(&q);
    return rc == STORE_ROW ? 0 : -1;
}

int store_document_repeal(gk_store *s, int64_t agency, int64_t id, gk_date day, char **error)
{
    sq q;
    if (sq_prepare(&q, s, "SELECT issued_on, repealed_on FROM documents WHERE agency_id = ? AND id = ?", error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, id);
    int rc = sq_step(&q, error);
    gk_date issued = rc == STORE_ROW ? sq_col_date(&q, 0) : (gk_date){0, 0, 0};
    bool repealed = rc == STORE_ROW && !sq_col_null(&q, 1);
    sq_finish(&q);
    if (rc != STORE_ROW) {
        if (rc == STORE_DONE) store_set_error(error, store_message("本机构没有编号为 %lld 的文件。", (long long)id));
        return -1;
    }
    if (repealed) {
        store_set_error(error, store_message("文件 %lld 已经废止。", (long long)id));
        return -1;
    }
    if (gk_date_cmp(day, issued) < 0) {
        store_set_error(error, store_message("废止日期早于文件的制发日期。"));
        return -1;
    }
    if (sq_prepare(&q, s, "UPDATE documents SET repealed_on = ? WHERE agency_id = ? AND id = ?", error) != 0) return -1;
    sq_date(&q, day);
    sq_int(&q, agency);
    sq_int(&q, id);
    rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

static bool read_document_row(sq *q, void *record)
{
    store_document *d = record;
    d->id = sq_col_int(q, 0);
    d->item = gk_document_item_from_key(sq_col_text(q, 1));
    d->title = sq_col_dup(q, 2);
    d->doc_no = sq_col_dup(q, 3);
    d->issued_on = sq_col_date(q, 4);
    d->repealed_on = sq_col_date(q, 5);
    return true;
}

static void free_document_rows(void *rows, size_t count) { store_document_list_free(rows, count); }

int store_document_list(gk_store *s, int64_t agency, store_document **out, size_t *count, char **error)
{
    const char *sql = "SELECT id, item, title, doc_no, issued_on, repealed_on FROM documents WHERE agency_id = ? "
                      "ORDER BY issued_on, id";
    void *rows;
    int rc = sq_collect_for_agency(s, sql, agency, sizeof **out, read_document_row, free_document_rows, &rows, count,
                                   error);
    *out = rows;
    return rc;
}

void store_document_list_free(store_document *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(list[i].title);
        free(list[i].doc_no);
    }
    free(list);
}

/* ---- yearly register ---- */

int store_yearly_set(gk_store *s, int64_t agency, int year, int cell, int64_t value, char **error)
{
    const report_format *f = gk_outcome_format();
    cell_address where;
    if (cell < 0 || cell >= f->proactive_cell_count) {
        store_set_error(error, store_message("表二中没有这一格。"));
        return -1;
    }
    format_cell_address(f, cell, &where);
    if (gk_build_item_is_document(where.row, NULL, NULL, NULL)) {
        store_set_error(error, store_message("%s的件数由文件登记簿计算，不能直接填写。", where.row_label));
        return -1;
    }
    if (value < 0) {
        store_set_error(error, store_message("数值不能为负。"));
        return -1;
    }
    if (store_agency_exists(s, agency, error) != 1) return -1;
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO yearly_counts (agency_id, year, item, field, value) VALUES (?, ?, ?, ?, ?) "
                   "ON CONFLICT (agency_id, year, item, field) DO UPDATE SET value = excluded.value",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, year);
    sq_text(&q, where.row_key);
    sq_text(&q, where.column_key);
    sq_int(&q, value);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

/* Skips rows whose item and field no longer name a cell of table 二. */
static bool read_yearly_row(sq *q, void *record)
{
    int cell;
    if (gk_yearly_cell(sq_col_text(q, 1), sq_col_text(q, 2), &cell) != 0) return false;
    *(store_yearly *)record = (store_yearly){(int)sq_col_int(q, 0), cell, sq_col_int(q, 3)};
    return true;
}

int store_yearly_list(gk_store *s, int64_t agency, store_yearly **out, size_t *count, char **error)
{
    void *rows;
    int rc = sq_collect_for_agency(s, "SELECT year, item, field, value FROM yearly_counts WHERE agency_id = ? ORDER BY year, item, field",
                                   agency, sizeof **out, read_yearly_row, NULL, &rows, count, error);
    *out = rows;
    return rc;
}

/* ---- channel counts ---- */

int store_channel_set(gk_store *s, int64_t agency, int year, const char *channel, int64_t count, char **error)
{
    if (!channel || !*channel || count < 0) {
        store_set_error(error, store_message("渠道名称不能为空，条数不能为负。"));
        return -1;
    }
    if (store_agency_exists(s, agency, error) != 1) return -1;
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO channel_counts (agency_id, year, channel, count) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (agency_id, year, channel) DO UPDATE SET count = excluded.count",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, year);
    sq_text(&q, channel);
    sq_int(&q, count);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

static bool read_channel_row(sq *q, void *record)
{
    *(store_channel_count *)record = (store_channel_count){(int)sq_col_int(q, 0), sq_col_dup(q, 1), sq_col_int(q, 2)};
    return true;
}

static void free_channel_rows(void *rows, size_t count) { store_channel_list_free(rows, count); }

int store_channel_list(gk_store *s, int64_t agency, store_channel_count **out, size_t *count, char **error)
{
    void *rows;
    int rc = sq_collect_for_agency(s, "SELECT year, channel, count FROM channel_counts WHERE agency_id = ? ORDER BY year, channel",
                                   agency, sizeof **out, read_channel_row, free_channel_rows, &rows, count, error);
    *out = rows;
    return rc;
}

void store_channel_list_free(store_channel_count *list, size_t count)
{
    for (size_t i = 0; i < count; i++) free(list[i].channel);
    free(list);
}

/* ---- appeals ---- */

int store_appeal_add(gk_store *s, int64_t agency, store_appeal *a, char **error)
{
    if (a->block < 0 || a->block >= APPEAL_BLOCKS || !gk_date_valid(a->filed_on)) {
        store_set_error(error, store_message("案件须有有效的类别和立案（申请）日期。"));
        return -1;
    }
    bool concluded = a->result >= 0;
    if (concluded != gk_date_valid(a->concluded_on) ||
        (concluded && (a->result >= APPEAL_FIELDS || gk_date_cmp(a->concluded_on, a->filed_on) < 0))) {
        store_set_error(error, store_message("审结结果与审结日期须同时给出，且审结日期不早于立案日期。"));
        return -1;
    }
    if (store_agency_exists(s, agency, error) != 1) return -1;
    if (a->application_id) {
        gk_application app;
        int found = store_application_get(s, agency, a->application_id, &app, error);
        gk_application_clear(&app);
        if (found != 1) {
            if (found == 0)
                store_set_error(error, store_message("本机构没有编号为 %lld 的申请，无法关联。", (long long)a->application_id));
            return -1;
        }
    }
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO appeals (agency_id, block, application_id, case_no, filed_on, result, concluded_on) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_text(&q, APPEAL_BLOCK_DEFS[a->block].key);
    if (a->application_id) sq_int(&q, a->application_id);
    else sq_text(&q, NULL);
    sq_text(&q, a->case_no);
    sq_date(&q, a->filed_on);
    sq_text(&q, concluded ? APPEAL_FIELD_DEFS[a->result].key : NULL);
    sq_date(&q, a->concluded_on);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) a->id = sq_col_int(&q, 0);
    sq_finish(&q);
    return rc == STORE_ROW ? 0 : -1;
}

int store_appeal_conclude(gk_store *s, int64_t agency, int64_t id, int result, gk_date day, char **error)
{
    if (result < 0 || result >= APPEAL_FIELDS || !gk_date_valid(day)) {
        store_set_error(error, store_message("审结结果或日期无效。"));
        return -1;
    }
    sq q;
    if (sq_prepare(&q, s, "SELECT filed_on, result FROM appeals WHERE agency_id = ? AND id = ?", error) != 0) return -1;
    sq_int(&q, agency);
    sq_int(&q, id);
    int rc = sq_step(&q, error);
    gk_date filed = rc == STORE_ROW ? sq_col_date(&q, 0) : (gk_date){0, 0, 0};
    bool done = rc == STORE_ROW && !sq_col_null(&q, 1);
    sq_finish(&q);
    if (rc != STORE_ROW) {
        if (rc == STORE_DONE) store_set_error(error, store_message("本机构没有编号为 %lld 的复议/诉讼案件。", (long long)id));
        return -1;
    }
    if (done) {
        store_set_error(error, store_message("案件 %lld 已经审结。", (long long)id));
        return -1;
    }
    if (gk_date_cmp(day, filed) < 0) {
        store_set_error(error, store_message("审结日期早于立案日期。"));
        return -1;
    }
    if (sq_prepare(&q, s, "UPDATE appeals SET result = ?, concluded_on = ? WHERE agency_id = ? AND id = ?", error) != 0)
        return -1;
    sq_text(&q, APPEAL_FIELD_DEFS[result].key);
    sq_date(&q, day);
    sq_int(&q, agency);
    sq_int(&q, id);
    rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

static bool read_appeal_row(sq *q, void *record)
{
    store_appeal *a = record;
    a->id = sq_col_int(q, 0);
    a->block = gk_appeal_block_from_key(sq_col_text(q, 1));
    a->application_id = sq_col_null(q, 2) ? 0 : sq_col_int(q, 2);
    a->case_no = sq_col_dup(q, 3);
    a->filed_on = sq_col_date(q, 4);
    a->result = sq_col_null(q, 5) ? -1 : gk_appeal_result_from_key(sq_col_text(q, 5));
    a->concluded_on = sq_col_date(q, 6);
    return true;
}

static void free_appeal_rows(void *rows, size_t count) { store_appeal_list_free(rows, count); }

int store_appeal_list(gk_store *s, int64_t agency, store_appeal **out, size_t *count, char **error)
{
    const char *sql = "SELECT id, block, application_id, case_no, filed_on, result, concluded_on FROM appeals "
                      "WHERE agency_id = ? ORDER BY filed_on, id";
    void *rows;
    int rc = sq_collect_for_agency(s, sql, agency, sizeof **out, read_appeal_row, free_appeal_rows, &rows, count,
                                   error);
    *out = rows;
    return rc;
}

void store_appeal_list_free(store_appeal *list, size_t count)
{
    for (size_t i = 0; i < count; i++) free(list[i].case_no);
    free(list);
}

/* ---- CSV import of a register: all rows or none ---- */

static int import_register_row(gk_store *s, int64_t agency, enum gk_register_kind kind, gk_register_rows *rows, size_t i,
                               gk_import_errors *errors)
{
    char *why = NULL;
    int rc = 0, line = 0;
    switch (kind) {
    case GK_REGISTER_DOCUMENTS: {
        gk_document_row *r = &rows->documents[i];
        store_document d = {0, r->item, r->title, r->doc_no, r->issued_on, r->repealed_on};
        line = r->line;
        rc = store_document_add(s, agency, &d, &why);
        break;
    }
    case GK_REGISTER_YEARLY:
        line = rows->yearly[i].line;
        rc = store_yearly_set(s, agency, rows->yearly[i].year, rows->yearly[i].cell, rows->yearly[i].value, &why);
        break;
    case GK_REGISTER_CHANNELS:
        line = rows->channels[i].line;
        rc = store_channel_set(s, agency, rows->channels[i].year, rows->channels[i].channel, rows->channels[i].count, &why);
        break;
    case GK_REGISTER_APPEALS: {
        gk_appeal_row *r = &rows->appeals[i];
        store_appeal a = {0, r->block, 0, r->case_no, r->filed_on, r->result, r->concluded_on};
        line = r->line;
        if (r->tracking_no) {
            int found = store_application_find(s, agency, r->tracking_no, &a.application_id, &why);
            if (found == 0) {
                gk_import_error(errors, line, "tracking_no", "本机构没有申请编号为“%s”的申请。", r->tracking_no);
                return -1;
            }
            if (found < 0) break;
        }
        rc = store_appeal_add(s, agency, &a, &why);
        break;
    }
    }
    if (rc != 0 || why) gk_import_error(errors, line, NULL, "%s", why ? why : "写入失败");
    free(why);
    return rc;
}

int store_import_register_csv(gk_store *s, int64_t agency, enum gk_register_kind kind, const char *data, size_t len,
                              const char *source_name, size_t *count, char **error)
{
    *count = 0;
    gk_import_errors errors;
    gk_import_errors_init(&errors, 50);
    gk_register_rows rows;
    gk_parse_register_csv(kind, data, len, &rows, &errors);
    bool began = false;
    if (errors.count == 0) {
        if (store_begin(s, error) != 0) goto failed;
        began = true;
        if (store_agency_exists(s, agency, error) != 1) goto failed;
        for (size_t i = 0; i < rows.count; i++) import_register_row(s, agency, kind, &rows, i, &errors);
    }
    if (errors.count) {
        store_set_error(error, gk_import_errors_message(&errors, source_name));
        goto failed;
    }
    if (store_commit(s, error) != 0) {
        began = false;
        goto failed;
    }
    *count = rows.count;
    gk_register_rows_free(&rows);
    gk_import_errors_free(&errors);
    return 0;
failed:
    if (began) store_rollback(s);
    gk_register_rows_free(&rows);
    gk_import_errors_free(&errors);
    return -1;
}
