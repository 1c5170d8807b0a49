/* import: the importers' front door. Finds the source's form from its content, makes it UTF-8 text or items,
 * and hands the items to the one assembler (pipeline.h). */
#include "import/import.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <strings.h>

#include "import/docx.h"
#include "import/html.h"
#include "import/json_reader.h"
#include "import/pdf.h"
#include "import/pipeline.h"

#include "util/buf.h"
#include "util/text.h"

const char *source_kind_name(enum source_kind kind)
{
    switch (kind) {
    case SOURCE_TEXT: return "text";
    case SOURCE_HTML: return "html";
    case SOURCE_PDF: return "pdf";
    case SOURCE_DOCX: return "docx";
    case SOURCE_JSON: return "json";
    default: return "unknown";
    }
}

static bool has_prefix(const char *data, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(data, prefix, n) == 0;
}

/* A control byte that text may hold (line breaks, tab, form feed, the escape of terminal colours). */
static bool is_text_control(unsigned char c)
{
    return c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0x1b;
}

static bool looks_binary(const char *data, size_t len)
{
    size_t probe = len < 4096 ? len : 4096, control = 0, i = 0;
#ifdef __SSE2__
    /* sixteen bytes at a time; only the bytes below 0x20 (a line break every few dozen) are looked at */
    const __m128i below_space = _mm_set1_epi8(0x1F);
    for (; i + 16 <= probe; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(data + i));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, below_space), x));
        for (; mask; mask &= mask - 1) {
            unsigned char c = (unsigned char)data[i + (size_t)__builtin_ctz(mask)];
            if (c == 0) return true;
            control += !is_text_control(c);
        }
    }
#endif
    for (; i < probe; i++) {
        /* eight bytes at a time while none is below 0x20 */
        while (i + 8 <= probe) {
            uint64_t word;
            memcpy(&word, data + i, 8);
            if ((word - 0x2020202020202020ULL) & ~word & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= probe) break;
        unsigned char c = (unsigned char)data[i];
        if (c == 0) return true;
        if (c < 0x20 && !is_text_control(c)) control++;
    }
    return control * 20 > probe;
}

static bool contains_ci(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp(data + i, needle, n) == 0) return true;
    return false;
}

enum source_kind import_detect(const char *data, size_t len)
{
    /* A PDF header may stand anywhere in the first 1,024 bytes. */
    const char *pdf = memmem(data, len < 1024 ? len : 1024, "%PDF-", 5);
    if (pdf) return SOURCE_PDF;
    /* A Word document: the zip of .docx, or the OLE container of an old .doc or an encrypted .docx (the DOCX
     * importer says which). */
    if (has_prefix(data, len, "PK\x03\x04") || has_prefix(data, len, "\xD0\xCF\x11\xE0")) return SOURCE_DOCX;
    if (looks_binary(data, len)) return SOURCE_UNKNOWN;
    size_t i = 0;
    if (has_prefix(data, len, "\xEF\xBB\xBF")) i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t')) i++;
    size_t probe = len - i < 8192 ? len - i : 8192;
    if (i < len && data[i] == '{' && contains_ci(data + i, probe, "gongkai.report")) return SOURCE_JSON;
    if (i < len && data[i] == '<') {
        if (contains_ci(data + i, probe, "<html") || contains_ci(data + i, probe, "<!doctype html") ||
            contains_ci(data + i, probe, "<table") || contains_ci(data + i, probe, "<body") ||
            contains_ci(data + i, probe, "<p") || contains_ci(data + i, probe, "<div"))
            return SOURCE_HTML;
    }
    return SOURCE_TEXT;
}

static char *error_message(const char *fmt, const char *name, const char *detail)
{
    buf b = BUF_INIT;
    buf_printf(&b, fmt, name, detail);
    return buf_detach(&b);
}

static report *import_text(const char *data, size_t len, const char *name, char **error)
{
    buf utf8 = BUF_INIT;
    size_t bad = 0;
    bool gb = false;
    size_t bom = has_prefix(data, len, "\xEF\xBB\xBF") ? 3 : 0;
    data += bom;
    len -= bom;
    const char *text = data; /* valid UTF-8 is read where it lies; anything else is converted into utf8 */
    if (!utf8_validate(data, len, NULL) && text_to_utf8(data, len, &utf8, &bad, &gb) != 0) {
        buf b = BUF_INIT;
        buf_printf(&b, "%s：第%zu字节起不是有效的 UTF-8 或 GB18030 文本，无法读取", name, bom + bad + 1);
        *error = buf_detach(&b);
        buf_free(&utf8);
        return NULL;
    }
    if (utf8.data) {
        text = utf8.data;
        len = utf8.len;
    }
    item_stream s;
    items_init(&s, text);
    text_layout_to_items(text, len, &s);
    report *r = assemble_report(&s, name, error);
    if (r && gb) diag_add(r->notes ? r->notes : (r->notes = xcalloc(1, sizeof *r->notes)), "S", SEVERITY_WARNING,
                          TABLE_NONE, -1, -1, NULL, NULL, "文件按 GB18030 编码读取");
    items_free(&s);
    buf_free(&utf8);
    return r;
}

static report *import_items(int (*to_items)(const char *, size_t, item_stream *, char **), const char *data,
                            size_t len, const char *name, char **error)
{
    item_stream s;
    items_init(&s, NULL);
    char *detail = NULL;
    report *r = NULL;
    if (to_items(data, len, &s, &detail) == 0) r = assemble_report(&s, name, error);
    else *error = error_message("%s：%s", name, detail ? detail : "无法读取");
    free(detail);
    items_free(&s);
    return r;
}

static report *import_pdf(const char *data, size_t len, const char *name, char **error)
{
    buf text = BUF_INIT;
    char *detail = NULL, *scans = NULL;
    report *r = NULL;
    if (pdf_to_text_noting_scans(data, len, &text, &scans, &detail) == 0)
        r = import_text(text.data ? text.data : "", text.len, name, error);
    else *error = error_message("%s：%s", name, detail ? detail : "PDF 无法读取");
    if (r && scans) /* some pages are scans, the tables were on the others */
        diag_add(r->notes ? r->notes : (r->notes = xcalloc(1, sizeof *r->notes)), "S", SEVERITY_WARNING, TABLE_NONE, -1,
                 -1, NULL, NULL, "%s", scans);
    free(scans);
    free(detail);
    buf_free(&text);
    return r;
}

report *import_buffer(const char *data, size_t len, const char *name, char **error)
{
    return import_buffer_kind(data, len, name, NULL, error);
}

report *import_buffer_kind(const char *data, size_t len, const char *name, enum source_kind *found, char **error)
{
    *error = NULL;
    if (found) *found = SOURCE_UNKNOWN;
    if (len == 0) {
        *error = error_message("%s：文件为空%s", name, "");
        return NULL;
    }
    if (len > IMPORT_MAX_BYTES) {
        *error = error_message("%s：文件过大（超过 %s），不像是一份年度报告", name, "64 MB");
        return NULL;
    }
    enum source_kind kind = import_detect(data, len);
    if (found) *found = kind;
    switch (kind) {
    case SOURCE_PDF: return import_pdf(data, len, name, error);
    case SOURCE_DOCX: return import_items(docx_to_items, data, len, name, error);
    case SOURCE_HTML: return import_items(html_to_items, data, len, name, error);
    case SOURCE_JSON: return json_read_report(data, len, name, error);
    case SOURCE_TEXT: return import_text(data, len, name, error);
    default:
        *error = error_message("%s：无法识别的文件格式（二进制数据），不是文本、HTML、PDF 或 DOCX 年度报告%s", name, "");
        return NULL;
    }
}

report *import_file(const char *path, char **error)
{
    buf data = BUF_INIT;
    int err = buf_read_file(&data, path, IMPORT_MAX_BYTES);
    if (err) {
        if (err == EFBIG) *error = error_message("%s：文件过大（超过 %s），不像是一份年度报告", path, "64 MB");
        else *error = error_message("%s：无法打开文件（%s）", path, strerror(err));
        buf_free(&data);
        return NULL;
    }
    report *r = import_buffer(data.data ? data.data : "", data.len, path, error);
    buf_free(&data);
    return r;
}
