/* test_badinput: input that is not a readable report — empty, binary junk, a web page about something else, a
 * report cut in half, a report without table 三, invalid UTF-8, a 200 MB file — is refused with a Chinese message
 * naming the file, without a crash and within bounded memory; a GB18030 copy of a report reads like the original. */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "testutil.h"

#include "import/import.h"

static const char CORPUS_001[] = "001_kuancheng-xianzhengfuban_2023.txt";

/* Imports data; true when it was refused with a message naming the file (and holding `also` when not NULL).
 * Frees everything before returning, so that a failing test leaks nothing. */
static bool refused(const char *data, size_t len, const char *name, const char *also)
{
    char *error = NULL;
    report *r = import_buffer(data, len, name, &error);
    bool ok = r == NULL && error != NULL && strstr(error, name) && (!also || strstr(error, also));
    if (r) fprintf(stderr, "%s was read as a report (%s, year %d)\n", name, r->agency ? r->agency : "?", r->year);
    else fprintf(stderr, "  %s → %s\n", name, error ? error : "(refused without a message)");
    if (!ok && !r && also) fprintf(stderr, "  the message should name the file and “%s”\n", also);
    report_free(r);
    free(error);
    return ok;
}

/* Reads corpus 001, or skips the calling test when there is no corpus. */
static char *read_corpus_001(size_t *len)
{
    const char *dir = test_corpus_dir();
    if (!dir) skip();
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, CORPUS_001);
    return test_read_file(path, len);
}

static void test_empty_input_is_refused(void **state) { assert_true(refused("", 0, "empty.txt", NULL)); }

static void test_binary_junk_is_refused(void **state)
{
    char junk[4096];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof junk; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        junk[i] = (char)(x & 0xFF);
    }
    assert_true(refused(junk, sizeof junk, "junk.bin", NULL));
    memset(junk, 0, sizeof junk);
    assert_true(refused(junk, sizeof junk, "zeros.bin", NULL));
}

static void test_web_page_that_is_no_report_is_refused(void **state)
{
    static const char page[] =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政务公开 - 某某县人民政府</title></head><body>"
        "<div class=\"nav\">首页 &gt; 政务公开 &gt; 政府信息公开指南</div>"
        "<h1>某某县人民政府政府信息公开指南</h1><p>为了更好地开展政府信息公开工作，根据《中华人民共和国政府信息公开条例》"
        "编制本指南。申请人可以通过网络、信函等方式提出申请。</p>"
        "<table><tr><td>受理机构</td><td>县政府办公室</td></tr><tr><td>办公时间</td><td>工作日 9:00-17:00</td></tr>"
        "</table></body></html>";
    assert_true(refused(page, sizeof page - 1, "guide.html", NULL));
    static const char text[] = "关于做好2024年春节期间安全生产工作的通知\n各乡镇人民政府，县直各部门：\n现将有关事项通知如下。\n";
    assert_true(refused(text, sizeof text - 1, "notice.txt", NULL));
}

static void test_truncated_report_is_refused(void **state)
{
    size_t len;
    char *text = read_corpus_001(&len);
    size_t half = len / 2;
    while (half > 0 && ((unsigned char)text[half] & 0xC0) == 0x80) half--; /* cut between characters */
    bool ok = refused(text, half, "truncated.txt", NULL);
    free(text);
    assert_true(ok);
}

/* Corpus 001 with everything from the heading of section 三 to the heading of section 四 taken out. */
static void test_report_without_table_three_is_refused(void **state)
{
    size_t len;
    char *text = read_corpus_001(&len);
    const section_def *sections = FORMAT_2021.sections;
    char *start = strstr(text, sections[SECTION_APPLICATIONS].heading);
    char *end = start ? strstr(start, sections[SECTION_APPEALS].heading) : NULL;
    if (!start || !end) free(text);
    assert_non_null(start);
    assert_non_null(end);
    memmove(start, end, (size_t)(text + len - end) + 1);
    len -= (size_t)(end - start);
    bool ok = refused(text, len, "no-table-3.txt", sections[SECTION_APPLICATIONS].heading);
    free(text);
    assert_true(ok);
}

static void test_invalid_utf8_is_refused(void **state)
{
    size_t len;
    char *text = read_corpus_001(&len);
    /* 0xFF can start neither a UTF-8 nor a GB18030 character. */
    char *bad = xmalloc(len + 3);
    memcpy(bad, text, len / 3);
    memcpy(bad + len / 3, "\xFF\xFE\xFF", 3);
    memcpy(bad + len / 3 + 3, text + len / 3, len - len / 3);
    bool ok = refused(bad, len + 3, "invalid-utf8.txt", NULL);
    free(bad);
    free(text);
    assert_true(ok);
}

/* Converts UTF-8 text to GB18030 with iconv(3). Caller frees. */
static char *to_gb18030(const char *text, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t cap = len * 2 + 16, left = cap;
    char *out = xmalloc(cap), *dst = out;
    char *src = (char *)text;
    size_t src_left = len;
    assert_true(iconv(cd, &src, &src_left, &dst, &left) != (size_t)-1);
    iconv_close(cd);
    *out_len = cap - left;
    return out;
}

/* True when b holds what a holds: format, year, agency, every cell, the narrative; prints the first difference. */
static bool same_report(const report *a, const report *b)
{
    if (!a || !b) return false;
    if (a->format != b->format || a->year != b->year || !a->agency || !b->agency || strcmp(a->agency, b->agency)) {
        fprintf(stderr, "format, year or agency differ\n");
        return false;
    }
    for (int cell = 0; cell < a->format->cell_count; cell++) {
        if (a->cells[cell].state != b->cells[cell].state || a->cells[cell].value != b->cells[cell].value) {
            fprintf(stderr, "cell %d differs: %lld / %lld\n", cell, (long long)a->cells[cell].value,
                    (long long)b->cells[cell].value);
            return false;
        }
    }
    for (int t = 0; t < TEXT_COUNT; t++) {
        if ((a->text[t] == NULL) != (b->text[t] == NULL) || (a->text[t] && strcmp(a->text[t], b->text[t]) != 0)) {
            fprintf(stderr, "narrative %s differs\n", REPORT_TEXT_KEYS[t]);
            return false;
        }
    }
    return true;
}

static void test_gb18030_reads_like_utf8(void **state)
{
    size_t len, gb_len;
    char *text = read_corpus_001(&len);
    char *gb = to_gb18030(text, len, &gb_len);
    bool converted = gb_len != len || memcmp(gb, text, len) != 0;
    char *error = NULL, *gb_error = NULL;
    report *utf8 = import_buffer(text, len, "utf8.txt", &error);
    report *gbr = import_buffer(gb, gb_len, "gb18030.txt", &gb_error);
    if (!gbr) fprintf(stderr, "GB18030 copy refused: %s\n", gb_error);
    bool same = utf8 && same_report(utf8, gbr);
    report_free(utf8);
    report_free(gbr);
    free(error);
    free(gb_error);
    free(gb);
    free(text);
    assert_true(converted);
    assert_true(same);
}

static long peak_rss_kb(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

/* A 200 MB file (sparse: made in no time, costs no disk) is refused before it is read. */
static void test_huge_file_is_refused_in_bounded_memory(void **state)
{
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[1024];
    snprintf(path, sizeof path, "%s/gongkai-badinput-200mb-%ld.txt", dir, (long)getpid());
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)200 << 20), 0);
    const char *heading = FORMAT_2021.sections[SECTION_OVERVIEW].heading; /* a report's first words, then zeros */
    assert_int_equal(pwrite(fd, heading, strlen(heading), 0), (ssize_t)strlen(heading));
    close(fd);
    long before = peak_rss_kb();
    char *error = NULL;
    report *r = import_file(path, &error);
    long grown_kb = peak_rss_kb() - before;
    unlink(path);
    bool named = error && strstr(error, path) && strstr(error, "过大");
    fprintf(stderr, "  200 MB file → %s (peak RSS grew by %ld KB)\n", error ? error : "(no message)", grown_kb);
    bool was_refused = r == NULL;
    report_free(r);
    free(error);
    assert_true(was_refused);
    assert_true(named);
    assert_true(grown_kb < 100 * 1024);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_input_is_refused),
        cmocka_unit_test(test_binary_junk_is_refused),
        cmocka_unit_test(test_web_page_that_is_no_report_is_refused),
        cmocka_unit_test(test_truncated_report_is_refused),
        cmocka_unit_test(test_report_without_table_three_is_refused),
        cmocka_unit_test(test_invalid_utf8_is_refused),
        cmocka_unit_test(test_gb18030_reads_like_utf8),
        cmocka_unit_test(test_huge_file_is_refused_in_bounded_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
