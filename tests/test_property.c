/* test_property: random consistent reports of both formats, from a fixed seed: each must hold R1–R4, survive every
 * layout the project writes (HTML, Markdown, one cell per line, columns aligned by spaces) and read back equal cell
 * by cell; then one table 三 or 四 cell is changed and the checker must name exactly the rules that cell is in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "export/export.h"
#include "import/import.h"
#include "report/check.h"

/* Fewer cases under AddressSanitizer, which makes every allocation several times slower. */
#if defined(__SANITIZE_ADDRESS__)
#define PROPERTY_UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PROPERTY_UNDER_SANITIZER 1
#endif
#endif
#ifdef PROPERTY_UNDER_SANITIZER
enum { CASES = 300 };
#else
enum { CASES = 2000 };
#endif

static const uint64_t SEED = 20240131;
enum { CORRUPTIONS_PER_CASE = 3, MAX_EXPECTED = 8 };

/* ---- A small deterministic generator (splitmix64): the state is passed around, never global. ---- */
typedef struct rng {
    uint64_t state;
} rng;

static uint64_t rng_next(rng *g)
{
    uint64_t z = (g->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static int64_t rng_range(rng *g, int64_t low, int64_t high) { return low + (int64_t)(rng_next(g) % (uint64_t)(high - low + 1)); }
static bool rng_percent(rng *g, int percent) { return (int)(rng_next(g) % 100) < percent; }

/* A count as agencies print them: mostly 0, often small, sometimes large. */
static int64_t random_count(rng *g)
{
    int kind = (int)rng_range(g, 0, 99);
    if (kind < 50) return 0;
    if (kind < 85) return rng_range(g, 1, 20);
    return rng_range(g, 21, 5000);
}

static rng case_rng(int case_index) { return (rng){SEED * 1000003u + (uint64_t)case_index}; }

/* ---- Where rows sit in table 三, derived from the format table (no key written here). ---- */
typedef struct table3_shape {
    int first_result, last_result; /* the result rows summed by （七）总计 */
    int total_row, carried_forward_row;
} table3_shape;

static table3_shape shape_of(const report_format *f)
{
    table3_shape s = {-1, -1, -1, -1};
    for (int row = 0; row < f->application_row_count; row++) {
        if (!f->application_rows[row].is_result) continue;
        if (s.first_result < 0) s.first_result = row;
        s.last_result = row;
    }
    s.total_row = s.last_result + 1;
    s.carried_forward_row = s.last_result + 2;
    assert_true(s.first_result == 2 && s.carried_forward_row == f->application_row_count - 1);
    return s;
}

/* ---- Generating a report ---- */

static const char *const AGENCY_PLACES[] = {"宽城满族自治县", "淮安市", "淮安市洪泽区", "上海市", "平潭综合实验区", "某某县"};
static const char *const AGENCY_KINDS[] = {"人民政府办公室", "人民政府", "教育局", "自然资源和规划局", "人民政府办公厅"};

static void set_random_decimal(report *r, rng *g, int cell, enum value_kind kind)
{
    char text[48];
    if (kind == VALUE_AMOUNT_TEXT) {
        snprintf(text, sizeof text, "%lld元", (long long)rng_range(g, 0, 9999999));
    } else {
        int64_t unit = 1;
        for (int digits = (int)rng_range(g, 0, 6); digits < 6; digits++) unit *= 10;
        format_millionths(rng_range(g, 0, 99999) * 1000000 + rng_range(g, 0, 999999) / unit * unit, text);
    }
    assert_int_equal(report_set_decimal_text(r, cell, text), 0);
}

static void generate_proactive(report *r, rng *g, bool blanks)
{
    const report_format *f = r->format;
    for (int item = 0; item < f->proactive_count; item++) {
        for (int field = 0; field < f->proactive[item].field_count; field++) {
            int cell = format_proactive_cell(f, item, field);
            enum value_kind kind = f->proactive[item].fields[field].kind;
            if (kind == VALUE_DECIMAL || kind == VALUE_AMOUNT_TEXT) {
                set_random_decimal(r, g, cell, kind);
            } else {
                int64_t value = kind == VALUE_CHANGE ? rng_range(g, -20, 20) : random_count(g);
                report_set_count(r, cell, value);
                if (blanks && value == 0 && rng_percent(g, 30)) report_set_blank(r, cell);
            }
        }
    }
}

/* Table 三 built so that R1–R3 hold: results per column, their sum as （七）总计, a random split of the inflow. */
static void generate_applications(report *r, rng *g, bool blanks)
{
    const report_format *f = r->format;
    table3_shape s = shape_of(f);
    int64_t v[32][APPLICATION_COLUMNS] = {{0}};
    for (int col = 0; col < APPLICATION_TOTAL_COLUMN; col++) {
        bool busy = col == 0 || rng_percent(g, 40);
        for (int row = s.first_result; row <= s.last_result; row++) {
            v[row][col] = busy ? random_count(g) : 0;
            v[s.total_row][col] += v[row][col];
        }
        v[s.carried_forward_row][col] = busy && rng_percent(g, 50) ? rng_range(g, 0, 30) : 0;
        int64_t outflow = v[s.total_row][col] + v[s.carried_forward_row][col];
        v[1][col] = rng_range(g, 0, outflow / 3);
        v[0][col] = outflow - v[1][col];
    }
    for (int row = 0; row < f->application_row_count; row++) {
        for (int col = 0; col < APPLICATION_TOTAL_COLUMN; col++) v[row][APPLICATION_TOTAL_COLUMN] += v[row][col];
        for (int col = 0; col < APPLICATION_COLUMNS; col++) {
            int cell = format_application_cell(f, row, col);
            report_set_count(r, cell, v[row][col]);
            /* 2019-style blanks where the rules still hold: a zero, or a total the checker derives from its row. */
            bool is_total = col == APPLICATION_TOTAL_COLUMN;
            if (blanks && ((v[row][col] == 0 && rng_percent(g, 60)) || (is_total && rng_percent(g, 25))))
                report_set_blank(r, cell);
        }
    }
}

static void generate_appeals(report *r, rng *g, bool blanks)
{
    for (int block = 0; block < APPEAL_BLOCKS; block++) {
        int64_t total = 0;
        for (int field = 0; field <= APPEAL_TOTAL_FIELD; field++) {
            int64_t value = field == APPEAL_TOTAL_FIELD ? total : (rng_percent(g, 60) ? 0 : rng_range(g, 1, 400));
            total += value;
            int cell = format_appeal_cell(r->format, block, field);
            report_set_count(r, cell, value);
            if (blanks && value == 0 && rng_percent(g, 60)) report_set_blank(r, cell);
        }
    }
}

static report *generate_report(int case_index)
{
    rng g = case_rng(case_index);
    const report_format *f = case_index % 2 ? &FORMAT_2019 : &FORMAT_2021;
    report *r = report_new(f);
    r->year = (int)rng_range(&g, f->first_year, f->last_year ? f->last_year : f->first_year + 4);
    char agency[128];
    snprintf(agency, sizeof agency, "%s%s", AGENCY_PLACES[rng_range(&g, 0, 5)], AGENCY_KINDS[rng_range(&g, 0, 4)]);
    report_set_agency(r, agency);
    report_set_text(r, TEXT_OVERVIEW, "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。");
    report_set_text(r, TEXT_PROBLEMS, "政务公开的标准化、规范化水平还需提高。下一步将加强培训。");
    report_set_text(r, TEXT_OTHER, "本年度未收取信息处理费。");
    bool blanks = rng_percent(&g, 35);
    generate_proactive(r, &g, blanks);
    generate_applications(r, &g, blanks);
    generate_appeals(r, &g, blanks);
    return r;
}

/* ---- Comparing ---- */

static void describe_cell(const report_format *f, int cell, char *out, size_t size)
{
    cell_address a;
    format_cell_address(f, cell, &a);
    snprintf(out, size, "%s “%s”行 “%s”栏 (%s/%s)", table_short_name(a.table), a.row_label, a.column_label, a.row_key,
             a.column_key);
}

static void describe_value(const report_cell *c, char *out, size_t size)
{
    if (c->state == CELL_ABSENT) snprintf(out, size, "absent");
    else if (c->state == CELL_BLANK) snprintf(out, size, "blank");
    else if (c->text) snprintf(out, size, "\"%s\" (%lld)", c->text, (long long)c->value);
    else snprintf(out, size, "%lld", (long long)c->value);
}

static bool same_cell(const report_cell *a, const report_cell *b)
{
    if (a->state != b->state) return false;
    if (a->state != CELL_VALUE) return true;
    if (a->value != b->value) return false;
    return !a->text || (b->text && strcmp(a->text, b->text) == 0);
}

/* Returns the number of differences, printing the first few. */
static int compare_reports(const report *want, const report *got, const char *what)
{
    int differences = 0;
    if (want->format != got->format) {
        fprintf(stderr, "%s: format %s read back as %s\n", what, want->format->name, got->format->name);
        return 1;
    }
    if (want->year != got->year) {
        fprintf(stderr, "%s: year %d read back as %d\n", what, want->year, got->year);
        differences++;
    }
    if (!got->agency || strcmp(want->agency, got->agency) != 0) {
        fprintf(stderr, "%s: agency “%s” read back as “%s”\n", what, want->agency, got->agency ? got->agency : "(none)");
        differences++;
    }
    for (int cell = 0; cell < want->format->cell_count; cell++) {
        if (same_cell(&want->cells[cell], &got->cells[cell])) continue;
        if (++differences > 10) continue;
        char where[512], expected[96], actual[96];
        describe_cell(want->format, cell, where, sizeof where);
        describe_value(&want->cells[cell], expected, sizeof expected);
        describe_value(&got->cells[cell], actual, sizeof actual);
        fprintf(stderr, "%s: %s: wrote %s, read back %s\n", what, where, expected, actual);
    }
    return differences;
}

/* ---- Corrupting one cell and predicting the rules it breaks ---- */

typedef struct rule_place {
    char rule[8];
    int row, column; /* as the checker's diagnostic carries them */
} rule_place;

static rule_place place(const char *rule, int row, int column)
{
    rule_place p = {"", row, column};
    snprintf(p.rule, sizeof p.rule, "%s", rule);
    return p;
}

/* Makes a blank cell a printed value equal to what the checker read for it, so the change below is the only one. */
static void make_printed(report *r, int cell, int64_t value)
{
    if (r->cells[cell].state != CELL_VALUE) report_set_count(r, cell, value);
}

static int64_t random_delta(rng *g, int64_t current)
{
    int64_t delta;
    do delta = rng_range(g, -current, 50);
    while (delta == 0);
    return delta;
}

/* Changes one table 三 cell; writes the errors it must cause into want and returns their count. */
static int corrupt_application(report *r, rng *g, rule_place *want)
{
    const report_format *f = r->format;
    table3_shape s = shape_of(f);
    int row = (int)rng_range(g, 0, f->application_row_count - 1);
    int col = (int)rng_range(g, 0, APPLICATION_COLUMNS - 1);
    make_printed(r, format_application_cell(f, row, APPLICATION_TOTAL_COLUMN),
                 check_effective_application(r, row, APPLICATION_TOTAL_COLUMN));
    int cell = format_application_cell(f, row, col);
    int64_t current = check_effective_application(r, row, col);
    report_set_count(r, cell, current + random_delta(g, current));
    int n = 0;
    want[n++] = place("R2", row, APPLICATION_TOTAL_COLUMN);
    bool inflow = row < s.first_result, result = row >= s.first_result && row <= s.last_result;
    if (inflow || row == s.total_row || row == s.carried_forward_row) want[n++] = place("R1", -1, col);
    if (result || row == s.total_row) want[n++] = place("R3", s.total_row, col);
    return n;
}

/* Changes one table 四 cell: R4 for its block. */
static int corrupt_appeal(report *r, rng *g, rule_place *want)
{
    int block = (int)rng_range(g, 0, APPEAL_BLOCKS - 1), field = (int)rng_range(g, 0, APPEAL_FIELDS - 1);
    int total_cell = format_appeal_cell(r->format, block, APPEAL_TOTAL_FIELD);
    int64_t sum = 0;
    for (int k = 0; k < APPEAL_TOTAL_FIELD; k++) sum += report_appeal(r, block, k);
    make_printed(r, total_cell, sum);
    int cell = format_appeal_cell(r->format, block, field);
    int64_t current = report_appeal(r, block, field);
    report_set_count(r, cell, current + random_delta(g, current));
    want[0] = place("R4", block, APPEAL_TOTAL_FIELD);
    return 1;
}

static int compare_places(const void *a, const void *b)
{
    const rule_place *x = a, *y = b;
    int c = strcmp(x->rule, y->rule);
    if (c) return c;
    return x->row != y->row ? x->row - y->row : x->column - y->column;
}

static void print_places(const char *title, const rule_place *p, size_t n)
{
    fprintf(stderr, "  %s:", title);
    for (size_t i = 0; i < n; i++) fprintf(stderr, " %s(row %d, column %d)", p[i].rule, p[i].row, p[i].column);
    fputc('\n', stderr);
}

/* The hard-rule errors of r, as places. */
static size_t error_places(const report *r, rule_place *out, size_t max, diag_list *diags)
{
    report_check(r, NULL, diags);
    size_t n = 0;
    for (size_t i = 0; i < diags->count; i++) {
        const diagnostic *d = &diags->items[i];
        if (d->severity != SEVERITY_ERROR) continue;
        if (n < max) out[n] = place(d->rule, d->row, d->column);
        n++;
    }
    return n;
}

/* Corrupts one cell of a copy of r and demands that the checker names exactly the predicted rules. */
static bool corruption_is_named(const report *r, rng *g, const char *what)
{
    report *bad = report_clone(r);
    rule_place want[MAX_EXPECTED], got[MAX_EXPECTED * 4];
    size_t want_n = rng_percent(g, 75) ? (size_t)corrupt_application(bad, g, want) : (size_t)corrupt_appeal(bad, g, want);
    diag_list diags = DIAG_LIST_INIT;
    size_t got_n = error_places(bad, got, MAX_EXPECTED * 4, &diags);
    qsort(want, want_n, sizeof want[0], compare_places);
    qsort(got, got_n < MAX_EXPECTED * 4 ? got_n : MAX_EXPECTED * 4, sizeof got[0], compare_places);
    bool same = want_n == got_n;
    for (size_t i = 0; same && i < want_n; i++) same = compare_places(&want[i], &got[i]) == 0;
    if (!same) {
        fprintf(stderr, "%s: after changing one cell the checker named the wrong rules\n", what);
        print_places("expected", want, want_n);
        print_places("got", got, got_n < MAX_EXPECTED * 4 ? got_n : MAX_EXPECTED * 4);
        for (size_t i = 0; i < diags.count; i++)
            if (diags.items[i].severity == SEVERITY_ERROR) fprintf(stderr, "    %s %s\n", diags.items[i].rule, diags.items[i].message);
    }
    diag_list_free(&diags);
    report_free(bad);
    return same;
}

/* ---- Tests ---- */

static void test_generated_reports_hold_the_rules(void **state)
{
    for (int i = 0; i < CASES; i++) {
        report *r = generate_report(i);
        rule_place got[8];
        diag_list diags = DIAG_LIST_INIT;
        size_t errors = error_places(r, got, 8, &diags);
        if (errors) {
            fprintf(stderr, "generated case %d (%s format) breaks a rule:\n", i, r->format->name);
            for (size_t k = 0; k < diags.count; k++) fprintf(stderr, "  %s %s\n", diags.items[k].rule, diags.items[k].message);
        }
        diag_list_free(&diags);
        report_free(r);
        assert_int_equal(errors, 0);
    }
}

static void test_one_changed_cell_breaks_exactly_its_rules(void **state)
{
    int failures = 0;
    for (int i = 0; i < CASES; i++) {
        report *r = generate_report(i);
        rng g = case_rng(i + CASES);
        char what[64];
        snprintf(what, sizeof what, "case %d (%s format)", i, r->format->name);
        for (int k = 0; k < CORRUPTIONS_PER_CASE * 4; k++) failures += !corruption_is_named(r, &g, what);
        report_free(r);
        if (failures > 5) break;
    }
    assert_int_equal(failures, 0);
}

typedef void (*render_fn)(const report *r, buf *out);
static void render_html(const report *r, buf *out) { export_html(r, NULL, out); }

typedef struct layout {
    const char *name;
    const char *file_name; /* given to import_buffer, as a file's name would be */
    render_fn render;
} layout;

static const layout LAYOUTS[] = {
    {"html", "property.html", render_html},
    {"markdown", "property.md", export_markdown},
    {"text, one cell per line", "property.txt", export_text_cell_per_line},
    {"text, columns aligned by spaces", "property-layout.txt", export_text_aligned},
};

/* Keeps the first failing document for whoever debugs it. */
static void save_document(const buf *doc, const char *layout_name, int case_index)
{
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[512];
    snprintf(path, sizeof path, "%s/gongkai-property-case%d-%.4s.out", dir, case_index, layout_name);
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fwrite(buf_cstr(doc), 1, doc->len, f);
    fclose(f);
    fprintf(stderr, "  the document is in %s\n", path);
}

static void run_roundtrip(const layout *l)
{
    int failures = 0;
    for (int i = 0; i < CASES && failures < 3; i++) {
        report *r = generate_report(i);
        buf doc = BUF_INIT;
        l->render(r, &doc);
        char *error = NULL;
        report *back = import_buffer(doc.data, doc.len, l->file_name, &error);
        char what[128];
        snprintf(what, sizeof what, "case %d (%s format) in %s", i, r->format->name, l->name);
        bool ok = back != NULL;
        if (!back) fprintf(stderr, "%s: not read back: %s\n", what, error ? error : "(no message)");
        else ok = compare_reports(r, back, what) == 0;
        if (ok) {
            rng g = case_rng(i + 7 * CASES);
            for (int k = 0; k < CORRUPTIONS_PER_CASE && ok; k++) ok = corruption_is_named(back, &g, what);
        }
        if (!ok) {
            save_document(&doc, l->name, i);
            failures++;
        }
        free(error);
        report_free(back);
        buf_free(&doc);
        report_free(r);
    }
    assert_int_equal(failures, 0);
}

static void test_roundtrip_html(void **state) { run_roundtrip(&LAYOUTS[0]); }
static void test_roundtrip_markdown(void **state) { run_roundtrip(&LAYOUTS[1]); }
static void test_roundtrip_cell_per_line(void **state) { run_roundtrip(&LAYOUTS[2]); }
static void test_roundtrip_aligned_text(void **state) { run_roundtrip(&LAYOUTS[3]); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_reports_hold_the_rules),
        cmocka_unit_test(test_one_changed_cell_breaks_exactly_its_rules),
        cmocka_unit_test(test_roundtrip_html),
        cmocka_unit_test(test_roundtrip_markdown),
        cmocka_unit_test(test_roundtrip_cell_per_line),
        cmocka_unit_test(test_roundtrip_aligned_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
