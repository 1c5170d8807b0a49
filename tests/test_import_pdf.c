/* test_import_pdf: the PDF importer. The corpus PDFs 002–004 import exactly as their hand-checked NNN.expected.json,
 * cell by cell (skipped without the corpus); the committed fixtures (tests/data/pdf, made by make_fixtures.sh) of
 * both formats import as the report they were drawn from, upright, turned a quarter and permission-restricted; an
 * encrypted PDF and a scanned one are refused with the clerk's message; cut, damaged, huge and page-flooded PDFs
 * are refused without a crash; the text keeps a table row on one line with its seven values; two threads read
 * PDFs at once and get the same text as one. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "import/import.h"
#include "import/json_reader.h"
#include "import/pdf.h"
#include "report/format.h"
#include "report/report.h"

static const char *const CORPUS_PDFS[][2] = {
    {"002", "pdf/002_huaian-shizhengfu_2024.pdf"},
    {"003", "pdf/003_hongze-quzhengfu_2023.pdf"},
    {"004", "pdf/004_hongze-quzhengfu_2024.pdf"},
};

static char *fixture_path(const char *name)
{
    buf b = BUF_INIT;
    buf_printf(&b, "%s/tests/data/pdf/%s", test_source_dir(), name);
    return buf_detach(&b);
}

static char *read_fixture(const char *name, size_t *len)
{
    char *path = fixture_path(name);
    char *data = test_read_file(path, len);
    free(path);
    return data;
}

static report *read_expected(const char *path)
{
    size_t len;
    char *json = test_read_file(path, &len);
    char *error = NULL;
    report *r = json_read_report(json, len, path, &error);
    if (!r) fprintf(stderr, "%s\n", error);
    assert_non_null(r);
    free(json);
    return r;
}

/* Every cell, the format, year and agency of got against want; prints each difference. Returns their number. */
static int count_differences(const char *name, const report *got, const report *want)
{
    int differences = 0;
    if (got->format != want->format) {
        fprintf(stderr, "%s: format %s, expected %s\n", name, got->format->name, want->format->name);
        return 1;
    }
    if (got->year != want->year) fprintf(stderr, "%s: year %d, expected %d\n", name, got->year, want->year), differences++;
    if (!got->agency || !want->agency || strcmp(got->agency, want->agency) != 0) {
        fprintf(stderr, "%s: agency %s, expected %s\n", name, got->agency ? got->agency : "(none)",
                want->agency ? want->agency : "(none)");
        differences++;
    }
    for (int cell = 0; cell < want->format->cell_count; cell++) {
        const report_cell *g = report_cell_at(got, cell), *w = report_cell_at(want, cell);
        bool same = g->state == w->state && (w->state != CELL_VALUE || g->value == w->value);
        if (same) continue;
        cell_address at;
        format_cell_address(want->format, cell, &at);
        fprintf(stderr, "%s: %s %s/%s: state %d value %lld, expected state %d value %lld\n", name,
                table_short_name(at.table), at.row_key, at.column_key, g->state, (long long)g->value, w->state,
                (long long)w->value);
        differences++;
    }
    return differences;
}

/* Imports the PDF (bytes as given) and compares it with the expected JSON file. */
static void assert_imports_as(const char *name, const char *data, size_t len, const char *expected_path)
{
    char *error = NULL;
    report *got = import_buffer(data, len, name, &error);
    if (!got) fprintf(stderr, "%s: %s\n", name, error);
    assert_non_null(got);
    report *want = read_expected(expected_path);
    assert_int_equal(count_differences(name, got, want), 0);
    report_free(got);
    report_free(want);
}

static void corpus_pdfs_import_cell_exact(void **state)
{
    (void)state;
    const char *corpus = test_corpus_dir();
    if (!corpus) skip();
    for (size_t i = 0; i < sizeof CORPUS_PDFS / sizeof CORPUS_PDFS[0]; i++) {
        buf pdf_path = BUF_INIT, expected_path = BUF_INIT;
        buf_printf(&pdf_path, "%s/%s", corpus, CORPUS_PDFS[i][1]);
        buf_printf(&expected_path, "%s/%s.expected.json", corpus, CORPUS_PDFS[i][0]);
        size_t len;
        char *data = test_read_file(pdf_path.data, &len);
        assert_imports_as(pdf_path.data, data, len, expected_path.data);
        free(data);
        buf_free(&pdf_path);
        buf_free(&expected_path);
    }
}

static void assert_fixture_imports_as(const char *pdf, const char *expected)
{
    size_t len;
    char *data = read_fixture(pdf, &len);
    char *expected_path = fixture_path(expected);
    assert_imports_as(pdf, data, len, expected_path);
    free(expected_path);
    free(data);
}

static void fixtures_of_both_formats_import(void **state)
{
    (void)state;
    assert_fixture_imports_as("report_2021.pdf", "report_2021.expected.json");
    assert_fixture_imports_as("report_2019.pdf", "report_2019.expected.json");
}

static void rotated_and_restricted_pdfs_import(void **state)
{
    (void)state;
    assert_fixture_imports_as("rotated.pdf", "report_2021.expected.json");
    assert_fixture_imports_as("restricted.pdf", "report_2021.expected.json");
}

/* Imports data and demands a refusal naming the file and saying `why`. */
static void assert_refused(const char *name, const char *data, size_t len, const char *why)
{
    char *error = NULL;
    report *r = import_buffer(data, len, name, &error);
    assert_null(r);
    assert_non_null(error);
    fprintf(stderr, "  %s → %s\n", name, error);
    assert_non_null(strstr(error, name));
    if (why) assert_non_null(strstr(error, why));
    free(error);
}

static void encrypted_pdf_is_refused_clearly(void **state)
{
    (void)state;
    size_t len;
    char *data = read_fixture("encrypted.pdf", &len);
    assert_refused("encrypted.pdf", data, len, "PDF已加密，无法读取");
    free(data);
}

static void scanned_pdf_is_refused_clearly(void **state)
{
    (void)state;
    size_t len;
    char *data = read_fixture("scanned.pdf", &len);
    assert_refused("scanned.pdf", data, len, "扫描件，无文字层，无法读取（第1页起无文字）");
    free(data);
}

/* A report cut anywhere, or with bytes overwritten, is read or refused; never a crash, a hang or a leak. */
static void cut_and_damaged_pdfs_never_crash(void **state)
{
    (void)state;
    size_t len;
    char *data = read_fixture("report_2021.pdf", &len);
    int refused = 0, read = 0;
    for (size_t cut = 1; cut < len; cut += len / 23) {
        char *error = NULL;
        report *r = import_buffer(data, cut, "cut.pdf", &error);
        if (r) read++, report_free(r);
        else refused++, assert_non_null(strstr(error, "cut.pdf"));
        free(error);
    }
    assert_true(refused > 0);
    unsigned seed = 7;
    char *copy = malloc(len);
    for (int round = 0; round < 24; round++) {
        memcpy(copy, data, len);
        for (int k = 0; k < 16; k++) {
            seed = seed * 1103515245u + 12345u;
            copy[(seed >> 8) % len] = (char)(seed >> 24);
        }
        char *error = NULL;
        report *r = import_buffer(copy, len, "damaged.pdf", &error);
        if (r) read++, report_free(r);
        else refused++;
        free(error);
    }
    fprintf(stderr, "  cut/damaged: %d read, %d refused\n", read, refused);
    free(copy);
    free(data);
}

static void not_really_a_pdf_is_refused(void **state)
{
    (void)state;
    static const char junk[] = "%PDF-1.7\nthis is not a PDF at all\n%%EOF\n";
    assert_refused("junk.pdf", junk, sizeof junk - 1, "PDF");
    buf text = BUF_INIT;
    buf_puts(&text, "kept");
    char *error = NULL;
    assert_int_equal(pdf_to_text(junk, sizeof junk - 1, &text, &error), -1);
    assert_non_null(error);
    assert_string_equal(buf_cstr(&text), "kept"); /* left as it was */
    free(error);
    buf_free(&text);
}

static cairo_status_t append_to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    buf_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* More pages than any report has: refused by count, before any page is read. */
static void page_flood_is_refused(void **state)
{
    (void)state;
    buf pdf = BUF_INIT;
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(append_to_buf, &pdf, 200, 200);
    cairo_t *cr = cairo_create(surface);
    for (int page = 0; page <= PDF_MAX_PAGES; page++) cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    assert_refused("flood.pdf", pdf.data, pdf.len, "超过上限");
    buf_free(&pdf);
}

/* Splits a line into its whitespace-separated words. Returns how many (at most max). */
static int split_words(char *line, char **words, int max)
{
    int n = 0;
    for (char *w = strtok(line, " "); w && n < max; w = strtok(NULL, " ")) words[n++] = w;
    return n;
}

/* In the text, each row of table 三 is one line: its label then its seven values, two or more spaces apart. */
static void table_rows_stay_on_one_line(void **state)
{
    (void)state;
    size_t len;
    char *data = read_fixture("report_2021.pdf", &len);
    char *expected_path = fixture_path("report_2021.expected.json");
    report *want = read_expected(expected_path);
    buf text = BUF_INIT;
    char *error = NULL;
    assert_int_equal(pdf_to_text(data, len, &text, &error), 0);
    assert_true(text.len > 0 && text.data[text.len - 1] == '\f');
    const report_format *f = want->format;
    for (int row = 0; row < f->application_row_count; row++) {
        const char *label = f->application_rows[row].label;
        char *at = strstr(text.data, label);
        assert_non_null(at);
        char *end = strchr(at, '\n');
        assert_non_null(end);
        char *line = xstrndup(at + strlen(label), (size_t)(end - at) - strlen(label));
        assert_non_null(strstr(line, "  "));
        char *words[16];
        int n = split_words(line, words, 16);
        assert_int_equal(n, APPLICATION_COLUMNS);
        for (int column = 0; column < APPLICATION_COLUMNS; column++)
            assert_int_equal(strtoll(words[column], NULL, 10), report_application(want, row, column));
        free(line);
    }
    report_free(want);
    free(expected_path);
    free(data);
    buf_free(&text);
}

/* The vertical label of corpus 003's table 三 is one word on a line of its own, not a character per line. */
static void vertical_label_is_one_word(void **state)
{
    (void)state;
    const char *corpus = test_corpus_dir();
    if (!corpus) skip();
    buf path = BUF_INIT, text = BUF_INIT;
    buf_printf(&path, "%s/%s", corpus, CORPUS_PDFS[1][1]);
    size_t len;
    char *data = test_read_file(path.data, &len);
    char *error = NULL;
    assert_int_equal(pdf_to_text(data, len, &text, &error), 0);
    const char *label = strstr(text.data, "三、本年度办理结果\n");
    assert_non_null(label);
    const char *line_start = label;
    while (line_start > text.data && line_start[-1] == ' ') line_start--;
    assert_true(line_start > text.data && line_start[-1] == '\n');
    /* 5 pages, 5 form feeds */
    size_t pages = 0;
    for (size_t i = 0; i < text.len; i++) pages += text.data[i] == '\f';
    assert_int_equal(pages, 5);
    free(data);
    buf_free(&path);
    buf_free(&text);
}

typedef struct thread_job {
    const char *data;
    size_t len;
    buf text;
    int status;
} thread_job;

static void *convert_many(void *arg)
{
    thread_job *job = arg;
    for (int i = 0; i < 8 && job->status == 0; i++) {
        buf_clear(&job->text);
        char *error = NULL;
        job->status = pdf_to_text(job->data, job->len, &job->text, &error);
        free(error);
    }
    return NULL;
}

static void threads_read_pdfs_at_once(void **state)
{
    (void)state;
    size_t len2021, len2019;
    char *a = read_fixture("report_2021.pdf", &len2021), *b = read_fixture("report_2019.pdf", &len2019);
    buf alone_a = BUF_INIT, alone_b = BUF_INIT;
    char *error = NULL;
    assert_int_equal(pdf_to_text(a, len2021, &alone_a, &error), 0);
    assert_int_equal(pdf_to_text(b, len2019, &alone_b, &error), 0);
    thread_job jobs[4] = {{a, len2021, BUF_INIT, 0}, {b, len2019, BUF_INIT, 0}, {a, len2021, BUF_INIT, 0},
                          {b, len2019, BUF_INIT, 0}};
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&threads[i], NULL, convert_many, &jobs[i]), 0);
    for (int i = 0; i < 4; i++) pthread_join(threads[i], NULL);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(jobs[i].status, 0);
        assert_string_equal(buf_cstr(&jobs[i].text), buf_cstr(i % 2 ? &alone_b : &alone_a));
        buf_free(&jobs[i].text);
    }
    buf_free(&alone_a);
    buf_free(&alone_b);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_pdfs_import_cell_exact),
        cmocka_unit_test(fixtures_of_both_formats_import),
        cmocka_unit_test(rotated_and_restricted_pdfs_import),
        cmocka_unit_test(encrypted_pdf_is_refused_clearly),
        cmocka_unit_test(scanned_pdf_is_refused_clearly),
        cmocka_unit_test(cut_and_damaged_pdfs_never_crash),
        cmocka_unit_test(not_really_a_pdf_is_refused),
        cmocka_unit_test(page_flood_is_refused),
        cmocka_unit_test(table_rows_stay_on_one_line),
        cmocka_unit_test(vertical_label_is_one_word),
        cmocka_unit_test(threads_read_pdfs_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
