/* cmd_calendar: `gongkai calendar …` — the working-day calendar (DESIGN.md §3 "Working days"): N working days
 * after a date, loading a year's State Council holiday notice into the store, and an agency's own holidays. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_store.h"
#include "cli/cli_util.h"
#include "cli/cmd.h"

static const char CALENDAR_HELP[] =
    "用法: gongkai calendar add 日期 N [--agency 编号 --db 文件]\n"
    "      gongkai calendar load 文件.json [--db 文件]\n"
    "      gongkai calendar holiday add 日期 名称 --agency 编号 [--db 文件]\n"
    "工作日日历：国务院办公厅每年的放假安排（2019–2026 年已内置），加上本机构的补充假日。\n\n"
    "  add       输出“日期”之后第 N 个工作日（当日不计入）。例：calendar add 2026-02-12 7 → 2026-02-28\n"
    "            给出 --agency 或 --db 时，使用数据库中载入的日历和该机构的补充假日\n"
    "  load      载入某一年的放假安排（holiday-cn 格式：{year, papers, days:[{name,date,isOffDay}]}），\n"
    "            已登记申请的期限随即按新日历计算\n"
    "  holiday add  登记本机构的补充假日（如民族自治地方的节日，《全国年节及纪念日放假办法》第四条）\n";

static int calendar_for(const cli_opts *o, gk_store **s, int64_t *agency, gk_calendar **cal)
{
    *s = NULL;
    if (!cli_opt(o, "--agency") && !cli_opt(o, "--db")) {
        *cal = gk_calendar_new_official();
        return 0;
    }
    int rc = cli_open_store("calendar", cli_opt(o, "--db"), s);
    if (rc) return rc;
    if ((rc = cli_pick_agency("calendar", *s, cli_opt(o, "--agency"), agency)) != 0) return rc;
    char *error = NULL;
    if (store_calendar_for_agency(*s, *agency, cal, &error) != 0) return cli_store_error("calendar", error);
    return 0;
}

static int calendar_add(const cli_opts *o)
{
    if (o->positional_count != 3) return cli_usage_error("calendar", "calendar add 需要日期和工作日数，例如 calendar add 2026-02-12 7");
    gk_date from;
    long long n;
    if (cli_parse_date("calendar", "日期", o->positional[1], &from) != 0) return EXIT_USAGE;
    if (cli_parse_int("calendar", "工作日数", o->positional[2], -3650, 3650, &n) != 0) return EXIT_USAGE;
    gk_store *s = NULL;
    int64_t agency = 0;
    gk_calendar *cal = NULL;
    int rc = calendar_for(o, &s, &agency, &cal);
    if (rc == 0) {
        bool provisional = false;
        gk_date to = gk_calendar_add_working_days(cal, from, (int)n, &provisional);
        char text[11];
        gk_date_format(to, text);
        printf("%s %s%s\n", text, gk_weekday_name(gk_date_weekday(to)),
               provisional ? "（暂定：涉及尚无国务院放假安排的年份，按周一至周五计算）" : "");
    }
    gk_calendar_free(cal);
    store_close(s);
    return rc;
}

/* Counts the agency's open applications whose deadline is provisional under cal. */
static int count_provisional(gk_store *s, int64_t agency, const gk_calendar *cal, size_t *open, size_t *provisional)
{
    *open = *provisional = 0;
    store_application_filter filter = {.open_only = true};
    gk_application *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_application_list(s, agency, &filter, &list, &n, &error) != 0) return cli_store_error("calendar", error);
    for (size_t i = 0; i < n; i++) {
        gk_case_event *events = NULL;
        size_t count = 0;
        gk_deadline dl;
        if (store_event_list(s, agency, list[i].id, &events, &count, &error) != 0) {
            free(error);
            error = NULL;
            continue;
        }
        if (gk_case_deadline(cal, events, count, &dl, NULL) == 0) {
            (*open)++;
            if (dl.provisional) (*provisional)++;
            gk_deadline_free(&dl);
        }
        store_event_list_free(events, count);
    }
    store_application_list_free(list, n);
    return 0;
}

static int calendar_load(const cli_opts *o)
{
    if (o->positional_count != 2) return cli_usage_error("calendar", "calendar load 需要一个日历 JSON 文件");
    buf text = BUF_INIT;
    int err = buf_read_file(&text, o->positional[1], 4 << 20);
    if (err) {
        buf_free(&text);
        fprintf(stderr, "gongkai calendar: 无法读取文件“%s”：%s\n", o->positional[1], strerror(err));
        return EXIT_UNREADABLE;
    }
    gk_store *s = NULL;
    int64_t agency = 0;
    int rc = cli_open_store("calendar", cli_opt(o, "--db"), &s);
    if (rc == 0) rc = cli_pick_agency("calendar", s, cli_opt(o, "--agency"), &agency);
    char *error = NULL;
    int year = 0;
    if (rc == 0 && store_calendar_notice_put(s, agency, buf_cstr(&text), &year, &error) != 0) {
        fprintf(stderr, "gongkai calendar: 文件“%s”未载入：%s\n", o->positional[1], error ? error : "");
        free(error);
        rc = 1;
    }
    gk_calendar *cal = NULL;
    if (rc == 0 && store_calendar_for_agency(s, agency, &cal, &error) != 0) rc = cli_store_error("calendar", error);
    size_t open = 0, provisional = 0;
    if (rc == 0 && (rc = count_provisional(s, agency, cal, &open, &provisional)) == 0) {
        printf("已载入 %d 年的放假安排。\n", year);
        printf("本机构 %zu 件未办结申请的期限已按新日历重新计算；仍为暂定的有 %zu 件。\n", open, provisional);
    }
    gk_calendar_free(cal);
    store_close(s);
    buf_free(&text);
    return rc;
}

static int calendar_holiday(const cli_opts *o)
{
    if (o->positional_count != 4 || strcmp(o->positional[1], "add") != 0)
        return cli_usage_error("calendar", "用法：calendar holiday add 日期 名称 --agency 编号");
    gk_date day;
    if (cli_parse_date("calendar", "日期", o->positional[2], &day) != 0) return EXIT_USAGE;
    if (!cli_opt(o, "--agency")) return cli_usage_error("calendar", "补充假日属于某个机构：请用 --agency 编号 指明");
    gk_store *s = NULL;
    int64_t agency = 0;
    int rc = cli_open_store("calendar", cli_opt(o, "--db"), &s);
    if (rc == 0) rc = cli_pick_agency("calendar", s, cli_opt(o, "--agency"), &agency);
    char *error = NULL;
    if (rc == 0 && store_agency_holiday_add(s, agency, day, o->positional[3], &error) != 0)
        rc = cli_store_error("calendar", error);
    if (rc == 0) printf("已为机构 %lld 登记补充假日 %s：%s\n", (long long)agency, o->positional[2], o->positional[3]);
    store_close(s);
    return rc;
}

int cmd_calendar(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        fputs(CALENDAR_HELP, stdout);
        return 0;
    }
    static const char *const values[] = {"--db", "--agency", NULL};
    cli_opts o = {.value_names = values};
    if (cli_parse_opts("calendar", argc, argv, 1, &o) != 0) return EXIT_USAGE;
    if (o.positional_count < 1) return cli_usage_error("calendar", "请给出动作：add、load 或 holiday");
    if (strcmp(o.positional[0], "add") == 0) return calendar_add(&o);
    if (strcmp(o.positional[0], "load") == 0) return calendar_load(&o);
    if (strcmp(o.positional[0], "holiday") == 0) return calendar_holiday(&o);
    return cli_usage_error("calendar", "不认识的动作“%s”（可用：add、load、holiday）", o.positional[0]);
}
