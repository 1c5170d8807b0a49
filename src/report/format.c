/* format: the data of the 2019 (国办公开办函〔2019〕60号) and 2021 (国办公开办函〔2021〕30号) report formats.
 * Labels are as printed in the official templates; `match` phrases are in normalised form (text_normalize with
 * SPACES_DROP: ASCII brackets, '.' for 、, '"' for curly quotes) and pick a row out of real, messy text. */
#include "report/format.h"

#include <stddef.h>
#include <string.h>

#define PHRASES(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- Table 二 fields ---- */
static const field_def FIELDS_2021_DOCUMENTS[] = {
    {"issued", "本年制发件数", VALUE_COUNT},
    {"repealed", "本年废止件数", VALUE_COUNT},
    {"in_force", "现行有效件数", VALUE_COUNT},
};
static const field_def FIELDS_2021_DECISIONS[] = {
    {"decisions", "本年处理决定数量", VALUE_COUNT},
};
static const field_def FIELDS_2021_FEES[] = {
    {"amount_wan_yuan", "本年收费金额（单位：万元）", VALUE_DECIMAL},
};
static const field_def FIELDS_2019_DOCUMENTS[] = {
    {"made", "本年新制作数量", VALUE_COUNT},
    {"published", "本年新公开数量", VALUE_COUNT},
    {"public_total", "对外公开总数量", VALUE_COUNT},
};
static const field_def FIELDS_2019_ITEMS[] = {
    {"previous_items", "上一年项目数量", VALUE_COUNT},
    {"change", "本年增/减", VALUE_CHANGE},
    {"decisions", "处理决定数量", VALUE_COUNT},
};
static const field_def FIELDS_2019_FEES[] = {
    {"previous_items", "上一年项目数量", VALUE_COUNT},
    {"change", "本年增/减", VALUE_CHANGE},
};
static const field_def FIELDS_2019_PROCUREMENT[] = {
    {"projects", "采购项目数量", VALUE_COUNT},
    {"amount", "采购总金额", VALUE_AMOUNT_TEXT},
};

#define COUNT_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define FIELDS(a) a, COUNT_OF(a)

static const char CAPTION_1[] = "第二十条第（一）项";
static const char CAPTION_5[] = "第二十条第（五）项";
static const char CAPTION_6[] = "第二十条第（六）项";
static const char CAPTION_8[] = "第二十条第（八）项";
static const char CAPTION_9[] = "第二十条第（九）项";

static const proactive_item_def PROACTIVE_2021[] = {
    {"regulations", "规章", CAPTION_1, FIELDS(FIELDS_2021_DOCUMENTS), PHRASES("规章")},
    {"normative_documents", "行政规范性文件", CAPTION_1, FIELDS(FIELDS_2021_DOCUMENTS), PHRASES("规范性文件")},
    {"licensing", "行政许可", CAPTION_5, FIELDS(FIELDS_2021_DECISIONS), PHRASES("行政许可")},
    {"penalty", "行政处罚", CAPTION_6, FIELDS(FIELDS_2021_DECISIONS), PHRASES("行政处罚")},
    {"enforcement", "行政强制", CAPTION_6, FIELDS(FIELDS_2021_DECISIONS), PHRASES("行政强制")},
    {"fees", "行政事业性收费", CAPTION_8, FIELDS(FIELDS_2021_FEES), PHRASES("行政事业性收费", "事业性收费")},
};

static const proactive_item_def PROACTIVE_2019[] = {
    {"regulations", "规章", CAPTION_1, FIELDS(FIELDS_2019_DOCUMENTS), PHRASES("规章")},
    {"normative_documents", "规范性文件", CAPTION_1, FIELDS(FIELDS_2019_DOCUMENTS), PHRASES("规范性文件")},
    {"licensing", "行政许可", CAPTION_5, FIELDS(FIELDS_2019_ITEMS), PHRASES("行政许可")},
    {"other_services", "其他对外管理服务事项", CAPTION_5, FIELDS(FIELDS_2019_ITEMS), PHRASES("对外管理服务事项")},
    {"penalty", "行政处罚", CAPTION_6, FIELDS(FIELDS_2019_ITEMS), PHRASES("行政处罚")},
    {"enforcement", "行政强制", CAPTION_6, FIELDS(FIELDS_2019_ITEMS), PHRASES("行政强制")},
    {"fees", "行政事业性收费", CAPTION_8, FIELDS(FIELDS_2019_FEES), PHRASES("行政事业性收费", "事业性收费")},
    {"procurement", "政府集中采购", CAPTION_9, FIELDS(FIELDS_2019_PROCUREMENT), PHRASES("政府集中采购", "集中采购")},
};

/* ---- Table 三 ---- */
const column_def APPLICATION_COLUMN_DEFS[APPLICATION_COLUMNS] = {
    {"natural_person", "自然人", NULL},
    {"commercial_enterprise", "商业企业", "法人或其他组织"},
    {"research_institution", "科研机构", "法人或其他组织"},
    {"public_welfare_org", "社会公益组织", "法人或其他组织"},
    {"legal_service_org", "法律服务机构", "法人或其他组织"},
    {"other_org", "其他", "法人或其他组织"},
    {"total", "总计", NULL},
};

static const char GROUP_WITHHELD[] = "（三）不予公开";
static const char GROUP_UNABLE[] = "（四）无法提供";
static const char GROUP_REJECTED[] = "（五）不予处理";
static const char GROUP_OTHER[] = "（六）其他处理";

#define APPLICATION_ROWS_HEAD \
    {"received", "一、本年新收政府信息公开申请数量", NULL, false, PHRASES("本年新收")}, \
    {"carried_over", "二、上年结转政府信息公开申请数量", NULL, false, PHRASES("上年结转")}, \
    {"disclosed", "（一）予以公开", NULL, true, PHRASES("予以公开")}, \
    {"partly_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", NULL, true, PHRASES("部分公开")}, \
    {"withheld_state_secret", "1.属于国家秘密", GROUP_WITHHELD, true, PHRASES("国家秘密")}, \
    {"withheld_prohibited_by_law", "2.其他法律行政法规禁止公开", GROUP_WITHHELD, true, \
     PHRASES("禁止公开", "其他法律行政")}, \
    {"withheld_security_stability", "3.危及“三安全一稳定”", GROUP_WITHHELD, true, PHRASES("三安全一稳定", "危及")}, \
    {"withheld_third_party", "4.保护第三方合法权益", GROUP_WITHHELD, true, PHRASES("第三方合法权益", "保护第三方")}, \
    {"withheld_internal_affairs", "5.属于三类内部事务信息", GROUP_WITHHELD, true, PHRASES("内部事务")}, \
    {"withheld_process_info", "6.属于四类过程性信息", GROUP_WITHHELD, true, PHRASES("过程性信息")}, \
    {"withheld_enforcement_file", "7.属于行政执法案卷", GROUP_WITHHELD, true, PHRASES("行政执法案卷", "执法案卷")}, \
    {"withheld_query_matter", "8.属于行政查询事项", GROUP_WITHHELD, true, PHRASES("查询事项")}, \
    {"unable_not_held", "1.本机关不掌握相关政府信息", GROUP_UNABLE, true, PHRASES("不掌握")}, \
    {"unable_needs_creation", "2.没有现成信息需要另行制作", GROUP_UNABLE, true, PHRASES("另行制作", "没有现成信息")}, \
    {"unable_unclear", "3.补正后申请内容仍不明确", GROUP_UNABLE, true, PHRASES("仍不明确", "补正后申请内容")}, \
    {"rejected_petition", "1.信访举报投诉类申请", GROUP_REJECTED, true, PHRASES("信访举报投诉", "信访举报")}, \
    {"rejected_duplicate", "2.重复申请", GROUP_REJECTED, true, PHRASES("重复申请")}, \
    {"rejected_publication", "3.要求提供公开出版物", GROUP_REJECTED, true, PHRASES("公开出版物")}, \
    {"rejected_excessive", "4.无正当理由大量反复申请", GROUP_REJECTED, true, PHRASES("大量反复申请", "无正当理由大量")}, \
    {"rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", GROUP_REJECTED, true, \
     PHRASES("要求行政机关确认", "重新出具")}

#define APPLICATION_ROWS_TAIL \
    {"total", "（七）总计", NULL, false, PHRASES("(七)总计")}, \
    {"carried_forward", "四、结转下年度继续办理", NULL, false, PHRASES("结转下年度")}

static const application_row_def APPLICATIONS_2021[] = {
    APPLICATION_ROWS_HEAD,
    {"other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", GROUP_OTHER, true,
     PHRASES("逾期不补正", "无正当理由逾期")},
    {"other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", GROUP_OTHER, true,
     PHRASES("逾期未按收费", "缴纳费用")},
    {"other_other", "3.其他", GROUP_OTHER, true, PHRASES("3.其他")},
    APPLICATION_ROWS_TAIL,
};

static const application_row_def APPLICATIONS_2019[] = {
    APPLICATION_ROWS_HEAD,
    {"other", "（六）其他处理", NULL, true, PHRASES("其他处理")},
    APPLICATION_ROWS_TAIL,
};

/* ---- Table 四 ---- */
const appeal_block_def APPEAL_BLOCK_DEFS[APPEAL_BLOCKS] = {
    {"reconsideration", "行政复议", NULL},
    {"litigation_direct", "未经复议直接起诉", "行政诉讼"},
    {"litigation_after_reconsideration", "复议后起诉", "行政诉讼"},
};

const field_def APPEAL_FIELD_DEFS[APPEAL_FIELDS] = {
    {"upheld", "结果维持", VALUE_COUNT},
    {"corrected", "结果纠正", VALUE_COUNT},
    {"other", "其他结果", VALUE_COUNT},
    {"pending", "尚未审结", VALUE_COUNT},
    {"total", "总计", VALUE_COUNT},
};

/* ---- Sections ---- */
static const section_def SECTIONS_2021[SECTION_COUNT] = {
    {"一、总体情况", PHRASES("一.总体情况")},
    {"二、主动公开政府信息情况", PHRASES("二.主动公开政府信息情况", "二.主动公开政府信息")},
    {"三、收到和处理政府信息公开申请情况", PHRASES("三.收到和处理政府信息公开申请")},
    {"四、政府信息公开行政复议、行政诉讼情况",
     PHRASES("四.政府信息公开行政复议", "四.因政府信息公开", "四.政府信息公开申请行政复议", "四.行政复议")},
    {"五、存在的主要问题及改进情况", PHRASES("五.存在的主要问题", "五.政府信息公开工作存在的主要问题", "五.主要问题")},
    {"六、其他需要报告的事项", PHRASES("六.其他需要报告的事项", "六.其他需要报告")},
};

static const section_def SECTIONS_2019[SECTION_COUNT] = {
    {"一、总体情况", PHRASES("一.总体情况")},
    {"二、主动公开政府信息情况", PHRASES("二.主动公开政府信息情况", "二.主动公开政府信息")},
    {"三、收到和处理政府信息公开申请情况", PHRASES("三.收到和处理政府信息公开申请")},
    {"四、政府信息公开行政复议、行政诉讼情况",
     PHRASES("四.政府信息公开行政复议", "四.因政府信息公开", "四.政府信息公开申请行政复议", "四.行政复议")},
    {"五、政府信息公开工作存在的主要问题及改进情况",
     PHRASES("五.存在的主要问题", "五.政府信息公开工作存在的主要问题", "五.主要问题")},
    {"六、其他需要报告的事项", PHRASES("六.其他需要报告的事项", "六.其他需要报告")},
};

#define PROACTIVE_CELLS_2021 (3 + 3 + 1 + 1 + 1 + 1)
#define PROACTIVE_CELLS_2019 (3 + 3 + 3 + 3 + 3 + 3 + 2 + 2)

const report_format FORMAT_2021 = {
    .name = "2021",
    .document = "国办公开办函〔2021〕30号",
    .first_year = 2021,
    .last_year = 0,
    .proactive = PROACTIVE_2021,
    .proactive_count = COUNT_OF(PROACTIVE_2021),
    .application_rows = APPLICATIONS_2021,
    .application_row_count = COUNT_OF(APPLICATIONS_2021),
    .sections = SECTIONS_2021,
    .signature = PHRASES("本年制发件数", "现行有效件数", "本年废止件数", "本年处理决定数量", "本年收费金额", "逾期不补正",
                         "逾期未按收费"),
    .other_single_row_match = PHRASES("其他处理"),
    .proactive_cell_count = PROACTIVE_CELLS_2021,
    .application_first_cell = PROACTIVE_CELLS_2021,
    .appeal_first_cell = PROACTIVE_CELLS_2021 + COUNT_OF(APPLICATIONS_2021) * APPLICATION_COLUMNS,
    .cell_count = PROACTIVE_CELLS_2021 + COUNT_OF(APPLICATIONS_2021) * APPLICATION_COLUMNS + APPEAL_BLOCKS * APPEAL_FIELDS,
};

const report_format FORMAT_2019 = {
    .name = "2019",
    .document = "国办公开办函〔2019〕60号",
    .first_year = 2019,
    .last_year = 2020,
    .proactive = PROACTIVE_2019,
    .proactive_count = COUNT_OF(PROACTIVE_2019),
    .application_rows = APPLICATIONS_2019,
    .application_row_count = COUNT_OF(APPLICATIONS_2019),
    .sections = SECTIONS_2019,
    .signature = PHRASES("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "政府集中采购",
                         "其他对外管理服务事项"),
    .proactive_cell_count = PROACTIVE_CELLS_2019,
    .application_first_cell = PROACTIVE_CELLS_2019,
    .appeal_first_cell = PROACTIVE_CELLS_2019 + COUNT_OF(APPLICATIONS_2019) * APPLICATION_COLUMNS,
    .cell_count = PROACTIVE_CELLS_2019 + COUNT_OF(APPLICATIONS_2019) * APPLICATION_COLUMNS + APPEAL_BLOCKS * APPEAL_FIELDS,
};

const template_captions TEMPLATE_CAPTIONS = {
    .item_header = "信息内容",
    .balance_note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    .applicant_header = "申请人情况",
    .results_caption = "三、本年度办理结果",
    .title_year_suffix = "年度",
    .title = "政府信息公开工作年度报告",
};

const report_format *const REPORT_FORMATS[] = {&FORMAT_2021, &FORMAT_2019, NULL};

const char *table_short_name(enum report_table table)
{
    switch (table) {
    case TABLE_PROACTIVE: return "表二";
    case TABLE_APPLICATIONS: return "表三";
    case TABLE_APPEALS: return "表四";
    default: return "报告";
    }
}

const report_format *format_by_name(const char *name)
{
    for (int i = 0; REPORT_FORMATS[i]; i++)
        if (name && strcmp(REPORT_FORMATS[i]->name, name) == 0) return REPORT_FORMATS[i];
    return NULL;
}

const report_format *format_for_year(int year)
{
    for (int i = 0; REPORT_FORMATS[i]; i++) {
        const report_format *f = REPORT_FORMATS[i];
        if (year >= f->first_year && (f->last_year == 0 || year <= f->last_year)) return f;
    }
    return NULL;
}

int format_proactive_cell(const report_format *f, int item, int field)
{
    int cell = 0;
    for (int i = 0; i < item; i++) cell += f->proactive[i].field_count;
    return cell + field;
}

int format_application_cell(const report_format *f, int row, int column)
{
    return f->application_first_cell + row * APPLICATION_COLUMNS + column;
}

int format_appeal_cell(const report_format *f, int block, int field)
{
    return f->appeal_first_cell + block * APPEAL_FIELDS + field;
}

int format_application_row(const report_format *f, const char *key)
{
    for (int i = 0; i < f->application_row_count; i++)
        if (strcmp(f->application_rows[i].key, key) == 0) return i;
    return -1;
}

int format_proactive_item(const report_format *f, const char *key)
{
    for (int i = 0; i < f->proactive_count; i++)
        if (strcmp(f->proactive[i].key, key) == 0) return i;
    return -1;
}

int format_other_catch_all_row(const report_format *f)
{
    int row = format_application_row(f, "other_other");
    return row >= 0 ? row : format_application_row(f, "other");
}

bool format_other_is_split(const report_format *f)
{
    return format_application_row(f, "other_other") >= 0;
}

void format_cell_address(const report_format *f, int cell, cell_address *out)
{
    memset(out, 0, sizeof *out);
    if (cell < f->application_first_cell) {
        int item = 0;
        while (item < f->proactive_count && cell >= f->proactive[item].field_count) {
            cell -= f->proactive[item].field_count;
            item++;
        }
        const proactive_item_def *def = &f->proactive[item];
        out->table = TABLE_PROACTIVE;
        out->row = item;
        out->column = cell;
        out->row_key = def->key;
        out->row_label = def->label;
        out->column_key = def->fields[cell].key;
        out->column_label = def->fields[cell].label;
        out->kind = def->fields[cell].kind;
    } else if (cell < f->appeal_first_cell) {
        int offset = cell - f->application_first_cell;
        const application_row_def *def = &f->application_rows[offset / APPLICATION_COLUMNS];
        const column_def *col = &APPLICATION_COLUMN_DEFS[offset % APPLICATION_COLUMNS];
        out->table = TABLE_APPLICATIONS;
        out->row = offset / APPLICATION_COLUMNS;
        out->column = offset % APPLICATION_COLUMNS;
        out->row_key = def->key;
        out->row_label = def->label;
        out->column_key = col->key;
        out->column_label = col->label;
        out->kind = VALUE_COUNT;
    } else {
        int offset = cell - f->appeal_first_cell;
        out->table = TABLE_APPEALS;
        out->row = offset / APPEAL_FIELDS;
        out->column = offset % APPEAL_FIELDS;
        out->row_key = APPEAL_BLOCK_DEFS[out->row].key;
        out->row_label = APPEAL_BLOCK_DEFS[out->row].label;
        out->column_key = APPEAL_FIELD_DEFS[out->column].key;
        out->column_label = APPEAL_FIELD_DEFS[out->column].label;
        out->kind = VALUE_COUNT;
    }
}
