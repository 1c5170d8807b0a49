/* test_corpus: imports every real report of ../shared/corpus and compares it, cell by cell, with the hand-checked
 * NNN.expected.json beside it (format, year, agency, every cell including null for blank cells), compares the
 * canonical JSON export with the same file, and checks that the checker reports exactly the hard-rule errors
 * really printed in the report (expected_errors), a B warning for each blank cell and the S warning for a
 * （六）其他处理 printed as one row. */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "export/export.h"
#include "import/import.h"
#include "import/json_reader.h"
#include "report/check.h"

/* Reports that must match their expected file exactly: all of the corpus since the glued-digit decoder (006–008).
 * A report added to the corpus but not listed here is compared and its mismatches printed, but reported as
 * skipped until it passes: then add its id. */
static const char *const MUST_PASS[] = {"001", "002", "003", "004", "005", "006", "007", "008"};
/* Reports that print （六）其他处理 as one row in a 2021-format table: the checker must say so (an S warning). */
static const char *const OTHER_NOT_SPLIT[] = {"003", "004"};

#define MAX_PRINTED_MISMATCHES 25

typedef struct corpus_case {
    char id[4];         /* "001" */
    char *report_path;  /* the .txt or .html */
    char *expected_path;
} corpus_case;

/* The findings about one report file. */
typedef struct findings {
    const char *file;
    int count;
} findings;

static bool id_listed(const char *id, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], id) == 0) return true;
    return false;
}
#define ID_IN(id, list) id_listed(id, list, sizeof list / sizeof list[0])

static void mismatch(findings *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mismatch(findings *f, const char *fmt, ...)
{
    if (++f->count > MAX_PRINTED_MISMATCHES) return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "  %s: ", f->file);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* "表三 “（七）总计”行 “自然人”栏 (total/natural_person)" */
static void describe_cell(const report_format *fmt, int cell, char *out, size_t size)
{
    cell_address a;
    format_cell_address(fmt, cell, &a);
    snprintf(out, size, "%s “%s”行 “%s”栏 (%s/%s)", table_short_name(a.table), a.row_label, a.column_label, a.row_key,
             a.column_key);
}

static const char *cell_state_name(const report_cell *c) { return c->state == CELL_BLANK ? "null(空白)" : "缺失"; }

/* Compares one cell with its expected JSON value: null → BLANK, integer → that count, string → that decimal. */
static void compare_cell(findings *f, const report *r, int cell, const json_t *want)
{
    const report_cell *c = report_cell_at(r, cell);
    char where[512];
    describe_cell(r->format, cell, where, sizeof where);
    if (json_is_null(want)) {
        if (c->state == CELL_VALUE) mismatch(f, "%s: expected null, got %lld", where, (long long)c->value);
        else if (c->state != CELL_BLANK) mismatch(f, "%s: expected null, got %s", where, cell_state_name(c));
        return;
    }
    int64_t expected;
    char expected_text[64];
    if (json_is_integer(want)) {
        expected = json_integer_value(want);
        snprintf(expected_text, sizeof expected_text, "%lld", (long long)expected);
    } else if (json_is_string(want)) {
        cell_address a;
        format_cell_address(r->format, cell, &a);
        snprintf(expected_text, sizeof expected_text, "\"%s\"", json_string_value(want));
        if (parse_decimal_millionths(json_string_value(want), a.kind == VALUE_AMOUNT_TEXT, &expected) != 0) {
            mismatch(f, "%s: expected file holds %s, not a number", where, expected_text);
            return;
        }
    } else {
        mismatch(f, "%s: expected file holds a value of an unknown type", where);
        return;
    }
    if (c->state != CELL_VALUE) {
        mismatch(f, "%s: expected %s, got %s", where, expected_text, cell_state_name(c));
    } else if (c->value != expected) {
        if (c->text) mismatch(f, "%s: expected %s, got \"%s\"", where, expected_text, c->text);
        else mismatch(f, "%s: expected %s, got %lld", where, expected_text, (long long)c->value);
    }
}

static int field_index(const field_def *fields, int count, const char *key)
{
    for (int i = 0; i < count; i++)
        if (strcmp(fields[i].key, key) == 0) return i;
    return -1;
}

static void compare_proactive(findings *f, const report *r, const json_t *expected)
{
    const char *item_key;
    const json_t *item_json;
    json_object_foreach((json_t *)expected, item_key, item_json) {
        int item = format_proactive_item(r->format, item_key);
        if (item < 0) {
            mismatch(f, "表二: row \"%s\" of the expected file does not exist in our %s format", item_key,
                     r->format->name);
            continue;
        }
        const proactive_item_def *def = &r->format->proactive[item];
        const char *field_key;
        const json_t *value;
        json_object_foreach((json_t *)item_json, field_key, value) {
            int field = field_index(def->fields, def->field_count, field_key);
            if (field < 0) mismatch(f, "表二 “%s”: no column \"%s\" in our format", def->label, field_key);
            else compare_cell(f, r, format_proactive_cell(r->format, item, field), value);
        }
    }
}

static int application_column_index(const char *key)
{
    for (int i = 0; i < APPLICATION_COLUMNS; i++)
        if (strcmp(APPLICATION_COLUMN_DEFS[i].key, key) == 0) return i;
    return -1;
}

static void compare_applications(findings *f, const report *r, const json_t *expected)
{
    const json_t *columns = json_object_get(expected, REPORT_JSON_KEY_COLUMNS);
    const json_t *rows = json_object_get(expected, REPORT_JSON_KEY_ROWS);
    int column_of[APPLICATION_COLUMNS];
    size_t column_count = json_array_size(columns);
    assert_int_equal(column_count, APPLICATION_COLUMNS);
    for (size_t i = 0; i < column_count; i++) {
        column_of[i] = application_column_index(json_string_value(json_array_get(columns, i)));
        assert_true(column_of[i] >= 0);
    }
    const char *row_key;
    const json_t *values;
    json_object_foreach((json_t *)rows, row_key, values) {
        int row = format_application_row(r->format, row_key);
        if (row < 0) {
            mismatch(f, "表三: row \"%s\" of the expected file does not exist in our %s format", row_key,
                     r->format->name);
            continue;
        }
        for (size_t i = 0; i < json_array_size(values) && i < column_count; i++)
            compare_cell(f, r, format_application_cell(r->format, row, column_of[i]), json_array_get(values, i));
    }
}

static void compare_appeals(findings *f, const report *r, const json_t *expected)
{
    for (int block = 0; block < APPEAL_BLOCKS; block++) {
        const json_t *block_json = json_object_get(expected, APPEAL_BLOCK_DEFS[block].key);
        if (!block_json) continue;
        const char *field_key;
        const json_t *value;
        json_object_foreach((json_t *)block_json, field_key, value) {
            int field = field_index(APPEAL_FIELD_DEFS, APPEAL_FIELDS, field_key);
            if (field < 0) mismatch(f, "表四 %s: unknown column \"%s\"", APPEAL_BLOCK_DEFS[block].label, field_key);
            else compare_cell(f, r, format_appeal_cell(r->format, block, field), value);
        }
    }
    const char *block_key;
    const json_t *unused;
    json_object_foreach((json_t *)expected, block_key, unused) {
        bool known = false;
        for (int block = 0; block < APPEAL_BLOCKS; block++) known |= strcmp(APPEAL_BLOCK_DEFS[block].key, block_key) == 0;
        if (!known) mismatch(f, "表四: unknown block \"%s\"", block_key);
    }
}

static void compare_string(findings *f, const char *what, const json_t *want, const char *got)
{
    if (!want) return;
    const char *expected = json_string_value(want);
    if (!got || !expected || strcmp(expected, got) != 0)
        mismatch(f, "%s: expected \"%s\", got \"%s\"", what, expected ? expected : "(null)", got ? got : "(null)");
}

/* The report value against the expected file: header fields and every cell the expected file lists. */
static void compare_report(findings *f, const report *r, const json_t *expected)
{
    compare_string(f, "format", json_object_get(expected, REPORT_JSON_KEY_FORMAT), r->format->name);
    compare_string(f, "agency", json_object_get(expected, REPORT_JSON_KEY_AGENCY), r->agency);
    json_int_t year = json_integer_value(json_object_get(expected, REPORT_JSON_KEY_YEAR));
    if (year != r->year) mismatch(f, "year: expected %lld, got %d", (long long)year, r->year);
    if (strcmp(json_string_value(json_object_get(expected, REPORT_JSON_KEY_FORMAT)), r->format->name) != 0)
        return; /* the cells of another format cannot be compared one by one */
    const json_t *part;
    if ((part = json_object_get(expected, REPORT_JSON_KEY_PROACTIVE))) compare_proactive(f, r, part);
    if ((part = json_object_get(expected, REPORT_JSON_KEY_APPLICATIONS))) compare_applications(f, r, part);
    if ((part = json_object_get(expected, REPORT_JSON_KEY_APPEALS))) compare_appeals(f, r, part);
    const json_t *text = json_object_get(expected, REPORT_JSON_KEY_TEXT);
    for (int t = 0; text && t < TEXT_COUNT; t++)
        compare_string(f, REPORT_TEXT_KEYS[t], json_object_get(text, REPORT_TEXT_KEYS[t]), r->text[t]);
}

/* Every key and value of `expected` must be in `got` (our export), recursively; path names the place. */
static void compare_json(findings *f, const json_t *expected, const json_t *got, char *path, size_t path_size)
{
    size_t path_len = strlen(path);
    if (!got) {
        mismatch(f, "export_json: %s missing", path);
    } else if (json_is_object(expected)) {
        const char *key;
        const json_t *value;
        json_object_foreach((json_t *)expected, key, value) {
            if (path_len == 0 && strcmp(key, "expected_errors") == 0) continue;
            snprintf(path + path_len, path_size - path_len, "%s%s", path_len ? "." : "", key);
            compare_json(f, value, json_object_get(got, key), path, path_size);
        }
    } else if (json_is_array(expected)) {
        if (!json_is_array(got) || json_array_size(got) != json_array_size(expected)) {
            mismatch(f, "export_json: %s should be an array of %zu", path, json_array_size(expected));
        } else {
            for (size_t i = 0; i < json_array_size(expected); i++) {
                snprintf(path + path_len, path_size - path_len, "[%zu]", i);
                compare_json(f, json_array_get(expected, i), json_array_get(got, i), path, path_size);
            }
        }
    } else if (!json_equal((json_t *)expected, (json_t *)got)) {
        char *want = json_dumps(expected, JSON_ENCODE_ANY), *have = json_dumps(got, JSON_ENCODE_ANY);
        mismatch(f, "export_json: %s expected %s, got %s", path, want, have);
        free(want);
        free(have);
    }
    path[path_len] = '\0';
}

static void compare_export(findings *f, const report *r, const json_t *expected)
{
    buf out = BUF_INIT;
    export_json(r, &out);
    json_error_t error;
    json_t *got = json_loads(buf_cstr(&out), 0, &error);
    if (!got) {
        mismatch(f, "export_json wrote invalid JSON (line %d: %s)", error.line, error.text);
    } else {
        char path[256] = "";
        compare_json(f, expected, got, path, sizeof path);
    }
    json_decref(got);
    buf_free(&out);
}

static int compare_rule_ids(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Hard-rule errors as a multiset of rule ids against expected_errors. */
static void compare_errors(findings *f, const diag_list *diags, const json_t *expected_errors)
{
    const char *got[64], *want[64];
    size_t got_n = 0, want_n = 0;
    for (size_t i = 0; i < diags->count && got_n < 64; i++)
        if (diags->items[i].severity == SEVERITY_ERROR) got[got_n++] = diags->items[i].rule;
    for (size_t i = 0; i < json_array_size(expected_errors) && want_n < 64; i++)
        want[want_n++] = json_string_value(json_array_get(expected_errors, i));
    qsort(got, got_n, sizeof got[0], compare_rule_ids);
    qsort(want, want_n, sizeof want[0], compare_rule_ids);
    bool same = got_n == want_n;
    for (size_t i = 0; same && i < got_n; i++) same = strcmp(got[i], want[i]) == 0;
    if (same) return;
    buf text = BUF_INIT;
    for (size_t i = 0; i < want_n; i++) buf_printf(&text, "%s ", want[i]);
    buf_puts(&text, "] but the checker found [ ");
    for (size_t i = 0; i < diags->count; i++)
        if (diags->items[i].severity == SEVERITY_ERROR)
            buf_printf(&text, "%s(%s) ", diags->items[i].rule, diags->items[i].message);
    mismatch(f, "hard-rule errors: expected [ %s]", buf_cstr(&text));
    buf_free(&text);
}

static bool has_blank_warning(const diag_list *diags, const report *r, int cell)
{
    cell_address a;
    format_cell_address(r->format, cell, &a);
    for (size_t i = 0; i < diags->count; i++) {
        const diagnostic *d = &diags->items[i];
        if (strcmp(d->rule, "B") == 0 && d->table == a.table && d->row == a.row && d->column == a.column) return true;
    }
    return false;
}

/* Every blank cell must carry a B warning. */
static void compare_blank_warnings(findings *f, const report *r, const diag_list *diags)
{
    for (int cell = 0; cell < r->format->cell_count; cell++) {
        if (r->cells[cell].state != CELL_BLANK) continue; /* compare_report demands BLANK = expected null */
        if (!has_blank_warning(diags, r, cell)) {
            char where[512];
            describe_cell(r->format, cell, where, sizeof where);
            mismatch(f, "%s is blank but has no B warning", where);
        }
    }
}

static size_t count_expected_nulls(const json_t *value)
{
    if (json_is_null(value)) return 1;
    size_t n = 0;
    if (json_is_object(value)) {
        const char *key;
        const json_t *child;
        json_object_foreach((json_t *)value, key, child) n += count_expected_nulls(child);
    } else if (json_is_array(value)) {
        for (size_t i = 0; i < json_array_size(value); i++) n += count_expected_nulls(json_array_get(value, i));
    }
    return n;
}

static void check_other_not_split(findings *f, const report *r, const diag_list *diags)
{
    int row = format_other_catch_all_row(r->format);
    for (size_t i = 0; i < diags->count; i++) {
        const diagnostic *d = &diags->items[i];
        if (strcmp(d->rule, "S") == 0 && d->table == TABLE_APPLICATIONS && d->row == row) return;
    }
    mismatch(f, "no S warning for （六）其他处理 printed as one row");
}

static void check_diagnostics(findings *f, const corpus_case *c, const report *r, const json_t *expected)
{
    diag_list diags = DIAG_LIST_INIT;
    report_check(r, NULL, &diags);
    compare_errors(f, &diags, json_object_get(expected, "expected_errors"));
    compare_blank_warnings(f, r, &diags);
    size_t nulls = count_expected_nulls(expected);
    if (diag_count_rule(&diags, "B") != nulls) /* one B warning per blank cell, no other */
        mismatch(f, "the expected file has %zu null cells, the checker gave %zu B warnings", nulls,
                 diag_count_rule(&diags, "B"));
    if (ID_IN(c->id, OTHER_NOT_SPLIT)) check_other_not_split(f, r, &diags);
    diag_list_free(&diags);
}

static void test_corpus_report(void **state)
{
    const corpus_case *c = *state;
    findings f = {strrchr(c->report_path, '/') + 1, 0};
    json_error_t json_error;
    json_t *expected = json_load_file(c->expected_path, 0, &json_error);
    if (!expected) {
        fprintf(stderr, "%s: %s (line %d)\n", c->expected_path, json_error.text, json_error.line);
        fail();
    }
    char *error = NULL;
    report *r = import_file(c->report_path, &error);
    if (!r) {
        mismatch(&f, "import failed: %s", error ? error : "(no message)");
    } else {
        compare_report(&f, r, expected);
        compare_export(&f, r, expected);
        check_diagnostics(&f, c, r, expected);
    }
    if (f.count > MAX_PRINTED_MISMATCHES)
        fprintf(stderr, "  %s: … %d more mismatches not shown\n", f.file, f.count - MAX_PRINTED_MISMATCHES);
    free(error);
    report_free(r);
    json_decref(expected);
    bool must_pass = ID_IN(c->id, MUST_PASS);
    if (f.count == 0) {
        if (!must_pass) fprintf(stderr, "  %s now matches its expected file: add %s to MUST_PASS\n", f.file, c->id);
        return;
    }
    fprintf(stderr, "  %s: %d mismatches with %s.expected.json\n", f.file, f.count, c->id);
    if (!must_pass) {
        fprintf(stderr, "  %s: known failing (not in MUST_PASS yet) — skipped\n", f.file);
        skip();
    }
    fail();
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static char *path_join(const char *dir, const char *name)
{
    buf b = BUF_INIT;
    buf_printf(&b, "%s/%s", dir, name);
    return buf_detach(&b);
}

static int compare_case_paths(const void *a, const void *b)
{
    return strcmp(((const corpus_case *)a)->report_path, ((const corpus_case *)b)->report_path);
}

/* Every NNN_*.txt / NNN_*.html with a NNN.expected.json beside it, sorted by name. */
static corpus_case *find_cases(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    corpus_case *cases = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *name = e->d_name;
        if (strlen(name) < 5 || name[3] != '_' || !(has_suffix(name, ".txt") || has_suffix(name, ".html"))) continue;
        char expected_name[32];
        snprintf(expected_name, sizeof expected_name, "%.3s.expected.json", name);
        char *expected_path = path_join(dir, expected_name);
        FILE *probe = fopen(expected_path, "r");
        if (!probe) {
            free(expected_path);
            continue;
        }
        fclose(probe);
        if (n == cap) cases = xrealloc(cases, (cap = cap ? cap * 2 : 16) * sizeof *cases);
        corpus_case *c = &cases[n++];
        snprintf(c->id, sizeof c->id, "%.3s", name);
        c->report_path = path_join(dir, name);
        c->expected_path = expected_path;
    }
    closedir(d);
    qsort(cases, n, sizeof *cases, compare_case_paths);
    *count = n;
    return cases;
}

int main(void)
{
    const char *dir = test_corpus_dir();
    if (!dir) {
        fprintf(stderr, "corpus not found (GONGKAI_CORPUS): skipped\n");
        return TEST_SKIPPED;
    }
    size_t count;
    corpus_case *cases = find_cases(dir, &count);
    struct CMUnitTest *tests = xcalloc(count ? count : 1, sizeof *tests);
    for (size_t i = 0; i < count; i++) {
        tests[i] = (struct CMUnitTest)cmocka_unit_test_prestate(test_corpus_report, &cases[i]);
        tests[i].name = strrchr(cases[i].report_path, '/') + 1;
    }
    /* Every must-pass id must be present: a corpus without them is not the corpus these tests are about. */
    for (size_t m = 0; m < sizeof MUST_PASS / sizeof MUST_PASS[0]; m++) {
        bool found = false;
        for (size_t i = 0; i < count; i++) found |= strcmp(cases[i].id, MUST_PASS[m]) == 0;
        if (!found) {
            fprintf(stderr, "corpus %s has no report %s\n", dir, MUST_PASS[m]);
            return 1;
        }
    }
    int failed = _cmocka_run_group_tests("corpus", tests, count, NULL, NULL);
    for (size_t i = 0; i < count; i++) {
        free(cases[i].report_path);
        free(cases[i].expected_path);
    }
    free(cases);
    free(tests);
    return failed ? 1 : 0;
}
