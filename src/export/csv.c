/* csv: the report as one CSV line per cell, "table,row,column,value" with the canonical row and column keys
 * (e.g. "3,received,natural_person,35"); for spreadsheets and bulk datasets. RFC 4180 quoting. */
#include "export/export.h"

#include <string.h>

/* Appends one field, quoted (with doubled quotes) when it holds a comma, quote or line break. */
static void csv_field(buf *out, const char *text)
{
    if (!strpbrk(text, ",\"\r\n")) {
        buf_puts(out, text);
        return;
    }
    buf_putc(out, '"');
    for (const char *p = text; *p; p++) {
        if (*p == '"') buf_putc(out, '"');
        buf_putc(out, *p);
    }
    buf_putc(out, '"');
}

void export_csv(const report *r, buf *out)
{
    buf_puts(out, "table,row,column,value\n");
    for (int cell = 0; cell < r->format->cell_count; cell++) {
        cell_address a;
        format_cell_address(r->format, cell, &a);
        buf value = BUF_INIT;
        export_cell_text(r, cell, &value);
        buf_printf(out, "%d,", (int)a.table);
        csv_field(out, a.row_key);
        buf_putc(out, ',');
        csv_field(out, a.column_key);
        buf_putc(out, ',');
        csv_field(out, buf_cstr(&value));
        buf_putc(out, '\n');
        buf_free(&value);
    }
}
