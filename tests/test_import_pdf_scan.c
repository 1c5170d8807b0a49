/* test_import_pdf_scan: PDFs with a text layer on some pages only (src/import/pdf.c). Fixtures (tests/data/pdf,
 * made by make_partial_scans.sh from the corpus PDF 004 and the report_2021.pdf fixture, committed):
 *  - partial_scan_tables.pdf: 004's pages 1–2 with their text (一、总体情况, table 二), pages 3–5 (tables 三 and 四,
 *    五, 六) scanned images without text: refused, naming pages 3–5 as scans whose tables cannot be read — not
 *    "缺少表格三";
 *  - partial_scan_appendix.pdf: the whole report_2021 on pages 1–2 with text, page 3 blank, page 4 a scanned image:
 *    read exactly as report_2021.expected.json, with a note naming page 4 (not the blank page 3) as a scan.
 * The all-scanned fixture keeps its message; a damaged partial scan never crashes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "import/import.h"
#include "import/json_reader.h"
#include "import/pdf.h"
#include "report/diag.h"
#include "report/report.h"

static char *read_fixture(const char *name, size_t *len)
{
    buf path = BUF_INIT;
    buf_printf(&path, "%s/tests/data/pdf/%s", test_source_dir(), name);
    char *data = test_read_file(path.data, len);
    buf_free(&path);
    return data;
}

static void tables_on_scanned_pages_are_named(void **state)
{
    (void)state;
    size_t len;
    char *data = read_fixture("partial_scan_tables.pdf", &len);
    buf text = BUF_INIT;
    char *note = NULL, *error = NULL;
    assert_int_equal(pdf_to_text_noting_scans(data, len, &text, &note, &error), -1);
    assert_null(note);
    assert_int_equal(text.len, 0);
    assert_non_null(error);
    assert_string_equal(error, "第3–5页是扫描件，无文字层，表格无法读取（请提供带文字层的 PDF 或文字版）");
    free(error);

    report *r = import_buffer(data, len, "年报.pdf", &error);
    assert_null(r);
    fprintf(stderr, "  → %s\n", error);
    assert_string_equal(error, "年报.pdf：第3–5页是扫描件，无文字层，表格无法读取（请提供带文字层的 PDF 或文字版）");
    assert_null(strstr(error, "缺少表格"));
    free(error);
    buf_free(&text);
    free(data);
}

static void tables_on_text_pages_import_with_a_note(void **state)
{
    (void)state;
    size_t len;
    char *data = read_fixture("partial_scan_appendix.pdf", &len);
    buf text = BUF_INIT;
    char *note = NULL, *error = NULL;
    assert_int_equal(pdf_to_text_noting_scans(data, len, &text, &note, &error), 0);
    assert_null(error);
    assert_non_null(note);
    assert_string_equal(note, "第4页是扫描件，无文字层，该页内容未能读取（表格均在有文字的页上，已读取）");
    free(note);
    size_t pages = 0;
    for (size_t i = 0; i < text.len; i++) pages += text.data[i] == '\f';
    assert_int_equal(pages, 4); /* every page ends in a form feed, the empty ones too */

    buf same = BUF_INIT; /* pdf_to_text gives the same text and no note */
    assert_int_equal(pdf_to_text(data, len, &same, &error), 0);
    assert_int_equal(same.len, text.len);
    assert_memory_equal(same.data, text.data, text.len);
    buf_free(&same);
    buf_free(&text);

    report *got = import_buffer(data, len, "partial_scan_appendix.pdf", &error);
    if (!got) fprintf(stderr, "%s\n", error);
    assert_non_null(got);
    buf expected_path = BUF_INIT;
    buf_printf(&expected_path, "%s/tests/data/pdf/report_2021.expected.json", test_source_dir());
    size_t json_len;
    char *json = test_read_file(expected_path.data, &json_len);
    report *want = json_read_report(json, json_len, expected_path.data, &error);
    assert_non_null(want);
    assert_ptr_equal(got->format, want->format);
    assert_int_equal(got->year, want->year);
    assert_string_equal(got->agency, want->agency);
    for (int cell = 0; cell < want->format->cell_count; cell++) {
        assert_int_equal(got->cells[cell].state, want->cells[cell].state);
        if (want->cells[cell].state == CELL_VALUE) assert_int_equal(got->cells[cell].value, want->cells[cell].value);
    }
    /* the importer hands the note on as a warning of the report */
    bool noted = false;
    for (size_t i = 0; got->notes && i < got->notes->count; i++)
        noted |= strcmp(got->notes->items[i].rule, "S") == 0 && strstr(got->notes->items[i].message, "第4页是扫描件");
    assert_true(noted);
    report_free(want);
    report_free(got);
    free(json);
    buf_free(&expected_path);
    free(data);
}

/* No page with text: the message of a scanned PDF, unchanged. */
static void all_scanned_keeps_its_message(void **state)
{
    (void)state;
    size_t len;
    char *data = read_fixture("scanned.pdf", &len);
    buf text = BUF_INIT;
    char *note = NULL, *error = NULL;
    assert_int_equal(pdf_to_text_noting_scans(data, len, &text, &note, &error), -1);
    assert_null(note);
    assert_string_equal(error, "扫描件，无文字层，无法读取（第1页起无文字）");
    free(error);
    buf_free(&text);
    free(data);
}

/* The partial scan cut short or with bytes overwritten: read or refused with a message, never a crash or leak. */
static void damaged_partial_scans_never_crash(void **state)
{
    (void)state;
    size_t len;
    char *data = read_fixture("partial_scan_appendix.pdf", &len);
    int refused = 0, read = 0;
    for (size_t step = 0; step < 12; step++) {
        char *copy = xmalloc(len);
        memcpy(copy, data, len);
        size_t cut = len - (step + 1) * (len / 13);
        if (step % 2) memset(copy + cut / 2, 'x', 64); /* damage an object in the middle, keep the length */
        size_t use = step % 2 ? len : cut;
        buf text = BUF_INIT;
        char *note = NULL, *error = NULL;
        if (pdf_to_text_noting_scans(copy, use, &text, &note, &error) == 0) {
            read++;
        } else {
            assert_non_null(error);
            refused++;
        }
        free(note);
        free(error);
        buf_free(&text);
        free(copy);
    }
    fprintf(stderr, "  damaged partial scans: %d read, %d refused\n", read, refused);
    assert_int_equal(read + refused, 12);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables_on_scanned_pages_are_named),
        cmocka_unit_test(tables_on_text_pages_import_with_a_note),
        cmocka_unit_test(all_scanned_keeps_its_message),
        cmocka_unit_test(damaged_partial_scans_never_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
