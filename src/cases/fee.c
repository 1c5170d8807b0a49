/* fee: the two 信息处理费 schedules of 国办函〔2020〕109号 as arithmetic (rules in fee.h). */
#include "cases/fee.h"

#include <limits.h>

/* 按件 bands: 11–30 at 100 元, then bands of 10 from 31 on, each 100 元 dearer than the one before. */
#define ITEM_FIRST_PAID 11
#define ITEM_FIRST_BAND_END 30
#define ITEM_BAND 10
#define ITEM_STEP 100L

long gk_fee_per_item(int nth_in_month)
{
    if (nth_in_month <= GK_FEE_FREE_ITEMS)
        return 0;
    if (nth_in_month <= ITEM_FIRST_BAND_END)
        return ITEM_STEP;
    long band = (nth_in_month - ITEM_FIRST_BAND_END - 1) / ITEM_BAND; /* 0 for 31–40 */
    return ITEM_STEP * (2 + band);
}

/* a*b+c, saturating at LONG_MAX (all operands non-negative). */
static long sat_mul_add(long a, long b, long c)
{
    if (a != 0 && b > (LONG_MAX - c) / a)
        return LONG_MAX;
    return a * b + c;
}

long gk_fee_per_item_total(int n)
{
    if (n <= GK_FEE_FREE_ITEMS)
        return 0;
    if (n <= ITEM_FIRST_BAND_END)
        return ITEM_STEP * (n - GK_FEE_FREE_ITEMS);
    long total = ITEM_STEP * (ITEM_FIRST_BAND_END - GK_FEE_FREE_ITEMS); /* 2000 */
    long full = (n - ITEM_FIRST_BAND_END) / ITEM_BAND;                 /* complete bands from 31 */
    long rest = (n - ITEM_FIRST_BAND_END) % ITEM_BAND;
    /* complete bands j = 0..full-1 cost 10 × 100 × (2 + j) each: 1000 × (2·full + full(full−1)/2) */
    long units = full * 2 + full * (full - 1) / 2; /* full < 2^28: no overflow */
    total = sat_mul_add(ITEM_STEP * ITEM_BAND, units, total);
    if (total == LONG_MAX)
        return LONG_MAX;
    return sat_mul_add(ITEM_STEP * (2 + full), rest, total);
}

bool gk_fee_applies_per_item(int nth_in_month) { return nth_in_month > GK_FEE_FREE_ITEMS; }

/* 按量 bands: (upper bound of the band, yuan per page). */
static const struct {
    long upto, rate;
} page_bands[] = {
    {GK_FEE_FREE_PAGES, 0},
    {100, 10},
    {200, 20},
    {LONG_MAX, 40},
};

long gk_fee_per_page(int pages)
{
    long total = 0, below = 0;
    for (unsigned i = 0; i < sizeof page_bands / sizeof page_bands[0] && pages > below; i++) {
        long upto = page_bands[i].upto < pages ? page_bands[i].upto : pages;
        total += (upto - below) * page_bands[i].rate; /* at most 2^31 × 40: fits a 64-bit long */
        below = upto;
    }
    return total;
}

bool gk_fee_applies_per_page(int pages) { return pages > GK_FEE_FREE_PAGES; }
