/* check: the consistency rules of an annual report (勾稽关系, DESIGN.md §2.5): hard rules R1–R5, warnings B
 * (blank), S (structure), X1–X3 (against last year's report). X4 (narrative) lives in narrative.c. */
#ifndef GONGKAI_REPORT_CHECK_H
#define GONGKAI_REPORT_CHECK_H

#include "report/diag.h"
#include "report/report.h"

/* Appends every finding about r to out, with the importer's notes first. previous may be NULL. */
void report_check(const report *r, const report *previous, diag_list *out);

/* The single rules, for tests and for the decoder. Each appends its findings and returns how many errors it
 * found. */
int check_r1_balance(const report *r, diag_list *out);
int check_r2_row_totals(const report *r, diag_list *out);
int check_r3_result_totals(const report *r, diag_list *out);
int check_r4_appeal_totals(const report *r, diag_list *out);
int check_r5_signs(const report *r, diag_list *out);
void check_blanks(const report *r, diag_list *out);
void check_structure(const report *r, diag_list *out);
void check_against_previous(const report *r, const report *previous, diag_list *out);

/* Table 三 value as the rules read it: a number as printed; a blank total-column cell is the sum of its row;
 * any other blank is 0. */
int64_t check_effective_application(const report *r, int row, int column);

#endif
