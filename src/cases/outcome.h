/* outcome: the vocabulary of an application (依申请公开, DESIGN.md §3) as data: the outcomes (the result rows of
 * table 三 in the 2021 format, each with its legal basis in the 条例), the applicant types (the six applicant
 * columns of table 三) and the receipt channels with Art. 31's rule for the day of receipt.
 * Keys and labels of outcomes and applicant types come from the format tables (report/format.c). */
#ifndef GONGKAI_CASES_OUTCOME_H
#define GONGKAI_CASES_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>

#include "report/format.h"

/* What an outcome means to the case log beyond its row. */
enum gk_outcome_role {
    GK_OUTCOME_ORDINARY,        /* decided by the agency on the merits or on procedure */
    GK_OUTCOME_NO_CORRECTION,   /* the applicant let the 补正 period lapse (event correction_lapsed) */
    GK_OUTCOME_UNPAID_FEE,      /* the applicant did not pay the fee in time (event fee_lapsed) */
    GK_OUTCOME_OTHER,           /* withdrawal and the like (event withdrawn) */
    GK_OUTCOME_WITHHELD         /* a 不予公开 reply: since 2024 it must point to reconsideration first */
};

typedef struct gk_outcome {
    int row;              /* index into FORMAT_2021.application_rows */
    const char *key;      /* canonical key, from the format table */
    const char *label;    /* row label, from the format table */
    const char *group;    /* "（三）不予公开" …, or NULL */
    const char *basis;    /* the legal basis in the 条例, e.g. "《条例》第十五条" */
    enum gk_outcome_role role;
} gk_outcome;

/* The report format whose result rows are the outcomes. */
const report_format *gk_outcome_format(void);
/* Number of outcomes (the result rows: 21). */
size_t gk_outcome_count(void);
/* The i-th outcome in table order; returns false when i is out of range. */
bool gk_outcome_at(size_t i, gk_outcome *out);
/* By canonical key or by row index; false when it is not an outcome. */
bool gk_outcome_by_key(const char *key, gk_outcome *out);
bool gk_outcome_by_row(int row, gk_outcome *out);
/* The outcome with a role other than GK_OUTCOME_ORDINARY/WITHHELD (the three rows of （六）其他处理). */
bool gk_outcome_by_role(enum gk_outcome_role role, gk_outcome *out);
/* Appends "key（label）" for every outcome, one per line, to a newly allocated string (caller frees). */
char *gk_outcome_list_text(void);

/* ---- applicant types: the six applicant columns of table 三 ---- */
#define GK_APPLICANT_TYPES 6
/* Column index 0..5 for a canonical key, or -1. */
int gk_applicant_type_from_key(const char *key);
const char *gk_applicant_type_key(int type);   /* NULL when out of range */
const char *gk_applicant_type_label(int type); /* "自然人", "商业企业"（法人或其他组织）… */
/* True for the natural-person column (personal data then identifies a person). */
bool gk_applicant_type_is_person(int type);

/* ---- receipt channels (条例 Art. 31) ---- */
enum gk_channel {
    GK_CHANNEL_IN_PERSON,       /* 当面提交 */
    GK_CHANNEL_REGISTERED_POST, /* 挂号信等需签收的邮寄 */
    GK_CHANNEL_ORDINARY_POST,   /* 平常信函 */
    GK_CHANNEL_ONLINE,          /* 互联网渠道 */
    GK_CHANNEL_FAX,             /* 传真 */
    GK_CHANNEL_OTHER,           /* 其他 */
    GK_CHANNEL__COUNT
};

typedef struct gk_channel_def {
    const char *key;          /* "in_person" … (stable, stored) */
    const char *label;        /* "当面提交" */
    const char *receipt_rule; /* Art. 31: which day counts as the day of receipt */
} gk_channel_def;

const gk_channel_def *gk_channel_def_at(enum gk_channel channel); /* NULL when out of range */
int gk_channel_from_key(const char *key); /* accepts the key or the Chinese label; -1 when unknown */

#endif
