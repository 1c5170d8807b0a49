/* narrative: rule X4 — the numbers quoted in 一、总体情况 (收到申请N件, 行政复议N件, 现行有效N件 …) against the
 * tables. */
#ifndef GONGKAI_REPORT_NARRATIVE_H
#define GONGKAI_REPORT_NARRATIVE_H

#include "report/diag.h"
#include "report/report.h"

void narrative_check(const report *r, diag_list *out);

#endif
