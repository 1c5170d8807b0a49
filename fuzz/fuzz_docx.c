/* fuzz_docx: libFuzzer target for the DOCX importer → assemble_report → report_check. Input that starts like a
 * zip archive (or an OLE file) goes to docx_to_items as it is: the zip directory, the size limits and the
 * compressed streams are fuzzed. Any other input is taken as the text of word/document.xml and wrapped into an
 * archive first (stored, so libzip's CRC check does not reject every mutation): the XML walk, the w:tbl grid and
 * the emitter are fuzzed. Nothing may crash, hang or leak; a refusal must come with a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "import/docx.h"
#include "import/pipeline.h"
#include "report/check.h"
#include "util/buf.h"

/* A zip archive in memory holding data as word/document.xml, stored; NULL when libzip fails. Caller frees. */
static char *wrap_as_document(const uint8_t *data, size_t size, size_t *len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *out = zip_source_buffer_create(NULL, 0, 0, &err);
    char *bytes = NULL;
    if (!out) return NULL;
    zip_source_keep(out);
    zip_t *za = zip_open_from_source(out, ZIP_TRUNCATE, &err);
    zip_source_t *part = za ? zip_source_buffer_create(data, size, 0, &err) : NULL;
    zip_int64_t index = part ? zip_file_add(za, "word/document.xml", part, 0) : -1;
    if (part && index < 0) zip_source_free(part);
    if (index >= 0) zip_set_file_compression(za, (zip_uint64_t)index, ZIP_CM_STORE, 0);
    if (za && zip_close(za) != 0) zip_discard(za);
    if (index >= 0 && zip_source_open(out) == 0) {
        zip_source_seek(out, 0, SEEK_END);
        zip_int64_t n = zip_source_tell(out);
        zip_source_seek(out, 0, SEEK_SET);
        if (n > 0) {
            bytes = xmalloc((size_t)n);
            if (zip_source_read(out, bytes, (zip_uint64_t)n) != n) {
                free(bytes);
                bytes = NULL;
            }
            *len = (size_t)n;
        }
        zip_source_close(out);
    }
    zip_source_free(out);
    zip_error_fini(&err);
    return bytes;
}

static void import_docx(const char *data, size_t size)
{
    item_stream s;
    items_init(&s, NULL);
    char *error = NULL;
    if (docx_to_items(data, size, &s, &error) != 0) {
        if (!error) {
            fprintf(stderr, "docx_to_items refused the input without a message\n");
            abort();
        }
        free(error);
        items_free(&s);
        return;
    }
    report *r = assemble_report(&s, "fuzz.docx", &error);
    free(error);
    if (r) {
        diag_list diags = DIAG_LIST_INIT;
        report_check(r, NULL, &diags);
        diag_list_free(&diags);
        report_free(r);
    }
    items_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bool archive = size >= 4 && (memcmp(data, "PK\x03\x04", 4) == 0 || memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0);
    if (archive) {
        import_docx((const char *)data, size);
        return 0;
    }
    size_t len = 0;
    char *zip = wrap_as_document(data, size, &len);
    if (zip) import_docx(zip, len);
    free(zip);
    return 0;
}
