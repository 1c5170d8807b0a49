/* cmd_case: `gongkai case …` — the register of applications for disclosure (依申请公开): registering an
 * application, listing open cases by their statutory due date, showing one case with the explanation of its due
 * date (written to the audit log, since it shows personal data), recording events, importing historical
 * applications from CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/outcome.h"
#include "cli/cli_store.h"
#include "cli/cli_util.h"
#include "cli/cmd.h"

static const char CASE_HELP[] =
    "用法: gongkai case add --type 类型 --received 日期 [--name 姓名] [其他选项]\n"
    "      gongkai case list [--overdue | --due-within N] [--all] [--year 年份]\n"
    "      gongkai case show 申请\n"
    "      gongkai case event 申请 事件 [--date 日期] [--days N] [--approver 姓名] [--reason 理由]\n"
    "                         [--outcome 结果] [--basis 依据] [--pages 页数]\n"
    "      gongkai case import 文件.csv\n"
    "      gongkai case audit\n"
    "依申请公开案件登记：收到申请、补正、征求意见、收费、延期、答复、送达，按工作日日历计算法定答复期限。\n"
    "“申请”可以是登记号（case list 的第一列）或申请编号。case show 显示申请人个人信息，每次都记入审计日志；\n"
    "case audit 列出审计日志（谁、何时、看了哪件申请）。\n"
    "case import 的 CSV 列：tracking_no,applicant_type,applicant_name,received_on,outcome,decided_on，可另加\n"
    "id_document,phone,address,channel,request,form_wanted,basis；outcome 留空表示尚未办结。任何一行有错则整个文件不写入。\n\n"
    "case add 选项:\n"
    "  --type 类型          申请人类型：natural_person 自然人、commercial_enterprise 商业企业、\n"
    "                       research_institution 科研机构、public_welfare_org 社会公益组织、\n"
    "                       legal_service_org 法律服务机构、other_org 其他组织\n"
    "  --received 日期      收到申请之日（《条例》第三十一条，见 --channel），默认今天\n"
    "  --channel 渠道       in_person 当面（默认）、registered_post 挂号信、ordinary_post 平信、online 网络、fax 传真、other\n"
    "  --name / --id-document / --phone / --address   申请人姓名（名称）、证件号码、电话、地址\n"
    "  --request 内容       申请公开的政府信息   --form 方式   希望获取信息的方式（纸质、电子邮件…）\n"
    "  --tracking-no 编号   申请编号；不给则自动编为 年份-序号\n\n"
    "case list 选项:\n"
    "  --overdue            只列已超过答复期限的申请\n"
    "  --due-within N       只列 N 个工作日内到期的申请\n"
    "  --all                也列出已办结的申请\n\n"
    "事件（英文键或中文名均可）:\n"
    "  correction_requested 补正告知   correction_received 收到补正   correction_lapsed 逾期未补正\n"
    "  consultation_started 征求意见   consultation_answered 征求意见答复\n"
    "  fee_notice 收费通知（--pages 页数 按量收费，不给则按件）  fee_paid 缴纳费用  fee_lapsed 逾期未缴费\n"
    "  extension_approved 延期答复（--days 工作日 --approver 负责人 --reason 理由）\n"
    "  decided 作出答复（--outcome 结果 [--basis 依据]）   withdrawn 撤回申请   delivered 送达\n\n"
    "通用选项:\n"
    "  --agency 编号   机构（数据库只有一个机构时可省略）\n"
    "  --db 文件       数据库文件（默认 ./gongkai.db 或 $GONGKAI_DB）\n"
    "  --today 日期    把“今天”当作这一天（也可用 $GONGKAI_TODAY）\n\n"
    "办理结果（--outcome）:\n";

static const char *const CASE_VALUES[] = {"--db", "--agency", "--today", "--type", "--received", "--channel", "--name",
                                          "--id-document", "--phone", "--address", "--request", "--form",
                                          "--tracking-no", "--due-within", "--year", "--date", "--days", "--approver",
                                          "--reason", "--outcome", "--basis", "--pages", NULL};
static const char *const CASE_FLAGS[] = {"--overdue", "--all", NULL};

/* Everything one invocation needs. */
typedef struct case_ctx {
    const cli_opts *o;
    gk_store *s;
    int64_t agency;
    gk_date today;
    gk_calendar *cal;
} case_ctx;

static int resolve_case(case_ctx *c, const char *text, int64_t *id)
{
    char *error = NULL;
    int found = store_application_find(c->s, c->agency, text, id, &error);
    if (found < 0) return cli_store_error("case", error);
    if (found) return 0;
    bool digits = *text != '\0';
    for (const char *p = text; *p; p++)
        if (*p < '0' || *p > '9') digits = false;
    if (digits) {
        gk_application a;
        found = store_application_get(c->s, c->agency, strtoll(text, NULL, 10), &a, &error);
        if (found < 0) return cli_store_error("case", error);
        *id = a.id;
        gk_application_clear(&a);
        if (found) return 0;
    }
    fprintf(stderr, "gongkai case: 本机构没有登记号或申请编号为“%s”的申请（gongkai case list --all 可查看）。\n", text);
    return 1;
}

static int deadline_of(case_ctx *c, int64_t id, gk_deadline *dl, gk_case_event **events, size_t *n)
{
    char *error = NULL;
    gk_case_event *list = NULL;
    size_t count = 0;
    if (store_event_list(c->s, c->agency, id, &list, &count, &error) != 0) return cli_store_error("case", error);
    if (gk_case_deadline(c->cal, list, count, dl, &error) != 0) {
        store_event_list_free(list, count);
        return cli_store_error("case", error);
    }
    if (events) {
        *events = list;
        *n = count;
    } else {
        store_event_list_free(list, count);
    }
    return 0;
}

static void print_due(const gk_deadline *dl)
{
    char due[11];
    gk_date_format(dl->due, due);
    printf("答复期限：%s%s", due, dl->provisional ? "（暂定：涉及尚无国务院放假安排的年份，载入后将重新计算）" : "");
    if (dl->paused) printf("，目前暂停计时（%s）", dl->waiting_correction ? "等待补正" : dl->waiting_consultation ? "征求意见" : "等待缴费");
    putchar('\n');
}

/* ---- case add ---- */

static int case_add(case_ctx *c)
{
    const cli_opts *o = c->o;
    gk_application a;
    gk_application_init(&a);
    const char *type = cli_opt(o, "--type");
    if (!type) return cli_usage_error("case", "case add 需要 --type 申请人类型");
    a.applicant_type = gk_applicant_type_from_key(type);
    if (a.applicant_type < 0)
        return cli_usage_error("case", "申请人类型“%s”无效（natural_person、commercial_enterprise、research_institution、"
                               "public_welfare_org、legal_service_org、other_org）", type);
    const char *channel = cli_opt(o, "--channel");
    a.channel = channel ? gk_channel_from_key(channel) : GK_CHANNEL_IN_PERSON;
    if (a.channel < 0)
        return cli_usage_error("case", "渠道“%s”无效（in_person、registered_post、ordinary_post、online、fax、other）", channel);
    a.received_on = c->today;
    if (cli_opt(o, "--received") && cli_parse_date("case", "--received", cli_opt(o, "--received"), &a.received_on) != 0)
        return EXIT_USAGE;
    struct { const char *option; char **field; } texts[] = {
        {"--name", &a.applicant_name}, {"--id-document", &a.id_document}, {"--phone", &a.phone},
        {"--address", &a.address},     {"--request", &a.request},         {"--form", &a.form_wanted},
        {"--tracking-no", &a.tracking_no},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (cli_opt(o, texts[i].option) && *cli_opt(o, texts[i].option)) *texts[i].field = xstrdup(cli_opt(o, texts[i].option));
    char *error = NULL;
    if (store_application_add(c->s, c->agency, &a, &error) != 0) {
        gk_application_clear(&a);
        return cli_store_error("case", error);
    }
    char received[11];
    gk_date_format(a.received_on, received);
    printf("已登记申请 %lld，申请编号 %s，收到日期 %s。\n", (long long)a.id, a.tracking_no, received);
    printf("  %s\n", gk_channel_def_at(a.channel)->receipt_rule);
    gk_deadline dl;
    int rc = deadline_of(c, a.id, &dl, NULL, NULL);
    if (rc == 0) {
        printf("  ");
        print_due(&dl);
        gk_deadline_free(&dl);
    }
    gk_application_clear(&a);
    return rc;
}

/* ---- case list ---- */

static const char *state_text(const gk_deadline *dl, const gk_application *a, gk_date today, char *scratch, size_t n)
{
    if (!dl->open) {
        gk_outcome o;
        if (a->outcome_row >= 0 && gk_outcome_by_row(a->outcome_row, &o)) {
            snprintf(scratch, n, "已办结：%s%s", o.group ? o.group : "", o.label);
            return scratch;
        }
        return "已办结";
    }
    if (dl->paused) return dl->waiting_correction ? "暂停：等待补正" : dl->waiting_consultation ? "暂停：征求意见" : "暂停：等待缴费";
    return gk_deadline_overdue(dl, today) ? "已逾期" : "办理中";
}

static int case_list(case_ctx *c)
{
    const cli_opts *o = c->o;
    long long within = -1, year = 0;
    if (cli_opt(o, "--due-within") &&
        cli_parse_int("case", "--due-within", cli_opt(o, "--due-within"), 0, 1000, &within) != 0)
        return EXIT_USAGE;
    if (cli_opt(o, "--year") && cli_parse_int("case", "--year", cli_opt(o, "--year"), 1990, 2199, &year) != 0)
        return EXIT_USAGE;
    bool overdue_only = cli_flag(o, "--overdue");
    if (overdue_only && within >= 0) return cli_usage_error("case", "--overdue 与 --due-within 只能用一个");
    store_application_filter filter = {.open_only = !cli_flag(o, "--all") || overdue_only || within >= 0, .year = (int)year};
    gk_application *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_application_list(c->s, c->agency, &filter, &list, &n, &error) != 0) return cli_store_error("case", error);
    size_t shown = 0;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        gk_deadline dl;
        if ((rc = deadline_of(c, list[i].id, &dl, NULL, NULL)) != 0) break;
        int left = dl.open && !dl.paused ? gk_deadline_working_days_left(c->cal, &dl, c->today) : 0;
        bool keep = overdue_only ? gk_deadline_overdue(&dl, c->today)
                                 : within >= 0 ? dl.open && !dl.paused && left >= 0 && left <= within : true;
        if (keep) {
            if (shown++ == 0) puts("登记号  申请编号        申请人类型    收到日期    答复期限    剩余工作日  状态");
            char received[11], due[11], left_text[16] = "-", scratch[256];
            gk_date_format(list[i].received_on, received);
            gk_date_format(dl.due, due);
            if (dl.open && !dl.paused) snprintf(left_text, sizeof left_text, "%d", left);
            printf("%-7lld %-15s %-*s %s  %s%s %-10s  %s\n", (long long)list[i].id, list[i].tracking_no,
                   12 + (int)strlen(gk_applicant_type_label(list[i].applicant_type)) / 3,
                   gk_applicant_type_label(list[i].applicant_type), received, due, dl.provisional ? "*" : " ",
                   left_text, state_text(&dl, &list[i], c->today, scratch, sizeof scratch));
        }
        gk_deadline_free(&dl);
    }
    if (rc == 0) {
        if (shown == 0) puts(overdue_only ? "没有逾期的申请。" : "没有符合条件的申请。");
        else printf("共 %zu 件。带 * 的期限是暂定的（涉及尚无放假安排的年份）。\n", shown);
    }
    store_application_list_free(list, n);
    return rc;
}

/* ---- case show ---- */

static void print_field(const char *label, const char *value)
{
    printf("  %s：%s\n", label, value && *value ? value : "（未填）");
}

static void print_events(const gk_case_event *events, size_t n)
{
    puts("事件记录：");
    for (size_t i = 0; i < n; i++) {
        const gk_case_event *e = &events[i];
        char day[11];
        gk_date_format(e->ev.date, day);
        printf("  %s  %s", day, gk_event_kind_label(e->ev.kind));
        if (e->ev.kind == GK_EV_EXTENSION_APPROVED) printf("%d个工作日", e->ev.extension_days);
        gk_outcome o;
        if (e->outcome_row >= 0 && gk_outcome_by_row(e->outcome_row, &o))
            printf("：%s%s", o.group ? o.group : "", o.label);
        if (e->basis) printf("；依据：%s", e->basis);
        if (e->approver) printf("；批准人：%s", e->approver);
        if (e->reason) printf("；%s", e->reason);
        if (e->ev.kind == GK_EV_FEE_NOTICE || e->ev.kind == GK_EV_FEE_PAID) {
            if (e->fee_pages > 0) printf("；按量 %d 页", e->fee_pages);
            else printf("；按件");
            printf("，%ld 元", e->fee_amount);
        }
        putchar('\n');
    }
}

static int case_show(case_ctx *c)
{
    if (c->o->positional_count != 2) return cli_usage_error("case", "case show 需要一个申请（登记号或申请编号）");
    int64_t id;
    int rc = resolve_case(c, c->o->positional[1], &id);
    if (rc) return rc;
    gk_application a;
    char *error = NULL;
    if (store_application_get(c->s, c->agency, id, &a, &error) != 1) return cli_store_error("case", error);
    /* Personal data is about to be shown: the audit log gets the entry first, or nothing is shown. */
    if (store_audit(c->s, c->agency, cli_actor(), "show", "applications", id, "gongkai case show", &error) != 0) {
        gk_application_clear(&a);
        return cli_store_error("case", error);
    }
    gk_deadline dl;
    gk_case_event *events = NULL;
    size_t n = 0;
    rc = deadline_of(c, id, &dl, &events, &n);
    if (rc) {
        gk_application_clear(&a);
        return rc;
    }
    char received[11];
    gk_date_format(a.received_on, received);
    printf("申请 %lld（申请编号 %s）\n", (long long)a.id, a.tracking_no);
    print_field("申请人类型", gk_applicant_type_label(a.applicant_type));
    print_field("申请人", a.applicant_name);
    print_field("证件号码", a.id_document);
    print_field("联系电话", a.phone);
    print_field("通信地址", a.address);
    print_field("申请内容", a.request);
    print_field("获取方式", a.form_wanted);
    const gk_channel_def *ch = gk_channel_def_at(a.channel);
    printf("  收到：%s，%s（%s）\n", received, ch ? ch->label : "?", ch ? ch->receipt_rule : "");
    char scratch[256];
    printf("  状态：%s\n", state_text(&dl, &a, c->today, scratch, sizeof scratch));
    if (dl.open) {
        printf("  ");
        print_due(&dl);
        if (!dl.paused) {
            int left = gk_deadline_working_days_left(c->cal, &dl, c->today);
            char today[11];
            gk_date_format(c->today, today);
            if (left >= 0) printf("  截至 %s 还剩 %d 个工作日。\n", today, left);
            else printf("  截至 %s 已逾期 %d 个工作日。\n", today, -left);
        }
    }
    print_events(events, n);
    printf("期限说明：\n%s", dl.explanation ? dl.explanation : "");
    if (dl.explanation && *dl.explanation && dl.explanation[strlen(dl.explanation) - 1] != '\n') putchar('\n');
    gk_deadline_free(&dl);
    store_event_list_free(events, n);
    gk_application_clear(&a);
    return 0;
}

/* ---- case event ---- */

static int parse_event_kind(const char *text)
{
    int kind = gk_event_kind_from_key(text);
    for (int k = 0; kind < 0 && k < GK_EV__COUNT; k++)
        if (strcmp(gk_event_kind_label((enum gk_event_kind)k), text) == 0) kind = k;
    return kind;
}

static int fill_event_options(case_ctx *c, gk_case_event *ev)
{
    const cli_opts *o = c->o;
    ev->ev.date = c->today;
    if (cli_opt(o, "--date") && cli_parse_date("case", "--date", cli_opt(o, "--date"), &ev->ev.date) != 0) return EXIT_USAGE;
    long long v;
    if (cli_opt(o, "--days")) {
        if (cli_parse_int("case", "--days", cli_opt(o, "--days"), 1, 1000, &v) != 0) return EXIT_USAGE;
        ev->ev.extension_days = (int)v;
    }
    if (cli_opt(o, "--pages")) {
        if (cli_parse_int("case", "--pages", cli_opt(o, "--pages"), 1, 10000000, &v) != 0) return EXIT_USAGE;
        ev->fee_pages = (int)v;
    }
    if (cli_opt(o, "--outcome")) {
        gk_outcome out;
        if (!gk_outcome_by_key(cli_opt(o, "--outcome"), &out)) {
            char *list = gk_outcome_list_text();
            cli_usage_error("case", "办理结果“%s”无效。可用的办理结果：\n%s", cli_opt(o, "--outcome"), list);
            free(list);
            return EXIT_USAGE;
        }
        ev->outcome_row = out.row;
    }
    if (cli_opt(o, "--approver")) ev->approver = xstrdup(cli_opt(o, "--approver"));
    if (cli_opt(o, "--reason")) ev->reason = xstrdup(cli_opt(o, "--reason"));
    if (cli_opt(o, "--basis")) ev->basis = xstrdup(cli_opt(o, "--basis"));
    if (ev->ev.kind != GK_EV_EXTENSION_APPROVED && cli_opt(o, "--days"))
        return cli_usage_error("case", "--days 只用于 extension_approved（延期答复）");
    if (ev->ev.kind != GK_EV_FEE_NOTICE && cli_opt(o, "--pages"))
        return cli_usage_error("case", "--pages 只用于 fee_notice（收费通知）");
    return 0;
}

static int case_event(case_ctx *c)
{
    if (c->o->positional_count != 3) return cli_usage_error("case", "case event 需要申请和事件，例如 case event 2024-00001 decided --outcome disclosed");
    int64_t id;
    int rc = resolve_case(c, c->o->positional[1], &id);
    if (rc) return rc;
    int kind = parse_event_kind(c->o->positional[2]);
    if (kind < 0 || kind == GK_EV_RECEIVED)
        return cli_usage_error("case", "事件“%s”无效（gongkai case --help 列出全部事件）", c->o->positional[2]);
    gk_case_event ev;
    gk_case_event_init(&ev);
    ev.ev.kind = (enum gk_event_kind)kind;
    if ((rc = fill_event_options(c, &ev)) != 0) {
        gk_case_event_clear(&ev);
        return rc;
    }
    gk_deadline dl;
    char *error = NULL;
    if (store_event_add(c->s, c->agency, id, &ev, c->cal, &dl, &error) != 0) {
        gk_case_event_clear(&ev);
        fprintf(stderr, "gongkai case: 未登记。%s\n", error ? error : "");
        free(error);
        return 1;
    }
    char day[11];
    gk_date_format(ev.ev.date, day);
    printf("已登记：%s %s", day, gk_event_kind_label(ev.ev.kind));
    gk_outcome o;
    if (ev.outcome_row >= 0 && gk_outcome_by_row(ev.outcome_row, &o)) printf("，办理结果：%s%s（%s）", o.group ? o.group : "", o.label, ev.basis ? ev.basis : "");
    if (ev.ev.kind == GK_EV_FEE_NOTICE) printf("，信息处理费 %ld 元", ev.fee_amount);
    putchar('\n');
    if (dl.open) print_due(&dl);
    else puts("该申请已办结。");
    gk_deadline_free(&dl);
    gk_case_event_clear(&ev);
    return 0;
}

/* ---- case audit ---- */

static int case_audit(case_ctx *c)
{
    store_audit_entry *log = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_audit_list(c->s, c->agency, &log, &n, &error) != 0) return cli_store_error("case", error);
    if (n == 0) puts("（审计日志为空）");
    for (size_t i = 0; i < n; i++)
        printf("%s  %s  %s  %s #%lld  %s\n", log[i].at, log[i].actor, log[i].action, log[i].record_table,
               (long long)log[i].record_id, log[i].detail ? log[i].detail : "");
    store_audit_list_free(log, n);
    return 0;
}

/* ---- case import ---- */

static int case_import(case_ctx *c)
{
    if (c->o->positional_count != 2) return cli_usage_error("case", "case import 需要一个 CSV 文件");
    const char *path = c->o->positional[1];
    buf data = BUF_INIT;
    int err = buf_read_file(&data, path, (size_t)2 << 30);
    if (err) {
        buf_free(&data);
        fprintf(stderr, "gongkai case: 无法读取文件“%s”：%s\n", path, strerror(err));
        return EXIT_UNREADABLE;
    }
    size_t count = 0;
    char *error = NULL;
    int rc = store_import_applications_csv(c->s, c->agency, data.data ? data.data : "", data.len, path, &count, &error);
    buf_free(&data);
    if (rc != 0) return cli_store_error("case", error);
    printf("已从“%s”导入 %zu 件申请。\n", path, count);
    return 0;
}

int cmd_case(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        fputs(CASE_HELP, stdout);
        char *outcomes = gk_outcome_list_text();
        fputs(outcomes, stdout);
        free(outcomes);
        return 0;
    }
    cli_opts o = {.value_names = CASE_VALUES, .flag_names = CASE_FLAGS};
    if (cli_parse_opts("case", argc, argv, 1, &o) != 0) return EXIT_USAGE;
    if (o.positional_count < 1) return cli_usage_error("case", "请给出动作：add、list、show、event、import 或 audit");
    static const struct { const char *name; int (*run)(case_ctx *); } actions[] = {
        {"add", case_add}, {"list", case_list}, {"show", case_show}, {"event", case_event}, {"import", case_import},
        {"audit", case_audit},
    };
    int (*run)(case_ctx *) = NULL;
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (strcmp(o.positional[0], actions[i].name) == 0) run = actions[i].run;
    if (!run) return cli_usage_error("case", "不认识的动作“%s”（可用：add、list、show、event、import、audit）", o.positional[0]);
    case_ctx c = {.o = &o};
    int rc = cli_today("case", cli_opt(&o, "--today"), &c.today);
    if (rc) return rc;
    if ((rc = cli_open_store("case", cli_opt(&o, "--db"), &c.s)) != 0) return rc;
    char *error = NULL;
    if ((rc = cli_pick_agency("case", c.s, cli_opt(&o, "--agency"), &c.agency)) == 0) {
        if (store_calendar_for_agency(c.s, c.agency, &c.cal, &error) != 0) rc = cli_store_error("case", error);
        else rc = run(&c);
    }
    gk_calendar_free(c.cal);
    store_close(c.s);
    return rc;
}
