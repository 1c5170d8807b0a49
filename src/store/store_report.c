/* store_report: the annual report out of the store: the aggregate queries behind gk_year_counts (as of 31 Dec of
 * the report year; DESIGN.md §3 "Counting", §4), and frozen report revisions (lock, then revisions with a reason). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/csv_import.h"
#include "cases/outcome.h"
#include "store/store_internal.h"
#include "util/buf.h"

/* Table 三 from the per-year summary the store keeps of the applications (application_year_counts: agency,
 * year of receipt, year of outcome or 0 while open, applicant type, outcome, count): a few hundred rows for any
 * number of applications. Received: in the year; carried over: received before it and open at its start;
 * decided: outcome in the year; carried forward: carried over + received − decided, the applications open at its
 * end (every application decided in the year was open at its start or received in it). */
static int count_applications(gk_store *s, int64_t agency, int year, gk_year_counts *out, char **error)
{
    sq q;
    if (sq_prepare(&q, s,
                   "SELECT received_year, decided_year, applicant_type, outcome, n FROM application_year_counts "
                   "WHERE agency_id = ? AND received_year <= ? AND n > 0",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, year);
    int rc;
    int64_t decided[GK_APPLICANT_TYPES] = {0};
    while ((rc = sq_step(&q, error)) == STORE_ROW) {
        int64_t received_year = sq_col_int(&q, 0), decided_year = sq_col_int(&q, 1), n = sq_col_int(&q, 4);
        int type = gk_applicant_type_from_key(sq_col_text(&q, 2));
        if (type < 0) continue;
        if (received_year == year) out->received[type] += n;
        if (received_year < year && (decided_year == 0 || decided_year >= year)) out->carried_over[type] += n;
        gk_outcome o;
        if (decided_year == year && gk_outcome_by_key(sq_col_text(&q, 3), &o) && o.row < GK_BUILD_MAX_ROWS) {
            out->decided[o.row][type] += n;
            decided[type] += n;
        }
    }
    sq_finish(&q);
    if (rc == STORE_FAILED) return -1;
    for (int type = 0; type < GK_APPLICANT_TYPES; type++)
        out->carried_forward[type] = out->carried_over[type] + out->received[type] - decided[type];
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

/* Copies a UTF-8 name into a fixed field, cutting at a character boundary when it is too long. */
static void copy_name(char *to, size_t size, const char *from)
{
    size_t n = from ? strlen(from) : 0;
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)from[n] & 0xC0) == 0x80) n--;
    }
    if (n) memcpy(to, from, n);
    to[n] = '\0';
}

static int count_channels(gk_store *s, int64_t agency, int year, gk_year_counts *out, char **error)
{
    sq q;
    if (sq_prepare(&q, s, "SELECT channel, count FROM channel_counts WHERE agency_id = ? AND year = ? ORDER BY count DESC, channel",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, year);
    int rc;
    while ((rc = sq_step(&q, error)) == STORE_ROW && out->channel_count < GK_BUILD_MAX_CHANNELS) {
        copy_name(out->channels[out->channel_count].name, sizeof out->channels[0].name, sq_col_text(&q, 0));
        out->channels[out->channel_count++].count = sq_col_int(&q, 1);
    }
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : 0;
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
    if (count_channels(s, agency, year, out, error) != 0) return -1;
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
