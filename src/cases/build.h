/* build: a year's annual report built from the records (DESIGN.md §3 "Counting", §4). The store aggregates its
 * records into a gk_year_counts; gk_report_build turns that into a report value of the 2021 format. Every total
 * is computed here, so rules R1–R4 hold by construction, and X1/X2 hold between years built from one store. */
#ifndef GONGKAI_CASES_BUILD_H
#define GONGKAI_CASES_BUILD_H

#include <stdbool.h>
#include <stdint.h>

#include "cases/outcome.h"
#include "report/report.h"

#define GK_BUILD_MAX_ROWS 32       /* ≥ FORMAT_2021.application_row_count */
#define GK_BUILD_MAX_ITEMS 16      /* ≥ FORMAT_2021.proactive_count */
#define GK_BUILD_MAX_PROACTIVE 32  /* ≥ FORMAT_2021.proactive_cell_count */
#define GK_BUILD_MAX_CHANNELS 16   /* channels quoted in the overview */

typedef struct gk_year_counts {
    int year;
    /* table 三, per applicant type (column 0..5) */
    int64_t received[GK_APPLICANT_TYPES];        /* received in the year */
    int64_t carried_over[GK_APPLICANT_TYPES];    /* received before the year, still open on 1 Jan */
    int64_t carried_forward[GK_APPLICANT_TYPES]; /* received by 31 Dec, still open at its end */
    int64_t decided[GK_BUILD_MAX_ROWS][GK_APPLICANT_TYPES]; /* outcome issued in the year, by FORMAT_2021 row */
    /* table 二: document registers, by FORMAT_2021 proactive item (items with an issued/repealed/in_force row) */
    int64_t docs_issued[GK_BUILD_MAX_ITEMS], docs_repealed[GK_BUILD_MAX_ITEMS], docs_in_force[GK_BUILD_MAX_ITEMS];
    /* table 二: the yearly register, by FORMAT_2021 proactive cell: counts, or millionths of 万元 for amounts */
    bool yearly_known[GK_BUILD_MAX_PROACTIVE];
    int64_t yearly_value[GK_BUILD_MAX_PROACTIVE];
    /* table 四: cases by their state at 31 Dec, per block (APPEAL_BLOCK_DEFS) and field (APPEAL_FIELD_DEFS; the
     * total field is ignored and computed) */
    int64_t appeals[APPEAL_BLOCKS][APPEAL_FIELDS];
    /* 六、其他需要报告的事项: fees for information processing (信息处理费) collected in the year, yuan */
    int64_t processing_fees_yuan;
    /* 一、总体情况: items published per channel in the year (门户网站, 微信公众号 …), quoted in the narrative */
    int channel_count;
    struct { char name[64]; int64_t count; } channels[GK_BUILD_MAX_CHANNELS];
} gk_year_counts;

void gk_year_counts_init(gk_year_counts *c, int year);

/* The FORMAT_2021 proactive item is a document register (规章, 行政规范性文件): it has the issued, repealed and
 * in-force fields. Fills their field indexes when given. */
bool gk_build_item_is_document(int item, int *issued_field, int *repealed_field, int *in_force_field);

/* A new report of the 2021 format for c->year (caller frees with report_free). agency may be NULL. Cells without
 * a register entry (a decision count nobody entered) are left blank, so rule B asks for them. */
report *gk_report_build(const gk_year_counts *c, const char *agency);

#endif
