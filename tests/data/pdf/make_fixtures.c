/* make_fixtures: writes the small PDF fixtures of tests/test_import_pdf.c (run once; the outputs are committed).
 *
 *   report_2021.pdf, report_2019.pdf  a consistent report of each format (values drawn from a fixed seed), laid out
 *                                     by export_text_aligned and drawn as real text with cairo and a CJK font;
 *   report_2021.expected.json, …      the same report as canonical JSON (export_json): what importing must give;
 *   scanned.pdf                       two pages of drawn shapes and no text layer, as a scanner makes them.
 * make_fixtures.sh builds this program, runs it, and derives the encrypted and rotated variants with qpdf.
 * Labels and keys come from the format tables through the exporter; nothing is spelled here. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "report/check.h"
#include "report/format.h"
#include "report/report.h"
#include "util/buf.h"

#define PAGE_WIDTH 595.0
#define PAGE_HEIGHT 842.0
#define MARGIN 40.0
#define FONT_SIZE 8.0
#define LINE_HEIGHT 13.0
/* Width of one column of the aligned text: half an em (a CJK character takes two). */
#define COLUMN_WIDTH (FONT_SIZE / 2)
#define FONT_FAMILY "WenQuanYi Micro Hei Mono"

/* A small deterministic generator, so that the fixtures are the same on every run. */
static unsigned next_random(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7fff;
}

static int64_t small_count(unsigned *state, int max) { return (int64_t)(next_random(state) % (unsigned)(max + 1)); }

/* Table 三: random result rows per applicant column, the totals that R1–R3 require. The non-result rows are, in
 * the format's order: received, carried over, (results), total, carried forward. */
static void fill_applications(report *r, unsigned *seed)
{
    const report_format *f = r->format;
    int plain[4], plain_count = 0;
    for (int row = 0; row < f->application_row_count && plain_count < 4; row++)
        if (!f->application_rows[row].is_result) plain[plain_count++] = row;
    int64_t row_totals[64] = {0};
    for (int column = 0; column < APPLICATION_TOTAL_COLUMN; column++) {
        bool busy = column == 0 || next_random(seed) % 3 == 0;
        int64_t results = 0;
        for (int row = 0; row < f->application_row_count; row++) {
            if (!f->application_rows[row].is_result) continue;
            int64_t v = busy && next_random(seed) % 2 ? small_count(seed, 40) : 0;
            report_set_count(r, format_application_cell(f, row, column), v);
            row_totals[row] += v;
            results += v;
        }
        int64_t carried_over = busy ? small_count(seed, 5) : 0;
        int64_t carried_forward = busy ? small_count(seed, 5) : 0;
        int64_t received = results + carried_forward - carried_over;
        if (received < 0) carried_over += received, received = 0;
        int64_t values[4] = {received, carried_over, results, carried_forward};
        for (int k = 0; k < 4; k++) {
            report_set_count(r, format_application_cell(f, plain[k], column), values[k]);
            row_totals[plain[k]] += values[k];
        }
    }
    for (int row = 0; row < f->application_row_count; row++)
        report_set_count(r, format_application_cell(f, row, APPLICATION_TOTAL_COLUMN), row_totals[row]);
}

static void fill_appeals(report *r, unsigned *seed)
{
    for (int block = 0; block < APPEAL_BLOCKS; block++) {
        int64_t total = 0;
        for (int field = 0; field < APPEAL_FIELDS; field++) {
            if (field == APPEAL_TOTAL_FIELD) continue;
            int64_t v = small_count(seed, 6);
            report_set_count(r, format_appeal_cell(r->format, block, field), v);
            total += v;
        }
        report_set_count(r, format_appeal_cell(r->format, block, APPEAL_TOTAL_FIELD), total);
    }
}

static void fill_proactive(report *r, unsigned *seed)
{
    for (int cell = 0; cell < r->format->proactive_cell_count; cell++) {
        cell_address at;
        format_cell_address(r->format, cell, &at);
        char text[64];
        switch (at.kind) {
        case VALUE_COUNT: report_set_count(r, cell, small_count(seed, 900)); break;
        case VALUE_CHANGE: report_set_count(r, cell, small_count(seed, 20) - 10); break;
        case VALUE_DECIMAL:
            snprintf(text, sizeof text, "%u.%02u", next_random(seed) % 5000, next_random(seed) % 100);
            report_set_decimal_text(r, cell, text);
            break;
        case VALUE_AMOUNT_TEXT:
            snprintf(text, sizeof text, "%u元", 1000 * (next_random(seed) % 900 + 1));
            report_set_decimal_text(r, cell, text);
            break;
        }
    }
}

static report *make_report(const report_format *f, int year, unsigned seed)
{
    report *r = report_new(f);
    r->year = year;
    report_set_agency(r, "示例市测试局");
    report_set_text(r, TEXT_OVERVIEW, "本机关依法做好政府信息公开工作，主动公开和依申请公开情况见下表。");
    report_set_text(r, TEXT_PROBLEMS, "公开内容的规范性有待提高。");
    report_set_text(r, TEXT_OTHER, "无。");
    fill_proactive(r, &seed);
    fill_applications(r, &seed);
    fill_appeals(r, &seed);
    diag_list d = DIAG_LIST_INIT;
    report_check(r, NULL, &d);
    if (diag_count_severity(&d, SEVERITY_ERROR) > 0) {
        fprintf(stderr, "make_fixtures: the generated %s report breaks a rule\n", f->name);
        exit(1);
    }
    diag_list_free(&d);
    return r;
}

/* Draws text laid out in columns (export_text_aligned) onto pages: each piece between spaces at its column. */
static void draw_aligned_text(cairo_t *cr, cairo_surface_t *surface, const char *text)
{
    double y = MARGIN + LINE_HEIGHT;
    const char *line = text;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (y > PAGE_HEIGHT - MARGIN) {
            cairo_show_page(cr);
            y = MARGIN + LINE_HEIGHT;
        }
        int column = 0;
        const char *p = line, *stop = line + len;
        while (p < stop) {
            while (p < stop && *p == ' ') p++, column++;
            const char *word = p;
            int width = 0;
            while (p < stop && *p != ' ') {
                gunichar c = g_utf8_get_char(p);
                width += g_unichar_iswide(c) ? 2 : 1;
                p = g_utf8_next_char(p);
            }
            if (p > word) {
                char *piece = g_strndup(word, (gsize)(p - word));
                cairo_move_to(cr, MARGIN + column * COLUMN_WIDTH, y);
                cairo_show_text(cr, piece);
                g_free(piece);
            }
            column += width;
        }
        y += LINE_HEIGHT;
        line = end ? end + 1 : stop;
    }
    (void)surface;
}

static void write_report_pdf(const report *r, const char *pdf_path, const char *json_path)
{
    buf text = BUF_INIT, json = BUF_INIT;
    export_text_aligned(r, &text);
    export_json(r, &json);
    cairo_surface_t *surface = cairo_pdf_surface_create(pdf_path, PAGE_WIDTH, PAGE_HEIGHT);
    cairo_t *cr = cairo_create(surface);
    cairo_select_font_face(cr, FONT_FAMILY, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, FONT_SIZE);
    draw_aligned_text(cr, surface, buf_cstr(&text));
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    FILE *out = fopen(json_path, "w");
    if (!out || fwrite(json.data, 1, json.len, out) != json.len || fclose(out) != 0) {
        perror(json_path);
        exit(1);
    }
    buf_free(&text);
    buf_free(&json);
}

/* Two pages of shapes and no text: what a scanner produces, as far as a text layer goes. */
static void write_scanned_pdf(const char *path)
{
    cairo_surface_t *surface = cairo_pdf_surface_create(path, PAGE_WIDTH, PAGE_HEIGHT);
    cairo_t *cr = cairo_create(surface);
    for (int page = 0; page < 2; page++) {
        for (int row = 0; row < 30; row++) {
            cairo_rectangle(cr, MARGIN, MARGIN + row * 24.0, 300.0 + 8 * (row % 5), 10.0);
            cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
            cairo_fill(cr);
        }
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    char pdf[4096], json[4096];
    report *r2021 = make_report(&FORMAT_2021, 2023, 2021u);
    snprintf(pdf, sizeof pdf, "%s/report_2021.pdf", dir);
    snprintf(json, sizeof json, "%s/report_2021.expected.json", dir);
    write_report_pdf(r2021, pdf, json);
    report *r2019 = make_report(&FORMAT_2019, 2020, 2019u);
    snprintf(pdf, sizeof pdf, "%s/report_2019.pdf", dir);
    snprintf(json, sizeof json, "%s/report_2019.expected.json", dir);
    write_report_pdf(r2019, pdf, json);
    snprintf(pdf, sizeof pdf, "%s/scanned.pdf", dir);
    write_scanned_pdf(pdf);
    report_free(r2021);
    report_free(r2019);
    return 0;
}
