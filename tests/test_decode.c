/* test_decode: the glued-digit decoder (src/import/decode.c), without the assembler. Glued rows are built by
 * hand from the digit runs printed in the crawler-text corpus reports 006–008 and decoded into a fresh report,
 * which must then equal NNN.expected.json cell by cell; hand-made rows test ambiguity, inconsistency, table 二
 * and bad input; a property test glues random consistent reports and decodes them back. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/pipeline.h"
#include "report/check.h"
#include "testutil.h"

/* ---- Building glued rows ---- */

/* Adds a glued row; `digits` is split into chunks at spaces, as the assembler does. */
static void add_glued(glued_rows *g, enum report_table table, int row, int first_cell, int cell_count,
                      const char *digits)
{
    if (g->count == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 32;
        g->rows = xrealloc(g->rows, g->cap * sizeof *g->rows);
    }
    glued_row *r = &g->rows[g->count++];
    memset(r, 0, sizeof *r);
    r->table = table;
    r->row = row;
    r->first_cell = first_cell;
    r->cell_count = cell_count;
    const char *p = digits;
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *end = strchr(p, ' ');
        if (!end) end = p + strlen(p);
        r->chunks = xrealloc(r->chunks, (size_t)(r->chunk_count + 1) * sizeof *r->chunks);
        r->chunks[r->chunk_count++] = xstrndup(p, (size_t)(end - p));
        p = end;
    }
}

static void add_application_row(glued_rows *g, const report_format *f, int row, const char *digits)
{
    add_glued(g, TABLE_APPLICATIONS, row, format_application_cell(f, row, 0), APPLICATION_COLUMNS, digits);
}

static void add_appeals_row(glued_rows *g, const report_format *f, const char *digits)
{
    add_glued(g, TABLE_APPEALS, 0, format_appeal_cell(f, 0, 0), APPEAL_BLOCKS * APPEAL_FIELDS, digits);
}

/* A whole crawler-text report: one digit run per table 三 row in format order, then the 15 digits of table 四. */
static report *decode_runs(const report_format *f, const char *const *runs, diag_list *notes)
{
    report *r = report_new(f);
    glued_rows g = {0};
    for (int row = 0; row < f->application_row_count; row++) add_application_row(&g, f, row, runs[row]);
    add_appeals_row(&g, f, runs[f->application_row_count]);
    decode_glued(r, &g, notes);
    glued_rows_free(&g);
    return r;
}

/* ---- The digit runs of the corpus, copied from the printed text ---- */

/* 006_pingtan-zonghe-shiyanqu_2019.txt (2019 format, 23 rows). */
static const char *const RUNS_006[] = {
    "230 000023", "0000000", "7000007", "1000001", "0000000", "0000000", "0000000", "0000000",
    "0000000", "0000000", "0000000", "0000000", "7000007", "0000000", "5000005", "0000000",
    "3000003", "0000000", "0000000", "0000000", "0 0 0 0 0 00", "23 0 00 0 023", "0 0 00 00 0",
    "000000000000000",
};
/* 007_pingtan-zonghe-shiyanqu_2020.txt (2019 format): its （七）总计 breaks R3 as printed. */
static const char *const RUNS_007[] = {
    "200 000121", "0000000", "6000017", "6000006", "0000000", "0000000", "0000000", "0000000",
    "0000000", "0000000", "0000000", "0000000", "4000004", "0000000", "3000003", "0000000",
    "3000003", "0000000", "0000000", "0000000", "4 0 0 0 0 0 4", "20 0 00 0 121", "0 0 00 00 0",
    "000000000000000",
};
/* 008_pingtan-zonghe-shiyanqu_2021.txt (2021 format, 25 rows; table 四 as 17 glued digits). */
static const char *const RUNS_008[] = {
    "640020470", "0000000", "270020130", "500000 5", "0000000", "0000000", "0000000", "0000000",
    "1000001", "0000000", "6000006", "1000001", "220000325", "0000000", "0000000", "0000000",
    "0000000", "0000000", "0000000", "0000000", "0000000", "0000000", "1000001", "630020469",
    "1000001", "10203120001200000",
};

/* ---- Helpers ---- */

static int64_t cell_value(const report *r, int cell)
{
    assert_int_equal(r->cells[cell].state, CELL_VALUE);
    return r->cells[cell].value;
}

static void assert_application_row(const report *r, const char *key, const int64_t expected[APPLICATION_COLUMNS])
{
    int row = format_application_row(r->format, key);
    assert_true(row >= 0);
    for (int col = 0; col < APPLICATION_COLUMNS; col++)
        assert_int_equal(cell_value(r, format_application_cell(r->format, row, col)), expected[col]);
}

static size_t count_rule(const diag_list *list, const char *rule)
{
    return diag_count_rule(list, rule);
}

static const diagnostic *find_message(const diag_list *list, const char *needle)
{
    for (size_t i = 0; i < list->count; i++)
        if (strstr(list->items[i].message, needle)) return &list->items[i];
    return NULL;
}

/* Compares every table 三 and 四 cell of r with a corpus expected.json. */
static void assert_matches_expected(const report *r, const char *expected_path)
{
    json_error_t error;
    json_t *root = json_load_file(expected_path, 0, &error);
    if (!root) fail_msg("%s: %s", expected_path, error.text);
    const report_format *f = r->format;
    assert_string_equal(json_string_value(json_object_get(root, "format")), f->name);
    json_t *rows = json_object_get(json_object_get(root, "applications"), "rows");
    int compared = 0;
    for (int row = 0; row < f->application_row_count; row++) {
        json_t *values = json_object_get(rows, f->application_rows[row].key);
        assert_non_null(values);
        for (int col = 0; col < APPLICATION_COLUMNS; col++) {
            json_t *v = json_array_get(values, (size_t)col);
            int cell = format_application_cell(f, row, col);
            if (json_is_null(v)) {
                assert_int_not_equal(r->cells[cell].state, CELL_VALUE);
                continue;
            }
            if (cell_value(r, cell) != json_integer_value(v))
                fail_msg("%s row %s column %d: decoded %lld, expected %lld", expected_path,
                         f->application_rows[row].key, col, (long long)r->cells[cell].value,
                         (long long)json_integer_value(v));
            compared++;
        }
    }
    json_t *appeals = json_object_get(root, "appeals");
    for (int block = 0; block < APPEAL_BLOCKS; block++)
        for (int field = 0; field < APPEAL_FIELDS; field++) {
            json_t *v = json_object_get(json_object_get(appeals, APPEAL_BLOCK_DEFS[block].key),
                                        APPEAL_FIELD_DEFS[field].key);
            assert_int_equal(cell_value(r, format_appeal_cell(f, block, field)), json_integer_value(v));
            compared++;
        }
    assert_int_equal(compared, f->application_row_count * APPLICATION_COLUMNS + APPEAL_BLOCKS * APPEAL_FIELDS);
    json_decref(root);
}

/* ---- Tests: single rows ---- */

static void test_row_unique_by_r2(void **state)
{
    (void)state;
    const report_format *f = &FORMAT_2021;
    report *r = report_new(f);
    glued_rows g = {0};
    add_application_row(&g, f, format_application_row(f, "received"), "640020470");
    add_application_row(&g, f, format_application_row(f, "carried_over"), "230 000023");
    diag_list notes = DIAG_LIST_INIT;
    decode_glued(r, &g, &notes);
    assert_int_equal(notes.count, 0);
    assert_application_row(r, "received", (const int64_t[]){64, 0, 0, 2, 0, 4, 70});
    assert_application_row(r, "carried_over", (const int64_t[]){23, 0, 0, 0, 0, 0, 23});
    glued_rows_free(&g);
    diag_list_free(&notes);
    report_free(r);
}

/* "270020130" alone is 27,0,0,2,0,1,30 or 2,7,0,0,20,1,30: both satisfy R2, only the columns can tell. */
static void test_row_ambiguous_alone(void **state)
{
    (void)state;
    const report_format *f = &FORMAT_2021;
    report *r = report_new(f);
    glued_rows g = {0};
    int row = format_application_row(f, "disclosed");
    add_application_row(&g, f, row, "270020130");
    diag_list notes = DIAG_LIST_INIT;
    decode_glued(r, &g, &notes);
    assert_int_equal(notes.count, 1);
    const diagnostic *d = &notes.items[0];
    assert_string_equal(d->rule, "D");
    assert_int_equal(d->severity, SEVERITY_WARNING);
    assert_int_equal(d->table, TABLE_APPLICATIONS);
    assert_int_equal(d->row, row);
    assert_non_null(strstr(d->message, "“（一）予以公开”行"));
    assert_non_null(strstr(d->message, "270020130"));
    assert_non_null(strstr(d->message, "27,0,0,2,0,1,30"));
    assert_non_null(strstr(d->message, "2,7,0,0,20,1,30"));
    assert_non_null(strstr(d->message, "无法唯一确定"));
    /* the cells both splits agree on are written, the others stay absent */
    static const bool agreed[APPLICATION_COLUMNS] = {false, false, true, false, false, true, true};
    static const int64_t values[APPLICATION_COLUMNS] = {0, 0, 0, 0, 0, 1, 30};
    for (int col = 0; col < APPLICATION_COLUMNS; col++) {
        const report_cell *c = &r->cells[format_application_cell(f, row, col)];
        assert_int_equal(c->state, agreed[col] ? CELL_VALUE : CELL_ABSENT);
        if (agreed[col]) assert_int_equal(c->value, values[col]);
    }
    glued_rows_free(&g);
    diag_list_free(&notes);
    report_free(r);
}

/* A report of format f whose table 三 cells are all printed as 0. The caller frees it. */
static report *report_with_zero_applications(const report_format *f)
{
    report *r = report_new(f);
    for (int row = 0; row < f->application_row_count; row++)
        for (int col = 0; col < APPLICATION_COLUMNS; col++)
            report_set_count(r, format_application_cell(f, row, col), 0);
    return r;
}

/* The same row is decided by R3 once the other result rows and the total are known. */
static void test_row_decided_by_columns(void **state)
{
    (void)state;
    const report_format *f = &FORMAT_2021;
    report *r = report_with_zero_applications(f);
    int total = format_application_row(f, "total");
    static const int64_t totals[] = {27, 0, 0, 2, 0, 1, 30};
    for (int col = 0; col < APPLICATION_COLUMNS; col++)
        report_set_count(r, format_application_cell(f, total, col), totals[col]);
    int row = format_application_row(f, "disclosed");
    for (int col = 0; col < APPLICATION_COLUMNS; col++)
        r->cells[format_application_cell(f, row, col)].state = CELL_ABSENT;
    glued_rows g = {0};
    add_application_row(&g, f, row, "270020130");
    diag_list notes = DIAG_LIST_INIT;
    decode_glued(r, &g, &notes);
    assert_int_equal(notes.count, 0);
    assert_application_row(r, "disclosed", totals);
    glued_rows_free(&g);
    diag_list_free(&notes);
    report_free(r);
}

/* The same digits in two rows bound by different rules split differently: "270020130" is 27,0,0,2,0,1,30 as
 * （一）予以公开 under R3 and 2,7,0,0,20,1,30 as 一、本年新收 under R1, every other cell being printed. */
static void test_same_digits_other_rules(void **state)
{
    (void)state;
    const report_format *f = &FORMAT_2021;
    report *r = report_with_zero_applications(f);
    static const int64_t disclosed[] = {27, 0, 0, 2, 0, 1, 30}, received[] = {2, 7, 0, 0, 20, 1, 30};
    static const int64_t over[] = {25, 0, 0, 2, 0, 0, 27}, forward[] = {0, 7, 0, 0, 20, 0, 27};
    int total = format_application_row(f, "total"), carried_over = format_application_row(f, "carried_over");
    int carried_forward = format_application_row(f, "carried_forward");
    for (int col = 0; col < APPLICATION_COLUMNS; col++) {
        report_set_count(r, format_application_cell(f, total, col), disclosed[col]);
        report_set_count(r, format_application_cell(f, carried_over, col), over[col]);
        report_set_count(r, format_application_cell(f, carried_forward, col), forward[col]);
    }
    glued_rows g = {0};
    static const char *const keys[] = {"received", "disclosed"};
    for (int i = 0; i < 2; i++) {
        int row = format_application_row(f, keys[i]);
        for (int col = 0; col < APPLICATION_COLUMNS; col++)
            r->cells[format_application_cell(f, row, col)].state = CELL_ABSENT;
        add_application_row(&g, f, row, "270020130");
    }
    diag_list notes = DIAG_LIST_INIT;
    decode_glued(r, &g, &notes);
    assert_int_equal(notes.count, 0);
    assert_application_row(r, "received", received);
    assert_application_row(r, "disclosed", disclosed);
    glued_rows_free(&g);
    diag_list_free(&notes);
    report_free(r);
}

static void test_appeals_row(void **state)
{
    (void)state;
    const report_format *f = &FORMAT_2021;
    report *r = report_new(f);
    glued_rows g = {0};
    add_appeals_row(&g, f, "10203120001200000");
    diag_list notes = DIAG_LIST_INIT;
    decode_glued(r, &g, &notes);
    assert_int_equal(notes.count, 0);
    static const int64_t expected[] = {1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0};
    for (int i = 0; i < APPEAL_BLOCKS * APPEAL_FIELDS; i++)
        assert_int_equal(cell_value(r, format_appeal_cell(f, 0, 0) + i), expected[i]);
    glued_rows_free(&g);
    diag_list_free(&notes);
    report_free(r);
}

/* Table 三 rows given as digit runs, the rest of the report absent, decoded. The caller frees the report. */
typedef struct row_digits {
    int row;
    const char *digits;
} row_digits;

static report *decode_rows(const report_format *f, const row_digits *rows, int count, diag_list *notes)
{
    report *r = report_new(f);
    glued_rows g = {0};
    for (int i = 0; i < count; i++) add_application_row(&g, f, rows[i].row, rows[i].digits);
    decode_glued(r, &g, notes);
    glued_rows_free(&g);
    return r;
}

/* Rows whose every split breaks its own R2 (digits that are no report), with the rest of table 三 absent. The
 * joint search counts the fewest rules each row still to come must break against its budget, so it settles at
 * seven (one per row) in a few steps instead of wandering over the product of the rows' candidates until its
 * step limit: a row with one best split is decoded (21), cells on which every best split agrees are written (2,
 * 11), the others are announced with their candidates, and a note says the digits cannot satisfy the rules. */
static void test_rows_breaking_r2_settle_on_fewest(void **state)
{
    (void)state;
    const report_format *f = &FORMAT_2021;
    static const row_digits rows[] = {
        {2, "00074860672"}, {7, "3015088681000"}, {11, "02023002"}, {13, "846003430"},
        {17, "9603600098176"}, {19, "543024710"}, {21, "4263800"},
    };
    enum { ROWS = sizeof rows / sizeof rows[0] };
    diag_list notes = DIAG_LIST_INIT;
    report *r = decode_rows(f, rows, ROWS, &notes);
    assert_int_equal(notes.count, ROWS); /* six ambiguous rows and the note on the whole table */
    assert_non_null(strstr(notes.items[0].message, "至少7处不符"));
    for (int i = 0; i < ROWS - 1; i++) {
        const diagnostic *d = find_message(&notes, rows[i].digits);
        assert_non_null(d);
        assert_string_equal(d->rule, "D");
        assert_int_equal(d->row, rows[i].row);
        assert_null(strstr(d->message, "组合过多"));
    }
    assert_non_null(strstr(find_message(&notes, "3015088681000")->message, "共226种"));
    static const int64_t row21[] = {4, 2, 6, 3, 8, 0, 0};
    for (int col = 0; col < APPLICATION_COLUMNS; col++) {
        assert_int_equal(r->cells[format_application_cell(f, 21, col)].state, CELL_VALUE);
        assert_int_equal(r->cells[format_application_cell(f, 21, col)].value, row21[col]);
        assert_int_equal(r->cells[format_application_cell(f, 7, col)].state, CELL_ABSENT);
    }
    for (int col = 0; col < 3; col++) assert_int_equal(r->cells[format_application_cell(f, 2, col)].state, CELL_VALUE);
    assert_int_equal(r->cells[format_application_cell(f, 2, 3)].state, CELL_ABSENT);
    diag_list_free(&notes);
    report_free(r);
}

/* Twelve rows of random digits whose rules interlock so that even the bounded search reaches its step limit
 * (found by a random search: 3 of 3,000 such reports do). Then nothing is proven: each row is announced as too
 * ambiguous and none of its cells is written. */
static void test_search_gives_up(void **state)
{
    (void)state;
    const report_format *f = &FORMAT_2021;
    static const row_digits rows[] = {
        {9, "9276288335"}, {21, "97894656"}, {1, "69496253"}, {23, "63097885764"}, {3, "458018117"},
        {19, "2006961924"}, {12, "89572868"}, {24, "247866773"}, {7, "872813315"}, {22, "2984593200424"},
        {5, "18239686"}, {0, "748616478"},
    };
    enum { ROWS = sizeof rows / sizeof rows[0] };
    diag_list notes = DIAG_LIST_INIT;
    report *r = decode_rows(f, rows, ROWS, &notes);
    size_t too_many = 0;
    for (size_t i = 0; i < notes.count; i++) too_many += strstr(notes.items[i].message, "组合过多") != NULL;
    assert_int_equal(too_many, ROWS - 1); /* and row 22, whose own splits are too many to enumerate */
    assert_non_null(strstr(find_message(&notes, "2984593200424")->message, "可能的拆分过多"));
    for (int i = 0; i < ROWS; i++) {
        const diagnostic *d = find_message(&notes, rows[i].digits);
        if (!d || !strstr(d->message, "组合过多")) continue;
        assert_string_equal(d->rule, "D");
        for (int col = 0; col < APPLICATION_COLUMNS; col++)
            assert_int_equal(r->cells[format_application_cell(f, rows[i].row, col)].state, CELL_ABSENT);
    }
    diag_list_free(&notes);
    report_free(r);
}

/* ---- Tests: whole corpus reports, self-contained ---- */

static void test_corpus_008_inline(void **state)
{
    (void)state;
    diag_list notes = DIAG_LIST_INIT;
    report *r = decode_runs(&FORMAT_2021, RUNS_008, &notes);
    assert_int_equal(notes.count, 0);
    assert_application_row(r, "received", (const int64_t[]){64, 0, 0, 2, 0, 4, 70});
    assert_application_row(r, "disclosed", (const int64_t[]){27, 0, 0, 2, 0, 1, 30});
    assert_application_row(r, "partly_disclosed", (const int64_t[]){5, 0, 0, 0, 0, 0, 5});
    assert_application_row(r, "unable_not_held", (const int64_t[]){22, 0, 0, 0, 0, 3, 25});
    assert_application_row(r, "total", (const int64_t[]){63, 0, 0, 2, 0, 4, 69});
    assert_application_row(r, "carried_forward", (const int64_t[]){1, 0, 0, 0, 0, 0, 1});
    assert_int_equal(report_appeal(r, 1, APPEAL_TOTAL_FIELD), 12);
    diag_list check = DIAG_LIST_INIT;
    assert_int_equal(check_r1_balance(r, &check) + check_r2_row_totals(r, &check) + check_r3_result_totals(r, &check) +
                         check_r4_appeal_totals(r, &check),
                     0);
    diag_list_free(&check);
    diag_list_free(&notes);
    report_free(r);
}

/* 007 as printed: every row splits one way under R2, and then （七）总计 breaks R3 in two columns. The decoder
 * must keep the printed values (so the checker finds the errors) and say that no split is consistent. */
static void test_corpus_007_inconsistent_inline(void **state)
{
    (void)state;
    diag_list notes = DIAG_LIST_INIT;
    report *r = decode_runs(&FORMAT_2019, RUNS_007, &notes);
    assert_int_equal(notes.count, 1);
    assert_string_equal(notes.items[0].rule, "D");
    assert_int_equal(notes.items[0].table, TABLE_APPLICATIONS);
    assert_non_null(strstr(notes.items[0].message, "至少2处不符"));
    assert_application_row(r, "received", (const int64_t[]){20, 0, 0, 0, 0, 1, 21});
    assert_application_row(r, "disclosed", (const int64_t[]){6, 0, 0, 0, 0, 1, 7});
    assert_application_row(r, "total", (const int64_t[]){20, 0, 0, 0, 0, 1, 21});
    diag_list check = DIAG_LIST_INIT;
    assert_int_equal(check_r3_result_totals(r, &check), 2);
    assert_int_equal(check_r1_balance(r, &check) + check_r2_row_totals(r, &check), 0);
    assert_int_equal(check.items[0].column, 0);
    assert_string_equal(check.items[1].expected, "27");
    assert_string_equal(check.items[1].actual, "21");
    diag_list_free(&check);
    diag_list_free(&notes);
    report_free(r);
}

/* ---- Tests: against the corpus expected files ---- */

static void check_corpus(const char *number, const report_format *f, const char *const *runs, size_t notes_expected)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.expected.json", test_corpus_dir(), number);
    diag_list notes = DIAG_LIST_INIT;
    report *r = decode_runs(f, runs, &notes);
    assert_int_equal(notes.count, notes_expected);
    assert_matches_expected(r, path);
    diag_list_free(&notes);
    report_free(r);
}

static void test_corpus_expected(void **state)
{
    (void)state;
    if (!test_corpus_dir()) skip();
    check_corpus("006", &FORMAT_2019, RUNS_006, 0);
    check_corpus("007", &FORMAT_2019, RUNS_007, 1);
    check_corpus("008", &FORMAT_2021, RUNS_008, 0);
}

/* ---- Tests: table 二 ---- */

static int proactive_first_cell(const report_format *f, const char *key)
{
    return format_proactive_cell(f, format_proactive_item(f, key), 0);
}

static void add_proactive(glued_rows *g, const report_format *f, const char *key, const char *digits)
{
    int index = format_proactive_item(f, key);
    add_glued(g, TABLE_PROACTIVE, index, format_proactive_cell(f, index, 0), f->proactive[index].field_count, digits);
}

static void test_proactive_2021(void **state)
{
    (void)state;
    const report_format *f = &FORMAT_2021;
    report *r = report_new(f);
    glued_rows g = {0};
    add_proactive(&g, f, "regulations", "000");
    add_proactive(&g, f, "normative_documents", "693665");
    diag_list notes = DIAG_LIST_INIT;
    decode_glued(r, &g, &notes);
    int regs = proactive_first_cell(f, "regulations"), docs = proactive_first_cell(f, "normative_documents");
    for (int i = 0; i < 3; i++) assert_int_equal(cell_value(r, regs + i), 0);
    /* 693665 splits ten ways; 69,3,665 is the only one where in force ≥ issued ≥ repealed: taken, and said */
    assert_int_equal(cell_value(r, docs), 69);
    assert_int_equal(cell_value(r, docs + 1), 3);
    assert_int_equal(cell_value(r, docs + 2), 665);
    assert_int_equal(notes.count, 1);
    assert_string_equal(notes.items[0].rule, "D");
    assert_int_equal(notes.items[0].table, TABLE_PROACTIVE);
    assert_non_null(strstr(notes.items[0].message, "“行政规范性文件”行"));
    assert_non_null(strstr(notes.items[0].message, "“69,3,665”"));
    glued_rows_free(&g);
    diag_list_free(&notes);
    report_free(r);
}

static void test_proactive_2019(void **state)
{
    (void)state;
    const report_format *f = &FORMAT_2019;
    report *r = report_new(f);
    glued_rows g = {0};
    add_proactive(&g, f, "normative_documents", "898989");
    add_proactive(&g, f, "fees", "35-15");
    add_proactive(&g, f, "licensing", "3960181");
    add_proactive(&g, f, "procurement", "13575394432.52元");
    diag_list notes = DIAG_LIST_INIT;
    decode_glued(r, &g, &notes);
    int docs = proactive_first_cell(f, "normative_documents"), fees = proactive_first_cell(f, "fees");
    int licensing = proactive_first_cell(f, "licensing"), procurement = proactive_first_cell(f, "procurement");
    for (int i = 0; i < 3; i++) assert_int_equal(cell_value(r, docs + i), 89);
    assert_int_equal(cell_value(r, fees), 35);
    assert_int_equal(cell_value(r, fees + 1), -15);
    for (int i = 0; i < 3; i++) assert_int_equal(r->cells[licensing + i].state, CELL_ABSENT);
    assert_int_equal(r->cells[procurement].state, CELL_ABSENT);
    assert_int_equal(r->cells[procurement + 1].state, CELL_ABSENT);
    assert_int_equal(notes.count, 3); /* 898989 by preference, 3960181 and the procurement row ambiguous */
    const diagnostic *d = find_message(&notes, "3960181");
    assert_non_null(d);
    assert_non_null(strstr(d->message, "无法唯一确定"));
    assert_non_null(strstr(d->message, "3,960,181"));
    assert_non_null(strstr(d->message, "等共11种"));
    d = find_message(&notes, "898989");
    assert_non_null(d);
    assert_non_null(strstr(d->message, "取“89,89,89”"));
    assert_non_null(strstr(d->message, "“本年新公开数量”等于“本年新制作数量”"));
    assert_non_null(find_message(&notes, "元"));
    glued_rows_free(&g);
    diag_list_free(&notes);
    report_free(r);
}

/* An amount with its unit, alone: "2.5万元" keeps its text. */
static void test_proactive_amount_unit(void **state)
{
    (void)state;
    const report_format *f = &FORMAT_2019;
    report *r = report_new(f);
    glued_rows g = {0};
    add_proactive(&g, f, "procurement", "1 2.5万元");
    diag_list notes = DIAG_LIST_INIT;
    decode_glued(r, &g, &notes);
    assert_int_equal(notes.count, 0);
    int cell = proactive_first_cell(f, "procurement");
    assert_int_equal(cell_value(r, cell), 1);
    assert_string_equal(r->cells[cell + 1].text, "2.5万元");
    assert_int_equal(r->cells[cell + 1].value, (int64_t)25000 * 1000000);
    glued_rows_free(&g);
    diag_list_free(&notes);
    report_free(r);
}

/* ---- Tests: bad input ---- */

static void test_bad_rows(void **state)
{
    (void)state;
    const report_format *f = &FORMAT_2021;
    report *r = report_new(f);
    glued_rows g = {0};
    add_application_row(&g, f, 0, "12a4567");                    /* not digits */
    add_application_row(&g, f, 1, "1");                          /* too few digits */
    add_application_row(&g, f, 2, "-1000001");                   /* a count cannot be negative */
    add_application_row(&g, f, 2, "0000000");                    /* overlaps the previous row */
    add_glued(&g, TABLE_APPLICATIONS, 99, f->cell_count - 2, 7, "0000000"); /* beyond the table */
    add_glued(&g, TABLE_APPLICATIONS, 3, format_application_cell(f, 3, 0), 0, "");
    add_application_row(&g, f, 4, "1-");
    add_application_row(&g, f, 5, "99999999999999999999999999999999999999999999999999999999999999999999999999999");
    add_application_row(&g, f, 6, "1111111111111111111111111111111111111111111111111111111111111111111111111");
    diag_list notes = DIAG_LIST_INIT;
    decode_glued(r, &g, &notes);
    assert_int_equal(count_rule(&notes, "D"), notes.count);
    assert_true(notes.count >= 8);
    assert_non_null(find_message(&notes, "含有数字以外的字符"));
    assert_non_null(find_message(&notes, "无法拆分为7个数"));
    assert_non_null(find_message(&notes, "超出表格范围"));
    for (int row = 0; row < 7; row++)
        for (int col = 0; col < APPLICATION_COLUMNS; col++)
            assert_int_not_equal(r->cells[format_application_cell(f, row, col)].state, CELL_VALUE);
    glued_rows_free(&g);
    diag_list_free(&notes);
    report_free(r);
    decode_glued(NULL, NULL, NULL); /* nothing to do, no crash */
}

/* ---- Property test: random consistent reports, glued and decoded back ---- */

/* A small deterministic generator (xorshift64*), so the test is the same on every run. */
typedef struct rng { uint64_t s; } rng;
static uint64_t rng_next(rng *g)
{
    g->s ^= g->s >> 12;
    g->s ^= g->s << 25;
    g->s ^= g->s >> 27;
    return g->s * 2685821657736338717ULL;
}
static int rng_below(rng *g, int n) { return (int)(rng_next(g) % (uint64_t)n); }
static bool rng_chance(rng *g, int percent) { return rng_below(g, 100) < percent; }

/* A count as agencies report them: mostly 0, sometimes small, rarely large; `scale` is the agency's size. */
static int64_t random_count(rng *g, int active_percent, int scale)
{
    if (!rng_chance(g, active_percent)) return 0;
    int64_t v = 1 + rng_below(g, 9);
    if (rng_chance(g, 40)) v = v * 10 + rng_below(g, 10);
    return v * scale / 10 + (scale > 10 ? rng_below(g, scale) : 0);
}

/* Fills table 三 and 四 of r with values satisfying R1–R4. */
static void random_consistent_report(rng *g, report *r)
{
    const report_format *f = r->format;
    int scale = (int[]){10, 10, 10, 30, 100}[rng_below(g, 5)];
    int64_t cells[32][APPLICATION_COLUMNS] = {{0}};
    int total = format_application_row(f, "total"), received = format_application_row(f, "received");
    int over = format_application_row(f, "carried_over"), forward = format_application_row(f, "carried_forward");
    bool column_active[APPLICATION_TOTAL_COLUMN];
    for (int col = 0; col < APPLICATION_TOTAL_COLUMN; col++) column_active[col] = col == 0 || rng_chance(g, 25);
    for (int row = 0; row < f->application_row_count; row++) {
        if (!f->application_rows[row].is_result || !rng_chance(g, 45)) continue;
        for (int col = 0; col < APPLICATION_TOTAL_COLUMN; col++)
            if (column_active[col]) cells[row][col] = random_count(g, col == 0 ? 85 : 30, col == 0 ? scale : 10);
    }
    for (int col = 0; col < APPLICATION_TOTAL_COLUMN; col++) {
        for (int row = 0; row < f->application_row_count; row++)
            if (f->application_rows[row].is_result) cells[total][col] += cells[row][col];
        cells[forward][col] = column_active[col] && rng_chance(g, 30) ? random_count(g, 100, 10) : 0;
        int64_t available = cells[total][col] + cells[forward][col];
        int most = (int)(available < 20 ? available + 1 : 20);
        cells[over][col] = available && rng_chance(g, 40) ? rng_below(g, most) : 0;
        cells[received][col] = available - cells[over][col];
    }
    for (int row = 0; row < f->application_row_count; row++) {
        cells[row][APPLICATION_TOTAL_COLUMN] = 0;
        for (int col = 0; col < APPLICATION_TOTAL_COLUMN; col++)
            cells[row][APPLICATION_TOTAL_COLUMN] += cells[row][col];
        for (int col = 0; col < APPLICATION_COLUMNS; col++)
            report_set_count(r, format_application_cell(f, row, col), cells[row][col]);
    }
    for (int block = 0; block < APPEAL_BLOCKS; block++) {
        int64_t sum = 0;
        bool active = rng_chance(g, 45);
        for (int field = 0; field < APPEAL_TOTAL_FIELD; field++) {
            int64_t v = active ? random_count(g, field == 0 ? 80 : 35, scale) : 0;
            report_set_count(r, format_appeal_cell(f, block, field), v);
            sum += v;
        }
        report_set_count(r, format_appeal_cell(f, block, APPEAL_TOTAL_FIELD), sum);
    }
}

/* Prints the values of cells [first, first+count) with no separators, keeping some spaces at random. */
static void glue_cells(rng *g, const report *r, int first, int count, buf *out)
{
    buf_clear(out);
    for (int i = 0; i < count; i++) {
        if (i && rng_chance(g, 12)) buf_putc(out, ' ');
        buf_printf(out, "%lld", (long long)r->cells[first + i].value);
    }
}

static void glue_report(rng *g, const report *original, glued_rows *rows)
{
    const report_format *f = original->format;
    buf digits = BUF_INIT;
    for (int row = 0; row < f->application_row_count; row++) {
        glue_cells(g, original, format_application_cell(f, row, 0), APPLICATION_COLUMNS, &digits);
        add_application_row(rows, f, row, buf_cstr(&digits));
    }
    glue_cells(g, original, format_appeal_cell(f, 0, 0), APPEAL_BLOCKS * APPEAL_FIELDS, &digits);
    add_appeals_row(rows, f, buf_cstr(&digits));
    buf_free(&digits);
}

static void test_property_random_reports(void **state)
{
    (void)state;
    enum { REPORTS_PER_FORMAT = 1500 };
    static const report_format *const formats[] = {&FORMAT_2019, &FORMAT_2021};
    for (size_t fi = 0; fi < 2; fi++) {
        const report_format *f = formats[fi];
        rng g = {0x9E3779B97F4A7C15ULL + fi};
        int unique = 0, cells_total = 0, cells_written = 0;
        for (int n = 0; n < REPORTS_PER_FORMAT; n++) {
            report *original = report_new(f);
            random_consistent_report(&g, original);
            glued_rows rows = {0};
            glue_report(&g, original, &rows);
            report *decoded = report_new(f);
            diag_list notes = DIAG_LIST_INIT;
            decode_glued(decoded, &rows, &notes);
            bool all = true;
            for (int cell = f->application_first_cell; cell < f->cell_count; cell++) {
                cells_total++;
                if (decoded->cells[cell].state != CELL_VALUE) {
                    all = false;
                    continue;
                }
                cells_written++;
                /* a written cell is one every surviving split agrees on, so it is the original's value */
                if (decoded->cells[cell].value != original->cells[cell].value)
                    fail_msg("report %d (format %s): cell %d decoded %lld, original %lld", n, f->name, cell,
                             (long long)decoded->cells[cell].value, (long long)original->cells[cell].value);
            }
            assert_int_equal(all, notes.count == 0); /* every unwritten cell is announced */
            for (size_t i = 0; i < notes.count; i++) assert_string_equal(notes.items[i].rule, "D");
            unique += all;
            diag_list_free(&notes);
            glued_rows_free(&rows);
            report_free(decoded);
            report_free(original);
        }
        printf("format %s: %d of %d random glued reports decode uniquely (%.1f%%); %.2f%% of cells determined\n",
               f->name, unique, REPORTS_PER_FORMAT, 100.0 * unique / REPORTS_PER_FORMAT,
               100.0 * cells_written / cells_total);
        assert_true(unique > REPORTS_PER_FORMAT / 2);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row_unique_by_r2),
        cmocka_unit_test(test_row_ambiguous_alone),
        cmocka_unit_test(test_row_decided_by_columns),
        cmocka_unit_test(test_same_digits_other_rules),
        cmocka_unit_test(test_appeals_row),
        cmocka_unit_test(test_rows_breaking_r2_settle_on_fewest),
        cmocka_unit_test(test_search_gives_up),
        cmocka_unit_test(test_corpus_008_inline),
        cmocka_unit_test(test_corpus_007_inconsistent_inline),
        cmocka_unit_test(test_corpus_expected),
        cmocka_unit_test(test_proactive_2021),
        cmocka_unit_test(test_proactive_2019),
        cmocka_unit_test(test_proactive_amount_unit),
        cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_property_random_reports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
