/* report: the annual report as a value: its format, year, agency, every table cell and the narrative.
 * Importers fill one, the checker reads it, exporters render it, the case register builds one. */
#ifndef GONGKAI_REPORT_REPORT_H
#define GONGKAI_REPORT_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "report/format.h"

enum cell_state {
    CELL_ABSENT = 0, /* not found in the source (missing row or table) */
    CELL_BLANK,      /* printed, but blank or a placeholder ("/", "—"): null in JSON */
    CELL_VALUE       /* a number */
};

typedef struct report_cell {
    uint8_t state;
    int64_t value;   /* counts: the count; decimals and amounts: millionths of the unit (万元 / 元) */
    char *text;      /* owned; decimals and amounts only: the text as printed ("96171.6", "251000元") */
} report_cell;

enum report_text {
    TEXT_OVERVIEW, /* 一、总体情况 */
    TEXT_PROBLEMS, /* 五、存在的主要问题及改进情况 */
    TEXT_OTHER,    /* 六、其他需要报告的事项 */
    TEXT_COUNT
};
extern const char *const REPORT_TEXT_KEYS[TEXT_COUNT]; /* "overview", "problems", "other" */

/* Facts an importer found about the document's structure, for the S warnings. */
enum report_flag {
    REPORT_OTHER_NOT_SPLIT = 1u << 0,   /* a 2021-format report printed （六）其他处理 as one row */
    REPORT_FORMAT_FROM_YEAR = 1u << 1,  /* no format signature found; format assumed from the year */
    REPORT_MISSING_PROACTIVE = 1u << 2, /* table 二 not found */
    REPORT_MISSING_APPEALS = 1u << 3,   /* table 四 not found */
    REPORT_FORMAT_MIXED = 1u << 4       /* labels of both formats were printed */
};

typedef struct report {
    const report_format *format;
    int year;                 /* 0 when unknown */
    char *agency;             /* owned, NULL when unknown */
    char *source;             /* owned: file the report came from, NULL when built */
    unsigned flags;           /* enum report_flag */
    report_cell *cells;       /* owned, format->cell_count entries */
    char *text[TEXT_COUNT];   /* owned, NULL when the section is absent */
    struct diag_list *notes;  /* owned: what the importer had to say (ambiguities, repairs), may be NULL */
} report;

report *report_new(const report_format *format);
void report_free(report *r);
/* A deep copy. */
report *report_clone(const report *r);
/* Changes the format, moving the cells whose keys exist in both. */
void report_set_format(report *r, const report_format *format);

void report_set_count(report *r, int cell, int64_t value);
void report_set_blank(report *r, int cell);
/* Sets a decimal or amount cell from its printed text; returns -1 if the text holds no number. */
int report_set_decimal_text(report *r, int cell, const char *text);
void report_set_text(report *r, enum report_text which, const char *text);
void report_set_agency(report *r, const char *agency);
void report_set_source(report *r, const char *source);

static inline const report_cell *report_cell_at(const report *r, int cell) { return &r->cells[cell]; }
static inline bool report_cell_has_value(const report *r, int cell) { return r->cells[cell].state == CELL_VALUE; }

/* Convenience accessors by index; blank and absent read as 0. */
int64_t report_application(const report *r, int row, int column);
int64_t report_appeal(const report *r, int block, int field);

/* True when every cell of a table is ABSENT. */
bool report_table_absent(const report *r, enum report_table table);

/* Parses a decimal such as "96171.6", "1,234.5", "251000元", "2.5万元" into millionths of a yuan-like unit.
 * unit_scale: the returned value is multiplied by 10000 when the text says 万 and want_yuan is set.
 * Returns 0 or -1 when no number is found. */
int parse_decimal_millionths(const char *text, bool want_yuan, int64_t *out);
/* Writes millionths as the shortest decimal ("96171.6"); out needs 32 bytes. */
void format_millionths(int64_t value, char *out);

#endif
