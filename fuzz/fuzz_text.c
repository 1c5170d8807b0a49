/* fuzz_text: libFuzzer target for the report importers as `gongkai check` drives them: any bytes, named
 * "fuzz.txt", → import_buffer (which picks text, HTML, JSON… from the content) → report_check → export_json of
 * whatever was read. Nothing may crash, hang or leak; a refusal must come with a message. Everything is freed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "export/export.h"
#include "import/import.h"
#include "report/check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *error = NULL;
    report *r = import_buffer((const char *)data, size, "fuzz.txt", &error);
    if (!r) {
        if (!error) {
            fprintf(stderr, "import_buffer refused the input without a message\n");
            abort();
        }
        free(error);
        return 0;
    }
    free(error);
    diag_list diags = DIAG_LIST_INIT;
    report_check(r, NULL, &diags);
    buf out = BUF_INIT;
    export_json(r, &out);
    buf_free(&out);
    diag_list_free(&diags);
    report_free(r);
    return 0;
}
