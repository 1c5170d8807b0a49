/* narrative: rule X4 — the numbers quoted in 一、总体情况 (收到申请N件, 行政复议N件, 现行有效N件 …) against the
 * tables, and the changes they quote ("比上年增长12.5%") against last year's report. */
#ifndef GONGKAI_REPORT_NARRATIVE_H
#define GONGKAI_REPORT_NARRATIVE_H

#include "report/diag.h"
#include "report/report.h"

/* Appends the X4 warnings about r to out. previous: last year's report, for the year-on-year changes the overview
 * quotes; NULL when not given (the changes are then not read). */
void narrative_check(const report *r, const report *previous, diag_list *out);

#endif
