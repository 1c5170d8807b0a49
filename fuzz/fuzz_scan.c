/* fuzz_scan: libFuzzer target holding the fast byte searches to their portable twins on any bytes: every UTF-8
 * validation engine this CPU runs (AVX2, SSSE3) against the portable DFA (same verdict, same first bad byte), and
 * every search of import/byte_scan.h against its byte-wise twin from each of the first 64 offsets, and the
 * pieces read off a whole text's bit maps against scan_next_piece_flags line by line. A difference aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/byte_scan.h"
#include "util/text.h"

static void check_utf8_engines(const char *s, size_t len)
{
    size_t portable_bad = 0;
    bool portable = utf8_validate_with(UTF8_ENGINE_PORTABLE, s, len, &portable_bad);
    static const enum utf8_engine fast[] = {UTF8_ENGINE_SSSE3, UTF8_ENGINE_AVX2};
    for (size_t e = 0; e < sizeof fast / sizeof fast[0]; e++) {
        if (!utf8_engine_supported(fast[e])) continue;
        size_t bad = 0;
        bool valid = utf8_validate_with(fast[e], s, len, &bad);
        if (valid != portable || (!valid && bad != portable_bad)) {
            fprintf(stderr, "utf8 engine %d: %d at %zu, portable %d at %zu\n", (int)fast[e], valid, bad, portable,
                    portable_bad);
            abort();
        }
    }
}

static void check_byte_scans(const char *s, size_t len)
{
    for (size_t from = 0; from <= len && from < 64; from++) {
        bool fast_numberish = false, slow_numberish = false;
        if (scan_line_break(s, len, from) != scan_line_break_portable(s, len, from) ||
            scan_piece_stop(s, len, from) != scan_piece_stop_portable(s, len, from) ||
            scan_number_start(s, len, from) != scan_number_start_portable(s, len, from) ||
            scan_unchanged(s, len, from, &fast_numberish) != scan_unchanged_portable(s, len, from, &slow_numberish) ||
            fast_numberish != slow_numberish) {
            fprintf(stderr, "byte_scan differs from its twin at offset %zu\n", from);
            abort();
        }
    }
}

/* scan_copy_unchanged copies scan_unchanged's run, from each of the first 64 offsets. */
static void check_copy_unchanged(const char *s, size_t len)
{
    char *out = malloc(len + 16);
    for (size_t from = 0; from <= len && from < 64; from++) {
        bool fast_numberish = false, slow_numberish = false;
        size_t run = scan_copy_unchanged(s, len, from, out, &fast_numberish);
        if (run != scan_unchanged_portable(s, len, from, &slow_numberish) || fast_numberish != slow_numberish ||
            memcmp(out, s + from, run) != 0) {
            fprintf(stderr, "scan_copy_unchanged differs from scan_unchanged at offset %zu\n", from);
            abort();
        }
    }
    free(out);
}

/* The maps are the same from every engine this CPU runs, and the pieces of each line read off them are
 * scan_next_piece_flags' pieces. */
static void check_mapped_pieces(const char *s, size_t len)
{
    scan_maps maps;
    scan_maps_build_with(s, len, &maps, SCAN_ENGINE_PORTABLE);
    static const enum scan_engine engines[] = {SCAN_ENGINE_SSE2, SCAN_ENGINE_AVX2};
    for (size_t e = 0; e < sizeof engines / sizeof engines[0]; e++) {
        if (!scan_engine_supported(engines[e])) continue;
        scan_maps other;
        scan_maps_build_with(s, len, &other, engines[e]);
        size_t bytes = maps.words * sizeof *maps.space;
        if (memcmp(other.space, maps.space, bytes) || memcmp(other.changed, maps.changed, bytes) ||
            memcmp(other.number, maps.number, bytes)) {
            fprintf(stderr, "scan engine %d builds other maps than the portable one\n", (int)engines[e]);
            abort();
        }
        scan_maps_free(&other);
    }
    for (size_t line = 0; line <= len;) {
        size_t end = scan_line_break(s, len, line);
        scan_piece fast, slow;
        for (size_t at = line;; at = fast.start + fast.len) {
            scan_mapped_piece(&maps, at, end, &fast);
            scan_next_piece_flags(s + line, end - line, at - line, &slow);
            if (fast.len != slow.len || (slow.len && (fast.start != slow.start + line || fast.changed != slow.changed ||
                                                      fast.numberish != slow.numberish))) {
                fprintf(stderr, "mapped piece differs from scan_next_piece_flags at offset %zu\n", at);
                abort();
            }
            if (slow.len == 0) break;
        }
        line = end + 1;
    }
    scan_maps_free(&maps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_utf8_engines((const char *)data, size);
    check_byte_scans((const char *)data, size);
    check_copy_unchanged((const char *)data, size);
    check_mapped_pieces((const char *)data, size);
    return 0;
}
