/* bench_cases: the case register's performance targets (issue 4): import of historical applications from CSV
 * (target ≥ 50,000 applications/s), building one year's report from 1,000,000 applications on SQLite (target
 * ≤ 1 s), and one deadline computation with the calendar loaded once (target: microseconds). Prints wall and CPU
 * time for each, since the machine is shared. Usage: bench_cases [APPLICATIONS] (default 1000000). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases/csv_import.h"
#include "cases/outcome.h"
#include "report/check.h"
#include "store/store.h"

typedef struct stopwatch { struct timespec wall, cpu; } stopwatch;

static void start(stopwatch *w)
{
    clock_gettime(CLOCK_MONOTONIC, &w->wall);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &w->cpu);
}

static double seconds_since(const struct timespec *t, clockid_t clock)
{
    struct timespec now;
    clock_gettime(clock, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void stop(const stopwatch *w, double *wall, double *cpu)
{
    *wall = seconds_since(&w->wall, CLOCK_MONOTONIC);
    *cpu = seconds_since(&w->cpu, CLOCK_PROCESS_CPUTIME_ID);
}

static uint32_t next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*state >> 33);
}

/* n applications received 2021–2025, 85 % decided within 60 days, every outcome and applicant type. */
static void make_csv(size_t n, buf *out)
{
    uint64_t seed = 42;
    size_t outcomes = gk_outcome_count();
    buf_puts(out, "tracking_no,applicant_type,applicant_name,received_on,outcome,decided_on,phone\n");
    int32_t first = gk_date_to_days((gk_date){2021, 1, 1}), span = gk_date_to_days((gk_date){2025, 12, 31}) - first + 1;
    for (size_t i = 0; i < n; i++) {
        gk_date received = gk_date_from_days(first + (int32_t)(next_random(&seed) % (uint32_t)span));
        char day[11], decided[11] = "";
        gk_date_format(received, day);
        const char *outcome = "";
        gk_outcome o;
        if (next_random(&seed) % 100 < 85 && gk_outcome_at(next_random(&seed) % outcomes, &o)) {
            outcome = o.key;
            gk_date_format(gk_date_add_days(received, (int)(next_random(&seed) % 60)), decided);
        }
        buf_printf(out, "B%zu,%s,申请人%u,%s,%s,%s,1380000%04u\n", i, gk_applicant_type_key((int)(next_random(&seed) % 6)),
                   next_random(&seed) % 50000, day, outcome, decided, next_random(&seed) % 10000);
    }
}

static void remove_db(const char *path)
{
    char other[512];
    unlink(path);
    snprintf(other, sizeof other, "%s-wal", path);
    unlink(other);
    snprintf(other, sizeof other, "%s-shm", path);
    unlink(other);
}

static int bench_deadline(void)
{
    gk_calendar *cal = gk_calendar_new_official();
    gk_event events[] = {
        {GK_EV_RECEIVED, {2025, 9, 19}, 0},          {GK_EV_CONSULTATION_STARTED, {2025, 9, 26}, 0},
        {GK_EV_CONSULTATION_ANSWERED, {2025, 10, 20}, 0}, {GK_EV_EXTENSION_APPROVED, {2025, 11, 3}, 15},
    };
    const int rounds = 100000;
    stopwatch w;
    start(&w);
    long checksum = 0;
    for (int i = 0; i < rounds; i++) {
        gk_deadline dl;
        if (gk_deadline_compute(cal, events, 4, &dl, NULL) != 0) return 1;
        checksum += dl.due.day;
        gk_deadline_free(&dl);
    }
    double wall, cpu;
    stop(&w, &wall, &cpu);
    printf("deadline: %.2f µs per case (calendar loaded once, 4 events, with explanation; checksum %ld)  target: microseconds\n",
           wall * 1e6 / rounds, checksum);
    gk_calendar_free(cal);
    return 0;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    char path[256];
    snprintf(path, sizeof path, "%s/gongkai-bench-cases-%d.db", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    remove_db(path);
    buf csv = BUF_INIT;
    make_csv(n, &csv);
    printf("bench_cases: %zu applications, %.1f MB of CSV, store %s\n", n, csv.len / 1e6, path);

    stopwatch w;
    double wall, cpu;
    gk_application_rows rows;
    gk_import_errors errors;
    gk_import_errors_init(&errors, 5);
    start(&w);
    size_t bad = gk_parse_application_csv(csv.data, csv.len, &rows, &errors);
    stop(&w, &wall, &cpu);
    printf("parse+validate only: %.2f s wall, %.2f s CPU → %.0f rows/s\n", wall, cpu, n / wall);
    gk_application_rows_free(&rows);
    gk_import_errors_free(&errors);
    if (bad) return 1;

    gk_store *s = NULL;
    char *error = NULL;
    int64_t agency = 0;
    if (store_open(path, true, &s, &error) != 0 || store_migrate(s, NULL, &error) != 0 ||
        store_agency_add(s, "基准测试机构", 0, &agency, &error) != 0) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    size_t count = 0;
    start(&w);
    if (store_import_applications_csv(s, agency, csv.data, csv.len, "bench.csv", &count, &error) != 0) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    stop(&w, &wall, &cpu);
    printf("import (CSV → SQLite, one transaction): %.2f s wall, %.2f s CPU → %.0f applications/s wall, %.0f per CPU-s"
           "  target ≥ 50000/s\n", wall, cpu, count / wall, count / cpu);
    buf_free(&csv);
    start(&w);
    if (store_integrity_check(s, &error) != 0) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    stop(&w, &wall, &cpu);
    printf("integrity check (PRAGMA integrity_check + per-year summary against a recount): %.2f s wall\n", wall);

    /* 2024: a year in the middle of the records; 2025: the last year, the report an office builds in January. */
    for (int year = 2024; year <= 2025; year++) {
        double best = 1e9, best_cpu = 0;
        report *previous = NULL;
        store_build_report(s, agency, year - 1, &previous, &error);
        for (int round = 0; round < 3; round++) {
            report *r = NULL;
            start(&w);
            if (store_build_report(s, agency, year, &r, &error) != 0) {
                fprintf(stderr, "%s\n", error);
                return 1;
            }
            diag_list d = DIAG_LIST_INIT;
            report_check(r, previous, &d);
            stop(&w, &wall, &cpu);
            if (wall < best) {
                best = wall;
                best_cpu = cpu;
            }
            if (round == 0) {
                int total = format_application_row(r->format, "total");
                printf("report %d: received %lld, decided %lld, carried forward %lld, %zu errors\n", year,
                       (long long)report_application(r, format_application_row(r->format, "received"), APPLICATION_TOTAL_COLUMN),
                       (long long)report_application(r, total, APPLICATION_TOTAL_COLUMN),
                       (long long)report_application(r, format_application_row(r->format, "carried_forward"),
                                                     APPLICATION_TOTAL_COLUMN),
                       diag_count_severity(&d, SEVERITY_ERROR));
            }
            diag_list_free(&d);
            report_free(r);
        }
        report_free(previous);
        printf("build + check the %d report from %zu applications: %.3f s wall (best of 3), %.3f s CPU  target ≤ 1 s\n",
               year, n, best, best_cpu);
    }
    store_close(s);
    remove_db(path);
    return bench_deadline();
}
