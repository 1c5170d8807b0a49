/* build: gk_year_counts → a report value of the 2021 format. Table 三's totals and table 四's totals are sums
 * computed here, never taken from input, so R1–R4 hold whatever the counts are (DESIGN.md §3 "Counting"). */
#include "cases/build.h"

#include <string.h>

#include "util/buf.h"

void gk_year_counts_init(gk_year_counts *c, int year)
{
    memset(c, 0, sizeof *c);
    c->year = year;
}

static int field_index(const proactive_item_def *item, const char *key)
{
    for (int i = 0; i < item->field_count; i++)
        if (strcmp(item->fields[i].key, key) == 0) return i;
    return -1;
}

bool gk_build_item_is_document(int item, int *issued_field, int *repealed_field, int *in_force_field)
{
    const report_format *f = gk_outcome_format();
    if (item < 0 || item >= f->proactive_count) return false;
    const proactive_item_def *def = &f->proactive[item];
    int issued = field_index(def, "issued"), repealed = field_index(def, "repealed"), in_force = field_index(def, "in_force");
    if (issued < 0 || repealed < 0 || in_force < 0) return false;
    if (issued_field) *issued_field = issued;
    if (repealed_field) *repealed_field = repealed;
    if (in_force_field) *in_force_field = in_force;
    return true;
}

static void build_proactive(report *r, const gk_year_counts *c)
{
    const report_format *f = r->format;
    for (int item = 0; item < f->proactive_count && item < GK_BUILD_MAX_ITEMS; item++) {
        int issued, repealed, in_force;
        if (gk_build_item_is_document(item, &issued, &repealed, &in_force)) {
            report_set_count(r, format_proactive_cell(f, item, issued), c->docs_issued[item]);
            report_set_count(r, format_proactive_cell(f, item, repealed), c->docs_repealed[item]);
            report_set_count(r, format_proactive_cell(f, item, in_force), c->docs_in_force[item]);
            continue;
        }
        for (int field = 0; field < f->proactive[item].field_count; field++) {
            int cell = format_proactive_cell(f, item, field);
            if (cell >= GK_BUILD_MAX_PROACTIVE || !c->yearly_known[cell]) {
                report_set_blank(r, cell);
                continue;
            }
            if (f->proactive[item].fields[field].kind == VALUE_DECIMAL) {
                char text[32];
                format_millionths(c->yearly_value[cell], text);
                report_set_decimal_text(r, cell, text);
            } else {
                report_set_count(r, cell, c->yearly_value[cell]);
            }
        }
    }
}

/* Sets one row of table 三 from six applicant columns, with the total column their sum. */
static void set_application_row(report *r, int row, const int64_t values[GK_APPLICANT_TYPES])
{
    int64_t sum = 0;
    for (int col = 0; col < GK_APPLICANT_TYPES; col++) {
        report_set_count(r, format_application_cell(r->format, row, col), values[col]);
        sum += values[col];
    }
    report_set_count(r, format_application_cell(r->format, row, APPLICATION_TOTAL_COLUMN), sum);
}

static void build_applications(report *r, const gk_year_counts *c)
{
    const report_format *f = r->format;
    int64_t total[GK_APPLICANT_TYPES] = {0};
    for (int row = 0; row < f->application_row_count && row < GK_BUILD_MAX_ROWS; row++) {
        if (!f->application_rows[row].is_result) continue;
        set_application_row(r, row, c->decided[row]);
        for (int col = 0; col < GK_APPLICANT_TYPES; col++) total[col] += c->decided[row][col];
    }
    set_application_row(r, format_application_row(f, "received"), c->received);
    set_application_row(r, format_application_row(f, "carried_over"), c->carried_over);
    set_application_row(r, format_application_row(f, "total"), total);
    set_application_row(r, format_application_row(f, "carried_forward"), c->carried_forward);
}

static void build_appeals(report *r, const gk_year_counts *c)
{
    for (int block = 0; block < APPEAL_BLOCKS; block++) {
        int64_t sum = 0;
        for (int field = 0; field < APPEAL_FIELDS; field++) {
            if (field == APPEAL_TOTAL_FIELD) continue;
            report_set_count(r, format_appeal_cell(r->format, block, field), c->appeals[block][field]);
            sum += c->appeals[block][field];
        }
        report_set_count(r, format_appeal_cell(r->format, block, APPEAL_TOTAL_FIELD), sum);
    }
}

static int64_t row_total(const report *r, const char *key)
{
    return report_application(r, format_application_row(r->format, key), APPLICATION_TOTAL_COLUMN);
}

/* 一、总体情况: the figures of the year in the words the narrative check (X4) reads. */
static void build_texts(report *r, const gk_year_counts *c)
{
    buf b = BUF_INIT;
    int64_t litigation = 0;
    for (int block = 1; block < APPEAL_BLOCKS; block++) litigation += report_appeal(r, block, APPEAL_TOTAL_FIELD);
    buf_printf(&b,
               "本年度共收到政府信息公开申请%lld件，上年结转%lld件，办结%lld件，结转下年度继续办理%lld件。"
               "因政府信息公开工作被申请行政复议%lld件，被提起行政诉讼%lld件。",
               (long long)row_total(r, "received"), (long long)row_total(r, "carried_over"),
               (long long)row_total(r, "total"), (long long)row_total(r, "carried_forward"),
               (long long)report_appeal(r, 0, APPEAL_TOTAL_FIELD), (long long)litigation);
    int channels = c->channel_count < GK_BUILD_MAX_CHANNELS ? c->channel_count : GK_BUILD_MAX_CHANNELS;
    for (int i = 0; i < channels; i++)
        buf_printf(&b, "%s%s%lld条%s", i == 0 ? "本年度各渠道主动公开政府信息：" : "，", c->channels[i].name,
                   (long long)c->channels[i].count, i + 1 == channels ? "。" : "");
    report_set_text(r, TEXT_OVERVIEW, buf_cstr(&b));
    buf_clear(&b);
    buf_printf(&b, "本年度收取信息处理费%lld元。", (long long)c->processing_fees_yuan);
    report_set_text(r, TEXT_OTHER, buf_cstr(&b));
    buf_free(&b);
}

report *gk_report_build(const gk_year_counts *c, const char *agency)
{
    report *r = report_new(gk_outcome_format());
    r->year = c->year;
    if (agency) report_set_agency(r, agency);
    build_proactive(r, c);
    build_applications(r, c);
    build_appeals(r, c);
    build_texts(r, c);
    return r;
}
