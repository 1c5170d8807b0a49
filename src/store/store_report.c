/* store_report: the annual report out of the store: the aggregate queries behind gk_year_counts (as of 31 Dec of
 * the report year; DESIGN.md §3 "Counting", §4), and frozen report revisions (lock, then revisions with a reason). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/csv_import.h"
#include "cases/outcome.h"
#include "store/store_internal.h"
#include "util/buf.h"

/* Runs a query whose rows are (applicant_type, count) into per-type counts. */
static int counts_by_type(gk_store *s, const char *sql, int64_t agency, int n_dates, gk_date a, gk_date b,
                          int64_t counts[GK_APPLICANT_TYPES], char **error)
{
    sq q;
    if (sq_prepare(&q, s, sql, error) != 0) return -1;
    sq_int(&q, agency);
    if (n_dates > 0) sq_date(&q, a);
    if (n_dates > 1) sq_date(&q, b);
    int rc;
    while ((rc = sq_step(&q, error)) == STORE_ROW) {
        int type = gk_applicant_type_from_key(sq_col_text(&q, 0));
        if (type >= 0) counts[type] += sq_col_int(&q, 1);
    }
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : 0;
}

/* The first and last day of receipt of the agency's applications ({0,0,0} when none). */
static int receipt_span(gk_store *s, int64_t agency, gk_date *first, gk_date *last, char **error)
{
    sq q;
    if (sq_prepare(&q, s, "SELECT MIN(received_on), MAX(received_on) FROM applications WHERE agency_id = ?", error) != 0)
        return -1;
    sq_int(&q, agency);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) {
        *first = sq_col_date(&q, 0);
        *last = sq_col_date(&q, 1);
    }
    sq_finish(&q);
    return rc == STORE_ROW ? 0 : -1;
}

/* Applications received by `day` and still open at its end, per applicant type. Either one scan of the
 * applications received by `day`, or — when `day` lies late in the records, as for last year's report — three
 * short ranges after it: all undecided ones, plus those decided after `day`, minus all received after it (each of
 * them undecided or decided after it, since no decision precedes receipt). */
static int open_at(gk_store *s, int64_t agency, gk_date day, int64_t counts[GK_APPLICANT_TYPES], char **error)
{
    gk_date first = {0, 0, 0}, last = {0, 0, 0};
    if (receipt_span(s, agency, &first, &last, error) != 0) return -1;
    if (!gk_date_valid(first) || gk_date_cmp(day, first) < 0) return 0;
    int32_t before = gk_date_to_days(day) - gk_date_to_days(first), after = gk_date_to_days(last) - gk_date_to_days(day);
    if (2 * after >= before)
        return counts_by_type(s,
                              "SELECT applicant_type, COUNT(*) FROM applications WHERE agency_id = ? AND received_on <= ? "
                              "AND (decided_on IS NULL OR decided_on > ?) GROUP BY applicant_type",
                              agency, 2, day, day, counts, error);
    int64_t undecided[GK_APPLICANT_TYPES] = {0}, decided_after[GK_APPLICANT_TYPES] = {0};
    int64_t received_after[GK_APPLICANT_TYPES] = {0};
    if (counts_by_type(s,
                       "SELECT applicant_type, COUNT(*) FROM applications WHERE agency_id = ? AND decided_on IS NULL "
                       "GROUP BY applicant_type",
                       agency, 0, day, day, undecided, error) != 0 ||
        counts_by_type(s,
                       "SELECT applicant_type, COUNT(*) FROM applications WHERE agency_id = ? AND decided_on > ? "
                       "GROUP BY applicant_type",
                       agency, 1, day, day, decided_after, error) != 0 ||
        counts_by_type(s,
                       "SELECT applicant_type, COUNT(*) FROM applications WHERE agency_id = ? AND received_on > ? "
                       "GROUP BY applicant_type",
                       agency, 1, day, day, received_after, error) != 0)
        return -1;
    for (int t = 0; t < GK_APPLICANT_TYPES; t++) counts[t] += undecided[t] + decided_after[t] - received_after[t];
    return 0;
}

static int count_applications(gk_store *s, int64_t agency, int year, gk_year_counts *out, char **error)
{
    gk_date first = {year, 1, 1}, last = {year, 12, 31}, last_year_end = {year - 1, 12, 31};
    if (counts_by_type(s,
                       "SELECT applicant_type, COUNT(*) FROM applications WHERE agency_id = ? AND received_on >= ? "
                       "AND received_on <= ? GROUP BY applicant_type",
                       agency, 2, first, last, out->received, error) != 0)
        return -1;
    if (open_at(s, agency, last_year_end, out->carried_over, error) != 0) return -1;
    sq q;
    if (sq_prepare(&q, s,
                   "SELECT outcome, applicant_type, COUNT(*) FROM applications WHERE agency_id = ? AND decided_on >= ? "
                   "AND decided_on <= ? GROUP BY outcome, applicant_type",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_date(&q, first);
    sq_date(&q, last);
    int rc;
    while ((rc = sq_step(&q, error)) == STORE_ROW) {
        gk_outcome o;
        int type = gk_applicant_type_from_key(sq_col_text(&q, 1));
        if (type >= 0 && gk_outcome_by_key(sq_col_text(&q, 0), &o) && o.row < GK_BUILD_MAX_ROWS)
            out->decided[o.row][type] += sq_col_int(&q, 2);
    }
    sq_finish(&q);
    if (rc == STORE_FAILED) return -1;
    /* Open at the end of the year = open at its start + received − decided in it (every application decided in
     * the year was open at its start or received in it); the same as open_at(31 Dec), one scan fewer. */
    for (int type = 0; type < GK_APPLICANT_TYPES; type++) {
        int64_t decided = 0;
        for (int row = 0; row < GK_BUILD_MAX_ROWS; row++) decided += out->decided[row][type];
        out->carried_forward[type] = out->carried_over[type] + out->received[type] - decided;
    }
    return 0;
}

static int count_documents(gk_store *s, int64_t agency, int year, gk_year_counts *out, char **error)
{
    gk_date first = {year, 1, 1}, last = {year, 12, 31};
    sq q;
    if (sq_prepare(&q, s,
                   "SELECT item,"
                   " SUM(CASE WHEN issued_on >= ? AND issued_on <= ? THEN 1 ELSE 0 END),"
                   " SUM(CASE WHEN repealed_on >= ? AND repealed_on <= ? THEN 1 ELSE 0 END),"
                   " SUM(CASE WHEN issued_on <= ? AND (repealed_on IS NULL OR repealed_on > ?) THEN 1 ELSE 0 END)"
                   " FROM documents WHERE agency_id = ? GROUP BY item",
                   error) != 0)
        return -1;
    sq_date(&q, first);
    sq_date(&q, last);
    sq_date(&q, first);
    sq_date(&q, last);
    sq_date(&q, last);
    sq_date(&q, last);
    sq_int(&q, agency);
    int rc;
    while ((rc = sq_step(&q, error)) == STORE_ROW) {
        int item = gk_document_item_from_key(sq_col_text(&q, 0));
        if (item < 0 || item >= GK_BUILD_MAX_ITEMS) continue;
        out->docs_issued[item] = sq_col_int(&q, 1);
        out->docs_repealed[item] = sq_col_int(&q, 2);
        out->docs_in_force[item] = sq_col_int(&q, 3);
    }
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : 0;
}

static int count_yearly(gk_store *s, int64_t agency, int year, gk_year_counts *out, char **error)
{
    sq q;
    if (sq_prepare(&q, s, "SELECT item, field, value FROM yearly_counts WHERE agency_id = ? AND year = ?", error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, year);
    int rc;
    while ((rc = sq_step(&q, error)) == STORE_ROW) {
        int cell;
        if (gk_yearly_cell(sq_col_text(&q, 0), sq_col_text(&q, 1), &cell) != 0 || cell >= GK_BUILD_MAX_PROACTIVE)
            continue;
        out->yearly_known[cell] = true;
        out->yearly_value[cell] = sq_col_int(&q, 2);
    }
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : 0;
}

static int pending_field(void)
{
    for (int i = 0; i < APPEAL_FIELDS; i++)
        if (strcmp(APPEAL_FIELD_DEFS[i].key, "pending") == 0) return i;
    return APPEAL_FIELDS - 2;
}

/* Table 四: cases filed by 31 Dec and not concluded before 1 Jan, by their state at 31 Dec. */
static int count_appeals(gk_store *s, int64_t agency, int year, gk_year_counts *out, char **error)
{
    gk_date first = {year, 1, 1}, last = {year, 12, 31};
    sq q;
    if (sq_prepare(&q, s,
                   "SELECT block, CASE WHEN concluded_on IS NOT NULL AND concluded_on <= ? THEN result ELSE NULL END, "
                   "COUNT(*) FROM appeals WHERE agency_id = ? AND filed_on <= ? "
                   "AND (concluded_on IS NULL OR concluded_on >= ?) GROUP BY 1, 2",
                   error) != 0)
        return -1;
    sq_date(&q, last);
    sq_int(&q, agency);
    sq_date(&q, last);
    sq_date(&q, first);
    int rc, pending = pending_field();
    while ((rc = sq_step(&q, error)) == STORE_ROW) {
        int block = gk_appeal_block_from_key(sq_col_text(&q, 0));
        int field = sq_col_null(&q, 1) ? pending : gk_appeal_result_from_key(sq_col_text(&q, 1));
        if (block >= 0 && field >= 0) out->appeals[block][field] += sq_col_int(&q, 2);
    }
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : 0;
}

static int count_fees(gk_store *s, int64_t agency, int year, gk_year_counts *out, char **error)
{
    sq q;
    if (sq_prepare(&q, s,
                   "SELECT COALESCE(SUM(fee_amount), 0) FROM case_events WHERE agency_id = ? AND kind = ? "
                   "AND day >= ? AND day <= ?",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_text(&q, gk_event_kind_key(GK_EV_FEE_PAID));
    sq_date(&q, (gk_date){year, 1, 1});
    sq_date(&q, (gk_date){year, 12, 31});
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) out->processing_fees_yuan = sq_col_int(&q, 0);
    sq_finish(&q);
    return rc == STORE_ROW ? 0 : -1;
}

int store_year_counts(gk_store *s, int64_t agency, int year, gk_year_counts *out, char **error)
{
    gk_year_counts_init(out, year);
    if (year < 1990 || year > 2199) {
        store_set_error(error, store_message("年份 %d 无效。", year));
        return -1;
    }
    if (store_agency_exists(s, agency, error) != 1) return -1;
    if (count_applications(s, agency, year, out, error) != 0) return -1;
    if (count_documents(s, agency, year, out, error) != 0) return -1;
    if (count_yearly(s, agency, year, out, error) != 0) return -1;
    if (count_appeals(s, agency, year, out, error) != 0) return -1;
    if (count_fees(s, agency, year, out, error) != 0) return -1;
    return 0;
}

int store_build_report(gk_store *s, int64_t agency, int year, report **out, char **error)
{
    *out = NULL;
    store_agency a;
    int found = store_agency_get(s, agency, &a, error);
    if (found != 1) {
        if (found == 0) store_set_error(error, store_message("机构编号 %lld 不存在。", (long long)agency));
        return -1;
    }
    gk_year_counts counts;
    int rc = store_year_counts(s, agency, year, &counts, error);
    if (rc == 0) *out = gk_report_build(&counts, a.name);
    store_agency_clear(&a);
    return rc;
}

/* ---- revisions ---- */

void store_revision_clear(store_revision *r)
{
    free(r->reason);
    free(r->actor);
    free(r->created_at);
    memset(r, 0, sizeof *r);
}

static int latest_revision_number(gk_store *s, int64_t agency, int year, int *revision, char **error)
{
    sq q;
    if (sq_prepare(&q, s, "SELECT COALESCE(MAX(revision), 0) FROM report_revisions WHERE agency_id = ? AND year = ?",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, year);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) *revision = (int)sq_col_int(&q, 0);
    sq_finish(&q);
    return rc == STORE_ROW ? 0 : -1;
}

static int insert_cells(gk_store *s, int64_t agency, int64_t revision_id, const report *r, char **error)
{
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO report_revision_cells (agency_id, revision_id, cell, state, value, text) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   error) != 0)
        return -1;
    for (int cell = 0; cell < r->format->cell_count; cell++) {
        const report_cell *c = &r->cells[cell];
        if (c->state == CELL_ABSENT) continue;
        sq_reset(&q);
        sq_int(&q, agency);
        sq_int(&q, revision_id);
        sq_int(&q, cell);
        sq_int(&q, c->state);
        sq_int(&q, c->value);
        sq_text(&q, c->text);
        if (sq_exec(&q, error) != 0) {
            sq_finish(&q);
            return -1;
        }
    }
    sq_finish(&q);
    return 0;
}

int store_report_save_revision(gk_store *s, int64_t agency, const report *r, const char *reason, const char *actor,
                               int *revision, char **error)
{
    if (store_begin(s, error) != 0) return -1;
    int last = 0;
    if (store_agency_exists(s, agency, error) != 1) goto failed;
    if (latest_revision_number(s, agency, r->year, &last, error) != 0) goto failed;
    if (last > 0 && (!reason || !*reason)) {
        store_set_error(error, store_message("%d 年度报告已锁定（第 %d 版）。修改须作为新版本，并用 --reason 说明理由。",
                                             r->year, last));
        goto failed;
    }
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO report_revisions (agency_id, year, revision, format, agency_name, overview, problems, "
                   "other, reason, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   error) != 0)
        goto failed;
    char now[20];
    store_now(now);
    sq_int(&q, agency);
    sq_int(&q, r->year);
    sq_int(&q, last + 1);
    sq_text(&q, r->format->name);
    sq_text(&q, r->agency);
    sq_text(&q, r->text[TEXT_OVERVIEW]);
    sq_text(&q, r->text[TEXT_PROBLEMS]);
    sq_text(&q, r->text[TEXT_OTHER]);
    sq_text(&q, reason && *reason ? reason : NULL);
    sq_text(&q, actor && *actor ? actor : "unknown");
    sq_text(&q, now);
    int rc = sq_step(&q, error);
    int64_t revision_id = rc == STORE_ROW ? sq_col_int(&q, 0) : 0;
    sq_finish(&q);
    if (rc != STORE_ROW) goto failed;
    if (insert_cells(s, agency, revision_id, r, error) != 0) goto failed;
    if (store_commit(s, error) != 0) return -1;
    if (revision) *revision = last + 1;
    return 0;
failed:
    store_rollback(s);
    return -1;
}

static int load_cells(gk_store *s, int64_t agency, int64_t revision_id, report *r, char **error)
{
    sq q;
    if (sq_prepare(&q, s, "SELECT cell, state, value, text FROM report_revision_cells WHERE agency_id = ? AND revision_id = ?",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, revision_id);
    int rc;
    while ((rc = sq_step(&q, error)) == STORE_ROW) {
        int64_t cell = sq_col_int(&q, 0);
        if (cell < 0 || cell >= r->format->cell_count) continue;
        int state = (int)sq_col_int(&q, 1);
        if (state == CELL_BLANK) report_set_blank(r, (int)cell);
        else if (!sq_col_null(&q, 3)) report_set_decimal_text(r, (int)cell, sq_col_text(&q, 3));
        else report_set_count(r, (int)cell, sq_col_int(&q, 2));
    }
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : 0;
}

int store_report_latest(gk_store *s, int64_t agency, int year, report **out, store_revision *meta, char **error)
{
    *out = NULL;
    if (meta) memset(meta, 0, sizeof *meta);
    sq q;
    if (sq_prepare(&q, s,
                   "SELECT id, revision, format, agency_name, overview, problems, other, reason, actor, created_at "
                   "FROM report_revisions WHERE agency_id = ? AND year = ? ORDER BY revision DESC",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, year);
    int rc = sq_step(&q, error);
    if (rc != STORE_ROW) {
        sq_finish(&q);
        return rc == STORE_DONE ? 0 : -1;
    }
    const report_format *f = format_by_name(sq_col_text(&q, 2));
    int64_t revision_id = sq_col_int(&q, 0);
    report *r = report_new(f ? f : gk_outcome_format());
    r->year = year;
    if (!sq_col_null(&q, 3)) report_set_agency(r, sq_col_text(&q, 3));
    if (!sq_col_null(&q, 4)) report_set_text(r, TEXT_OVERVIEW, sq_col_text(&q, 4));
    if (!sq_col_null(&q, 5)) report_set_text(r, TEXT_PROBLEMS, sq_col_text(&q, 5));
    if (!sq_col_null(&q, 6)) report_set_text(r, TEXT_OTHER, sq_col_text(&q, 6));
    if (meta) {
        meta->revision = (int)sq_col_int(&q, 1);
        meta->reason = sq_col_dup(&q, 7);
        meta->actor = sq_col_dup(&q, 8);
        meta->created_at = sq_col_dup(&q, 9);
    }
    sq_finish(&q);
    if (load_cells(s, agency, revision_id, r, error) != 0) {
        report_free(r);
        if (meta) store_revision_clear(meta);
        return -1;
    }
    *out = r;
    return 1;
}
