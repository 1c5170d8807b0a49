/* fuzz_json: libFuzzer target for the canonical-JSON importer: any bytes → json_read_report, then export_json of
 * whatever it read; the exported text must read back and export to the same bytes (round trip). Everything is
 * freed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "import/json_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *error = NULL;
    report *r = json_read_report((const char *)data, size, "fuzz.json", &error);
    free(error);
    if (!r) return 0;
    buf out = BUF_INIT;
    export_json(r, &out);
    report *again = json_read_report(out.data, out.len, "roundtrip.json", &error);
    if (!again) {
        fprintf(stderr, "export_json wrote JSON that does not read back: %s\n", error);
        abort();
    }
    buf second = BUF_INIT;
    export_json(again, &second);
    if (second.len != out.len || memcmp(second.data, out.data, out.len) != 0) {
        fprintf(stderr, "export_json is not stable under a round trip:\n%s\n----\n%s\n", out.data, second.data);
        abort();
    }
    buf_free(&second);
    report_free(again);
    buf_free(&out);
    report_free(r);
    return 0;
}
