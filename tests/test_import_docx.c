/* test_import_docx: the DOCX importer (src/import/docx.c). The committed fixtures tests/data/docx-NNN.docx (the
 * official Word template filled with corpus report NNN by scripts/make-docx-fixtures.sh) and docx-lo-002.docx
 * (LibreOffice's conversion of gongkai's HTML rendering of 002) must import, through the assembler, cell by cell
 * equal to tests/data/docx-NNN.expected.json. Item-level tests build small documents with libzip: runs, tabs,
 * tracked deletions, field codes, gridSpan / vMerge / gridBefore / hMerge, layout and nested tables, content
 * controls, a main part found through _rels/.rels, unexpanded entities. Hostile archives are refused with a clear
 * message: zip bombs, corrupt and truncated archives, encrypted entries, an OLE (.doc) file. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "testutil.h"

#include "export/export.h"
#include "import/docx.h"
#include "import/import.h"
#include "import/json_reader.h"

/* ---- building documents ---- */

static const char DOC_HEAD[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
    " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>";
static const char DOC_TAIL[] = "</w:body></w:document>";

typedef struct entry {
    const char *name;
    const void *data;
    size_t len;
    bool encrypt;
    int level;   /* deflate level; 0 = default */
} entry;

/* Writes a zip archive of the entries into memory; caller frees. */
static char *make_zip(const entry *entries, size_t count, size_t *len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *out = zip_source_buffer_create(NULL, 0, 0, &err);
    assert_non_null(out);
    zip_source_keep(out);
    zip_t *za = zip_open_from_source(out, ZIP_TRUNCATE, &err);
    assert_non_null(za);
    for (size_t i = 0; i < count; i++) {
        zip_source_t *src = zip_source_buffer_create(entries[i].data, entries[i].len, 0, &err);
        assert_non_null(src);
        zip_int64_t index = zip_file_add(za, entries[i].name, src, ZIP_FL_ENC_UTF_8);
        assert_true(index >= 0);
        if (entries[i].level) zip_set_file_compression(za, (zip_uint64_t)index, ZIP_CM_DEFLATE, (zip_uint32_t)entries[i].level);
        if (entries[i].encrypt)
            assert_int_equal(zip_file_set_encryption(za, (zip_uint64_t)index, ZIP_EM_AES_256, "geheim"), 0);
    }
    assert_int_equal(zip_close(za), 0);
    assert_int_equal(zip_source_open(out), 0);
    assert_int_equal(zip_source_seek(out, 0, SEEK_END), 0);
    zip_int64_t size = zip_source_tell(out);
    assert_true(size > 0);
    assert_int_equal(zip_source_seek(out, 0, SEEK_SET), 0);
    char *data = xmalloc((size_t)size);
    assert_int_equal(zip_source_read(out, data, (zip_uint64_t)size), size);
    zip_source_close(out);
    zip_source_free(out);
    *len = (size_t)size;
    return data;
}

/* A DOCX whose body is `body` (w:document wrapper added), as word/document.xml. */
static char *make_docx(const char *body, size_t *len)
{
    buf xml = BUF_INIT;
    buf_printf(&xml, "%s%s%s", DOC_HEAD, body, DOC_TAIL);
    entry e = {"word/document.xml", xml.data, xml.len, false, 0};
    char *zip = make_zip(&e, 1, len);
    buf_free(&xml);
    return zip;
}

/* Same rendering as test_import_html: "/" line start, "|" cell start, "_" blank. */
static char *render(const item_stream *s)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < s->count; i++) {
        const item *it = &s->items[i];
        if (i) buf_putc(&b, ' ');
        if (it->line_start) buf_putc(&b, '/');
        if (it->cell_start) buf_putc(&b, '|');
        buf_puts(&b, it->kind == ITEM_BLANK && it->norm_len == 0 ? "_" : item_norm(s, it));
    }
    return buf_detach(&b);
}

static void assert_docx_items(const char *body, const char *expected)
{
    size_t len;
    char *docx = make_docx(body, &len);
    item_stream s;
    items_init(&s, NULL);
    char *error = NULL;
    int rc = docx_to_items(docx, len, &s, &error);
    if (rc) fprintf(stderr, "docx_to_items: %s\n", error);
    assert_int_equal(rc, 0);
    char *got = render(&s);
    if (strcmp(got, expected) != 0) fprintf(stderr, "expected: %s\n     got: %s\n", expected, got);
    assert_string_equal(got, expected);
    free(got);
    items_free(&s);
    free(docx);
}

/* Expects docx_to_items to refuse data with a message containing `phrase`. */
static void assert_refused(const char *data, size_t len, const char *phrase)
{
    item_stream s;
    items_init(&s, NULL);
    char *error = NULL;
    int rc = docx_to_items(data, len, &s, &error);
    if (rc == 0 || !error || !strstr(error, phrase))
        fprintf(stderr, "expected refusal with \"%s\", got rc=%d error=%s\n", phrase, rc, error ? error : "(none)");
    assert_int_equal(rc, -1);
    assert_non_null(error);
    assert_non_null(strstr(error, phrase));
    free(error);
    items_free(&s);
}

#define P(text) "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"
#define TC(props, content) "<w:tc><w:tcPr>" props "</w:tcPr>" content "</w:tc>"

/* ---- paragraphs ---- */

static void test_paragraphs(void **state)
{
    (void)state;
    assert_docx_items(
        "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:t>甲</w:t></w:r><w:r><w:rPr><w:b/></w:rPr>"
        "<w:t xml:space=\"preserve\">乙 </w:t></w:r><w:r><w:t>丙</w:t></w:r></w:p>"
        "<w:p/>"
        "<w:p><w:r><w:t>一</w:t><w:tab/><w:t>二</w:t><w:br/><w:t>三</w:t><w:noBreakHyphen/><w:t>四</w:t></w:r></w:p>"
        "<w:p><w:del w:id=\"1\"><w:r><w:delText>删掉</w:delText></w:r></w:del><w:ins w:id=\"2\"><w:r><w:t>新</w:t>"
        "</w:r></w:ins><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>字</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:t>框</w:t></mc:Choice>"
        "<mc:Fallback><w:t>框</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        "<w:sdt><w:sdtContent>" P("控件") "</w:sdtContent></w:sdt>"
        "<w:sectPr><w:pgSz w:w=\"11906\"/></w:sectPr>",
        "/甲乙 丙 /一 二 三-四 /新字 /框 /控件");
}

static void test_paragraph_line_numbers(void **state)
{
    (void)state;
    size_t len;
    char *docx = make_docx(P("一") "<w:p/>" P("二"), &len);
    item_stream s;
    items_init(&s, NULL);
    char *error = NULL;
    assert_int_equal(docx_to_items(docx, len, &s, &error), 0);
    assert_int_equal(s.count, 2);
    assert_int_equal(s.items[0].line, 1);
    assert_int_equal(s.items[1].line, 3);
    items_free(&s);
    free(docx);
}

/* ---- tables ---- */

static void test_table_merges(void **state)
{
    (void)state;
    /* Grid of 4 columns:
     *   row 1: [甲: gridSpan 2, vMerge restart] [乙] [1]
     *   row 2: [vMerge continue, gridSpan 2] [empty] [2]   → the continued cell emits nothing
     *   row 3: gridBefore 1, [丙] [3: hMerge restart] [hMerge continue]  → the continued cell emits nothing
     *   row 4: gridBefore 1, [vMerge continue under 丙] [丁] [no paragraph at all] */
    assert_docx_items(
        "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        "<w:tr>" TC("<w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/>", P("甲")) TC("", P("乙")) TC("", P("1"))
        "</w:tr>"
        "<w:tr>" TC("<w:gridSpan w:val=\"2\"/><w:vMerge/>", "<w:p/>") TC("", "<w:p/>") TC("", P("2")) "</w:tr>"
        "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" TC("", P("丙")) TC("<w:hMerge w:val=\"restart\"/>", P("3"))
        TC("<w:hMerge/>", P("藏")) "</w:tr>"
        "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" TC("<w:vMerge w:val=\"continue\"/>", P("藏"))
        TC("", P("丁")) TC("", "") "</w:tr>"
        "</w:tbl>" P("后"),
        "/|甲 |乙 |1 /|_ |2 /|丙 |3 /|丁 |_ /后");
}

static void test_table_orphan_continue_and_wrappers(void **state)
{
    (void)state;
    /* A vMerge continue with nothing above is its own cell; rows and cells inside content controls count. */
    assert_docx_items(
        "<w:tbl>"
        "<w:tr>" TC("<w:vMerge/>", P("孤")) TC("", P("5")) "</w:tr>"
        "<w:sdt><w:sdtContent><w:tr><w:sdt><w:sdtContent>" TC("", P("控")) "</w:sdtContent></w:sdt>"
        TC("", P("6")) "</w:tr></w:sdtContent></w:sdt>"
        "</w:tbl>",
        "/|孤 |5 /|控 |6");
}

static void test_layout_tables(void **state)
{
    (void)state;
    /* A table holding another table, or of one cell, is layout: its paragraphs are lines, the inner table a table. */
    assert_docx_items(
        "<w:tbl><w:tr>" TC("", P("外") "<w:tbl><w:tr>" TC("", P("内")) TC("", "<w:p/>") "</w:tr></w:tbl>" P("尾"))
        TC("", P("9")) "</w:tr>"
        "<w:tr>" TC("", "<w:tbl></w:tbl><w:p/>") "</w:tr></w:tbl>",
        "/外 /|内 |_ /尾 /9");
    assert_docx_items("<w:tbl><w:tr>" TC("", P("一段") P("二段")) "</w:tr></w:tbl>", "/一段 /二段");
}

#define ROW_OF_TEN "<w:tr>" TC("", P("行")) TC("", "<w:p/>") TC("", "") TC("", "") TC("", "") TC("", "") TC("", "") \
    TC("", "") TC("", "") TC("", "") "</w:tr>"

static void test_nested_data_table(void **state)
{
    (void)state;
    /* A data table (20 cells of its own) with a table in one cell keeps its cells; the inner rows come in place. */
    assert_docx_items(
        "<w:tbl><w:tr>" TC("", P("外") "<w:tbl><w:tr>" TC("", P("内")) TC("", "<w:p/>") "</w:tr></w:tbl>" P("尾"))
        TC("", P("9")) "</w:tr>"
        "<w:tr>" TC("", "<w:tbl></w:tbl><w:p/>") TC("", P("8")) "</w:tr>" ROW_OF_TEN ROW_OF_TEN "</w:tbl>",
        "/|外 /|内 |_ 尾 |9 /|_ |8 /|行 |_ |_ |_ |_ |_ |_ |_ |_ |_ /|行 |_ |_ |_ |_ |_ |_ |_ |_ |_");
}

static void test_cell_paragraphs(void **state)
{
    (void)state;
    /* Paragraphs of one cell are separate pieces of that cell; U+3000 alone is a blank cell. */
    assert_docx_items("<w:tbl><w:tr>" TC("", P("商业") P("企业")) TC("", P("\xE3\x80\x80")) TC("", P("—")) "</w:tr></w:tbl>",
                      "/|商业 企业 |_ |-");
}

static void test_main_part_from_relationships(void **state)
{
    (void)state;
    static const char rels[] =
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
        "core-properties\" Target=\"docProps/core.xml\"/>"
        "<Relationship Id=\"r2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "officeDocument\" Target=\"/word/main.xml\"/></Relationships>";
    buf xml = BUF_INIT;
    buf_printf(&xml, "%s%s%s", DOC_HEAD, P("正文"), DOC_TAIL);
    static const char decoy[] = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                                "<w:body><w:p><w:r><w:t>诱饵</w:t></w:r></w:p></w:body></w:document>";
    entry entries[] = {{"_rels/.rels", rels, sizeof rels - 1, false, 0},
                       {"word/main.xml", xml.data, xml.len, false, 0},
                       {"word/document.xml", decoy, sizeof decoy - 1, false, 0}};
    size_t len;
    char *docx = make_zip(entries, 3, &len);
    item_stream s;
    items_init(&s, NULL);
    char *error = NULL;
    assert_int_equal(docx_to_items(docx, len, &s, &error), 0);
    char *got = render(&s);
    assert_string_equal(got, "/正文");
    free(got);
    items_free(&s);
    free(docx);
    buf_free(&xml);
}

static void test_entities_not_expanded(void **state)
{
    (void)state;
    static const char xml[] =
        "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"AAAAAAAAAAAAAAAAAAAA\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
        "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
        "<w:p><w:r><w:t>甲&e;&x;乙</w:t></w:r></w:p></w:body></w:document>";
    entry e = {"word/document.xml", xml, sizeof xml - 1, false, 0};
    size_t len;
    char *docx = make_zip(&e, 1, &len);
    item_stream s;
    items_init(&s, NULL);
    char *error = NULL;
    int rc = docx_to_items(docx, len, &s, &error);
    if (rc == 0) {
        char *got = render(&s);
        assert_null(strstr(got, "AAAA"));
        assert_null(strstr(got, "root:"));
        free(got);
    } else {
        free(error);
    }
    items_free(&s);
    free(docx);
}

/* ---- hostile and broken archives ---- */

static void test_zip_bomb_refused(void **state)
{
    (void)state;
    /* 100 MB of zeros as the document part: over the part limit. Compresses to about 100 KB. */
    size_t big = (size_t)100 << 20;
    char *zeros = calloc(big, 1);
    assert_non_null(zeros);
    entry part = {"word/document.xml", zeros, big, false, 1};
    size_t len;
    char *docx = make_zip(&part, 1, &len);
    assert_true(len < ((size_t)1 << 20));
    clock_t start = clock();
    assert_refused(docx, len, "压缩包解压后过大");
    assert_true((double)(clock() - start) / CLOCKS_PER_SEC < 1.0); /* refused before decompressing */
    free(docx);

    /* A small real document with 3 × 100 MB of zeros beside it: over the total limit. */
    buf xml = BUF_INIT;
    buf_printf(&xml, "%s%s%s", DOC_HEAD, P("正文"), DOC_TAIL);
    entry entries[] = {{"word/document.xml", xml.data, xml.len, false, 0},
                       {"word/media/a.bin", zeros, big, false, 1},
                       {"word/media/b.bin", zeros, big, false, 1},
                       {"word/media/c.bin", zeros, big, false, 1}};
    docx = make_zip(entries, 4, &len);
    assert_refused(docx, len, "压缩包解压后过大");
    free(docx);
    buf_free(&xml);
    free(zeros);
}

static void test_corrupt_archives_refused(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/docx-001.docx", test_source_dir());
    size_t len;
    char *good = test_read_file(path, &len);

    assert_refused(good, len / 2, "压缩包"); /* truncated: no central directory */
    assert_refused("PK\x03\x04garbage", 11, "压缩包");
    assert_refused("", 0, "空");

    /* Damage inside the compressed document part: inflate or CRC fails. */
    size_t tries = 0, refused = 0;
    for (size_t at = 200; at < len - 2000; at += 997) {
        char *bad = xmalloc(len);
        memcpy(bad, good, len);
        bad[at] ^= 0x5A;
        item_stream s;
        items_init(&s, NULL);
        char *error = NULL;
        int rc = docx_to_items(bad, len, &s, &error);
        tries++;
        if (rc != 0) {
            assert_non_null(error);
            refused++;
        }
        free(error);
        items_free(&s);
        free(bad);
    }
    assert_true(refused > 0);
    assert_true(tries > 0);

    static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old word";
    assert_refused(ole, sizeof ole - 1, ".doc");

    /* A zip that is not a Word document. */
    entry e = {"hello.txt", "你好", 6, false, 0};
    size_t zip_len;
    char *zip = make_zip(&e, 1, &zip_len);
    assert_refused(zip, zip_len, "word/document.xml");
    free(zip);

    /* A document part that is not XML. */
    entry broken = {"word/document.xml", "<w:document><w:body><w:p>", 25, false, 0};
    zip = make_zip(&broken, 1, &zip_len);
    assert_refused(zip, zip_len, "XML");
    free(zip);
    free(good);
}

static void test_encrypted_refused(void **state)
{
    (void)state;
    if (!zip_encryption_method_supported(ZIP_EM_AES_256, 1)) skip();
    buf xml = BUF_INIT;
    buf_printf(&xml, "%s%s%s", DOC_HEAD, P("机密"), DOC_TAIL);
    entry e = {"word/document.xml", xml.data, xml.len, true, 0};
    size_t len;
    char *docx = make_zip(&e, 1, &len);
    assert_refused(docx, len, "加密");
    free(docx);
    buf_free(&xml);
}

static void test_oversized_input_refused(void **state)
{
    (void)state;
    size_t huge = IMPORT_MAX_BYTES + 1;
    char *big = calloc(huge, 1);
    assert_non_null(big);
    memcpy(big, "PK\x03\x04", 4);
    assert_refused(big, huge, "过大");
    free(big);
}

/* ---- fixtures, cell by cell ---- */

/* Prints where two JSON values differ, cell by cell; returns the number of differences. */
static int json_diff(const char *where, const json_t *want, const json_t *got)
{
    if (json_is_object(want)) {
        int n = 0;
        const char *key;
        const json_t *value;
        json_object_foreach((json_t *)want, key, value) {
            char sub[512];
            snprintf(sub, sizeof sub, "%s.%s", where, key);
            n += json_diff(sub, value, json_object_get(got, key));
        }
        return n;
    }
    if (json_is_array(want)) {
        int n = 0;
        for (size_t i = 0; i < json_array_size(want); i++) {
            char sub[512];
            snprintf(sub, sizeof sub, "%s[%zu]", where, i);
            n += json_diff(sub, json_array_get(want, i), json_array_get(got, i));
        }
        return n;
    }
    if (got && json_equal((json_t *)want, (json_t *)got)) return 0;
    char *w = json_dumps(want, JSON_ENCODE_ANY), *g = got ? json_dumps(got, JSON_ENCODE_ANY) : xstrdup("(missing)");
    fprintf(stderr, "  %s: expected %s, got %s\n", where, w, g);
    free(w);
    free(g);
    return 1;
}

/* Imports tests/data/docx-NAME.docx and compares it with tests/data/docx-EXPECTED.expected.json. */
static void check_fixture(const char *id, const char *expected_id)
{
    char path[4096], expected_path[4096];
    snprintf(path, sizeof path, "%s/tests/data/docx-%s.docx", test_source_dir(), id);
    snprintf(expected_path, sizeof expected_path, "%s/tests/data/docx-%s.expected.json", test_source_dir(),
             expected_id);
    size_t len;
    char *data = test_read_file(path, &len);
    assert_int_equal(import_detect(data, len), SOURCE_DOCX);
    char *error = NULL;
    report *r = import_buffer(data, len, path, &error);
    if (!r) fprintf(stderr, "%s\n", error);
    assert_non_null(r);
    buf out = BUF_INIT;
    export_json(r, &out);
    json_error_t jerr;
    json_t *got = json_loads(out.data, 0, &jerr);
    json_t *want = json_load_file(expected_path, 0, &jerr);
    assert_non_null(got);
    assert_non_null(want);
    const char *sections[] = {REPORT_JSON_KEY_FORMAT, REPORT_JSON_KEY_YEAR, REPORT_JSON_KEY_AGENCY,
                              REPORT_JSON_KEY_PROACTIVE, REPORT_JSON_KEY_APPLICATIONS, REPORT_JSON_KEY_APPEALS};
    int differences = 0;
    for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++) {
        const json_t *w = json_object_get(want, sections[k]);
        assert_non_null(w);
        differences += json_diff(sections[k], w, json_object_get(got, sections[k]));
    }
    if (differences) fprintf(stderr, "docx-%s: %d cells differ\n", id, differences);
    assert_int_equal(differences, 0);
    json_decref(got);
    json_decref(want);
    buf_free(&out);
    report_free(r);
    free(data);
}

static void test_fixture_001(void **state)
{
    (void)state;
    check_fixture("001", "001");
}

static void test_fixture_002(void **state)
{
    (void)state;
    check_fixture("002", "002");
}

/* The same report written by another producer: LibreOffice's conversion of gongkai's HTML rendering. */
static void test_fixture_libreoffice_002(void **state)
{
    (void)state;
    check_fixture("lo-002", "002");
}

static void test_fixture_items(void **state)
{
    (void)state;
    /* The template's table 三 has 25 rows of 7 values: every value cell once, no blank among them. */
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/docx-002.docx", test_source_dir());
    size_t len;
    char *data = test_read_file(path, &len);
    item_stream s;
    items_init(&s, NULL);
    char *error = NULL;
    assert_int_equal(docx_to_items(data, len, &s, &error), 0);
    size_t numbers = 0, blanks = 0;
    for (size_t i = 0; i < s.count; i++) {
        numbers += s.items[i].kind == ITEM_NUMBER && s.items[i].cell_start;
        blanks += s.items[i].kind == ITEM_BLANK;
    }
    assert_int_equal(numbers, 10 + 25 * 7 + 15);
    assert_int_equal(blanks, 0);
    items_free(&s);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paragraphs),
        cmocka_unit_test(test_paragraph_line_numbers),
        cmocka_unit_test(test_table_merges),
        cmocka_unit_test(test_table_orphan_continue_and_wrappers),
        cmocka_unit_test(test_layout_tables),
        cmocka_unit_test(test_nested_data_table),
        cmocka_unit_test(test_cell_paragraphs),
        cmocka_unit_test(test_main_part_from_relationships),
        cmocka_unit_test(test_entities_not_expanded),
        cmocka_unit_test(test_zip_bomb_refused),
        cmocka_unit_test(test_corrupt_archives_refused),
        cmocka_unit_test(test_encrypted_refused),
        cmocka_unit_test(test_oversized_input_refused),
        cmocka_unit_test(test_fixture_items),
        cmocka_unit_test(test_fixture_001),
        cmocka_unit_test(test_fixture_002),
        cmocka_unit_test(test_fixture_libreoffice_002),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
