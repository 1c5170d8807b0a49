/* deadline: replays the event log of one application against the working-day calendar and derives its reply
 * due date, state and a Chinese explanation (rules in deadline.h, DESIGN.md §3).
 *
 * The due date is always base + (20 + extension + paused) working days, where base is the receipt day or the
 * day the supplement (补正) arrived. Consultation and fee waits are merged into one "clock pause" (overlapping
 * waits count once); a wait that begins after the due date has already passed does not move it (the time had
 * run out). Each event is checked before it is applied; the first refused event ends the computation. */
#include "cases/deadline.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* ------------------------------------------------------------------------------------------------------------
 * Event kinds
 * ------------------------------------------------------------------------------------------------------------ */

static const struct {
    const char *key, *label;
} kinds[GK_EV__COUNT] = {
    [GK_EV_RECEIVED] = {"received", "收到申请"},
    [GK_EV_CORRECTION_REQUESTED] = {"correction_requested", "补正告知"},
    [GK_EV_CORRECTION_RECEIVED] = {"correction_received", "收到补正"},
    [GK_EV_CORRECTION_LAPSED] = {"correction_lapsed", "逾期未补正"},
    [GK_EV_CONSULTATION_STARTED] = {"consultation_started", "征求意见"},
    [GK_EV_CONSULTATION_ANSWERED] = {"consultation_answered", "征求意见答复"},
    [GK_EV_FEE_NOTICE] = {"fee_notice", "收费通知"},
    [GK_EV_FEE_PAID] = {"fee_paid", "缴纳费用"},
    [GK_EV_FEE_LAPSED] = {"fee_lapsed", "逾期未缴费"},
    [GK_EV_EXTENSION_APPROVED] = {"extension_approved", "延期答复"},
    [GK_EV_DECIDED] = {"decided", "作出答复"},
    [GK_EV_WITHDRAWN] = {"withdrawn", "撤回申请"},
    [GK_EV_DELIVERED] = {"delivered", "送达"},
};

static bool kind_valid(int k) { return k >= 0 && k < GK_EV__COUNT; }

const char *gk_event_kind_key(enum gk_event_kind kind) { return kind_valid((int)kind) ? kinds[kind].key : "?"; }

const char *gk_event_kind_label(enum gk_event_kind kind)
{
    return kind_valid((int)kind) ? kinds[kind].label : "未知事件";
}

int gk_event_kind_from_key(const char *key)
{
    for (int k = 0; key && k < GK_EV__COUNT; k++)
        if (strcmp(kinds[k].key, key) == 0)
            return k;
    return -1;
}

/* ------------------------------------------------------------------------------------------------------------
 * The clock: state while replaying the log
 * ------------------------------------------------------------------------------------------------------------ */

struct clock {
    const gk_calendar *cal;
    buf ex; /* the explanation */

    bool received;
    gk_date base; /* the receipt day, or the day the supplement arrived */
    int ext, paused; /* extension granted; finished pause days since base */
    bool pause_prov; /* a finished pause since base touched a year without data */
    gk_date due;
    bool due_prov;
    gk_date correction_due;
    bool correction_due_prov;
    int corrections; /* 补正 notices so far */

    bool corr_open;
    int consult_open; /* consultations started and not yet answered */
    gk_date consult_due;
    bool fee_open;
    gk_date fee_due;
    gk_date clock_pause_start; /* start of the merged consultation/fee wait */
    bool clock_pause_late;     /* that wait began after the due date: it does not move it */
    gk_date wait_start;        /* start of the merged wait of any kind */

    bool closed, decided;
    enum gk_event_kind closed_by;
    gk_date closed_on, delivered_on;
    bool late;
    int late_wd;
};

static bool clock_paused(const struct clock *c) { return c->consult_open > 0 || c->fee_open; }
static bool waiting(const struct clock *c) { return c->corr_open || clock_paused(c); }

static int wd_between(const struct clock *c, gk_date a, gk_date b)
{
    return gk_calendar_working_days_between(c->cal, a, b);
}

static gk_date wd_add(const struct clock *c, gk_date d, int n, bool *prov)
{
    return gk_calendar_add_working_days(c->cal, d, n, prov);
}

static void recompute_due(struct clock *c)
{
    c->due_prov = false;
    c->due = wd_add(c, c->base, GK_REPLY_WORKING_DAYS + c->ext + c->paused, &c->due_prov);
}

/* The due date as it stands on day d, counting a wait still running on d as stopped clock. */
static gk_date effective_due(const struct clock *c, gk_date d)
{
    if (!waiting(c) || c->clock_pause_late || gk_date_cmp(d, c->wait_start) <= 0)
        return c->due;
    return wd_add(c, c->due, wd_between(c, c->wait_start, d), NULL);
}

/* ------------------------------------------------------------------------------------------------------------
 * Explanation helpers
 * ------------------------------------------------------------------------------------------------------------ */

/* "2024-02-01（星期四）" (formatted by hand: explanations are built for every case listed). */
static void put_date(buf *b, gk_date d)
{
    char s[11];
    gk_date_format(d, s);
    buf_append(b, s, 10);
    buf_puts(b, "（");
    buf_puts(b, gk_weekday_name(gk_date_weekday(d)));
    buf_puts(b, "）");
}

static void put_int(buf *b, long v)
{
    char s[24];
    int i = sizeof s;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do
        s[--i] = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    if (v < 0)
        s[--i] = '-';
    buf_append(b, s + i, sizeof s - (size_t)i);
}

/* The next calendar day, without a round trip through day numbers. */
static gk_date next_day(gk_date d)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    int last = d.month == 2 && leap ? 29 : len[d.month - 1];
    if (++d.day > last) {
        d.day = 1;
        if (++d.month > 12) {
            d.month = 1;
            d.year++;
        }
    }
    return d;
}

/* Starts the line of an event: "YYYY-MM-DD（星期X） ". */
static void put_event_head(struct clock *c, gk_date d)
{
    put_date(&c->ex, d);
    buf_puts(&c->ex, " ");
}

/* A run of days off in (a, b]: its label from the holiday names in it. */
struct run {
    gk_date first, last;
    int days;
    const char *names[4];
    int n_names;
    bool plain_weekend;
};

static void run_add_name(struct run *r, const char *name, enum gk_day_kind kind)
{
    if (kind == GK_DAY_WEEKEND || !name) {
        r->plain_weekend = true;
        return;
    }
    for (int i = 0; i < r->n_names; i++)
        if (strcmp(r->names[i], name) == 0)
            return;
    if (r->n_names < 4)
        r->names[r->n_names++] = name;
}

static void put_run(buf *b, const gk_calendar *cal, const struct run *r)
{
    buf_puts(b, "    不计入：");
    put_date(b, r->first);
    if (r->days > 1) {
        buf_puts(b, "至");
        put_date(b, r->last);
    }
    buf_puts(b, "，");
    if (r->n_names == 0)
        buf_puts(b, "周末");
    for (int i = 0; i < r->n_names; i++) {
        const char *unused;
        bool agency = false;
        for (int k = 0; k < r->days && !agency; k++)
            agency = gk_calendar_day_kind(cal, gk_date_add_days(r->first, k), &unused) == GK_DAY_AGENCY_HOLIDAY &&
                     unused && strcmp(unused, r->names[i]) == 0;
        buf_puts(b, i ? "、" : "");
        buf_puts(b, r->names[i]);
        buf_puts(b, agency ? "（本机关放假）" : "假期");
    }
    if (r->n_names > 0 && r->plain_weekend)
        buf_puts(b, "（与周末连休）");
    buf_puts(b, "，共");
    put_int(b, r->days);
    buf_puts(b, "天\n");
}

/* Years in [a.year, b.year] without a notice, as "2027年、2028年" ("未公布安排的年份" when none). */
static void put_missing_years(buf *b, const gk_calendar *cal, gk_date a, gk_date b_)
{
    int n = 0;
    for (int y = a.year; y <= b_.year; y++)
        if (!gk_calendar_has_year(cal, y))
            buf_printf(b, "%s%d年", n++ ? "、" : "", y);
    if (n == 0)
        buf_puts(b, "未公布安排的年份");
}

#define SPAN_MAX_LINES 40

/* Lists each run of days off and each 调休 working day in (a, b]. */
static void put_span(struct clock *c, gk_date a, gk_date b)
{
    int32_t ta = gk_date_to_days(a), tb = gk_date_to_days(b);
    int lines = 0;
    struct run r = {0};
    gk_date d = a;
    for (int32_t t = ta + 1; t <= tb + 1 && lines < SPAN_MAX_LINES; t++) {
        d = next_day(d);
        const char *name = NULL;
        enum gk_day_kind kind = t <= tb ? gk_calendar_day_kind(c->cal, d, &name) : GK_DAY_WEEKDAY;
        bool off = kind == GK_DAY_WEEKEND || kind == GK_DAY_HOLIDAY || kind == GK_DAY_AGENCY_HOLIDAY;
        if (off) {
            if (r.days++ == 0)
                r.first = d;
            r.last = d;
            run_add_name(&r, name, kind);
            continue;
        }
        if (r.days > 0) {
            put_run(&c->ex, c->cal, &r);
            lines++;
            memset(&r, 0, sizeof r);
        }
        if (kind == GK_DAY_SHIFTED_WORKDAY) {
            buf_puts(&c->ex, "    计入：");
            put_date(&c->ex, d);
            buf_puts(&c->ex, "，");
            buf_puts(&c->ex, name ? name : "");
            buf_puts(&c->ex, "调休上班\n");
            lines++;
        }
    }
    if (lines >= SPAN_MAX_LINES)
        buf_puts(&c->ex, "    ……（其余从略）\n");
    if (gk_calendar_range_provisional(c->cal, a, b)) {
        buf_puts(&c->ex, "    （");
        put_missing_years(&c->ex, c->cal, gk_date_add_days(a, 1), b);
        buf_puts(&c->ex, "的节假日安排尚未公布，暂按周一至周五上班推算）\n");
    }
}

/* "答复期限由A顺延至B。" and the days between. */
static void put_due_moved(struct clock *c, gk_date old_due, const char *verb)
{
    buf_printf(&c->ex, "答复期限由");
    put_date(&c->ex, old_due);
    buf_printf(&c->ex, "%s至", verb);
    put_date(&c->ex, c->due);
    buf_puts(&c->ex, "。\n");
    if (gk_date_cmp(c->due, old_due) > 0)
        put_span(c, old_due, c->due);
}

/* What the case waits on, as "申请人补正、第三方意见". */
static void put_waits(buf *b, const struct clock *c)
{
    int n = 0;
    if (c->corr_open)
        buf_printf(b, "%s申请人补正", n++ ? "、" : "");
    if (c->consult_open)
        buf_printf(b, "%s征求意见答复", n++ ? "、" : "");
    if (c->fee_open)
        buf_printf(b, "%s申请人缴费", n++ ? "、" : "");
}

/* ------------------------------------------------------------------------------------------------------------
 * Checks: each returns 0, or -1 with the reason in *err
 * ------------------------------------------------------------------------------------------------------------ */

static int check_extension(const struct clock *c, const gk_event *e, buf *err)
{
    if (e->extension_days <= 0) {
        buf_printf(err, "延期天数应为正数（实为%d）", e->extension_days);
        return -1;
    }
    if (e->extension_days > GK_EXTENSION_MAX_WORKING_DAYS - c->ext) {
        buf_printf(err, "延期累计将达%lld个工作日，超过%d个工作日的上限（已批准%d个）",
                   (long long)c->ext + e->extension_days, GK_EXTENSION_MAX_WORKING_DAYS, c->ext);
        return -1;
    }
    gk_date due = effective_due(c, e->date);
    if (gk_date_cmp(e->date, due) > 0) {
        buf_puts(err, "批准日期晚于当前答复期限");
        put_date(err, due);
        buf_puts(err, "，延期须在答复期限届满前批准");
        return -1;
    }
    return 0;
}

static int check_closed(const struct clock *c, const gk_event *e, buf *err)
{
    if (e->kind == GK_EV_DELIVERED)
        return 0;
    if (e->kind == GK_EV_DECIDED && c->decided) {
        buf_puts(err, "已于");
        put_date(err, c->closed_on);
        buf_puts(err, "作出答复，不能再次作出答复");
        return -1;
    }
    buf_puts(err, "案件已于");
    put_date(err, c->closed_on);
    buf_printf(err, "办结（%s），之后只能登记送达", gk_event_kind_label(c->closed_by));
    return -1;
}

static int check_event(const struct clock *c, const gk_event *e, buf *err)
{
    if (!c->received && e->kind != GK_EV_RECEIVED) {
        buf_puts(err, "早于“收到申请”，或缺少“收到申请”事件");
        return -1;
    }
    if (c->received && e->kind == GK_EV_RECEIVED) {
        buf_puts(err, "重复的“收到申请”：一件申请只能收到一次");
        return -1;
    }
    if (c->closed)
        return check_closed(c, e, err);
    switch (e->kind) {
    case GK_EV_CORRECTION_REQUESTED:
        if (c->corr_open) {
            buf_puts(err, "已有尚未补正的补正告知");
            return -1;
        }
        return 0;
    case GK_EV_CORRECTION_RECEIVED:
    case GK_EV_CORRECTION_LAPSED:
        if (!c->corr_open) {
            buf_puts(err, "没有待补正的补正告知");
            return -1;
        }
        return 0;
    case GK_EV_CONSULTATION_ANSWERED:
        if (c->consult_open == 0) {
            buf_puts(err, "没有进行中的征求意见");
            return -1;
        }
        return 0;
    case GK_EV_FEE_NOTICE:
        if (c->fee_open) {
            buf_puts(err, "已有尚未缴费的收费通知");
            return -1;
        }
        return 0;
    case GK_EV_FEE_PAID:
    case GK_EV_FEE_LAPSED:
        if (!c->fee_open) {
            buf_puts(err, "没有待缴费的收费通知");
            return -1;
        }
        return 0;
    case GK_EV_EXTENSION_APPROVED:
        return check_extension(c, e, err);
    case GK_EV_DELIVERED:
        buf_puts(err, "申请尚未办结，不能登记送达");
        return -1;
    default:
        return 0;
    }
}

/* ------------------------------------------------------------------------------------------------------------
 * Applying events
 * ------------------------------------------------------------------------------------------------------------ */

static void on_received(struct clock *c, gk_date r)
{
    c->received = true;
    c->base = r;
    c->correction_due = wd_add(c, r, GK_CORRECTION_NOTICE_WORKING_DAYS, &c->correction_due_prov);
    recompute_due(c);
    put_event_head(c, r);
    buf_puts(&c->ex, "收到申请，收到当日不计入。\n  需要补正的，应于");
    put_date(&c->ex, c->correction_due);
    buf_printf(&c->ex, "前发出补正告知（%d个工作日）。\n  答复期限：收到后第%d个工作日，即", GK_CORRECTION_NOTICE_WORKING_DAYS,
               GK_REPLY_WORKING_DAYS);
    put_date(&c->ex, c->due);
    buf_puts(&c->ex, "。\n");
    put_span(c, r, c->due);
}

/* Opens a wait of any kind on day d; clock says whether it stops the clock (consultation, fee). */
static void open_wait(struct clock *c, gk_date d, bool stops_clock)
{
    if (!waiting(c))
        c->wait_start = d;
    if (stops_clock && !clock_paused(c)) {
        c->clock_pause_start = d;
        c->clock_pause_late = gk_date_cmp(d, effective_due(c, d)) > 0;
    }
}

static void on_correction_requested(struct clock *c, gk_date d)
{
    open_wait(c, d, false);
    c->corr_open = true;
    c->corrections++;
    put_event_head(c, d);
    buf_printf(&c->ex, "补正告知：等待申请人补正，收到补正材料后重新起算%d个工作日。\n", GK_REPLY_WORKING_DAYS);
    if (gk_date_cmp(d, c->correction_due) > 0) {
        buf_puts(&c->ex, "  注意：补正告知应于");
        put_date(&c->ex, c->correction_due);
        buf_puts(&c->ex, "前发出，已逾期。\n");
    }
    if (c->corrections > 1)
        buf_printf(&c->ex, "  注意：条例第三十条要求一次性告知需要补正的事项，这是第%d次补正告知。\n", c->corrections);
}

static void on_correction_received(struct clock *c, gk_date s)
{
    c->corr_open = false;
    c->base = s;
    c->paused = 0;
    c->pause_prov = false;
    if (clock_paused(c))
        c->clock_pause_start = c->wait_start = s;
    c->clock_pause_late = false;
    recompute_due(c);
    put_event_head(c, s);
    buf_printf(&c->ex, "收到补正材料：答复期限自当日重新起算%d个工作日", GK_REPLY_WORKING_DAYS);
    if (c->ext)
        buf_printf(&c->ex, "，另加已批准的延期%d个工作日", c->ext);
    buf_puts(&c->ex, "，至");
    put_date(&c->ex, c->due);
    buf_puts(&c->ex, "。\n");
    put_span(c, s, c->due);
    if (clock_paused(c)) {
        buf_puts(&c->ex, "  仍在等待");
        put_waits(&c->ex, c);
        buf_puts(&c->ex, "，计时暂停。\n");
    }
}

/* Ends the merged consultation/fee wait on day d: adds its working days to the due date. */
static void close_clock_pause(struct clock *c, gk_date d)
{
    int n = wd_between(c, c->clock_pause_start, d);
    buf_puts(&c->ex, "  恢复计时：暂停期间");
    put_date(&c->ex, c->clock_pause_start);
    buf_puts(&c->ex, "之后至");
    put_date(&c->ex, d);
    buf_printf(&c->ex, "，共%d个工作日不计入", n);
    if (c->clock_pause_late) {
        buf_puts(&c->ex, "；但暂停开始时已超过答复期限，期限不再顺延。\n");
        return;
    }
    gk_date old = c->due;
    c->paused += n;
    if (gk_calendar_range_provisional(c->cal, c->clock_pause_start, d))
        c->pause_prov = true;
    recompute_due(c);
    buf_puts(&c->ex, "；");
    put_due_moved(c, old, "顺延");
}

/* After a consultation or fee wait ended on day d: resume the clock when no such wait is left, and say what
 * is still awaited. */
static void after_wait_ended(struct clock *c, gk_date d)
{
    if (!clock_paused(c))
        close_clock_pause(c, d);
    if (waiting(c)) {
        buf_puts(&c->ex, "  仍在等待");
        put_waits(&c->ex, c);
        buf_puts(&c->ex, "，计时继续暂停。\n");
    }
    if (!clock_paused(c))
        c->clock_pause_late = false;
}

static void on_consultation_started(struct clock *c, gk_date d)
{
    open_wait(c, d, true);
    c->consult_open++;
    c->consult_due = wd_add(c, d, GK_CONSULTATION_WORKING_DAYS, NULL);
    put_event_head(c, d);
    buf_puts(&c->ex, "征求第三方（或有关机关）意见：计时暂停，对方应于");
    put_date(&c->ex, c->consult_due);
    buf_printf(&c->ex, "前答复（%d个工作日）。\n", GK_CONSULTATION_WORKING_DAYS);
    if (c->clock_pause_late && c->consult_open == 1 && !c->fee_open)
        buf_puts(&c->ex, "  注意：征求意见时已超过答复期限。\n");
}

static void on_consultation_answered(struct clock *c, gk_date d)
{
    c->consult_open--;
    put_event_head(c, d);
    buf_puts(&c->ex, "收到征求意见答复。\n");
    after_wait_ended(c, d);
}

static void on_fee_notice(struct clock *c, gk_date d)
{
    open_wait(c, d, true);
    c->fee_open = true;
    c->fee_due = wd_add(c, d, GK_FEE_PAYMENT_WORKING_DAYS, NULL);
    put_event_head(c, d);
    buf_puts(&c->ex, "发出收费通知：计时暂停，申请人应于");
    put_date(&c->ex, c->fee_due);
    buf_printf(&c->ex, "前缴费（%d个工作日）。\n", GK_FEE_PAYMENT_WORKING_DAYS);
    if (c->clock_pause_late && c->consult_open == 0)
        buf_puts(&c->ex, "  注意：发出收费通知时已超过答复期限。\n");
}

static void on_fee_paid(struct clock *c, gk_date d)
{
    c->fee_open = false;
    put_event_head(c, d);
    buf_puts(&c->ex, "申请人缴纳费用。\n");
    after_wait_ended(c, d);
}

static void close_case(struct clock *c, enum gk_event_kind by, gk_date d)
{
    c->closed = true;
    c->closed_by = by;
    c->closed_on = d;
}

static void on_lapsed(struct clock *c, const gk_event *e)
{
    put_event_head(c, e->date);
    if (e->kind == GK_EV_CORRECTION_LAPSED) {
        c->corr_open = false;
        buf_puts(&c->ex, "申请人无正当理由逾期不补正，不再处理该申请（年度报告：其他处理第1项）。\n");
    } else {
        c->fee_open = false;
        buf_puts(&c->ex, "申请人逾期未按收费通知缴纳费用，不再处理该申请（年度报告：其他处理第2项）。\n");
        if (gk_date_cmp(e->date, c->fee_due) < 0) {
            buf_puts(&c->ex, "  注意：缴费期限至");
            put_date(&c->ex, c->fee_due);
            buf_puts(&c->ex, "，登记时尚未届满。\n");
        }
    }
    close_case(c, e->kind, e->date);
}

static void on_extension(struct clock *c, const gk_event *e)
{
    gk_date old = c->due;
    c->ext += e->extension_days;
    recompute_due(c);
    put_event_head(c, e->date);
    buf_printf(&c->ex, "批准延期答复%d个工作日（累计%d个）：", e->extension_days, c->ext);
    put_due_moved(c, old, "延长");
}

static void on_decided(struct clock *c, gk_date d)
{
    gk_date due = effective_due(c, d);
    c->decided = true;
    put_event_head(c, d);
    if (gk_date_cmp(d, due) <= 0) {
        buf_puts(&c->ex, "作出答复，在答复期限");
        put_date(&c->ex, due);
        buf_puts(&c->ex, "内。\n");
    } else {
        c->late = true;
        c->late_wd = wd_between(c, due, d);
        buf_puts(&c->ex, "作出答复，超过答复期限");
        put_date(&c->ex, due);
        buf_printf(&c->ex, "，逾期%d个工作日。\n", c->late_wd);
    }
    close_case(c, GK_EV_DECIDED, d);
}

static void apply_event(struct clock *c, const gk_event *e)
{
    switch (e->kind) {
    case GK_EV_RECEIVED: on_received(c, e->date); break;
    case GK_EV_CORRECTION_REQUESTED: on_correction_requested(c, e->date); break;
    case GK_EV_CORRECTION_RECEIVED: on_correction_received(c, e->date); break;
    case GK_EV_CORRECTION_LAPSED:
    case GK_EV_FEE_LAPSED: on_lapsed(c, e); break;
    case GK_EV_CONSULTATION_STARTED: on_consultation_started(c, e->date); break;
    case GK_EV_CONSULTATION_ANSWERED: on_consultation_answered(c, e->date); break;
    case GK_EV_FEE_NOTICE: on_fee_notice(c, e->date); break;
    case GK_EV_FEE_PAID: on_fee_paid(c, e->date); break;
    case GK_EV_EXTENSION_APPROVED: on_extension(c, e); break;
    case GK_EV_DECIDED: on_decided(c, e->date); break;
    case GK_EV_WITHDRAWN:
        put_event_head(c, e->date);
        buf_puts(&c->ex, "申请人撤回申请，办理终止。\n");
        close_case(c, GK_EV_WITHDRAWN, e->date);
        break;
    case GK_EV_DELIVERED:
        c->delivered_on = e->date;
        put_event_head(c, e->date);
        buf_puts(&c->ex, "送达。\n");
        break;
    default: break;
    }
}

/* ------------------------------------------------------------------------------------------------------------
 * The computation
 * ------------------------------------------------------------------------------------------------------------ */

static void put_status(struct clock *c)
{
    buf *b = &c->ex;
    if (c->closed) {
        buf_puts(b, "当前状态：已办结（");
        buf_puts(b, gk_event_kind_label(c->closed_by));
        buf_puts(b, "）。\n");
    } else if (waiting(c)) {
        buf_puts(b, "当前状态：暂停，等待");
        put_waits(b, c);
        buf_puts(b, "；暂停前的答复期限为");
        put_date(b, c->due);
        buf_puts(b, c->corr_open ? "，收到补正材料后重新起算。\n" : "，恢复后按暂停的工作日顺延。\n");
    } else {
        buf_puts(b, "当前状态：办理中，答复期限");
        put_date(b, c->due);
        buf_puts(b, "。\n");
    }
    if (c->due_prov || c->pause_prov) {
        buf_puts(b, "注意：答复期限涉及");
        put_missing_years(b, c->cal, gk_date_add_days(c->base, 1), c->due);
        buf_puts(b, "，其节假日安排尚未公布，按周一至周五上班推算，为暂定期限；公布后须重新计算。\n");
    }
}

static void fill_result(const struct clock *c, gk_deadline *out)
{
    out->open = !c->closed;
    out->waiting_correction = out->open && c->corr_open;
    out->waiting_consultation = out->open && c->consult_open > 0;
    out->waiting_fee = out->open && c->fee_open;
    out->paused = out->open && waiting(c);
    out->provisional = c->due_prov || c->pause_prov;
    out->due = c->due;
    out->paused_working_days = c->paused;
    out->extension_days = c->ext;
    out->correction_due = c->correction_due;
    out->correction_due_provisional = c->correction_due_prov;
    if (out->paused)
        out->paused_since = c->wait_start;
    if (out->waiting_consultation)
        out->consultation_due = c->consult_due;
    if (out->waiting_fee)
        out->fee_due = c->fee_due;
    out->closed_by = c->closed ? c->closed_by : GK_EV__COUNT;
    if (c->closed)
        out->closed_on = c->closed_on;
    out->late = c->late;
    out->late_working_days = c->late_wd;
    out->delivered_on = c->delivered_on;
}

/* Stable order by date: the index of each event in the replay. */
static size_t *sorted_order(const gk_event *events, size_t n)
{
    size_t *order = xmalloc(n * sizeof *order);
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (j > 0 && gk_date_cmp(events[order[j - 1]].date, events[i].date) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    return order;
}

/* "第3个事件（补正告知，2024-02-10）：" + reason, as the error. */
static void refuse(char **error, size_t index, const gk_event *e, buf *reason)
{
    if (error) {
        buf b = BUF_INIT;
        char s[11];
        gk_date_format(e->date, s);
        buf_printf(&b, "第%zu个事件（%s，%s）：%s", index + 1, gk_event_kind_label(e->kind), s, buf_cstr(reason));
        *error = buf_detach(&b);
    }
    buf_free(reason);
}

/* Checks what can be checked one event at a time: kind and date. */
static int check_shapes(const gk_event *events, size_t n, char **error)
{
    for (size_t i = 0; i < n; i++) {
        buf reason = BUF_INIT;
        if (!kind_valid((int)events[i].kind))
            buf_printf(&reason, "事件类型无效（%d）", (int)events[i].kind);
        else if (!gk_date_valid(events[i].date))
            buf_puts(&reason, "日期无效");
        if (reason.len) {
            refuse(error, i, &events[i], &reason);
            return -1;
        }
    }
    return 0;
}

int gk_deadline_compute(const gk_calendar *cal, const gk_event *events, size_t n, gk_deadline *out, char **error)
{
    memset(out, 0, sizeof *out);
    out->closed_by = GK_EV__COUNT;
    if (n == 0 || !events) {
        if (error)
            *error = xstrdup("没有任何事件：至少需要“收到申请”");
        return -1;
    }
    if (check_shapes(events, n, error) < 0)
        return -1;
    size_t *order = sorted_order(events, n);
    struct clock c = {.cal = cal, .ex = BUF_INIT};
    for (size_t k = 0; k < n; k++) {
        const gk_event *e = &events[order[k]];
        buf reason = BUF_INIT;
        if (check_event(&c, e, &reason) < 0) {
            refuse(error, order[k], e, &reason);
            buf_free(&c.ex);
            free(order);
            return -1;
        }
        apply_event(&c, e);
    }
    free(order);
    put_status(&c);
    fill_result(&c, out);
    out->explanation = buf_detach(&c.ex);
    return 0;
}

void gk_deadline_free(gk_deadline *dl)
{
    if (!dl)
        return;
    free(dl->explanation);
    dl->explanation = NULL;
}

bool gk_deadline_overdue(const gk_deadline *dl, gk_date today)
{
    return dl->open && !dl->paused && gk_date_cmp(today, dl->due) > 0;
}

int gk_deadline_working_days_left(const gk_calendar *cal, const gk_deadline *dl, gk_date today)
{
    return gk_calendar_working_days_between(cal, today, dl->due);
}
