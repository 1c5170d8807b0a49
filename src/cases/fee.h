/* fee: 信息处理费 under 国办函〔2020〕109号《政府信息公开信息处理费管理办法》 (DESIGN.md §3 "Fee").
 * Two methods, one per application, both progressive (each band's rate applies to the part within it):
 * 按件 — per applicant per calendar month, the Nth application: 1–10 free, 11–30 at 100 元, then each further
 * band of 10 adds 100 元 per application (31–40: 200, 41–50: 300, …);
 * 按量 — per application, by pages: 1–30 free, 31–100 at 10 元/page, 101–200 at 20, 201 and more at 40.
 * All amounts are whole yuan. Results saturate at LONG_MAX instead of overflowing. */
#ifndef GONGKAI_CASES_FEE_H
#define GONGKAI_CASES_FEE_H

#include <stdbool.h>

/* 按件: the fee in yuan for the application that is number `nth_in_month` (from 1) of its applicant in that
 * calendar month; 0 for nth_in_month < 1. */
long gk_fee_per_item(int nth_in_month);
/* 按件: the total for a month with n applications (n < 1 → 0). */
long gk_fee_per_item_total(int n);
/* 按量: the fee in yuan for one application of `pages` pages (pages < 1 → 0). */
long gk_fee_per_page(int pages);
/* Past the free band? */
bool gk_fee_applies_per_item(int nth_in_month);
bool gk_fee_applies_per_page(int pages);

#define GK_FEE_FREE_ITEMS 10 /* applications per applicant per month without fee */
#define GK_FEE_FREE_PAGES 30 /* pages per application without fee */

#endif
