/* outcome: outcomes with their legal basis, applicant types and receipt channels (DESIGN.md §3) as data.
 * The outcomes are the result rows of FORMAT_2021's table 三, iterated in table order; OUTCOME_DATA below holds,
 * in that same order, what the format does not: the article of the 条例 each outcome rests on and its role in the
 * case log. tests/test_case_register.c pins the alignment row by row. */
#include "cases/outcome.h"

#include <string.h>

#include "util/buf.h"

typedef struct outcome_data {
    const char *basis;
    enum gk_outcome_role role;
} outcome_data;

/* One entry per result row of FORMAT_2021, in table order (comments name the row). */
static const outcome_data OUTCOME_DATA[] = {
    /* （一）予以公开 */ {"《条例》第三十六条第（一）项、第（二）项", GK_OUTCOME_ORDINARY},
    /* （二）部分公开 */ {"《条例》第三十七条", GK_OUTCOME_ORDINARY},
    /* （三）1 国家秘密 */ {"《条例》第十四条", GK_OUTCOME_WITHHELD},
    /* （三）2 法律行政法规禁止公开 */ {"《条例》第十四条", GK_OUTCOME_WITHHELD},
    /* （三）3 三安全一稳定 */ {"《条例》第十四条", GK_OUTCOME_WITHHELD},
    /* （三）4 第三方合法权益 */ {"《条例》第十五条", GK_OUTCOME_WITHHELD},
    /* （三）5 内部事务信息 */ {"《条例》第十六条第一款", GK_OUTCOME_WITHHELD},
    /* （三）6 过程性信息 */ {"《条例》第十六条第二款", GK_OUTCOME_WITHHELD},
    /* （三）7 行政执法案卷 */ {"《条例》第十六条第二款", GK_OUTCOME_WITHHELD},
    /* （三）8 行政查询事项 */ {"《条例》第三十六条第（七）项", GK_OUTCOME_WITHHELD},
    /* （四）1 不掌握 */ {"《条例》第三十六条第（四）项、第（五）项", GK_OUTCOME_ORDINARY},
    /* （四）2 需另行制作 */ {"《条例》第三十八条", GK_OUTCOME_ORDINARY},
    /* （四）3 补正后仍不明确 */ {"《条例》第三十条", GK_OUTCOME_ORDINARY},
    /* （五）1 信访举报投诉 */ {"《条例》第三十九条第一款", GK_OUTCOME_ORDINARY},
    /* （五）2 重复申请 */ {"《条例》第三十六条第（六）项", GK_OUTCOME_ORDINARY},
    /* （五）3 公开出版物 */ {"《条例》第三十九条第二款", GK_OUTCOME_ORDINARY},
    /* （五）4 大量反复申请 */ {"《条例》第三十五条", GK_OUTCOME_ORDINARY},
    /* （五）5 确认或重新出具 */ {"不作为政府信息公开申请处理（条例无专条，按年报口径计入）", GK_OUTCOME_ORDINARY},
    /* （六）1 逾期不补正 */ {"《条例》第三十条", GK_OUTCOME_NO_CORRECTION},
    /* （六）2 逾期未缴费 */ {"《条例》第四十二条、国办函〔2020〕109号", GK_OUTCOME_UNPAID_FEE},
    /* （六）3 其他 */ {"撤回申请等其他情形", GK_OUTCOME_OTHER},
};

#define OUTCOME_DATA_COUNT (sizeof OUTCOME_DATA / sizeof OUTCOME_DATA[0])

const report_format *gk_outcome_format(void) { return &FORMAT_2021; }

size_t gk_outcome_count(void)
{
    const report_format *f = gk_outcome_format();
    size_t n = 0;
    for (int row = 0; row < f->application_row_count; row++)
        if (f->application_rows[row].is_result) n++;
    return n < OUTCOME_DATA_COUNT ? n : OUTCOME_DATA_COUNT;
}

static void fill_outcome(int row, size_t index, gk_outcome *out)
{
    const application_row_def *def = &gk_outcome_format()->application_rows[row];
    out->row = row;
    out->key = def->key;
    out->label = def->label;
    out->group = def->group;
    out->basis = OUTCOME_DATA[index].basis;
    out->role = OUTCOME_DATA[index].role;
}

bool gk_outcome_at(size_t i, gk_outcome *out)
{
    const report_format *f = gk_outcome_format();
    size_t n = 0;
    for (int row = 0; row < f->application_row_count; row++) {
        if (!f->application_rows[row].is_result) continue;
        if (n == i) {
            if (i >= OUTCOME_DATA_COUNT) return false;
            fill_outcome(row, i, out);
            return true;
        }
        n++;
    }
    return false;
}

bool gk_outcome_by_key(const char *key, gk_outcome *out)
{
    if (!key) return false;
    gk_outcome o;
    for (size_t i = 0; gk_outcome_at(i, &o); i++)
        if (strcmp(o.key, key) == 0) {
            *out = o;
            return true;
        }
    return false;
}

bool gk_outcome_by_row(int row, gk_outcome *out)
{
    gk_outcome o;
    for (size_t i = 0; gk_outcome_at(i, &o); i++)
        if (o.row == row) {
            *out = o;
            return true;
        }
    return false;
}

bool gk_outcome_by_role(enum gk_outcome_role role, gk_outcome *out)
{
    if (role == GK_OUTCOME_ORDINARY || role == GK_OUTCOME_WITHHELD) return false;
    gk_outcome o;
    for (size_t i = 0; gk_outcome_at(i, &o); i++)
        if (o.role == role) {
            *out = o;
            return true;
        }
    return false;
}

char *gk_outcome_list_text(void)
{
    buf b = BUF_INIT;
    gk_outcome o;
    for (size_t i = 0; gk_outcome_at(i, &o); i++)
        buf_printf(&b, "  %-28s %s%s（%s）\n", o.key, o.group ? o.group : "", o.label, o.basis);
    return buf_detach(&b);
}

/* ---- applicant types ---- */

int gk_applicant_type_from_key(const char *key)
{
    if (!key) return -1;
    for (int i = 0; i < GK_APPLICANT_TYPES; i++)
        if (strcmp(APPLICATION_COLUMN_DEFS[i].key, key) == 0) return i;
    return -1;
}

const char *gk_applicant_type_key(int type)
{
    return type >= 0 && type < GK_APPLICANT_TYPES ? APPLICATION_COLUMN_DEFS[type].key : NULL;
}

const char *gk_applicant_type_label(int type)
{
    return type >= 0 && type < GK_APPLICANT_TYPES ? APPLICATION_COLUMN_DEFS[type].label : NULL;
}

bool gk_applicant_type_is_person(int type) { return type == 0 && APPLICATION_COLUMN_DEFS[0].group == NULL; }

/* ---- receipt channels ---- */

static const gk_channel_def CHANNELS[GK_CHANNEL__COUNT] = {
    {"in_person", "当面提交", "当面提交的，以提交之日为收到申请之日（《条例》第三十一条第（一）项）"},
    {"registered_post", "挂号信等需签收的邮寄",
     "以邮寄方式提交的，以行政机关签收之日为收到申请之日（《条例》第三十一条第（二）项）"},
    {"ordinary_post", "平常信函",
     "以平常信函等无需签收的邮寄方式提交的，以政府信息公开工作机构与申请人确认之日为收到申请之日（《条例》第三十一条第（二）项）"},
    {"online", "互联网渠道",
     "通过互联网渠道提交的，以双方确认之日为收到申请之日（《条例》第三十一条第（三）项）"},
    {"fax", "传真", "通过传真提交的，以双方确认之日为收到申请之日（《条例》第三十一条第（三）项）"},
    {"other", "其他方式", "以政府信息公开工作机构与申请人确认之日为收到申请之日"},
};

const gk_channel_def *gk_channel_def_at(enum gk_channel channel)
{
    return (int)channel >= 0 && channel < GK_CHANNEL__COUNT ? &CHANNELS[channel] : NULL;
}

int gk_channel_from_key(const char *key)
{
    if (!key) return -1;
    for (int i = 0; i < GK_CHANNEL__COUNT; i++)
        if (strcmp(CHANNELS[i].key, key) == 0 || strcmp(CHANNELS[i].label, key) == 0) return i;
    return -1;
}
