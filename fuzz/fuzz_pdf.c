/* fuzz_pdf: libFuzzer target for the PDF importer (pdf_to_text) → text_layout_to_items → assemble_report →
 * report_check. Input that starts with "%PDF" goes to pdf_to_text as it is: poppler's parser and whatever text it
 * finds are fuzzed. Any other input is read as glyph placements — per 6 bytes: x, y, size, a rotation choice and
 * a character (ASCII digits, letters, punctuation) — and drawn into a small valid PDF with a standard font, so that
 * our layout (fragments, baselines, vertical runs, turned pages) meets every arrangement of characters. Nothing may
 * crash, hang or leak; a refusal must come with a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/pdf.h"
#include "import/pipeline.h"
#include "report/check.h"
#include "util/buf.h"

/* Characters the placements draw: digits (table values) most often, then letters and separators. */
static const char GLYPHS[] = "0123456789012345678901234567890123456789ABCxyz.-/,:()%";

/* Rotation matrices (a b c d) for the placements: upright, a quarter each way, upside down, slanted. */
static const char *const ROTATIONS[] = {"1 0 0 1", "0 1 -1 0", "0 -1 1 0", "-1 0 0 -1", "1 0.3 0 1"};

/* A PDF of one 600×800 page showing each placement. */
static void placements_to_pdf(const uint8_t *data, size_t size, buf *pdf)
{
    buf content = BUF_INIT;
    buf_puts(&content, "BT\n");
    for (size_t i = 0; i + 6 <= size && i < 6 * 4000; i += 6) {
        unsigned x = (unsigned)(data[i] | (data[i + 1] & 0x03) << 8);   /* 0…1023 */
        unsigned y = (unsigned)(data[i + 2] | (data[i + 3] & 0x03) << 8);
        unsigned font_size = 4 + data[i + 4] % 28;
        unsigned turn = (unsigned)(data[i + 3] >> 2) % 10; /* upright half of the time */
        const char *rotation = ROTATIONS[turn < 5 ? 0 : turn - 5];
        char c = GLYPHS[data[i + 5] % (sizeof GLYPHS - 1)];
        buf_printf(&content, "/F1 %u Tf %s %u %u Tm (%s%c) Tj\n", font_size, rotation, x % 600, y % 800,
                   c == '(' || c == ')' ? "\\" : "", c);
    }
    buf_puts(&content, "ET\n");
    size_t offsets[6];
    buf_puts(pdf, "%PDF-1.4\n");
    offsets[1] = pdf->len;
    buf_puts(pdf, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    offsets[2] = pdf->len;
    buf_puts(pdf, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
    offsets[3] = pdf->len;
    buf_puts(pdf, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
                  "/Resources << /Font << /F1 5 0 R >> >> >> endobj\n");
    offsets[4] = pdf->len;
    buf_printf(pdf, "4 0 obj << /Length %zu >> stream\n", content.len);
    buf_append(pdf, content.data, content.len);
    buf_puts(pdf, "endstream endobj\n");
    offsets[5] = pdf->len;
    buf_puts(pdf, "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> endobj\n");
    size_t xref = pdf->len;
    buf_puts(pdf, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 1; i <= 5; i++) buf_printf(pdf, "%010zu 00000 n \n", offsets[i]);
    buf_printf(pdf, "trailer << /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    buf_free(&content);
}

static void import_pdf(const char *data, size_t size)
{
    buf text = BUF_INIT;
    char *error = NULL;
    if (pdf_to_text(data, size, &text, &error) != 0) {
        if (!error) {
            fprintf(stderr, "pdf_to_text refused the input without a message\n");
            abort();
        }
        free(error);
        buf_free(&text);
        return;
    }
    item_stream s;
    items_init(&s, buf_cstr(&text));
    text_layout_to_items(buf_cstr(&text), text.len, &s);
    report *r = assemble_report(&s, "fuzz.pdf", &error);
    free(error);
    if (r) {
        diag_list diags = DIAG_LIST_INIT;
        report_check(r, NULL, &diags);
        diag_list_free(&diags);
        report_free(r);
    }
    items_free(&s);
    buf_free(&text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 4 && memcmp(data, "%PDF", 4) == 0) {
        import_pdf((const char *)data, size);
        return 0;
    }
    buf pdf = BUF_INIT;
    placements_to_pdf(data, size, &pdf);
    import_pdf(pdf.data, pdf.len);
    buf_free(&pdf);
    return 0;
}
