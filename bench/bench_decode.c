/* bench_decode: how many glued reports the decoder (src/import/decode.c) splits per second. Random consistent
 * table 三 + 四 of three agency sizes are printed with no separators (some spaces kept, as crawler text does),
 * then decoded; the corpus report 008's digit runs are the fourth workload. Prints reports/s by the clock and per
 * CPU-second of this process (steadier on a shared machine), µs per report, the slowest report and how often the
 * result is unique. Only decode_glued is timed: random reports are generated in batches, then decoded.
 * Usage: bench_decode [N] (default 20000 per size). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import/pipeline.h"

static double clock_s(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}
static double now_s(void) { return clock_s(CLOCK_MONOTONIC); }
static double cpu_s(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

enum { BATCH = 256 }; /* random reports generated before a timed run of decoding */

typedef struct rng { uint64_t s; } rng;
static uint64_t rng_next(rng *g)
{
    g->s ^= g->s >> 12;
    g->s ^= g->s << 25;
    g->s ^= g->s >> 27;
    return g->s * 2685821657736338717ULL;
}
static int rng_below(rng *g, int n) { return (int)(rng_next(g) % (uint64_t)n); }
static int chance(rng *g, int percent) { return rng_below(g, 100) < percent; }

/* A count: mostly 0, else 1–99 scaled to the agency's size. */
static int64_t random_count(rng *g, int active_percent, int scale)
{
    if (!chance(g, active_percent)) return 0;
    int64_t v = 1 + rng_below(g, 9);
    if (chance(g, 40)) v = v * 10 + rng_below(g, 10);
    return v * scale / 10 + (scale > 10 ? rng_below(g, scale) : 0);
}

/* Writes a consistent table 三 (rows × 7) and table 四 (15 values) into values[]: table 三 row-major first. */
static void random_tables(rng *g, const report_format *f, int scale, int64_t *values)
{
    int rows = f->application_row_count;
    memset(values, 0, sizeof(int64_t) * (size_t)(rows * APPLICATION_COLUMNS + 15));
    int total = format_application_row(f, "total"), received = format_application_row(f, "received");
    int over = format_application_row(f, "carried_over"), forward = format_application_row(f, "carried_forward");
    int64_t (*cell)[APPLICATION_COLUMNS] = (int64_t(*)[APPLICATION_COLUMNS])values;
    for (int row = 0; row < rows; row++)
        if (f->application_rows[row].is_result && chance(g, 45))
            for (int col = 0; col < APPLICATION_TOTAL_COLUMN; col++)
                cell[row][col] = random_count(g, col == 0 ? 85 : 8, col == 0 ? scale : 10);
    for (int col = 0; col < APPLICATION_TOTAL_COLUMN; col++) {
        for (int row = 0; row < rows; row++)
            if (f->application_rows[row].is_result) cell[total][col] += cell[row][col];
        cell[forward][col] = chance(g, 20) ? random_count(g, 100, 10) : 0;
        cell[over][col] = chance(g, 30) ? rng_below(g, (int)(cell[total][col] + cell[forward][col]) / 4 + 1) : 0;
        cell[received][col] = cell[total][col] + cell[forward][col] - cell[over][col];
    }
    for (int row = 0; row < rows; row++)
        for (int col = 0; col < APPLICATION_TOTAL_COLUMN; col++) cell[row][APPLICATION_TOTAL_COLUMN] += cell[row][col];
    int64_t *appeals = values + rows * APPLICATION_COLUMNS;
    for (int block = 0; block < 3; block++)
        if (chance(g, 40))
            for (int field = 0; field < 4; field++) {
                appeals[block * 5 + field] = random_count(g, field == 0 ? 80 : 30, scale);
                appeals[block * 5 + 4] += appeals[block * 5 + field];
            }
}

static void add_row(glued_rows *g, enum report_table table, int first_cell, int cell_count, const char *digits)
{
    if (g->count == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 32;
        g->rows = xrealloc(g->rows, g->cap * sizeof *g->rows);
    }
    glued_row *r = &g->rows[g->count++];
    memset(r, 0, sizeof *r);
    r->table = table;
    r->first_cell = first_cell;
    r->cell_count = cell_count;
    for (const char *p = digits; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *end = strchr(p, ' ');
        if (!end) end = p + strlen(p);
        r->chunks = xrealloc(r->chunks, (size_t)(r->chunk_count + 1) * sizeof *r->chunks);
        r->chunks[r->chunk_count++] = xstrndup(p, (size_t)(end - p));
        p = end;
    }
}

static void glue(rng *g, const int64_t *values, int count, char *out)
{
    out[0] = '\0';
    for (int i = 0; i < count; i++) {
        if (i && chance(g, 12)) strcat(out, " ");
        sprintf(out + strlen(out), "%lld", (long long)values[i]);
    }
}

/* One workload: n random reports of the given size, glued, then decoded (only the decoding is timed). */
static void run_random(const report_format *f, int scale, long n, const char *name)
{
    rng g = {0x2545F4914F6CDD1DULL + (uint64_t)scale};
    int rows = f->application_row_count;
    int64_t values[32 * APPLICATION_COLUMNS + 15];
    char digits[512];
    static glued_rows glued[BATCH];
    static report *reports[BATCH];
    double total = 0, cpu = 0, slowest = 0;
    long unique = 0;
    for (long done = 0; done < n;) {
        int batch = n - done < BATCH ? (int)(n - done) : BATCH;
        for (int b = 0; b < batch; b++) {
            random_tables(&g, f, scale, values);
            glued[b] = (glued_rows){0};
            for (int row = 0; row < rows; row++) {
                glue(&g, values + row * APPLICATION_COLUMNS, APPLICATION_COLUMNS, digits);
                add_row(&glued[b], TABLE_APPLICATIONS, format_application_cell(f, row, 0), APPLICATION_COLUMNS, digits);
            }
            glue(&g, values + rows * APPLICATION_COLUMNS, 15, digits);
            add_row(&glued[b], TABLE_APPEALS, format_appeal_cell(f, 0, 0), 15, digits);
            reports[b] = report_new(f);
        }
        diag_list notes[BATCH];
        double c0 = cpu_s();
        for (int b = 0; b < batch; b++) {
            notes[b] = (diag_list)DIAG_LIST_INIT;
            double t0 = now_s();
            decode_glued(reports[b], &glued[b], &notes[b]);
            double dt = now_s() - t0;
            total += dt;
            if (dt > slowest) slowest = dt;
        }
        cpu += cpu_s() - c0;
        for (int b = 0; b < batch; b++) {
            unique += notes[b].count == 0;
            diag_list_free(&notes[b]);
            report_free(reports[b]);
            glued_rows_free(&glued[b]);
        }
        done += batch;
    }
    printf("decode %-28s %9.0f reports/s  %9.0f per CPU-s  %7.1f us/report  slowest %7.1f us  unique %5.1f%%\n",
           name, n / total, n / cpu, 1e6 * total / n, 1e6 * slowest, 100.0 * unique / n);
}

/* The digit runs of corpus report 008 (2021 format), decoded n times. */
static void run_corpus_008(long n)
{
    static const char *const runs[] = {
        "640020470", "0000000", "270020130", "500000 5", "0000000", "0000000", "0000000", "0000000", "1000001",
        "0000000", "6000006", "1000001", "220000325", "0000000", "0000000", "0000000", "0000000", "0000000",
        "0000000", "0000000", "0000000", "0000000", "1000001", "630020469", "1000001", "10203120001200000",
    };
    const report_format *f = &FORMAT_2021;
    glued_rows glued = {0};
    for (int row = 0; row < f->application_row_count; row++)
        add_row(&glued, TABLE_APPLICATIONS, format_application_cell(f, row, 0), APPLICATION_COLUMNS, runs[row]);
    add_row(&glued, TABLE_APPEALS, format_appeal_cell(f, 0, 0), 15, runs[f->application_row_count]);
    double t0 = now_s(), c0 = cpu_s();
    for (long i = 0; i < n; i++) {
        report *r = report_new(f);
        diag_list notes = DIAG_LIST_INIT;
        decode_glued(r, &glued, &notes);
        diag_list_free(&notes);
        report_free(r);
    }
    double total = now_s() - t0, cpu = cpu_s() - c0;
    printf("decode %-28s %9.0f reports/s  %9.0f per CPU-s  %7.1f us/report\n", "corpus 008 (crawler text)", n / total,
           n / cpu, 1e6 * total / n);
    glued_rows_free(&glued);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000;
    if (n <= 0) n = 20000;
    run_corpus_008(n);
    run_random(&FORMAT_2021, 10, n, "random, county size (1-99)");
    run_random(&FORMAT_2021, 30, n, "random, city size (to ~330)");
    run_random(&FORMAT_2019, 100, n, "random, province size (~1100)");
    return 0;
}
