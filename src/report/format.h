/* format: the two official annual-report formats (2019 试行, 2021) as data. Parser, checker and renderers all
 * read these tables; no label or key is written anywhere else (DESIGN.md §2). */
#ifndef GONGKAI_REPORT_FORMAT_H
#define GONGKAI_REPORT_FORMAT_H

#include <stdbool.h>

/* The tables of the report, numbered as in the document. */
enum report_table { TABLE_NONE = 0, TABLE_PROACTIVE = 2, TABLE_APPLICATIONS = 3, TABLE_APPEALS = 4 };

enum value_kind {
    VALUE_COUNT,       /* a non-negative integer */
    VALUE_CHANGE,      /* an integer that may be negative (2019 本年增/减) */
    VALUE_DECIMAL,     /* a non-negative decimal kept as text (万元) */
    VALUE_AMOUNT_TEXT  /* text with a unit ("251000元"); a yuan amount is parsed from it */
};

typedef struct field_def {
    const char *key;    /* canonical key, e.g. "issued" */
    const char *label;  /* column header as printed, e.g. "本年制发件数" */
    enum value_kind kind;
} field_def;

/* One row of table 二. */
typedef struct proactive_item_def {
    const char *key;       /* "regulations" */
    const char *label;     /* "规章" */
    const char *caption;   /* "第二十条第（一）项" — rows sharing a caption form one sub-table */
    const field_def *fields;
    int field_count;
    const char *const *match; /* normalised phrases that identify the row label; NULL-terminated */
} proactive_item_def;

/* One row of table 三. */
typedef struct application_row_def {
    const char *key;          /* "withheld_state_secret" */
    const char *label;        /* "1.属于国家秘密" (as printed in the official template) */
    const char *group;        /* "（三）不予公开" for numbered sub-rows, else NULL */
    bool is_result;           /* one of the outcome rows summed by （七）总计 (rule R3) */
    const char *const *match; /* normalised phrases that identify the row; NULL-terminated */
} application_row_def;

typedef struct column_def {
    const char *key;    /* "commercial_enterprise" */
    const char *label;  /* "商业企业" */
    const char *group;  /* "法人或其他组织" for the five organisation columns, else NULL */
} column_def;

typedef struct appeal_block_def {
    const char *key;    /* "litigation_direct" */
    const char *label;  /* "未经复议直接起诉" */
    const char *group;  /* "行政诉讼" for the two litigation blocks, else NULL */
} appeal_block_def;

#define APPLICATION_COLUMNS 7
#define APPLICATION_TOTAL_COLUMN 6
#define APPEAL_BLOCKS 3
#define APPEAL_FIELDS 5
#define APPEAL_TOTAL_FIELD 4

/* Headings of the report's six sections and of its tables. */
enum report_section {
    SECTION_OVERVIEW, SECTION_PROACTIVE, SECTION_APPLICATIONS, SECTION_APPEALS, SECTION_PROBLEMS, SECTION_OTHER,
    SECTION_COUNT
};

typedef struct section_def {
    const char *heading;          /* "三、收到和处理政府信息公开申请情况" */
    const char *const *match;     /* normalised phrases that find the heading; NULL-terminated */
} section_def;

typedef struct report_format {
    const char *name;            /* "2021" */
    const char *document;        /* "国办公开办函〔2021〕30号" */
    int first_year, last_year;   /* the report years it officially applies to (0 = open-ended) */
    const proactive_item_def *proactive;
    int proactive_count;
    const application_row_def *application_rows;
    int application_row_count;
    const section_def *sections; /* SECTION_COUNT entries */
    const char *const *signature; /* normalised phrases that only this format prints; NULL-terminated */
    /* Phrases of the （六）其他处理 heading, for a report that prints it as one row although this format splits it
     * into three (its values go to format_other_catch_all_row); NULL when the format has one row anyway. */
    const char *const *other_single_row_match;
    /* Derived cell layout: proactive cells, then table 三 row-major, then table 四 block-major. */
    int proactive_cell_count;
    int application_first_cell;
    int appeal_first_cell;
    int cell_count;
} report_format;

/* Captions the official templates print that are neither row nor column labels: shared by both formats, read by
 * the renderers and the importer alike. */
typedef struct template_captions {
    const char *item_header;       /* "信息内容": first header cell of each table 二 sub-table */
    const char *balance_note;      /* "（本列数据的勾稽关系为：…）": corner cell of table 三 */
    const char *applicant_header;  /* "申请人情况": spans the seven columns of table 三 */
    const char *results_caption;   /* "三、本年度办理结果": spans the result rows of table 三 */
    const char *title_year_suffix; /* "年度" after the year in the title */
    const char *title;             /* "政府信息公开工作年度报告" */
} template_captions;

extern const template_captions TEMPLATE_CAPTIONS;

extern const report_format FORMAT_2019;
extern const report_format FORMAT_2021;

/* Formats newest first; NULL-terminated. */
extern const report_format *const REPORT_FORMATS[];

extern const column_def APPLICATION_COLUMN_DEFS[APPLICATION_COLUMNS];
extern const appeal_block_def APPEAL_BLOCK_DEFS[APPEAL_BLOCKS];
extern const field_def APPEAL_FIELD_DEFS[APPEAL_FIELDS];

/* Table titles: "二、主动公开政府信息情况" etc. are the section headings; these are the short names used in messages. */
const char *table_short_name(enum report_table table); /* "表二", "表三", "表四" */

const report_format *format_by_name(const char *name);
/* The format officially in force for a report year (2019 and 2020 → 2019; from 2021 → 2021); NULL before 2019. */
const report_format *format_for_year(int year);

/* Cell addressing. */
int format_proactive_cell(const report_format *f, int item, int field);
int format_application_cell(const report_format *f, int row, int column);
int format_appeal_cell(const report_format *f, int block, int field);
int format_application_row(const report_format *f, const char *key); /* -1 when absent */
int format_proactive_item(const report_format *f, const char *key);  /* -1 when absent */
/* The row that receives the values of a 2021-format report printing （六）其他处理 as one row. */
int format_other_catch_all_row(const report_format *f);
/* True when the format's （六）其他处理 is split into three rows. */
bool format_other_is_split(const report_format *f);

/* Where a cell sits, for messages and exports. */
typedef struct cell_address {
    enum report_table table;
    int row;                /* item / row / block index */
    int column;             /* field / column index */
    const char *row_key, *row_label;
    const char *column_key, *column_label;
    enum value_kind kind;
} cell_address;
void format_cell_address(const report_format *f, int cell, cell_address *out);

#endif
