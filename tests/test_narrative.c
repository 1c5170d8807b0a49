/* test_narrative: rule X4 (src/report/narrative.c), the numbers 一、总体情况 quotes against the tables. Corpus
 * reports are built from their NNN.expected.json (tables) and the 一 and 六 sections cut out of their text, so the
 * test does not depend on the importers: 005 must give exactly its four contradictions and one share that
 * agrees with nothing, 004 one 口径不一致 warning, the others none. Hand-written sentences cover each kind of
 * quote, and the shares ("占33.9%"): agreeing, at the rounding edge, contradicting, of an unclear base. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/check.h"
#include "report/narrative.h"
#include "testutil.h"

/* ---- Building a report from a corpus expected.json and its text ---- */

static void fill_applications(report *r, json_t *rows)
{
    const report_format *f = r->format;
    for (int row = 0; row < f->application_row_count; row++) {
        json_t *values = json_object_get(rows, f->application_rows[row].key);
        if (!values) continue;
        for (int col = 0; col < APPLICATION_COLUMNS; col++) {
            json_t *v = json_array_get(values, (size_t)col);
            int cell = format_application_cell(f, row, col);
            if (json_is_integer(v)) report_set_count(r, cell, json_integer_value(v));
            else report_set_blank(r, cell);
        }
    }
}

static void fill_appeals(report *r, json_t *appeals)
{
    for (int block = 0; block < APPEAL_BLOCKS; block++)
        for (int field = 0; field < APPEAL_FIELDS; field++) {
            json_t *fields = json_object_get(appeals, APPEAL_BLOCK_DEFS[block].key);
            json_t *v = json_object_get(fields, APPEAL_FIELD_DEFS[field].key);
            int cell = format_appeal_cell(r->format, block, field);
            if (json_is_integer(v)) report_set_count(r, cell, json_integer_value(v));
            else if (v) report_set_blank(r, cell);
        }
}

static void fill_proactive(report *r, json_t *proactive)
{
    const report_format *f = r->format;
    for (int item = 0; item < f->proactive_count; item++) {
        json_t *fields = json_object_get(proactive, f->proactive[item].key);
        for (int field = 0; fields && field < f->proactive[item].field_count; field++) {
            json_t *v = json_object_get(fields, f->proactive[item].fields[field].key);
            int cell = format_proactive_cell(f, item, field);
            if (json_is_integer(v)) report_set_count(r, cell, json_integer_value(v));
            else if (json_is_string(v)) report_set_decimal_text(r, cell, json_string_value(v));
            else if (v) report_set_blank(r, cell);
        }
    }
}

/* The text between the first `from` heading and the next `to` heading (to the end when to is NULL). */
static char *cut_section(const char *text, const char *from, const char *to)
{
    const char *start = strstr(text, from);
    if (!start) return NULL;
    start += strlen(from);
    const char *end = to ? strstr(start, to) : NULL;
    return xstrndup(start, end ? (size_t)(end - start) : strlen(start));
}

static report *corpus_report(const char *number)
{
    const char *dir = test_corpus_dir();
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.expected.json", dir, number);
    json_error_t error;
    json_t *root = json_load_file(path, 0, &error);
    if (!root) fail_msg("%s: %s", path, error.text);
    report *r = report_new(format_by_name(json_string_value(json_object_get(root, "format"))));
    r->year = (int)json_integer_value(json_object_get(root, "year"));
    fill_applications(r, json_object_get(json_object_get(root, "applications"), "rows"));
    fill_appeals(r, json_object_get(root, "appeals"));
    fill_proactive(r, json_object_get(root, "proactive"));
    json_decref(root);

    char command[1200];
    snprintf(command, sizeof command, "ls %s/%s_*.txt", dir, number);
    FILE *ls = popen(command, "r");
    assert_non_null(ls);
    char txt[1024] = "";
    assert_non_null(fgets(txt, sizeof txt, ls));
    pclose(ls);
    txt[strcspn(txt, "\n")] = '\0';
    char *text = test_read_file(txt, NULL);
    const section_def *sections = r->format->sections;
    char *overview = cut_section(text, sections[SECTION_OVERVIEW].heading, sections[SECTION_PROACTIVE].heading);
    char *other = cut_section(text, sections[SECTION_OTHER].heading, NULL);
    assert_non_null(overview);
    report_set_text(r, TEXT_OVERVIEW, overview);
    if (other) report_set_text(r, TEXT_OTHER, other);
    free(overview);
    free(other);
    free(text);
    return r;
}

static void print_findings(const char *name, const diag_list *d)
{
    for (size_t i = 0; i < d->count; i++) printf("%s %s: %s\n", name, d->items[i].rule, d->items[i].message);
}

static const diagnostic *find(const diag_list *d, const char *a, const char *b)
{
    for (size_t i = 0; i < d->count; i++)
        if (strstr(d->items[i].message, a) && (!b || strstr(d->items[i].message, b))) return &d->items[i];
    return NULL;
}

/* ---- Corpus ---- */

/* 005 (上海市人民政府办公厅 2019): "予以公开及部分公开258件" (table 272+3), "无法提供265件" (table 337), and
 * "行政复议7件，诉讼9件，均获维持" against 2 and 1 cases 尚未审结. Its other quotes (859, 805, 18, 72, 35, 158, 0,
 * 7, 9) agree with the tables. Of its four shares of the 805 handled, "不予公开35件，占4.34%" (4.348, cut off),
 * "无法提供265件，占32.9%" (265/805 = 32.92: the quoted count, already a finding) and "不予处理158件，占19.6%"
 * (19.63) agree; "予以公开及部分公开258件，占33.9%" agrees with nothing: 275/805 = 34.16, 258/805 = 32.05, and
 * over 859 received (32.01, 30.03) or 877 received + carried over (31.36, 29.42). */
static void test_corpus_005_four_contradictions(void **state)
{
    (void)state;
    if (!test_corpus_dir()) skip();
    report *r = corpus_report("005");
    diag_list d = DIAG_LIST_INIT;
    narrative_check(r, NULL, &d);
    print_findings("005", &d);
    assert_int_equal(d.count, 5);
    for (size_t i = 0; i < d.count; i++) {
        assert_string_equal(d.items[i].rule, "X4");
        assert_int_equal(d.items[i].severity, SEVERITY_WARNING);
        assert_null(strstr(d.items[i].message, "口径不一致"));
    }
    const diagnostic *x = find(&d, "予以公开及部分公开258件", "275");
    assert_non_null(x);
    assert_int_equal(x->table, TABLE_APPLICATIONS);
    assert_string_equal(x->expected, "275");
    assert_string_equal(x->actual, "258");
    x = find(&d, "无法提供265件", "“（四）无法提供”总计为337件");
    assert_non_null(x);
    assert_string_equal(x->expected, "337");
    x = find(&d, "均获维持", "“行政复议”有尚未审结2件");
    assert_non_null(x);
    assert_int_equal(x->table, TABLE_APPEALS);
    assert_int_equal(x->row, 0);
    assert_non_null(find(&d, "均获维持", "“行政诉讼”有尚未审结1件"));
    x = find(&d, "予以公开及部分公开258件，占33.9%", "所述比例与表三不符");
    assert_non_null(x);
    assert_non_null(strstr(x->message, "总计275件，占“（七）总计”805件的34.2%（按文中所述258件计为32.0%），文中为33.9%"));
    assert_int_equal(x->table, TABLE_APPLICATIONS);
    assert_int_equal(x->row, -1);
    assert_int_equal(x->column, APPLICATION_TOTAL_COLUMN);
    assert_string_equal(x->expected, "34.2%");
    assert_string_equal(x->actual, "33.9%");
    assert_null(find(&d, "4.34%", NULL));
    assert_null(find(&d, "32.9%", NULL));
    assert_null(find(&d, "19.6%", NULL));
    diag_list_free(&d);
    report_free(r);
}

/* 004: "区政府办代表区政府受理政府信息公开申请17件" while table 三 counts 95: a scope difference, not a
 * contradiction. */
static void test_corpus_004_scope(void **state)
{
    (void)state;
    if (!test_corpus_dir()) skip();
    report *r = corpus_report("004");
    diag_list d = DIAG_LIST_INIT;
    narrative_check(r, NULL, &d);
    print_findings("004", &d);
    assert_int_equal(d.count, 1);
    assert_string_equal(d.items[0].rule, "X4");
    assert_int_equal(d.items[0].severity, SEVERITY_WARNING);
    assert_non_null(strstr(d.items[0].message, "口径不一致"));
    assert_non_null(strstr(d.items[0].message, "受理政府信息公开申请17件"));
    assert_string_equal(d.items[0].expected, "95");
    assert_string_equal(d.items[0].actual, "17");
    assert_int_equal(d.items[0].row, format_application_row(r->format, "received"));
    diag_list_free(&d);
    report_free(r);
}

/* The others quote only numbers that agree: 001 收到35件; 002 受理3119件, 答复3050件, 结转34件, 103件顺延, 复议351件
 * with its four results, 诉讼46件 with its four; 003 受理21件; 006 none; 007 受理21件; 008 收到70件, 办结69件,
 * 1件结转下年度. */
static void test_corpus_clean(void **state)
{
    (void)state;
    if (!test_corpus_dir()) skip();
    static const char *const clean[] = {"001", "002", "003", "006", "007", "008"};
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        report *r = corpus_report(clean[i]);
        diag_list d = DIAG_LIST_INIT;
        narrative_check(r, NULL, &d);
        print_findings(clean[i], &d);
        assert_int_equal(d.count, 0);
        diag_list_free(&d);
        report_free(r);
    }
}

/* ---- Hand-written sentences ---- */

/* A 2021-format report: 20 received + 5 carried over = 18 handled + 7 carried forward; 10 disclosed, 2 partly,
 * 3 not held, 3 duplicates; reconsideration 2 upheld + 1 pending; litigation 1 corrected (direct); in force 7. */
static report *sample_report(void)
{
    const report_format *f = &FORMAT_2021;
    report *r = report_new(f);
    for (int cell = 0; cell < f->cell_count; cell++) report_set_count(r, cell, 0);
    static const struct { const char *key; int64_t natural, other_org; } rows[] = {
        {"received", 18, 2}, {"carried_over", 5, 0}, {"disclosed", 9, 1}, {"partly_disclosed", 2, 0},
        {"unable_not_held", 3, 0}, {"rejected_duplicate", 2, 1}, {"total", 16, 2}, {"carried_forward", 7, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int row = format_application_row(f, rows[i].key);
        report_set_count(r, format_application_cell(f, row, 0), rows[i].natural);
        report_set_count(r, format_application_cell(f, row, 5), rows[i].other_org);
        report_set_count(r, format_application_cell(f, row, APPLICATION_TOTAL_COLUMN),
                         rows[i].natural + rows[i].other_org);
    }
    report_set_count(r, format_appeal_cell(f, 0, 0), 2);
    report_set_count(r, format_appeal_cell(f, 0, 3), 1);
    report_set_count(r, format_appeal_cell(f, 0, 4), 3);
    report_set_count(r, format_appeal_cell(f, 1, 1), 1);
    report_set_count(r, format_appeal_cell(f, 1, 4), 1);
    int docs = format_proactive_item(f, "normative_documents");
    report_set_count(r, format_proactive_cell(f, docs, 0), 2);
    report_set_count(r, format_proactive_cell(f, docs, 2), 7);
    return r;
}

/* Runs X4 on the sample with the given overview (and 六); returns the findings. */
static diag_list check_text(const char *overview, const char *other)
{
    report *r = sample_report();
    report_set_text(r, TEXT_OVERVIEW, overview);
    if (other) report_set_text(r, TEXT_OTHER, other);
    diag_list d = DIAG_LIST_INIT;
    narrative_check(r, NULL, &d);
    print_findings("sample", &d);
    report_free(r);
    return d;
}

static void expect_clean(const char *overview)
{
    diag_list d = check_text(overview, NULL);
    if (d.count) fail_msg("unexpected X4 on “%s”: %s", overview, d.items[0].message);
    diag_list_free(&d);
}

static const diagnostic *expect_one(diag_list *d, const char *needle)
{
    assert_int_equal(d->count, 1);
    assert_string_equal(d->items[0].rule, "X4");
    assert_int_equal(d->items[0].severity, SEVERITY_WARNING);
    if (!strstr(d->items[0].message, needle)) fail_msg("“%s” not in “%s”", needle, d->items[0].message);
    return &d->items[0];
}

static void test_agreeing_sentences(void **state)
{
    (void)state;
    expect_clean("（二）依申请公开情况。本年度共收到政府信息公开申请20件，办结18件，7件结转下年度继续办理。");
    expect_clean("全年受理政府信息公开申请20件（含上年度结转申请5件），答复18件，另有7件顺延到下年度答复。");
    expect_clean("（二）依申请公开方面\n予以公开及部分公开12件；无法提供3件；不予处理3件；其他处理0件。");
    expect_clean("政府信息公开行政复议3件，其中结果维持2件，尚未审结1件；行政诉讼1件，其中结果纠正1件。");
    expect_clean("共收到二十件政府信息公开申请，办结十八件。");
    expect_clean("现行有效行政规范性文件7件。");
    expect_clean("本年发生政府信息公开行政复议三件。");
    expect_clean("收到群众诉求348件，现场解决162件。受理各类群众诉求259起。");
    expect_clean("依申请公开：约30件申请正在办理，共收到申请20件。");
    expect_clean("");
}

static void test_contradictions(void **state)
{
    (void)state;
    diag_list d = check_text("（二）依申请公开情况\n全年共收到政府信息公开申请21件，均已按时答复。", NULL);
    const diagnostic *x = expect_one(&d, "与表三不符");
    assert_non_null(strstr(x->message, "收到政府信息公开申请21件"));
    assert_non_null(strstr(x->message, "“一、本年新收政府信息公开申请数量”总计为20件"));
    assert_int_equal(x->table, TABLE_APPLICATIONS);
    assert_int_equal(x->column, APPLICATION_TOTAL_COLUMN);
    assert_string_equal(x->expected, "20");
    assert_string_equal(x->actual, "21");
    diag_list_free(&d);

    d = check_text("依申请公开方面，办结政府信息公开申请17件。", NULL);
    expect_one(&d, "“（七）总计”总计为18件");
    diag_list_free(&d);

    d = check_text("申请办理：1件结转下年度继续办理。", NULL);
    expect_one(&d, "“四、结转下年度继续办理”总计为7件");
    diag_list_free(&d);

    d = check_text("（二）依申请公开\n予以公开及部分公开13件。", NULL);
    x = expect_one(&d, "“（一）予以公开”+“（二）部分公开");
    assert_string_equal(x->expected, "12");
    diag_list_free(&d);

    d = check_text("依申请公开：因本机关不掌握等原因无法提供5件。", NULL);
    x = expect_one(&d, "“（四）无法提供”总计为3件");
    assert_int_equal(x->row, -1);
    diag_list_free(&d);

    d = check_text("政府信息公开行政诉讼2件，其中结果纠正1件。", NULL);
    x = expect_one(&d, "表四“行政诉讼”总计为1件，文中为2件");
    assert_int_equal(x->row, -1);
    diag_list_free(&d);
}

static void test_chinese_numerals_and_separators(void **state)
{
    (void)state;
    diag_list d = check_text("本年发生政府信息公开行政复议两件。", NULL);
    const diagnostic *x = expect_one(&d, "表四“行政复议”总计为3件，文中为2件");
    assert_int_equal(x->table, TABLE_APPEALS);
    assert_int_equal(x->row, 0);
    assert_int_equal(x->column, APPEAL_TOTAL_FIELD);
    diag_list_free(&d);

    d = check_text("全市共受理政府信息公开申请 3,119 件。", NULL);
    x = expect_one(&d, "文中为3119件");
    diag_list_free(&d);
}

static void test_all_upheld(void **state)
{
    (void)state;
    diag_list d = check_text("信息公开类行政复议3件，均获维持。", NULL);
    const diagnostic *x = expect_one(&d, "“行政复议”有尚未审结1件，并非全部维持");
    assert_int_equal(x->column, 3);
    diag_list_free(&d);

    d = check_text("因政府信息公开被提起行政诉讼1件，全部维持。", NULL);
    expect_one(&d, "“行政诉讼”有结果纠正1件，并非全部维持");
    diag_list_free(&d);

    d = check_text("行政复议和行政诉讼案件均获维持。", NULL); /* both kinds named, both contradict */
    assert_int_equal(d.count, 2);
    diag_list_free(&d);

    report *r = sample_report(); /* nothing pending or corrected: no finding */
    for (int block = 0; block < APPEAL_BLOCKS; block++)
        for (int field = 1; field < APPEAL_FIELDS; field++)
            report_set_count(r, format_appeal_cell(r->format, block, field), 0);
    report_set_count(r, format_appeal_cell(r->format, 0, APPEAL_TOTAL_FIELD), 2);
    report_set_text(r, TEXT_OVERVIEW, "行政复议2件，均获维持。");
    d = (diag_list)DIAG_LIST_INIT;
    narrative_check(r, NULL, &d);
    assert_int_equal(d.count, 0);
    diag_list_free(&d);
    report_free(r);
}

static void test_scope(void **state)
{
    (void)state;
    /* 25 = 20 new + 5 carried over: the count includes last year's */
    diag_list d = check_text("（二）依申请公开情况。全年共收到政府信息公开申请25件。", NULL);
    const diagnostic *x = expect_one(&d, "口径不一致");
    assert_non_null(strstr(x->message, "上年结转5件"));
    diag_list_free(&d);

    d = check_text("区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复。", NULL);
    expect_one(&d, "口径不一致");
    diag_list_free(&d);
}

static void test_in_force_and_fees(void **state)
{
    (void)state;
    diag_list d = check_text("截至年底，现行有效行政规范性文件8件。", NULL);
    const diagnostic *x = expect_one(&d, "与表二不符");
    assert_int_equal(x->table, TABLE_PROACTIVE);
    assert_string_equal(x->expected, "7");
    diag_list_free(&d);

    d = check_text("全年收取信息处理费100元。", "2023年，全年收取政府信息公开信息处理费0元。");
    x = expect_one(&d, "信息处理费100元");
    assert_non_null(strstr(x->message, "六、其他需要报告的事项"));
    diag_list_free(&d);

    d = check_text("本年度未收取信息处理费。", "全年收取政府信息公开信息处理费 0 元。");
    assert_int_equal(d.count, 0);
    diag_list_free(&d);

    d = check_text("收取信息处理费0.2万元。", "收取信息处理费2000元。");
    assert_int_equal(d.count, 0);
    diag_list_free(&d);
}

/* Shares of the sample (18 handled, 20 received, 25 with those carried over; 10 disclosed, 12 with partly). */
static void test_shares_agreeing(void **state)
{
    (void)state;
    expect_clean("依申请公开方面，予以公开10件，占55.6%；部分公开2件，占11.1%；无法提供3件，占16.7%。");
    expect_clean("依申请公开：予以公开10件，占55.5%。");  /* 55.56 cut off */
    expect_clean("依申请公开：予以公开10件，占56%。");    /* rounded to the figure's precision */
    expect_clean("依申请公开：不予处理3件，占比16.67%。");
    expect_clean("依申请公开：予以公开及部分公开12件，占办结总数的66.7%。");
    expect_clean("依申请公开：予以公开10件，占50%。");    /* of the 20 received, as some agencies count */
    expect_clean("依申请公开：予以公开10件，占40%。");    /* of the 25 received and carried over */
    expect_clean("依申请公开：予以公开10件，占申请总数的50%。");
    expect_clean("依申请公开：予以公开１０件，占５５．６％。"); /* full-width */
    /* not a share of an outcome, or of something else, or approximate: not read */
    expect_clean("依申请公开：办结18件，办结率100%，按时办结率100%。");
    expect_clean("依申请公开：予以公开10件，占全市的3%。");
    expect_clean("依申请公开：予以公开10件，约占90%。");
    expect_clean("依申请公开：予以公开10件，占约90%。");
    expect_clean("依申请公开：予以公开10件，申请数量较去年增长12.5%。");
    expect_clean("依申请公开：予以公开10件；差评数占评价总数的0.34%。");
}

static void test_shares_contradicting(void **state)
{
    (void)state;
    diag_list d = check_text("（二）依申请公开情况\n予以公开10件，占60%。", NULL);
    const diagnostic *x = expect_one(&d, "所述比例与表三不符");
    assert_non_null(strstr(x->message, "“予以公开10件，占60%”"));
    assert_non_null(strstr(x->message, "表三“（一）予以公开”总计10件，占“（七）总计”18件的56%，文中为60%"));
    assert_int_equal(x->table, TABLE_APPLICATIONS);
    assert_int_equal(x->row, format_application_row(&FORMAT_2021, "disclosed"));
    assert_int_equal(x->column, APPLICATION_TOTAL_COLUMN);
    assert_string_equal(x->row_key, "disclosed");
    assert_string_equal(x->expected, "56%");
    assert_string_equal(x->actual, "60%");
    diag_list_free(&d);

    /* the rounding edge: 55.56 is 55.6 rounded, 55.5 cut off, never 55.4 */
    d = check_text("依申请公开：予以公开10件，占55.4%。", NULL);
    x = expect_one(&d, "18件的55.6%，文中为55.4%");
    assert_string_equal(x->expected, "55.6%");
    diag_list_free(&d);

    /* the base named is the handled ones: 50% of the 20 received does not count */
    d = check_text("依申请公开：予以公开10件，占办结总数的50%。", NULL);
    expect_one(&d, "18件的56%，文中为50%");
    diag_list_free(&d);

    /* a wrong count whose share follows from it: one finding, for the count */
    d = check_text("依申请公开：予以公开11件，占61.1%。", NULL);
    expect_one(&d, "总计为10件，文中为11件");
    diag_list_free(&d);

    /* a wrong count and a share that follows from neither: both, the share naming the count's own */
    d = check_text("依申请公开：予以公开11件，占70%。", NULL);
    assert_int_equal(d.count, 2);
    assert_non_null(find(&d, "总计10件，占“（七）总计”18件的56%（按文中所述11件计为61%），文中为70%", NULL));
    diag_list_free(&d);
}

/* "占申请总数": received (20), received + carried over (25) or, as often meant, handled (18): 口径 unclear. */
static void test_shares_of_an_unclear_base(void **state)
{
    (void)state;
    expect_clean("依申请公开：予以公开10件，占申请总数的55.6%。");
    diag_list d = check_text("依申请公开：予以公开10件，占申请总数的30%。", NULL);
    const diagnostic *x = expect_one(&d, "所述比例与表三口径不一致");
    assert_non_null(strstr(x->message, "占“一、本年新收政府信息公开申请数量”20件的50%，占新收加上年结转25件的40%，"
                                       "占“（七）总计”18件的56%，文中为30%"));
    assert_string_equal(x->expected, "50%");
    assert_string_equal(x->actual, "30%");
    diag_list_free(&d);

    report *r = sample_report(); /* nothing handled: no share can be computed, no finding */
    for (int col = 0; col < APPLICATION_COLUMNS; col++) {
        report_set_count(r, format_application_cell(r->format, format_application_row(r->format, "total"), col), 0);
        report_set_count(r, format_application_cell(r->format, format_application_row(r->format, "received"), col), 0);
        int over = format_application_row(r->format, "carried_over");
        report_set_count(r, format_application_cell(r->format, over, col), 0);
    }
    report_set_text(r, TEXT_OVERVIEW, "依申请公开：予以公开10件，占60%。");
    d = (diag_list)DIAG_LIST_INIT;
    narrative_check(r, NULL, &d);
    assert_null(find(&d, "比例", NULL));
    diag_list_free(&d);
    report_free(r);
}

/* ---- Year-on-year changes ---- */

/* Sets the total column of a table 三 row (and its natural-person cell, so the row stays balanced). */
static void set_application_total(report *r, const char *key, int64_t value)
{
    int row = format_application_row(r->format, key);
    for (int col = 0; col < APPLICATION_COLUMNS; col++)
        report_set_count(r, format_application_cell(r->format, row, col), 0);
    report_set_count(r, format_application_cell(r->format, row, 0), value);
    report_set_count(r, format_application_cell(r->format, row, APPLICATION_TOTAL_COLUMN), value);
}

/* Last year's report for the sample (2024): 2023, received 16, handled 20, disclosed 8, reconsideration 4. */
static report *sample_last_year(void)
{
    report *last = sample_report();
    last->year = 2023;
    set_application_total(last, "received", 16);
    set_application_total(last, "total", 20);
    set_application_total(last, "disclosed", 8);
    report_set_count(last, format_appeal_cell(last->format, 0, APPEAL_TOTAL_FIELD), 4);
    return last;
}

/* X4 on the sample (2024) with the given overview, against last year's report `last` (not freed). */
static diag_list check_change_text(const char *overview, const report *last)
{
    report *r = sample_report();
    r->year = 2024;
    report_set_text(r, TEXT_OVERVIEW, overview);
    diag_list d = DIAG_LIST_INIT;
    narrative_check(r, last, &d);
    print_findings("change", &d);
    report_free(r);
    return d;
}

static void expect_change_clean(const char *overview, const report *last)
{
    diag_list d = check_change_text(overview, last);
    if (d.count) fail_msg("unexpected X4 on “%s”: %s", overview, d.items[0].message);
    diag_list_free(&d);
}

/* The sample received 20 (last year 16: +25%, +4), handled 18 (20: -10%, -2), disclosed 10 (8: +25%),
 * reconsideration 3 (4: -25%, -1). */
static void test_changes_agreeing(void **state)
{
    (void)state;
    report *last = sample_last_year();
    expect_change_clean("本年度共收到政府信息公开申请20件，比上年增长25%。", last);
    expect_change_clean("收到政府信息公开申请20件，同比增加4件，办结18件，较上年下降10%。", last);
    expect_change_clean("受理申请20件，较2023年增长25.0%。", last);
    expect_change_clean("共收到申请20件，申请数量较去年增加了4件。", last);
    expect_change_clean("依申请公开：予以公开10件，同比增长25%。", last);
    expect_change_clean("政府信息公开行政复议3件，比上年度减少1件。", last);
    set_application_total(last, "received", 17); /* 3/17 = 17.65%: 18% rounded, 17% cut off, 17.6% both */
    expect_change_clean("收到申请20件，比上年增长18%。", last);
    expect_change_clean("收到申请20件，比上年增长17%。", last);
    expect_change_clean("收到申请20件，比上年增长17.6%。", last);
    report_free(last);
}

static void test_changes_contradicting(void **state)
{
    (void)state;
    report *last = sample_last_year();
    diag_list d = check_change_text("本年度共收到政府信息公开申请20件，比上年增长20%。", last);
    const diagnostic *x = expect_one(&d, "与上年度报告不符");
    assert_non_null(strstr(x->message, "总体情况“本年度共收到政府信息公开申请20件，比上年增长20%”"));
    assert_non_null(strstr(x->message, "表三“一、本年新收政府信息公开申请数量”上年为16件，本年为20件，实为增长25%，文中为增长20%"));
    assert_int_equal(x->table, TABLE_APPLICATIONS);
    assert_int_equal(x->row, format_application_row(&FORMAT_2021, "received"));
    assert_int_equal(x->column, APPLICATION_TOTAL_COLUMN);
    assert_string_equal(x->expected, "增长25%");
    assert_string_equal(x->actual, "增长20%");
    diag_list_free(&d);

    d = check_change_text("收到申请20件，较2023年减少4件。", last); /* the wrong way */
    x = expect_one(&d, "实为增加4件，文中为减少4件");
    assert_string_equal(x->expected, "增加4件");
    assert_string_equal(x->actual, "减少4件");
    diag_list_free(&d);

    d = check_change_text("全年办结政府信息公开申请18件，与上年持平。", last);
    x = expect_one(&d, "“（七）总计”上年为20件，本年为18件，实为减少2件，文中为持平");
    assert_string_equal(x->actual, "持平");
    diag_list_free(&d);

    d = check_change_text("行政复议3件，同比增加1件。", last);
    x = expect_one(&d, "表四“行政复议”总计上年为4件，本年为3件，实为减少1件，文中为增加1件");
    assert_int_equal(x->table, TABLE_APPEALS);
    assert_int_equal(x->row, 0);
    assert_int_equal(x->column, APPEAL_TOTAL_FIELD);
    diag_list_free(&d);

    int docs = format_proactive_item(last->format, "normative_documents"); /* in force: 5 last year, 7 now */
    report_set_count(last, format_proactive_cell(last->format, docs, 2), 5);
    expect_change_clean("现行有效行政规范性文件7件，比上年增加2件。", last);
    d = check_change_text("现行有效行政规范性文件7件，比上年增加3件。", last);
    x = expect_one(&d, "表二“行政规范性文件”现行有效件数上年为5件，本年为7件，实为增加2件，文中为增加3件");
    assert_int_equal(x->table, TABLE_PROACTIVE);
    assert_int_equal(x->row, docs);
    assert_string_equal(x->column_key, "in_force");
    diag_list_free(&d);

    d = check_change_text("依申请公开：予以公开10件，同比增长20.0%。", last); /* 25.0% at the printed precision */
    x = expect_one(&d, "表三“（一）予以公开”上年为8件，本年为10件，实为增长25.0%，文中为增长20.0%");
    diag_list_free(&d);
    report_free(last);
}

/* A change is not read when it is unclear which count it belongs to, when the count is not this year's table
 * value, when last year's value is 0 (no percentage), when the year named is not last year's, or when no
 * previous report is given. */
static void test_changes_unclear(void **state)
{
    (void)state;
    report *last = sample_last_year();
    expect_change_clean("收到申请20件和咨询30件，比上年增长50%。", last);      /* 30件 is nearest: no table */
    expect_change_clean("收到申请20件，占全年的20%，比上年增长50%。", last);   /* a share between */
    expect_change_clean("收到申请20件，办结率90%，比上年增长50%。", last);
    expect_change_clean("收到申请20件，比上年增长50个百分点。", last);
    expect_change_clean("受理申请20件，较2022年增长50%。", last);
    diag_list d = check_change_text("收到申请21件，比上年增长50%。", last); /* the count's own finding only */
    expect_one(&d, "文中为21件");
    diag_list_free(&d);
    set_application_total(last, "received", 0);
    expect_change_clean("收到申请20件，比上年增长50%。", last);
    last->year = 2022; /* not last year's report */
    set_application_total(last, "received", 16);
    expect_change_clean("收到申请20件，比上年增长50%。", last);
    expect_change_clean("收到申请20件，比上年增长50%。", NULL);
    report_free(last);
}

/* 003 (洪泽区 2023) and 004 (洪泽区 2024): 004's overview quotes no figure about 2023 ("2024年……受理政府信息公开
 * 申请17件，均已在法定期限内予以答复"), so 003 as last year's report adds nothing: the one 口径不一致 stays
 * alone. 005 (上海 2019) says "共受理政府信息公开申请859件，申请数量较去年回落12.3%": with a 2018 report of 980
 * received it agrees (121/980 = 12.35%, cut off and rounded 12.3), with 1000 it does not (14.1%). */
static void test_corpus_changes(void **state)
{
    (void)state;
    if (!test_corpus_dir()) skip();
    report *r = corpus_report("004"), *last = corpus_report("003");
    assert_int_equal(r->year, 2024);
    assert_int_equal(last->year, 2023);
    diag_list d = DIAG_LIST_INIT;
    narrative_check(r, last, &d);
    print_findings("004/003", &d);
    assert_int_equal(d.count, 1);
    assert_non_null(strstr(d.items[0].message, "口径不一致"));
    assert_null(find(&d, "上年度报告", NULL));
    diag_list_free(&d);
    report_free(r);
    report_free(last);

    r = corpus_report("005");
    last = report_new(r->format);
    last->year = 2018;
    set_application_total(last, "received", 980);
    d = (diag_list)DIAG_LIST_INIT;
    narrative_check(r, last, &d);
    assert_int_equal(d.count, 5); /* the five findings without last year's report */
    assert_null(find(&d, "上年度报告", NULL));
    diag_list_free(&d);
    set_application_total(last, "received", 1000);
    d = (diag_list)DIAG_LIST_INIT;
    narrative_check(r, last, &d);
    print_findings("005/2018", &d);
    assert_int_equal(d.count, 6);
    const diagnostic *x = find(&d, "申请数量较去年回落12.3%", "与上年度报告不符");
    assert_non_null(x);
    assert_non_null(strstr(x->message, "上年为1000件，本年为859件，实为下降14.1%，文中为回落12.3%"));
    assert_string_equal(x->expected, "下降14.1%");
    assert_string_equal(x->actual, "回落12.3%");
    diag_list_free(&d);
    report_free(r);
    report_free(last);
}

/* Overviews pieced together at random from the words X4 reads, digits, punctuation and broken UTF-8, checked
 * with and without last year's report: nothing may crash or read out of bounds (run under ASan in CI). */
static void test_random_pieces(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "收到", "申请", "20", "1,234", "3.5", "0", "件", "件次", "元", "万元", "比上年", "较2023年", "同比", "与上年",
        "增长", "减少", "回落", "持平", "%", "，", "。", "、", "(一)", "（二）", "行政复议", "诉讼", "维持", "均",
        "予以公开", "及", "部分公开", "占", "办结", "结转下年度", "现行有效", "信息处理费", "十二", "两百", "\xff",
        "\xe4\xb8", "\xe4", " ", "\n", "第", "约",
    };
    report *r = sample_report(), *last = sample_last_year();
    r->year = 2024;
    uint32_t seed = 12345;
    for (int round = 0; round < 400; round++) {
        char text[600] = "";
        size_t len = 0;
        int count = 1 + (int)(seed % 40);
        for (int k = 0; k < count; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *piece = pieces[(seed >> 8) % (sizeof pieces / sizeof pieces[0])];
            size_t n = strlen(piece);
            if (len + n + 1 > sizeof text) break;
            memcpy(text + len, piece, n + 1);
            len += n;
        }
        report_set_text(r, TEXT_OVERVIEW, text);
        report_set_text(r, TEXT_OTHER, round % 2 ? text : "信息处理费0元");
        diag_list d = DIAG_LIST_INIT;
        narrative_check(r, round % 3 ? last : NULL, &d);
        for (size_t i = 0; i < d.count; i++) assert_string_equal(d.items[i].rule, "X4");
        diag_list_free(&d);
    }
    report_free(r);
    report_free(last);
}

static void test_no_text(void **state)
{
    (void)state;
    report *r = sample_report();
    diag_list d = DIAG_LIST_INIT;
    narrative_check(r, NULL, &d);
    narrative_check(NULL, NULL, &d);
    assert_int_equal(d.count, 0);
    report_set_text(r, TEXT_OVERVIEW, "\xff\xfe 受理申请\xe5\x8f件 1\xe4件 。。(一)(");
    narrative_check(r, NULL, &d);
    narrative_check(r, r, &d); /* itself as last year's report: every change agrees or is cut short */
    report_set_text(r, TEXT_OVERVIEW, "收到申请20件，比上年增长。收到申请20件，同比增加.件，较上年度增长99999999999%，较");
    narrative_check(r, r, &d);
    diag_list_free(&d);
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_005_four_contradictions),
        cmocka_unit_test(test_corpus_004_scope),
        cmocka_unit_test(test_corpus_clean),
        cmocka_unit_test(test_agreeing_sentences),
        cmocka_unit_test(test_contradictions),
        cmocka_unit_test(test_chinese_numerals_and_separators),
        cmocka_unit_test(test_all_upheld),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_in_force_and_fees),
        cmocka_unit_test(test_shares_agreeing),
        cmocka_unit_test(test_shares_contradicting),
        cmocka_unit_test(test_shares_of_an_unclear_base),
        cmocka_unit_test(test_changes_agreeing),
        cmocka_unit_test(test_changes_contradicting),
        cmocka_unit_test(test_changes_unclear),
        cmocka_unit_test(test_corpus_changes),
        cmocka_unit_test(test_random_pieces),
        cmocka_unit_test(test_no_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
