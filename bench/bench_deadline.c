/* bench_deadline: times deadline computations over the official calendar and prints ns per case.
 * Usage: bench_deadline [N]  (default 200000). Three workloads: a bare 20-working-day addition, a plain
 * receipt through gk_deadline_compute (with its explanation), and a history with 补正, consultation and
 * extension. Receipt dates cycle over 2019–2026. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cases/calendar.h"
#include "cases/deadline.h"

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static gk_date receipt(int32_t base, long i) { return gk_date_from_days(base + (int32_t)(i % 2900)); }

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 200000;
    if (n <= 0)
        n = 200000;
    gk_calendar *cal = gk_calendar_new_official();
    int32_t base = gk_date_to_days((gk_date){2019, 1, 1});
    long sink = 0;

    double t0 = now_ns();
    for (long i = 0; i < n; i++) {
        bool prov = false;
        sink += gk_calendar_add_working_days(cal, receipt(base, i), 20, &prov).day + prov;
    }
    double t1 = now_ns();
    printf("add_working_days(+20):               %8.1f ns/case\n", (t1 - t0) / n);

    for (long i = 0; i < n; i++) {
        gk_event ev[1] = {{GK_EV_RECEIVED, receipt(base, i), 0}};
        gk_deadline dl;
        if (gk_deadline_compute(cal, ev, 1, &dl, NULL) == 0)
            sink += dl.due.day;
        gk_deadline_free(&dl);
    }
    double t2 = now_ns();
    printf("deadline_compute(received):          %8.1f ns/case\n", (t2 - t1) / n);

    for (long i = 0; i < n; i++) {
        int32_t r = base + (int32_t)(i % 2900);
        gk_event ev[6] = {
            {GK_EV_RECEIVED, gk_date_from_days(r), 0},
            {GK_EV_CORRECTION_REQUESTED, gk_date_from_days(r + 2), 0},
            {GK_EV_CORRECTION_RECEIVED, gk_date_from_days(r + 9), 0},
            {GK_EV_CONSULTATION_STARTED, gk_date_from_days(r + 12), 0},
            {GK_EV_CONSULTATION_ANSWERED, gk_date_from_days(r + 20), 0},
            {GK_EV_EXTENSION_APPROVED, gk_date_from_days(r + 25), 10},
        };
        gk_deadline dl;
        if (gk_deadline_compute(cal, ev, 6, &dl, NULL) == 0)
            sink += dl.due.day;
        gk_deadline_free(&dl);
    }
    double t3 = now_ns();
    printf("deadline_compute(6 events, 补正/征求意见/延期): %8.1f ns/case\n", (t3 - t2) / n);
    printf("(N=%ld, checksum %ld)\n", n, sink);
    gk_calendar_free(cal);
    return 0;
}
