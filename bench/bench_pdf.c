/* bench_pdf: PDF import throughput on the corpus PDFs (002–004) and where the time goes.
 * Usage: bench_pdf [ROUNDS]  (default 20; the corpus from $GONGKAI_CORPUS or ../shared/corpus beside the source tree).
 * For each PDF, per report:
 *   poppler   opening the document and, per page, poppler_page_get_text + poppler_page_get_text_layout — exactly
 *             the poppler work pdf_to_text asks for;
 *   to_text   pdf_to_text: poppler plus our layout (glyphs → fragments → lines);
 *   import    import_buffer: to_text plus the text importer and the assembler (the report value).
 * Then reports/s on one thread and on two (the three PDFs in turn on each thread). */
#include <limits.h>
#include <poppler.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "import/import.h"
#include "import/pdf.h"

static const char *const PDFS[] = {"pdf/002_huaian-shizhengfu_2024.pdf", "pdf/003_hongze-quzhengfu_2023.pdf",
                                   "pdf/004_hongze-quzhengfu_2024.pdf"};
#define PDF_COUNT 3

typedef struct sample {
    buf data;
    const char *name;
} sample;

static double clock_seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now_seconds(void) { return clock_seconds(CLOCK_MONOTONIC); }
/* CPU time of this thread: the per-stage figures do not depend on what else the machine runs. */
static double cpu_seconds(void) { return clock_seconds(CLOCK_THREAD_CPUTIME_ID); }

/* The corpus folder: $GONGKAI_CORPUS, or ../shared/corpus beside the source tree (found from the build folder or
 * the current one). NULL when none has the PDFs. */
static const char *find_corpus(char *space, size_t size)
{
    const char *env = getenv("GONGKAI_CORPUS");
    char exe[PATH_MAX] = "";
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
    }
    const char *candidates[4][2] = {{env ? env : "", ""}, {exe, "/../../shared/corpus"}, {"..", "/shared/corpus"},
                                    {"../..", "/shared/corpus"}};
    for (int i = 0; i < 4; i++) {
        if (!candidates[i][0][0]) continue;
        snprintf(space, size, "%s%s/%s", candidates[i][0], candidates[i][1], PDFS[0]);
        if (access(space, R_OK) == 0) {
            snprintf(space, size, "%s%s", candidates[i][0], candidates[i][1]);
            return space;
        }
    }
    return NULL;
}

/* The poppler work of pdf_to_text, without our layout. */
static void poppler_only(const sample *s)
{
    GBytes *bytes = g_bytes_new_static(s->data.data, s->data.len);
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, NULL);
    g_bytes_unref(bytes);
    if (!doc) return;
    for (int i = 0; i < poppler_document_get_n_pages(doc); i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        char *text = poppler_page_get_text(page);
        PopplerRectangle *rects = NULL;
        guint count = 0;
        poppler_page_get_text_layout(page, &rects, &count);
        g_free(rects);
        g_free(text);
        g_object_unref(page);
    }
    g_object_unref(doc);
}

static int to_text(const sample *s)
{
    buf text = BUF_INIT;
    char *error = NULL;
    int status = pdf_to_text(s->data.data, s->data.len, &text, &error);
    free(error);
    buf_free(&text);
    return status;
}

static int import_one(const sample *s)
{
    char *error = NULL;
    report *r = import_buffer(s->data.data, s->data.len, s->name, &error);
    free(error);
    int status = r ? 0 : -1;
    report_free(r);
    return status;
}

typedef struct thread_work {
    const sample *samples;
    int rounds;
    int failures;
} thread_work;

static void *import_rounds(void *arg)
{
    thread_work *w = arg;
    for (int round = 0; round < w->rounds; round++)
        for (int i = 0; i < PDF_COUNT; i++) w->failures += import_one(&w->samples[i]) != 0;
    return NULL;
}

/* Reports per second (wall clock) importing the PDFs in turn on `threads` threads; *cpu_share: process CPU time
 * over wall time (2.0 = both cores busy all along). */
static double parallel_rate(const sample *samples, int threads, int rounds, int *failures, double *cpu_share)
{
    pthread_t ids[8];
    thread_work work[8];
    double start = now_seconds(), cpu_start = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (int t = 0; t < threads; t++) {
        work[t] = (thread_work){samples, rounds, 0};
        pthread_create(&ids[t], NULL, import_rounds, &work[t]);
    }
    for (int t = 0; t < threads; t++) {
        pthread_join(ids[t], NULL);
        *failures += work[t].failures;
    }
    double wall = now_seconds() - start;
    *cpu_share = (clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_start) / wall;
    return threads * rounds * PDF_COUNT / wall;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 20;
    if (rounds <= 0) rounds = 20;
    char space[PATH_MAX];
    const char *corpus = find_corpus(space, sizeof space);
    if (!corpus) {
        puts("bench_pdf: skipped, no corpus PDFs (set GONGKAI_CORPUS)");
        return 0;
    }
    sample samples[PDF_COUNT];
    for (int i = 0; i < PDF_COUNT; i++) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%s/%s", corpus, PDFS[i]);
        samples[i] = (sample){BUF_INIT, PDFS[i] + 4};
        if (buf_read_file(&samples[i].data, path, IMPORT_MAX_BYTES) != 0) {
            fprintf(stderr, "bench_pdf: cannot read %s\n", path);
            return 1;
        }
    }
    int failures = 0;
    double total[3] = {0, 0, 0};
    printf("%-34s %9s %9s %9s %8s %8s\n", "PDF (CPU ms per report)", "poppler", "to_text", "import", "layout", "rest");
    for (int i = 0; i < PDF_COUNT; i++) {
        const sample *s = &samples[i];
        double t0 = cpu_seconds();
        for (int r = 0; r < rounds; r++) poppler_only(s);
        double t1 = cpu_seconds();
        for (int r = 0; r < rounds; r++) failures += to_text(s) != 0;
        double t2 = cpu_seconds();
        for (int r = 0; r < rounds; r++) failures += import_one(s) != 0;
        double t3 = cpu_seconds();
        double poppler = (t1 - t0) / rounds * 1e3, text = (t2 - t1) / rounds * 1e3, all = (t3 - t2) / rounds * 1e3;
        printf("%-34s %9.2f %9.2f %9.2f %7.0f%% %7.0f%%\n", s->name, poppler, text, all,
               100 * (text - poppler) / all, 100 * (all - text) / all);
        total[0] += poppler, total[1] += text, total[2] += all;
    }
    printf("%-34s %9.2f %9.2f %9.2f %7.0f%% %7.0f%%\n", "mean", total[0] / PDF_COUNT, total[1] / PDF_COUNT,
           total[2] / PDF_COUNT, 100 * (total[1] - total[0]) / total[2], 100 * (total[2] - total[1]) / total[2]);
    printf("poppler's share of a PDF import: %.0f%% (the rest: our layout %.0f%%, text importer and assembler %.0f%%)\n",
           100 * total[0] / total[2], 100 * (total[1] - total[0]) / total[2], 100 * (total[2] - total[1]) / total[2]);
    printf("PDF import, CPU bound: %.1f reports/s per core\n", 1000.0 * PDF_COUNT / total[2]);
    double share1, share2;
    double one = parallel_rate(samples, 1, rounds, &failures, &share1);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = cores >= 2 ? 2 : 1;
    double two = parallel_rate(samples, threads, rounds, &failures, &share2);
    printf("PDF import, wall clock: %.1f reports/s on 1 thread (%.0f%% CPU), %.1f reports/s on %d threads (%.0f%% CPU;"
           " below %d00%% means other work shared the cores)\n",
           one, 100 * share1, two, threads, 100 * share2, threads);
    for (int i = 0; i < PDF_COUNT; i++) buf_free(&samples[i].data);
    if (failures) fprintf(stderr, "bench_pdf: %d imports failed\n", failures);
    return failures ? 1 : 0;
}
