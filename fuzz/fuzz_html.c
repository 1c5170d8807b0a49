/* fuzz_html: libFuzzer target for the HTML importer: any bytes → html_to_items (encoding detection, libxml2's
 * parser, the tree builder, the emitter) → assemble_report on the items → report_check. Nothing may crash, hang or
 * leak; a refusal must come with a message; every item must point inside the stream's buffers. Everything is
 * freed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "import/html.h"
#include "import/pipeline.h"
#include "report/check.h"

static void check_items(const item_stream *s)
{
    for (size_t i = 0; i < s->count; i++) {
        const item *it = &s->items[i];
        if ((size_t)it->norm_off + it->norm_len >= s->norm.len + 1 ||
            (size_t)it->src_off + it->src_len > s->built_source.len) {
            fprintf(stderr, "item %zu points outside the stream\n", i);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    item_stream s;
    items_init(&s, NULL);
    char *error = NULL;
    if (html_to_items((const char *)data, size, &s, &error) != 0) {
        if (!error) {
            fprintf(stderr, "html_to_items refused the input without a message\n");
            abort();
        }
        free(error);
        items_free(&s);
        return 0;
    }
    check_items(&s);
    report *r = assemble_report(&s, "fuzz.html", &error);
    free(error);
    if (r) {
        diag_list diags = DIAG_LIST_INIT;
        report_check(r, NULL, &diags);
        diag_list_free(&diags);
        report_free(r);
    }
    items_free(&s);
    return 0;
}
