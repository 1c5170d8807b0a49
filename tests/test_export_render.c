/* test_export_render: the human-facing renderings of a report. CSV and Markdown against exact expected text; HTML
 * parsed back with libxml2 (three tables, the spans of the official merged-cell layout in both formats, every row
 * filling the grid exactly, marked cells, escaping, valid UTF-8); the two plain-text layouts line by line. */
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "export/export.h"
#include "report/diag.h"
#include "util/text.h"

/* ---- building reports ---- */

static int cell_of(const report_format *f, enum report_table table, const char *row_key, const char *column_key)
{
    for (int cell = 0; cell < f->cell_count; cell++) {
        cell_address a;
        format_cell_address(f, cell, &a);
        if (a.table == table && strcmp(a.row_key, row_key) == 0 && strcmp(a.column_key, column_key) == 0)
            return cell;
    }
    fail_msg("no cell %s/%s in format %s", row_key, column_key, f->name);
    return -1;
}

static int app(const report_format *f, const char *row, const char *column)
{
    return cell_of(f, TABLE_APPLICATIONS, row, column);
}

/* A 2021-format report: every cell 0 except a few, one blank. */
static report *small_2021(void)
{
    const report_format *f = &FORMAT_2021;
    report *r = report_new(f);
    r->year = 2023;
    report_set_agency(r, "某县人民政府办公室");
    for (int cell = 0; cell < f->cell_count; cell++) report_set_count(r, cell, 0);
    report_set_count(r, cell_of(f, TABLE_PROACTIVE, "normative_documents", "issued"), 3);
    report_set_count(r, cell_of(f, TABLE_PROACTIVE, "normative_documents", "in_force"), 3);
    assert_int_equal(report_set_decimal_text(r, cell_of(f, TABLE_PROACTIVE, "fees", "amount_wan_yuan"), "96171.6"), 0);
    report_set_count(r, app(f, "received", "natural_person"), 35);
    report_set_count(r, app(f, "received", "total"), 35);
    report_set_blank(r, app(f, "carried_over", "total"));
    report_set_count(r, app(f, "withheld_state_secret", "natural_person"), 2);
    report_set_count(r, app(f, "withheld_state_secret", "total"), 2);
    report_set_count(r, cell_of(f, TABLE_APPEALS, "reconsideration", "upheld"), 2);
    report_set_count(r, cell_of(f, TABLE_APPEALS, "reconsideration", "pending"), 2);
    report_set_count(r, cell_of(f, TABLE_APPEALS, "reconsideration", "total"), 4);
    report_set_text(r, TEXT_OVERVIEW, "（一）主动公开方面。\n\n全年发布信息3470条。");
    report_set_text(r, TEXT_OTHER, "未收取信息处理费。");
    return r;
}

/* A 2019-format report with the procurement amount in yuan, a negative change and a blank. */
static report *small_2019(const char *amount)
{
    const report_format *f = &FORMAT_2019;
    report *r = report_new(f);
    r->year = 2019;
    report_set_agency(r, "某市人民政府");
    for (int cell = 0; cell < f->cell_count; cell++) report_set_count(r, cell, 0);
    report_set_count(r, cell_of(f, TABLE_PROACTIVE, "licensing", "change"), -3);
    assert_int_equal(report_set_decimal_text(r, cell_of(f, TABLE_PROACTIVE, "procurement", "amount"), amount), 0);
    report_set_blank(r, app(f, "other", "total"));
    return r;
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle)) fail_msg("expected to find:\n%s\n---- in:\n%s", needle, haystack);
}

/* ---- CSV ---- */

static void test_csv(void **state)
{
    (void)state;
    report *r = small_2021();
    buf out = BUF_INIT;
    export_csv(r, &out);
    const char *head = "table,row,column,value\n"
                       "2,regulations,issued,0\n"
                       "2,regulations,repealed,0\n"
                       "2,regulations,in_force,0\n"
                       "2,normative_documents,issued,3\n"
                       "2,normative_documents,repealed,0\n"
                       "2,normative_documents,in_force,3\n"
                       "2,licensing,decisions,0\n"
                       "2,penalty,decisions,0\n"
                       "2,enforcement,decisions,0\n"
                       "2,fees,amount_wan_yuan,96171.6\n"
                       "3,received,natural_person,35\n"
                       "3,received,commercial_enterprise,0\n";
    assert_int_equal(strncmp(out.data, head, strlen(head)), 0);
    assert_contains(out.data, "\n3,carried_over,total,\n");
    assert_contains(out.data, "\n3,withheld_state_secret,natural_person,2\n");
    const char *tail = "4,litigation_after_reconsideration,pending,0\n"
                       "4,litigation_after_reconsideration,total,0\n";
    assert_string_equal(out.data + out.len - strlen(tail), tail);
    int lines = 0;
    for (size_t i = 0; i < out.len; i++) lines += out.data[i] == '\n';
    assert_int_equal(lines, 1 + FORMAT_2021.cell_count);
    buf_free(&out);
    report_free(r);

    /* RFC 4180 quoting of a printed amount holding a comma and a quote. */
    r = small_2019("1,234\"元");
    export_csv(r, &out);
    assert_contains(out.data, "\n2,procurement,amount,\"1,234\"\"元\"\n");
    assert_contains(out.data, "\n2,licensing,change,-3\n");
    assert_contains(out.data, "\n3,other,total,\n");
    buf_free(&out);
    report_free(r);
}

/* ---- Markdown ---- */

static void test_markdown(void **state)
{
    (void)state;
    report *r = small_2021();
    buf out = BUF_INIT;
    export_markdown(r, &out);
    const char *start = "# 某县人民政府办公室2023年度政府信息公开工作年度报告\n"
                        "\n## 一、总体情况\n"
                        "\n（一）主动公开方面。\n"
                        "\n全年发布信息3470条。\n"
                        "\n## 二、主动公开政府信息情况\n"
                        "\n**第二十条第（一）项**\n\n"
                        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
                        "| --- | ---: | ---: | ---: |\n"
                        "| 规章 | 0 | 0 | 0 |\n"
                        "| 行政规范性文件 | 3 | 0 | 3 |\n"
                        "\n**第二十条第（五）项**\n\n"
                        "| 信息内容 | 本年处理决定数量 |\n"
                        "| --- | ---: |\n"
                        "| 行政许可 | 0 |\n";
    assert_int_equal(strncmp(out.data, start, strlen(start)), 0);
    assert_contains(out.data, "| 信息内容 | 本年收费金额（单位：万元） |\n| --- | ---: |\n| 行政事业性收费 | 96171.6 |\n");
    assert_contains(out.data,
                    "\n## 三、收到和处理政府信息公开申请情况\n\n"
                    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n\n"
                    "|  | 自然人 | 法人或其他组织 商业企业 | 法人或其他组织 科研机构 | 法人或其他组织 社会公益组织 | "
                    "法人或其他组织 法律服务机构 | 法人或其他组织 其他 | 总计 |\n"
                    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
                    "| 一、本年新收政府信息公开申请数量 | 35 | 0 | 0 | 0 | 0 | 0 | 35 |\n"
                    "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 |  |\n");
    assert_contains(out.data, "\n| （三）不予公开 1.属于国家秘密 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n");
    assert_contains(out.data, "\n| （六）其他处理 3.其他 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n| （七）总计 |");
    const char *end = "\n## 四、政府信息公开行政复议、行政诉讼情况\n"
                      "\n|  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
                      "| --- | ---: | ---: | ---: | ---: | ---: |\n"
                      "| 行政复议 | 2 | 0 | 0 | 2 | 4 |\n"
                      "| 行政诉讼 未经复议直接起诉 | 0 | 0 | 0 | 0 | 0 |\n"
                      "| 行政诉讼 复议后起诉 | 0 | 0 | 0 | 0 | 0 |\n"
                      "\n## 五、存在的主要问题及改进情况\n"
                      "\n## 六、其他需要报告的事项\n"
                      "\n未收取信息处理费。\n";
    assert_string_equal(out.data + out.len - strlen(end), end);
    buf_free(&out);
    report_free(r);

    /* 2019: no group for （六）其他处理, a pipe in the printed amount is escaped. */
    r = small_2019("25|1000元");
    export_markdown(r, &out);
    assert_contains(out.data, "\n| （六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 |  |\n");
    assert_contains(out.data, "\n| 政府集中采购 | 0 | 25\\|1000元 |\n");
    assert_contains(out.data, "\n| 行政许可 | 0 | -3 | 0 |\n");
    assert_contains(out.data, "\n## 五、政府信息公开工作存在的主要问题及改进情况\n");
    buf_free(&out);
    report_free(r);
}

/* ---- HTML ---- */

static htmlDocPtr parse_html(const buf *out)
{
    htmlDocPtr doc = htmlReadMemory(out->data, (int)out->len, "report.html", "utf-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    assert_non_null(doc);
    return doc;
}

static xmlXPathObjectPtr xpath(htmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr result = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    xmlXPathFreeContext(ctx);
    if (!result) fail_msg("bad xpath %s", expr);
    return result;
}

static int xpath_count(htmlDocPtr doc, const char *expr)
{
    xmlXPathObjectPtr result = xpath(doc, expr);
    int n = result->nodesetval ? result->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(result);
    return n;
}

/* The string value of an XPath expression ("" when nothing matches). Caller frees. */
static char *xpath_string(htmlDocPtr doc, const char *expr)
{
    char wrapped[1024];
    snprintf(wrapped, sizeof wrapped, "string(%s)", expr);
    xmlXPathObjectPtr result = xpath(doc, wrapped);
    char *s = xstrdup((const char *)result->stringval);
    xmlXPathFreeObject(result);
    return s;
}

static void assert_xpath_string(htmlDocPtr doc, const char *expr, const char *want)
{
    char *got = xpath_string(doc, expr);
    if (strcmp(got, want) != 0) fail_msg("%s: got \"%s\", want \"%s\"", expr, got, want);
    free(got);
}

/* Asserts the span attributes of the header cell of table `table` whose text is `text`. */
static void assert_spans(htmlDocPtr doc, int table, const char *text, const char *rowspan, const char *colspan)
{
    char expr[512];
    snprintf(expr, sizeof expr, "//table[@data-table='%d']//th[normalize-space(.)='%s'][1]", table, text);
    if (xpath_count(doc, expr) < 1) fail_msg("no header cell %s in table %d", text, table);
    char attr[600];
    snprintf(attr, sizeof attr, "%s/@rowspan", expr);
    assert_xpath_string(doc, attr, rowspan);
    snprintf(attr, sizeof attr, "%s/@colspan", expr);
    assert_xpath_string(doc, attr, colspan);
}

static int int_attribute(xmlNodePtr node, const char *name)
{
    xmlChar *value = xmlGetProp(node, (const xmlChar *)name);
    int n = value ? atoi((const char *)value) : 1;
    xmlFree(value);
    return n;
}

/* Every row of every table fills exactly `width` grid columns once the rowspans above it are counted. */
static void assert_grid_filled(htmlDocPtr doc, int table, int width)
{
    char expr[128];
    snprintf(expr, sizeof expr, "//table[@data-table='%d']//tr", table);
    xmlXPathObjectPtr rows = xpath(doc, expr);
    int pending[64] = {0}; /* rows still covered by a rowspan, per grid column */
    assert_true(width <= 64);
    for (int i = 0; i < rows->nodesetval->nodeNr; i++) {
        int col = 0;
        for (xmlNodePtr cell = rows->nodesetval->nodeTab[i]->children; cell; cell = cell->next) {
            if (cell->type != XML_ELEMENT_NODE) continue;
            while (col < width && pending[col] > 0) col++;
            int rowspan = int_attribute(cell, "rowspan"), colspan = int_attribute(cell, "colspan");
            if (col + colspan > width) fail_msg("table %d row %d overflows the grid", table, i);
            for (int c = col; c < col + colspan; c++) pending[c] = rowspan;
            col += colspan;
        }
        for (int c = 0; c < width; c++) {
            if (pending[c] == 0) fail_msg("table %d row %d leaves grid column %d empty", table, i, c);
            pending[c]--;
        }
    }
    for (int c = 0; c < width; c++)
        if (pending[c] != 0) fail_msg("table %d: a rowspan reaches past the last row", table);
    xmlXPathFreeObject(rows);
}

static void test_html_layout_2021(void **state)
{
    (void)state;
    report *r = small_2021();
    buf out = BUF_INIT;
    export_html(r, NULL, &out);
    assert_true(utf8_validate(out.data, out.len, NULL));
    assert_contains(out.data, "<meta charset=\"utf-8\">");
    htmlDocPtr doc = parse_html(&out);
    assert_int_equal(xpath_count(doc, "//table"), 3);
    assert_xpath_string(doc, "//title", "某县人民政府办公室2023年度政府信息公开工作年度报告");
    assert_xpath_string(doc, "//h1", "某县人民政府办公室2023年度政府信息公开工作年度报告");
    assert_int_equal(xpath_count(doc, "//h2"), 6);
    assert_xpath_string(doc, "//h2[5]", "五、存在的主要问题及改进情况");
    assert_int_equal(xpath_count(doc, "//p"), 3);

    /* Table 二: captions across the grid, a one-field sub-table's field spanning three columns. */
    assert_spans(doc, 2, "第二十条第（一）项", "", "4");
    assert_spans(doc, 2, "本年处理决定数量", "", "3");
    assert_spans(doc, 2, "本年收费金额（单位：万元）", "", "3");
    assert_xpath_string(doc, "//table[@data-table='2']//tr[th='行政事业性收费']/td", "96171.6");
    assert_xpath_string(doc, "//table[@data-table='2']//tr[th='行政事业性收费']/td/@colspan", "3");

    /* Table 三: the three-row header and the spanning label cells. */
    assert_spans(doc, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "3", "3");
    assert_spans(doc, 3, "申请人情况", "", "7");
    assert_spans(doc, 3, "自然人", "2", "");
    assert_spans(doc, 3, "法人或其他组织", "", "5");
    assert_spans(doc, 3, "总计", "2", "");
    assert_spans(doc, 3, "商业企业", "", "");
    assert_spans(doc, 3, "三、本年度办理结果", "22", "");
    assert_spans(doc, 3, "（三）不予公开", "8", "");
    assert_spans(doc, 3, "（四）无法提供", "3", "");
    assert_spans(doc, 3, "（五）不予处理", "5", "");
    assert_spans(doc, 3, "（六）其他处理", "3", "");
    assert_spans(doc, 3, "一、本年新收政府信息公开申请数量", "", "3");
    assert_spans(doc, 3, "（一）予以公开", "", "2");
    assert_spans(doc, 3, "（七）总计", "", "2");
    assert_spans(doc, 3, "1.属于国家秘密", "", "");
    assert_int_equal(xpath_count(doc, "//table[@data-table='3']//td"), 25 * 7);
    assert_xpath_string(doc, "//table[@data-table='3']//tr[th='1.属于国家秘密']/td[1]", "2");
    assert_xpath_string(doc, "//table[@data-table='3']//tr[th='二、上年结转政府信息公开申请数量']/td[7]", "");

    /* Table 四. */
    assert_spans(doc, 4, "行政复议", "", "5");
    assert_spans(doc, 4, "行政诉讼", "", "10");
    assert_spans(doc, 4, "未经复议直接起诉", "", "5");
    assert_spans(doc, 4, "复议后起诉", "", "5");
    assert_spans(doc, 4, "结果维持", "2", "");
    assert_int_equal(xpath_count(doc, "//table[@data-table='4']//td"), 15);
    assert_xpath_string(doc, "//table[@data-table='4']//tr[4]/td[5]", "4");

    assert_grid_filled(doc, 2, 4);
    assert_grid_filled(doc, 3, 10);
    assert_grid_filled(doc, 4, 15);
    xmlFreeDoc(doc);
    buf_free(&out);
    report_free(r);
}

static void test_html_layout_2019(void **state)
{
    (void)state;
    report *r = small_2019("251000元");
    buf out = BUF_INIT;
    export_html(r, NULL, &out);
    htmlDocPtr doc = parse_html(&out);
    assert_int_equal(xpath_count(doc, "//table"), 3);
    assert_spans(doc, 2, "第二十条第（九）项", "", "4");
    assert_spans(doc, 2, "采购总金额", "", "2");
    assert_xpath_string(doc, "//table[@data-table='2']//tr[th='政府集中采购']/td[2]", "251000元");
    assert_xpath_string(doc, "//table[@data-table='2']//tr[th='行政许可']/td[2]", "-3");
    assert_spans(doc, 3, "三、本年度办理结果", "20", "");
    assert_spans(doc, 3, "（六）其他处理", "", "2");
    assert_int_equal(xpath_count(doc, "//table[@data-table='3']//td"), 23 * 7);
    assert_grid_filled(doc, 2, 4);
    assert_grid_filled(doc, 3, 10);
    assert_grid_filled(doc, 4, 15);
    xmlFreeDoc(doc);
    buf_free(&out);
    report_free(r);
}

static void test_html_marks(void **state)
{
    (void)state;
    report *r = small_2021();
    const report_format *f = r->format;
    int received = format_application_row(f, "received"), carried = format_application_row(f, "carried_over");
    diag_list marks = DIAG_LIST_INIT;
    diag_add(&marks, "R2", SEVERITY_ERROR, TABLE_APPLICATIONS, received, APPLICATION_TOTAL_COLUMN, "received", "total",
             "表三 “一、本年新收”行：六类申请人之和=%d，总计栏=%d <x>", 36, 35);
    diag_add(&marks, "B", SEVERITY_WARNING, TABLE_APPLICATIONS, carried, APPLICATION_TOTAL_COLUMN, "carried_over",
             "total", "空白");
    diag_add(&marks, "R2", SEVERITY_ERROR, TABLE_APPLICATIONS, carried, APPLICATION_TOTAL_COLUMN, "carried_over",
             "total", "不平");
    diag_add(&marks, "R1", SEVERITY_ERROR, TABLE_APPLICATIONS, -1, 2, NULL, "research_institution", "第3列不平衡");
    diag_add(&marks, "S", SEVERITY_WARNING, TABLE_PROACTIVE, 0, -1, "regulations", NULL, "缺少规章行");
    diag_add(&marks, "R4", SEVERITY_ERROR, TABLE_APPEALS, 0, APPEAL_TOTAL_FIELD, "reconsideration", "total", "复议不平");
    diag_add(&marks, "S", SEVERITY_WARNING, TABLE_NONE, -1, -1, NULL, NULL, "整体格式");
    buf out = BUF_INIT;
    export_html(r, &marks, &out);
    htmlDocPtr doc = parse_html(&out);
    const char *t3 = "//table[@data-table='3']";
    char expr[256];
    snprintf(expr, sizeof expr, "%s//tr[th='一、本年新收政府信息公开申请数量']/td[7]/@class", t3);
    assert_xpath_string(doc, expr, "error");
    snprintf(expr, sizeof expr, "%s//tr[th='一、本年新收政府信息公开申请数量']/td[7]/@title", t3);
    assert_xpath_string(doc, expr, "表三 “一、本年新收”行：六类申请人之和=36，总计栏=35 <x>");
    assert_contains(out.data, "总计栏=35 &lt;x&gt;\"");
    /* Two marks on one cell: the worse severity, both messages. */
    snprintf(expr, sizeof expr, "%s//tr[th='二、上年结转政府信息公开申请数量']/td[7]/@class", t3);
    assert_xpath_string(doc, expr, "error");
    snprintf(expr, sizeof expr, "%s//tr[th='二、上年结转政府信息公开申请数量']/td[7]/@title", t3);
    assert_xpath_string(doc, expr, "空白；不平");
    /* A column-wide mark on the column header, a row-wide one on the row label. */
    snprintf(expr, sizeof expr, "%s//th[.='科研机构']/@class", t3);
    assert_xpath_string(doc, expr, "error");
    assert_xpath_string(doc, "//table[@data-table='2']//th[.='规章']/@class", "label warning");
    assert_xpath_string(doc, "//table[@data-table='4']//tr[4]/td[5]/@class", "error");
    /* Unmarked cells carry no class; the whole-report diagnostic marks no cell. */
    assert_int_equal(xpath_count(doc, "//td[@class]"), 3);
    assert_int_equal(xpath_count(doc, "//*[contains(@class,'warning') or contains(@class,'error')]"), 5);
    xmlFreeDoc(doc);
    buf_free(&out);

    /* The tables alone, for embedding. */
    export_html_tables(r, &marks, &out);
    assert_int_equal(strncmp(out.data, "<table", 6), 0);
    assert_null(strstr(out.data, "<html"));
    doc = parse_html(&out);
    assert_int_equal(xpath_count(doc, "//table"), 3);
    assert_int_equal(xpath_count(doc, "//td[@class='error']"), 3);
    xmlFreeDoc(doc);
    buf_free(&out);
    diag_list_free(&marks);
    report_free(r);
}

static void test_html_escaping(void **state)
{
    (void)state;
    report *r = small_2021();
    report_set_agency(r, "A<&>\"B'局");
    report_set_text(r, TEXT_PROBLEMS, "<script>alert(1)</script>\n坏字节\xff\x01结束");
    buf out = BUF_INIT;
    export_html(r, NULL, &out);
    assert_true(utf8_validate(out.data, out.len, NULL));
    assert_contains(out.data, "<h1>A&lt;&amp;&gt;&quot;B&#39;局2023年度");
    assert_null(strstr(out.data, "<script>"));
    assert_contains(out.data, "<p>坏字节\xEF\xBF\xBD结束</p>");
    htmlDocPtr doc = parse_html(&out);
    assert_xpath_string(doc, "//h1", "A<&>\"B'局2023年度政府信息公开工作年度报告");
    assert_xpath_string(doc, "//title", "A<&>\"B'局2023年度政府信息公开工作年度报告");
    assert_int_equal(xpath_count(doc, "//script"), 0);
    xmlFreeDoc(doc);
    buf_free(&out);

    html_escape(&out, "a&b<c>d\"e'f\tg\n");
    assert_string_equal(out.data, "a&amp;b&lt;c&gt;d&quot;e&#39;f\tg\n");
    buf_free(&out);
    report_free(r);
}

/* ---- plain text ---- */

/* Splits text into lines (without the '\n'); returns how many. Caller frees the array and the copy. */
static int split_lines(const char *text, char ***lines_out, char **copy_out)
{
    char *copy = xstrdup(text);
    int count = 0, cap = 64;
    char **lines = xmalloc((size_t)cap * sizeof *lines);
    char *p = copy;
    while (*p) {
        char *end = strchr(p, '\n');
        if (count == cap) lines = xrealloc(lines, (size_t)(cap *= 2) * sizeof *lines);
        lines[count++] = p;
        if (!end) break;
        *end = '\0';
        p = end + 1;
    }
    *lines_out = lines;
    *copy_out = copy;
    return count;
}

static int find_line(char **lines, int count, const char *text)
{
    for (int i = 0; i < count; i++)
        if (strcmp(lines[i], text) == 0) return i;
    fail_msg("no line \"%s\"", text);
    return -1;
}

static void test_text_cell_per_line(void **state)
{
    (void)state;
    report *r = small_2021();
    buf out = BUF_INIT;
    export_text_cell_per_line(r, &out);
    char **lines, *copy;
    int n = split_lines(out.data, &lines, &copy);
    assert_string_equal(lines[0], "某县人民政府办公室2023年度政府信息公开工作年度报告");
    assert_string_equal(lines[1], "一、总体情况");
    assert_string_equal(lines[2], "（一）主动公开方面。");
    assert_string_equal(lines[3], "全年发布信息3470条。"); /* the narrative's empty line is not a blank cell */
    assert_string_equal(lines[4], "二、主动公开政府信息情况");
    const char *proactive[] = {"第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
                               "规章", "0", "0", "0", "行政规范性文件", "3", "0", "3", "第二十条第（五）项"};
    for (size_t i = 0; i < sizeof proactive / sizeof proactive[0]; i++) assert_string_equal(lines[5 + i], proactive[i]);
    int header = find_line(lines, n, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
    const char *t3[] = {"申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织",
                        "法律服务机构", "其他", "一、本年新收政府信息公开申请数量", "35", "0", "0", "0", "0", "0",
                        "35", "二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "",
                        "三、本年度办理结果", "（一）予以公开"};
    for (size_t i = 0; i < sizeof t3 / sizeof t3[0]; i++) assert_string_equal(lines[header + 1 + (int)i], t3[i]);
    int secret = find_line(lines, n, "1.属于国家秘密");
    assert_string_equal(lines[secret - 1], "（三）不予公开");
    assert_string_equal(lines[secret + 1], "2");
    assert_string_equal(lines[secret + 7], "2");
    int appeals = find_line(lines, n, "四、政府信息公开行政复议、行政诉讼情况");
    assert_string_equal(lines[appeals + 1], "行政复议");
    assert_string_equal(lines[appeals + 2], "行政诉讼");
    assert_string_equal(lines[appeals + 3], "结果维持");
    /* 2 + 5 + 2 + 10 header cells, then the 15 values. */
    assert_string_equal(lines[appeals + 20], "2");
    assert_string_equal(lines[appeals + 24], "4");
    assert_string_equal(lines[appeals + 35], "五、存在的主要问题及改进情况");
    assert_string_equal(lines[n - 1], "未收取信息处理费。");
    /* The only empty line is the one blank cell. */
    int empty = 0;
    for (int i = 0; i < n; i++) empty += lines[i][0] == '\0';
    assert_int_equal(empty, 1);
    free(lines);
    free(copy);
    buf_free(&out);
    report_free(r);
}

/* Splits a line at runs of two or more spaces. */
static int split_columns(char *line, char **cols, int max)
{
    int n = 0;
    char *p = line;
    while (*p == ' ') p++;
    while (*p && n < max) {
        cols[n++] = p;
        char *gap = strstr(p, "  ");
        if (!gap) break;
        *gap = '\0';
        p = gap + 2;
        while (*p == ' ') p++;
    }
    return n;
}

static void test_text_aligned(void **state)
{
    (void)state;
    report *r = small_2021();
    buf out = BUF_INIT;
    export_text_aligned(r, &out);
    char **lines, *copy;
    int n = split_lines(out.data, &lines, &copy);
    char *cols[20];
    int row = -1;
    for (int i = 0; i < n; i++)
        if (strncmp(lines[i], "二、上年结转政府信息公开申请数量", strlen("二、上年结转政府信息公开申请数量")) == 0) row = i;
    assert_true(row > 0);
    assert_int_equal(split_columns(lines[row], cols, 20), 8);
    assert_string_equal(cols[0], "二、上年结转政府信息公开申请数量");
    assert_string_equal(cols[1], "0");
    assert_string_equal(cols[7], "/");
    assert_int_equal(split_columns(lines[row - 1], cols, 20), 8);
    assert_string_equal(cols[7], "35");
    /* The group label on its own line before its first row. */
    int secret = -1;
    for (int i = 0; i < n; i++)
        if (strncmp(lines[i], "1.属于国家秘密", strlen("1.属于国家秘密")) == 0) secret = i;
    assert_string_equal(lines[secret - 1], "（三）不予公开");
    assert_int_equal(split_columns(lines[secret], cols, 20), 8);
    assert_string_equal(cols[1], "2");
    /* Table 二 and table 四 rows. */
    int fees = find_line(lines, n, "信息内容    本年收费金额（单位：万元）") + 1;
    assert_int_equal(split_columns(lines[fees], cols, 20), 2);
    assert_string_equal(cols[0], "行政事业性收费");
    assert_string_equal(cols[1], "96171.6");
    int appeals = find_line(lines, n, "四、政府信息公开行政复议、行政诉讼情况");
    assert_int_equal(split_columns(lines[appeals + 4], cols, 20), 15);
    assert_string_equal(cols[0], "2");
    assert_string_equal(cols[4], "4");
    assert_string_equal(cols[14], "0");
    free(lines);
    free(copy);
    buf_free(&out);
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_html_layout_2021),
        cmocka_unit_test(test_html_layout_2019),
        cmocka_unit_test(test_html_marks),
        cmocka_unit_test(test_html_escaping),
        cmocka_unit_test(test_text_cell_per_line),
        cmocka_unit_test(test_text_aligned),
    };
    return cmocka_run_group_tests_name("export_render", tests, NULL, NULL);
}
