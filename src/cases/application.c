/* application: records of an application and its events, and the checks that refuse an impossible history
 * before anything is written (DESIGN.md §3). The clock itself is gk_deadline_compute's (deadline.c). */
#include "cases/application.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/fee.h"
#include "cases/outcome.h"
#include "util/buf.h"

void gk_application_init(gk_application *a)
{
    memset(a, 0, sizeof *a);
    a->outcome_row = -1;
}

void gk_case_event_init(gk_case_event *e)
{
    memset(e, 0, sizeof *e);
    e->outcome_row = -1;
}

void gk_application_clear(gk_application *a)
{
    free(a->tracking_no);
    free(a->applicant_name);
    free(a->id_document);
    free(a->phone);
    free(a->address);
    free(a->request);
    free(a->form_wanted);
    free(a->basis);
    gk_application_init(a);
}

void gk_case_event_clear(gk_case_event *e)
{
    free(e->approver);
    free(e->reason);
    free(e->basis);
    gk_case_event_init(e);
}

static void set_error(char **error, char *message)
{
    if (error) *error = message;
    else free(message);
}

int gk_case_deadline(const gk_calendar *cal, const gk_case_event *events, size_t n, gk_deadline *out, char **error)
{
    gk_event *plain = xcalloc(n ? n : 1, sizeof *plain);
    for (size_t i = 0; i < n; i++) plain[i] = events[i].ev;
    int rc = gk_deadline_compute(cal, plain, n, out, error);
    free(plain);
    return rc;
}

/* Closing events other than a decision carry a fixed outcome. */
static int implied_role(enum gk_event_kind kind)
{
    switch (kind) {
    case GK_EV_CORRECTION_LAPSED: return GK_OUTCOME_NO_CORRECTION;
    case GK_EV_FEE_LAPSED: return GK_OUTCOME_UNPAID_FEE;
    case GK_EV_WITHDRAWN: return GK_OUTCOME_OTHER;
    default: return -1;
    }
}

static bool history_has_outcome(const gk_application *app, const gk_case_event *history, size_t n)
{
    if (app && app->outcome_row >= 0) return true;
    for (size_t i = 0; i < n; i++)
        if (history[i].outcome_row >= 0) return true;
    return false;
}

static int complete_outcome(const gk_application *app, const gk_case_event *history, size_t n, gk_case_event *next,
                            char **error)
{
    char day[11];
    gk_date_format(next->ev.date, day);
    int role = implied_role(next->ev.kind);
    bool closing = role >= 0 || next->ev.kind == GK_EV_DECIDED;
    if (!closing) {
        if (next->outcome_row >= 0) {
            set_error(error, xasprintf("事件“%s”不带办理结果；办理结果只能随“%s”登记。",
                                            gk_event_kind_label(next->ev.kind), gk_event_kind_label(GK_EV_DECIDED)));
            return -1;
        }
        return 0;
    }
    if (history_has_outcome(app, history, n)) {
        set_error(error, xasprintf("%s：该申请已有办理结果，一件申请只能有一个办理结果，不能再登记“%s”。", day,
                                        gk_event_kind_label(next->ev.kind)));
        return -1;
    }
    gk_outcome o;
    if (role >= 0) {
        if (!gk_outcome_by_role((enum gk_outcome_role)role, &o)) {
            set_error(error, xasprintf("内部错误：找不到“%s”对应的办理结果。", gk_event_kind_label(next->ev.kind)));
            return -1;
        }
        if (next->outcome_row >= 0 && next->outcome_row != o.row) {
            set_error(error, xasprintf("“%s”的办理结果固定为“%s”，不能另指定。", gk_event_kind_label(next->ev.kind),
                                            o.label));
            return -1;
        }
    } else {
        if (next->outcome_row < 0 || !gk_outcome_by_row(next->outcome_row, &o)) {
            set_error(error, xasprintf("%s：登记“%s”必须用 --outcome 指明办理结果（表三的21种结果之一）。", day,
                                            gk_event_kind_label(GK_EV_DECIDED)));
            return -1;
        }
        if (o.role == GK_OUTCOME_NO_CORRECTION || o.role == GK_OUTCOME_UNPAID_FEE) {
            enum gk_event_kind lapse = o.role == GK_OUTCOME_NO_CORRECTION ? GK_EV_CORRECTION_LAPSED : GK_EV_FEE_LAPSED;
            set_error(error, xasprintf("办理结果“%s”只能由事件“%s”产生，请登记该事件而不是“%s”。", o.label,
                                            gk_event_kind_label(lapse), gk_event_kind_label(GK_EV_DECIDED)));
            return -1;
        }
    }
    next->outcome_row = o.row;
    if (!next->basis || !*next->basis) {
        free(next->basis);
        next->basis = xstrdup(o.basis);
    }
    return 0;
}

static int check_fee_band(gk_case_event *next, int fee_nth_in_month, char **error)
{
    if (next->ev.kind != GK_EV_FEE_NOTICE) return 0;
    if (next->fee_pages < 0) {
        set_error(error, xasprintf("收费页数不能为负数（%d）。", next->fee_pages));
        return -1;
    }
    if (next->fee_pages > 0) {
        if (!gk_fee_applies_per_page(next->fee_pages)) {
            set_error(error, xasprintf("按量收费：%d 页未超过免费额度（30页以内免费），不能发出收费通知。",
                                            next->fee_pages));
            return -1;
        }
        next->fee_amount = gk_fee_per_page(next->fee_pages);
        return 0;
    }
    if (!gk_fee_applies_per_item(fee_nth_in_month)) {
        set_error(error, xasprintf("按件收费：这是该申请人本月第 %d 件申请，未超过免费额度（每月10件以内免费），"
                                        "不能发出收费通知。",
                                        fee_nth_in_month));
        return -1;
    }
    next->fee_amount = gk_fee_per_item(fee_nth_in_month);
    return 0;
}

static int check_extension(const gk_case_event *next, char **error)
{
    if (next->ev.kind != GK_EV_EXTENSION_APPROVED) return 0;
    if (next->ev.extension_days <= 0 || next->ev.extension_days > GK_EXTENSION_MAX_WORKING_DAYS) {
        set_error(error, xasprintf("延期天数必须在 1 到 %d 个工作日之间（《条例》第三十三条），给出的是 %d。",
                                        GK_EXTENSION_MAX_WORKING_DAYS, next->ev.extension_days));
        return -1;
    }
    if (!next->approver || !*next->approver) {
        set_error(error, xasprintf("延期须经政府信息公开工作机构负责人同意：请用 --approver 写明批准人。"));
        return -1;
    }
    return 0;
}

int gk_case_event_prepare(const gk_calendar *cal, const gk_application *app, const gk_case_event *history, size_t n,
                          gk_case_event *next, int fee_nth_in_month, gk_deadline *after, char **error)
{
    if (error) *error = NULL;
    if (!gk_date_valid(next->ev.date)) {
        set_error(error, xasprintf("事件日期无效。"));
        return -1;
    }
    if ((int)next->ev.kind < 0 || next->ev.kind >= GK_EV__COUNT) {
        set_error(error, xasprintf("未知的事件类型。"));
        return -1;
    }
    if (next->ev.kind == GK_EV_RECEIVED && n > 0) {
        set_error(error, xasprintf("该申请已登记收到日期，不能再登记“%s”。", gk_event_kind_label(GK_EV_RECEIVED)));
        return -1;
    }
    if (app && gk_date_valid(app->received_on) && gk_date_cmp(next->ev.date, app->received_on) < 0) {
        char day[11], received[11];
        gk_date_format(next->ev.date, day);
        gk_date_format(app->received_on, received);
        set_error(error, xasprintf("事件日期 %s 早于收到申请之日 %s：不能在收到申请之前登记“%s”。", day, received,
                                        gk_event_kind_label(next->ev.kind)));
        return -1;
    }
    if (complete_outcome(app, history, n, next, error) != 0) return -1;
    if (check_extension(next, error) != 0) return -1;
    if (check_fee_band(next, fee_nth_in_month, error) != 0) return -1;

    gk_case_event *all = xcalloc(n + 1, sizeof *all);
    if (n) memcpy(all, history, n * sizeof *all);
    all[n] = *next;
    gk_deadline dl;
    int rc = gk_case_deadline(cal, all, n + 1, &dl, error);
    free(all);
    if (rc != 0) return -1;
    if (after) *after = dl;
    else gk_deadline_free(&dl);
    return 0;
}
