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

/* Imports data and demands a refusal whose message names the file (and holds `also` when not NULL). */
static void assert_refused(const char *data, size_t len, const char *name, const char *also)
{
    char *error = NULL;
    report *r = import_buffer(data, len, name, &error);
    if (r) fprintf(stderr, "%s was read as a report (%s, year %d)\n", name, r->agency ? r->agency : "?", r->year);
    assert_null(r);
    assert_non_null(error);
    fprintf(stderr, "  %s → %s\n", name, error);
    assert_non_null(strstr(error, name));
    if (also) assert_non_null(strstr(error, also));
    free(error);
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

static void test_empty_input_is_refused(void **state) { assert_refused("", 0, "empty.txt", NULL); }

static void test_binary_junk_is_refused(void **state)
{
    char junk[4096];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof junk; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        junk[i] = (char)(x & 0xFF);
    }
    assert_refused(junk, sizeof junk, "junk.bin", NULL);
    memset(junk, 0, sizeof junk);
    assert_refused(junk, sizeof junk, "zeros.bin", NULL);
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
    assert_refused(page, sizeof page - 1, "guide.html", NULL);
    static const char text[] = "关于做好2024年春节期间安全生产工作的通知\n各乡镇人民政府，县直各部门：\n现将有关事项通知如下。\n";
    assert_refused(text, sizeof text - 1, "notice.txt", NULL);
}

static void test_truncated_report_is_refused(void **state)
{
    size_t len;
    char *text = read_corpus_001(&len);
    size_t half = len / 2;
    while (half > 0 && ((unsigned char)text[half] & 0xC0) == 0x80) half--; /* cut between characters */
    assert_refused(text, half, "truncated.txt", NULL);
    free(text);
}

/* Corpus 001 with everything from the heading of section 三 to the heading of section 四 taken out. */
static void test_report_without_table_three_is_refused(void **state)
{
    size_t len;
    char *text = read_corpus_001(&len);
    const section_def *sections = FORMAT_2021.sections;
    char *start = strstr(text, sections[SECTION_APPLICATIONS].heading);
    char *end = start ? strstr(start, sections[SECTION_APPEALS].heading) : NULL;
    assert_non_null(start);
    assert_non_null(end);
    memmove(start, end, (size_t)(text + len - end) + 1);
    len -= (size_t)(end - start);
    assert_refused(text, len, "no-table-3.txt", sections[SECTION_APPLICATIONS].heading);
    free(text);
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
    assert_refused(bad, len + 3, "invalid-utf8.txt", NULL);
    free(bad);
    free(text);
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

static void test_gb18030_reads_like_utf8(void **state)
{
    size_t len, gb_len;
    char *text = read_corpus_001(&len);
    char *gb = to_gb18030(text, len, &gb_len);
    assert_true(gb_len != len || memcmp(gb, text, len) != 0);
    char *error = NULL, *gb_error = NULL;
    report *utf8 = import_buffer(text, len, "utf8.txt", &error);
    report *gbr = import_buffer(gb, gb_len, "gb18030.txt", &gb_error);
    if (!gbr) fprintf(stderr, "GB18030 copy refused: %s\n", gb_error);
    assert_non_null(utf8);
    assert_non_null(gbr);
    assert_ptr_equal(utf8->format, gbr->format);
    assert_int_equal(utf8->year, gbr->year);
    assert_string_equal(utf8->agency, gbr->agency);
    for (int cell = 0; cell < utf8->format->cell_count; cell++) {
        assert_int_equal(utf8->cells[cell].state, gbr->cells[cell].state);
        assert_int_equal(utf8->cells[cell].value, gbr->cells[cell].value);
    }
    for (int t = 0; t < TEXT_COUNT; t++) {
        assert_int_equal(utf8->text[t] == NULL, gbr->text[t] == NULL);
        if (utf8->text[t]) assert_string_equal(utf8->text[t], gbr->text[t]);
    }
    report_free(utf8);
    report_free(gbr);
    free(error);
    free(gb_error);
    free(gb);
    free(text);
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
    assert_null(r);
    assert_non_null(error);
    fprintf(stderr, "  200 MB file → %s (peak RSS grew by %ld KB)\n", error, grown_kb);
    assert_non_null(strstr(error, path));
    assert_non_null(strstr(error, "过大"));
    assert_true(grown_kb < 100 * 1024);
    free(error);
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
