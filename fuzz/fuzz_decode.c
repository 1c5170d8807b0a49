/* fuzz_decode: libFuzzer target for the glued-digit decoder (src/import/decode.c). The input is read as lines,
 * each one glued row: its first byte picks the row (a table 三 row, table 四, or with the next byte a table 二
 * item), the rest is split into chunks at spaces and passed as is (digits, signs, points, units or garbage).
 * The first byte of the input picks the format and, when odd, lets lines give raw cell positions so that
 * overlapping and out-of-range rows are tried too. The decoder must not crash, hang or leak, every note must
 * be a "D" warning, and the report it fills must still go through the checker. Everything is freed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/pipeline.h"
#include "report/check.h"

/* Appends a glued row covering `cell_count` cells from `first_cell`, with the chunks of text[0..len). */
static void add_row(glued_rows *g, enum report_table table, int row, int first_cell, int cell_count,
                    const char *text, size_t len)
{
    if (g->count == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 8;
        g->rows = xrealloc(g->rows, g->cap * sizeof *g->rows);
    }
    glued_row *r = &g->rows[g->count++];
    memset(r, 0, sizeof *r);
    r->table = table;
    r->row = row;
    r->first_cell = first_cell;
    r->cell_count = cell_count;
    size_t i = 0;
    while (i < len) {
        while (i < len && text[i] == ' ') i++;
        size_t start = i;
        while (i < len && text[i] != ' ') i++;
        if (i == start) break;
        r->chunks = xrealloc(r->chunks, (size_t)(r->chunk_count + 1) * sizeof *r->chunks);
        r->chunks[r->chunk_count++] = xstrndup(text + start, i - start);
    }
}

static void add_line(glued_rows *g, const report_format *f, bool raw, const uint8_t *line, size_t len)
{
    if (len < 1) return;
    int pick = line[0];
    const char *text = (const char *)line + 1;
    size_t text_len = len - 1;
    if (raw && len >= 3) {
        add_row(g, TABLE_APPLICATIONS, 0, line[0] * 2 - 40, line[1] % 40, text + 1, text_len - 1);
        return;
    }
    int rows = f->application_row_count;
    int choice = pick % (rows + 2);
    if (choice < rows) {
        add_row(g, TABLE_APPLICATIONS, choice, format_application_cell(f, choice, 0), APPLICATION_COLUMNS, text,
                text_len);
    } else if (choice == rows) {
        add_row(g, TABLE_APPEALS, 0, format_appeal_cell(f, 0, 0), APPEAL_BLOCKS * APPEAL_FIELDS, text, text_len);
    } else if (text_len >= 1) {
        int item = (uint8_t)text[0] % f->proactive_count;
        add_row(g, TABLE_PROACTIVE, item, format_proactive_cell(f, item, 0), f->proactive[item].field_count, text + 1,
                text_len - 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536) return 0;
    const report_format *f = data[0] & 2 ? &FORMAT_2019 : &FORMAT_2021;
    bool raw = data[0] & 1;
    glued_rows g = {0};
    size_t start = 1;
    for (size_t i = 1; i <= size; i++)
        if (i == size || data[i] == '\n') {
            add_line(&g, f, raw, data + start, i - start);
            start = i + 1;
        }
    report *r = report_new(f);
    diag_list notes = DIAG_LIST_INIT;
    decode_glued(r, &g, &notes);
    for (size_t i = 0; i < notes.count; i++)
        if (strcmp(notes.items[i].rule, "D") != 0 || !notes.items[i].message[0]) {
            fprintf(stderr, "decode_glued added a note that is not a D warning: %s\n", notes.items[i].message);
            abort();
        }
    diag_list check = DIAG_LIST_INIT;
    report_check(r, NULL, &check);
    diag_list_free(&check);
    diag_list_free(&notes);
    report_free(r);
    glued_rows_free(&g);
    return 0;
}
