/* demo_store: builds the demo database (demo_store.h) through the store API: agencies, users, a deterministic
 * stream of applications with realistic event histories for each department (the register refuses nothing that a
 * real office could not do: every event is checked by gk_case_event_prepare), the registers behind tables 二 and
 * 四, and last year's reports, locked and, for one department, published. */
#include "cli/demo_store.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cases/build.h"
#include "cases/csv_import.h"
#include "cases/outcome.h"
#include "export/export.h"
#include "report/check.h"
#include "store/store.h"
#include "util/buf.h"
#include "web/auth.h"

static const char GOVERNMENT[] = "示范县人民政府";
static const char EDUCATION[] = "示范县教育局";
static const char LAND[] = "示范县自然资源和规划局";

const demo_login DEMO_LOGINS[] = {
    {"clerk", "clerk", "王经办", EDUCATION},
    {"head", "head", "李主任", EDUCATION},
    {"admin", "admin", "周管理", EDUCATION},
    {"auditor", "auditor", "吴审计", EDUCATION},
    {"clerk2", "clerk", "赵经办", LAND},
    {"head2", "head", "孙主任", LAND},
    {"supervisor", "supervisor", "县政务公开办", GOVERNMENT},
};
const size_t DEMO_LOGIN_COUNT = sizeof DEMO_LOGINS / sizeof DEMO_LOGINS[0];

/* Prints text padded to `width` terminal columns (a Chinese character takes two). */
static void print_padded(FILE *out, const char *text, int width)
{
    int used = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p < 0x80) used++;
        else if ((*p & 0xC0) == 0xC0) used += 2;
    fputs(text, out);
    for (; used < width; used++) fputc(' ', out);
}

void demo_print_logins(FILE *out)
{
    fprintf(out, "演示账号（密码均为 %s）：\n", DEMO_PASSWORD);
    for (size_t i = 0; i < DEMO_LOGIN_COUNT; i++) {
        unsigned bit = web_role_bit_of(DEMO_LOGINS[i].role);
        const char *label = DEMO_LOGINS[i].role;
        for (size_t k = 0; k < WEB_ROLE_COUNT; k++)
            if (WEB_ROLES[k].bit == bit) label = WEB_ROLES[k].label;
        fputs("  ", out);
        print_padded(out, DEMO_LOGINS[i].username, 12);
        print_padded(out, label, 12);
        print_padded(out, DEMO_LOGINS[i].display_name, 14);
        fprintf(out, "%s\n", DEMO_LOGINS[i].agency);
    }
}

/* ---- a small deterministic generator, so the demo is the same on every machine for the same day ---- */

typedef struct rng { uint64_t state; } rng;

static uint32_t next(rng *r)
{
    r->state = r->state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(r->state >> 33);
}
static int below(rng *r, int n) { return n > 0 ? (int)(next(r) % (uint32_t)n) : 0; }
static bool chance(rng *r, int percent) { return below(r, 100) < percent; }

/* ---- what the demo office works with ---- */

typedef struct demo {
    gk_store *s;
    gk_date today;
    FILE *out;
    rng r;
    int64_t agency;
    const char *head_name;
    const gk_calendar *cal;
    int64_t clerk; /* the user who asks for approvals */
    int refused;  /* events the register refused (should stay 0) */
    int events;
} demo;

static const char *const SURNAMES[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡"};
static const char *const GIVEN[] = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞"};
static const char *const STREETS[] = {"人民路", "建设大街", "文化路", "新华街", "滨河路", "长城路", "育才街"};
static const char *const COMPANIES[] = {"宏达商贸有限公司", "惠民农业科技有限公司", "长城律师事务所", "青山环保协会",
                                        "示范县建筑设计研究院", "北方物流有限公司"};
static const char *const FORMS[] = {"纸质", "电子邮件", "邮寄", "当场查阅"};

static const char *const EDUCATION_REQUESTS[] = {
    "申请公开城区小学%d年度招生划片范围及学位数",
    "申请公开县第一中学%d年度食堂经营承包合同",
    "申请公开%d年度义务教育阶段学生资助资金分配情况",
    "申请公开示范县第二实验小学新校区建设项目的招标文件（%d年）",
    "申请公开%d年度教师招聘考试成绩及录用名单",
    "申请公开%d年度民办幼儿园年检结果",
    "申请公开校车安全检查记录（%d年度）",
};
static const char *const LAND_REQUESTS[] = {
    "申请公开示范县%d年度土地征收补偿安置方案",
    "申请公开城南片区控制性详细规划（%d年修编）",
    "申请公开某村集体土地征收的批复文件（%d年）",
    "申请公开%d年度国有建设用地使用权出让结果",
    "申请公开矿产资源开采许可证发放情况（%d年度）",
    "申请公开不动产登记收费标准及依据（%d年）",
};

/* An 18-digit resident ID number with its check character (GB 11643). */
static void resident_id(rng *r, char out[19])
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int year = 1950 + below(r, 55), month = 1 + below(r, 12), day = 1 + below(r, 28);
    snprintf(out, 19, "130827%04d%02d%02d%03d", year, month, day, below(r, 1000));
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (out[i] - '0') * weights[i];
    out[17] = "10X98765432"[sum % 11];
    out[18] = '\0';
}

/* An 18-character unified social credit code with its check character (GB 32100). */
static void credit_code(rng *r, char out[19])
{
    static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    memcpy(out, "91130827", 8);
    for (int i = 8; i < 17; i++) out[i] = chars[below(r, 31)];
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (int)(strchr(chars, out[i]) - chars) * weights[i];
    out[17] = chars[(31 - sum % 31) % 31];
    out[18] = '\0';
}

/* Weights of the outcomes of a decision, in the order of the result rows of table 三 (format.c): most requests
 * are disclosed or the information is not held. Outcomes reached by a lapse or a withdrawal get no weight here:
 * they come from those events. */
static const int OUTCOME_WEIGHTS[] = {40, 12, 1, 1, 1, 4, 2, 4, 1, 1, 20, 4, 2, 3, 2, 1, 1, 1};

static int pick_outcome(rng *r)
{
    int total = 0;
    size_t n = sizeof OUTCOME_WEIGHTS / sizeof OUTCOME_WEIGHTS[0];
    for (size_t i = 0; i < n; i++) total += OUTCOME_WEIGHTS[i];
    int roll = below(r, total);
    gk_outcome o;
    for (size_t i = 0; i < n; i++) {
        if (roll < OUTCOME_WEIGHTS[i] && gk_outcome_at(i, &o) &&
            (o.role == GK_OUTCOME_ORDINARY || o.role == GK_OUTCOME_WITHHELD))
            return o.row;
        roll -= OUTCOME_WEIGHTS[i];
    }
    return gk_outcome_at(0, &o) ? o.row : 0;
}

/* ---- events ---- */

/* Adds an event when its day has come; *dl gets the deadline after it. false when not added (future day, or the
 * register refused it, which is counted). */
static bool add_event(demo *d, int64_t id, enum gk_event_kind kind, gk_date day, gk_deadline *dl, int days,
                      int outcome_row)
{
    if (gk_date_cmp(day, d->today) > 0) return false;
    gk_case_event ev;
    gk_case_event_init(&ev);
    ev.ev = (gk_event){kind, day, days};
    ev.outcome_row = outcome_row;
    if (kind == GK_EV_EXTENSION_APPROVED) {
        ev.approver = xstrdup(d->head_name);
        ev.reason = xstrdup("需调取归档材料并会同相关股室核实");
    }
    if (kind == GK_EV_CONSULTATION_STARTED) ev.reason = xstrdup("涉及第三方合法权益，书面征求第三方意见");
    gk_deadline after;
    char *error = NULL;
    int rc = store_event_add(d->s, d->agency, id, &ev, d->cal, &after, &error);
    gk_case_event_clear(&ev);
    if (rc != 0) {
        d->refused++;
        free(error);
        return false;
    }
    d->events++;
    gk_deadline_free(dl);
    *dl = after;
    return true;
}

static gk_date working_days_after(const demo *d, gk_date day, int n)
{
    return gk_calendar_add_working_days(d->cal, day, n, NULL);
}

/* The life of one application after its receipt. */
static void simulate_case(demo *d, int64_t id, gk_date received, bool leave_overdue)
{
    gk_deadline dl;
    memset(&dl, 0, sizeof dl);
    gk_case_event *events = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_event_list(d->s, d->agency, id, &events, &n, &error) != 0 ||
        gk_case_deadline(d->cal, events, n, &dl, &error) != 0) {
        free(error);
        store_event_list_free(events, n);
        return;
    }
    store_event_list_free(events, n);
    gk_date day = received;
    rng *r = &d->r;
    if (chance(r, 12)) { /* unclear request: 补正 */
        day = working_days_after(d, day, 1 + below(r, 5));
        if (!add_event(d, id, GK_EV_CORRECTION_REQUESTED, day, &dl, 0, -1)) goto done;
        if (chance(r, 15)) {
            add_event(d, id, GK_EV_CORRECTION_LAPSED, working_days_after(d, day, 15 + below(r, 5)), &dl, 0, -1);
            goto done;
        }
        day = working_days_after(d, day, 2 + below(r, 8));
        if (!add_event(d, id, GK_EV_CORRECTION_RECEIVED, day, &dl, 0, -1)) goto done;
    }
    if (chance(r, 8)) { /* a third party is consulted */
        day = working_days_after(d, day, 2 + below(r, 6));
        if (!add_event(d, id, GK_EV_CONSULTATION_STARTED, day, &dl, 0, -1)) goto done;
        day = working_days_after(d, day, 4 + below(r, 10));
        if (!add_event(d, id, GK_EV_CONSULTATION_ANSWERED, day, &dl, 0, -1)) goto done;
    }
    if (chance(r, 2)) { /* withdrawn */
        add_event(d, id, GK_EV_WITHDRAWN, working_days_after(d, day, 1 + below(r, 5)), &dl, 0, -1);
        goto done;
    }
    if (leave_overdue) goto done;
    if (chance(r, 7)) { /* extended by the head before the due date */
        gk_date approve = working_days_after(d, dl.due, -(1 + below(r, 3)));
        if (gk_date_cmp(approve, day) > 0 && add_event(d, id, GK_EV_EXTENSION_APPROVED, approve, &dl, 10 + below(r, 11), -1))
            day = approve;
    }
    /* The answer: usually well within the time; now and then a few days late. */
    int span = gk_calendar_working_days_between(d->cal, day, dl.due);
    gk_date decided = chance(r, 4) ? working_days_after(d, dl.due, 1 + below(r, 3))
                                   : working_days_after(d, day, 1 + below(r, span > 1 ? span : 1));
    if (!add_event(d, id, GK_EV_DECIDED, decided, &dl, 0, pick_outcome(r))) goto done;
    add_event(d, id, GK_EV_DELIVERED, gk_date_add_days(decided, 1 + below(r, 3)), &dl, 0, -1);
done:
    gk_deadline_free(&dl);
}

/* Registers one application received on `day`; returns its id (0 on failure). */
static int64_t register_application(demo *d, gk_date day, const char *const *requests, size_t n_requests,
                                    const char *name_override, const char *id_override)
{
    rng *r = &d->r;
    gk_application a;
    gk_application_init(&a);
    store_application_details det = {0};
    char id_number[19], text[256];
    int roll = below(r, 100);
    a.applicant_type = name_override || roll < 82 ? 0 : 1 + below(r, GK_APPLICANT_TYPES - 1);
    if (gk_applicant_type_is_person(a.applicant_type)) {
        if (name_override) a.applicant_name = xstrdup(name_override);
        else {
            snprintf(text, sizeof text, "%s%s", SURNAMES[below(r, 15)], GIVEN[below(r, 18)]);
            a.applicant_name = xstrdup(text);
        }
        if (id_override) snprintf(id_number, sizeof id_number, "%s", id_override);
        else resident_id(r, id_number);
        det.id_type = xstrdup("resident_id");
    } else {
        snprintf(text, sizeof text, "示范县%s", COMPANIES[below(r, 6)]);
        a.applicant_name = xstrdup(text);
        credit_code(r, id_number);
        det.id_type = xstrdup("credit_code");
        snprintf(text, sizeof text, "%s%s", SURNAMES[below(r, 15)], GIVEN[below(r, 18)]);
        det.contact_name = xstrdup(text);
    }
    a.id_document = xstrdup(id_number);
    snprintf(text, sizeof text, "13%09d", below(r, 1000000000));
    a.phone = xstrdup(text);
    snprintf(text, sizeof text, "示范县%s%d号", STREETS[below(r, 7)], 1 + below(r, 300));
    a.address = xstrdup(text);
    static const int channel_weights[GK_CHANNEL__COUNT] = {30, 15, 5, 40, 5, 5};
    int c = 0, pick = below(r, 100);
    while (c + 1 < GK_CHANNEL__COUNT && pick >= channel_weights[c]) pick -= channel_weights[c++];
    a.channel = c;
    a.received_on = day;
    snprintf(text, sizeof text, requests[below(r, (int)n_requests)], day.year - below(r, 2));
    a.request = xstrdup(text);
    a.form_wanted = xstrdup(FORMS[below(r, 4)]);
    char *error = NULL;
    int64_t id = 0;
    if (store_application_add(d->s, d->agency, &a, &error) == 0 &&
        store_application_details_put(d->s, d->agency, a.id, &det, &error) == 0)
        id = a.id;
    else free(error);
    gk_application_clear(&a);
    store_application_details_clear(&det);
    return id;
}

/* Applications received on working days from 1 January of last year to today, about one every `every` working
 * days; a few older ones left unanswered to show what overdue looks like. */
static int simulate_applications(demo *d, const char *const *requests, size_t n_requests, int every)
{
    int count = 0;
    gk_date day = {d->today.year - 1, 1, 1};
    while (true) {
        day = working_days_after(d, day, 1 + below(&d->r, 2 * every - 1));
        if (gk_date_cmp(day, d->today) > 0) break;
        int64_t id = register_application(d, day, requests, n_requests, NULL, NULL);
        if (!id) continue;
        int age = gk_date_to_days(d->today) - gk_date_to_days(day);
        bool overdue = age > 32 && age < 70 && chance(&d->r, 25);
        simulate_case(d, id, day, overdue);
        count++;
    }
    return count;
}

/* One applicant files twelve applications in a month: the eleventh and twelfth pass the free band of 国办函〔2020〕
 * 109号 and get a fee notice (按件, 100 元 each); one is paid and answered, the other lapses. */
static void simulate_fees(demo *d, const char *const *requests, size_t n_requests)
{
    char id_number[19];
    resident_id(&d->r, id_number);
    gk_date day = {d->today.year - 1, 3, 2};
    for (int i = 1; i <= 12; i++) {
        day = working_days_after(d, day, 1);
        int64_t id = register_application(d, day, requests, n_requests, "钱多多", id_number);
        if (!id) continue;
        if (i <= 10) {
            simulate_case(d, id, day, false);
            continue;
        }
        gk_deadline dl;
        memset(&dl, 0, sizeof dl);
        gk_date notice = working_days_after(d, day, 3);
        if (add_event(d, id, GK_EV_FEE_NOTICE, notice, &dl, 0, -1)) {
            if (i == 11) {
                gk_date paid = working_days_after(d, notice, 5);
                add_event(d, id, GK_EV_FEE_PAID, paid, &dl, 0, -1);
                gk_outcome o;
                gk_outcome_at(0, &o);
                add_event(d, id, GK_EV_DECIDED, working_days_after(d, paid, 4), &dl, 0, o.row);
            } else {
                add_event(d, id, GK_EV_FEE_LAPSED, working_days_after(d, notice, GK_FEE_PAYMENT_WORKING_DAYS + 1), &dl, 0, -1);
            }
        }
        gk_deadline_free(&dl);
    }
}

/* Cases that show what the dashboard is for, whatever day the demo is made: two due within days, one waiting for
 * the applicant's 补正, one waiting on a third party, one extension waiting for the head's approval, and an
 * applicant past the free band this month whose fee is not yet paid. */
static void simulate_showcase(demo *d, const char *const *requests, size_t n_requests, int64_t clerk)
{
    gk_date today = d->today;
    int64_t id;
    gk_deadline dl;
    memset(&dl, 0, sizeof dl);
    for (int back = 17; back <= 19; back += 2)
        register_application(d, working_days_after(d, today, -back), requests, n_requests, NULL, NULL);
    gk_date received = working_days_after(d, today, -4);
    if ((id = register_application(d, received, requests, n_requests, NULL, NULL)))
        add_event(d, id, GK_EV_CORRECTION_REQUESTED, working_days_after(d, today, -2), &dl, 0, -1);
    received = working_days_after(d, today, -8);
    if ((id = register_application(d, received, requests, n_requests, NULL, NULL)))
        add_event(d, id, GK_EV_CONSULTATION_STARTED, working_days_after(d, today, -3), &dl, 0, -1);
    received = working_days_after(d, today, -15);
    if ((id = register_application(d, received, requests, n_requests, NULL, NULL))) {
        gk_case_event ev;
        gk_case_event_init(&ev);
        ev.ev = (gk_event){GK_EV_EXTENSION_APPROVED, today, 15};
        ev.reason = xstrdup("申请内容涉及多个年度的档案，需逐卷调取核对");
        char *error = NULL;
        if (store_approval_add(d->s, d->agency, id, &ev, clerk, NULL, &error) != 0) free(error);
        gk_case_event_clear(&ev);
    }
    /* Eleven applications by one applicant on the first working day of this month: the eleventh pays 100 元. */
    gk_date first = working_days_after(d, (gk_date){today.year, today.month, 1}, -1);
    first = working_days_after(d, first, 1);
    if (gk_date_cmp(first, today) <= 0) {
        char id_number[19];
        resident_id(&d->r, id_number);
        for (int i = 1; i <= 11; i++) {
            id = register_application(d, first, requests, n_requests, "孙大量", id_number);
            gk_date notice = working_days_after(d, first, 2);
            if (gk_date_cmp(notice, today) > 0) notice = today;
            if (id && i == 11) add_event(d, id, GK_EV_FEE_NOTICE, notice, &dl, 0, -1);
            else if (id) simulate_case(d, id, first, false);
        }
    }
    gk_deadline_free(&dl);
}

/* ---- registers ---- */

static void simulate_documents(demo *d, int per_year)
{
    const report_format *f = gk_outcome_format();
    int item = -1;
    for (int i = 0; i < f->proactive_count && item < 0; i++)
        if (gk_build_item_is_document(i, NULL, NULL, NULL) && i > 0) item = i; /* the normative documents */
    if (item < 0) return;
    int serial = 0;
    for (int year = d->today.year - 5; year <= d->today.year; year++) {
        for (int k = 0; k < per_year; k++) {
            gk_date issued = {year, 1 + (k * 11) / per_year, 5 + below(&d->r, 20)};
            if (gk_date_cmp(issued, d->today) > 0) break;
            char title[160], number[64];
            snprintf(title, sizeof title, "关于规范%s工作的若干规定（%d）", k % 2 ? "政务公开" : "行政审批", ++serial);
            snprintf(number, sizeof number, "示政规〔%d〕%d号", year, k + 1);
            store_document doc = {.item = item, .title = title, .doc_no = number, .issued_on = issued};
            char *error = NULL;
            if (store_document_add(d->s, d->agency, &doc, &error) != 0) {
                free(error);
                continue;
            }
            /* About one in five is repealed a year or so later. */
            gk_date repealed = {year + 1, 1 + below(&d->r, 12), 10};
            if (chance(&d->r, 20) && gk_date_cmp(repealed, d->today) <= 0 &&
                store_document_repeal(d->s, d->agency, doc.id, repealed, &error) != 0)
                free(error);
        }
    }
}

/* Yearly counts and fees of table 二 and channel counts, written as the CSV the business systems export. */
static void simulate_yearly(demo *d, int scale)
{
    const report_format *f = gk_outcome_format();
    buf csv = BUF_INIT, channels = BUF_INIT;
    buf_puts(&csv, "year,item,field,value\n");
    buf_puts(&channels, "year,channel,count\n");
    static const char *const channel_names[] = {"门户网站", "微信公众号", "微博"};
    for (int year = d->today.year - 1; year <= d->today.year; year++) {
        for (int item = 0; item < f->proactive_count; item++) {
            if (gk_build_item_is_document(item, NULL, NULL, NULL)) continue;
            for (int field = 0; field < f->proactive[item].field_count; field++) {
                const field_def *fd = &f->proactive[item].fields[field];
                if (fd->kind == VALUE_DECIMAL)
                    buf_printf(&csv, "%d,%s,%s,%d.%02d\n", year, f->proactive[item].key, fd->key, scale * 3 + below(&d->r, 9),
                               below(&d->r, 100));
                else
                    buf_printf(&csv, "%d,%s,%s,%d\n", year, f->proactive[item].key, fd->key, scale * (20 + item * 7) + below(&d->r, 40));
            }
        }
        for (int c = 0; c < 3; c++) buf_printf(&channels, "%d,%s,%d\n", year, channel_names[c], scale * (120 - c * 35) + below(&d->r, 30));
    }
    size_t count = 0;
    char *error = NULL;
    if (store_import_register_csv(d->s, d->agency, GK_REGISTER_YEARLY, csv.data, csv.len, "demo-yearly.csv", &count, &error) != 0)
        free(error), error = NULL;
    if (store_import_register_csv(d->s, d->agency, GK_REGISTER_CHANNELS, channels.data, channels.len, "demo-channels.csv",
                                  &count, &error) != 0)
        free(error);
    buf_free(&csv);
    buf_free(&channels);
}

/* Reconsideration and litigation about answers that withheld or did not give information. */
static void simulate_appeals(demo *d, int how_many)
{
    store_application_filter filter = {.year = d->today.year - 1};
    gk_application *apps = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_application_list(d->s, d->agency, &filter, &apps, &n, &error) != 0) {
        free(error);
        return;
    }
    int made = 0;
    for (size_t i = 0; i < n && made < how_many; i++) {
        gk_outcome o;
        if (apps[i].outcome_row < 0 || !gk_outcome_by_row(apps[i].outcome_row, &o)) continue;
        if (o.role != GK_OUTCOME_WITHHELD && i % 3) continue;
        store_appeal a = {.block = made % 4 == 3 ? 1 : 0, .application_id = apps[i].id, .result = -1};
        char case_no[64];
        snprintf(case_no, sizeof case_no, "示政复〔%d〕%d号", apps[i].decided_on.year, made + 1);
        a.case_no = case_no;
        a.filed_on = gk_date_add_days(apps[i].decided_on, 20 + below(&d->r, 30));
        if (gk_date_cmp(a.filed_on, d->today) > 0) continue;
        if (store_appeal_add(d->s, d->agency, &a, &error) != 0) {
            free(error);
            error = NULL;
            continue;
        }
        gk_date concluded = gk_date_add_days(a.filed_on, 55 + below(&d->r, 30));
        if (made % 3 != 2 && gk_date_cmp(concluded, d->today) <= 0 &&
            store_appeal_conclude(d->s, d->agency, a.id, made % 5 == 4 ? 1 : 0, concluded, &error) != 0) {
            free(error);
            error = NULL;
        }
        made++;
    }
    store_application_list_free(apps, n);
}

/* Locks last year's report built from the records (and publishes it when asked). */
static void lock_last_year(demo *d, bool publish)
{
    int year = d->today.year - 1;
    report *r = NULL;
    char *error = NULL;
    if (store_build_report(d->s, d->agency, year, &r, &error) != 0) {
        free(error);
        return;
    }
    diag_list diags = DIAG_LIST_INIT;
    report_check(r, NULL, &diags);
    int revision = 0;
    if (diag_count_severity(&diags, SEVERITY_ERROR) == 0 &&
        store_report_save_revision(d->s, d->agency, r, NULL, "demo", &revision, &error) == 0 && publish) {
        buf json = BUF_INIT;
        export_json(r, &json);
        if (store_report_publish(d->s, d->agency, year, revision, json.data, "demo", NULL, &error) != 0) free(error);
        buf_free(&json);
    } else {
        free(error);
    }
    diag_list_free(&diags);
    report_free(r);
}

/* ---- the whole demo ---- */

static int add_users(gk_store *s, const int64_t ids[3], int64_t *first_clerk, char **error)
{
    char *hash = web_password_hash(DEMO_PASSWORD);
    if (!hash) {
        *error = xstrdup("密码散列失败（内存不足？）");
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < DEMO_LOGIN_COUNT && rc == 0; i++) {
        const char *name = DEMO_LOGINS[i].agency;
        int64_t agency = strcmp(name, GOVERNMENT) == 0 ? ids[0] : strcmp(name, EDUCATION) == 0 ? ids[1] : ids[2];
        int64_t id = 0;
        rc = store_user_add(s, agency, DEMO_LOGINS[i].username, DEMO_LOGINS[i].display_name, DEMO_LOGINS[i].role, hash,
                            &id, NULL, error);
        if (i == 0) *first_clerk = id;
    }
    free(hash);
    return rc;
}

static int run_department(demo *d, int64_t agency, const char *name, const char *head, const char *const *requests,
                          size_t n_requests, int every, bool fees, bool publish, char **error)
{
    d->agency = agency;
    d->head_name = head;
    gk_calendar *cal = NULL;
    if (store_calendar_for_agency(d->s, agency, &cal, error) != 0) return -1;
    d->cal = cal;
    int count = simulate_applications(d, requests, n_requests, every);
    if (fees) {
        simulate_fees(d, requests, n_requests);
        simulate_showcase(d, requests, n_requests, d->clerk);
    }
    simulate_documents(d, every + 3);
    simulate_yearly(d, every);
    simulate_appeals(d, 4);
    lock_last_year(d, publish);
    gk_calendar_free(cal);
    d->cal = NULL;
    if (d->out) fprintf(d->out, "  %s：%d 件申请%s\n", name, count, publish ? "，上年度报告已锁定并发布" : "，上年度报告已锁定");
    return 0;
}

int demo_store_create(const char *path, gk_date today, FILE *out, char **error)
{
    struct stat sb;
    if (stat(path, &sb) == 0) {
        buf message = BUF_INIT;
        buf_printf(&message, "数据库文件“%s”已存在：演示数据只写入新文件（请删除它或换一个文件名）。", path);
        *error = buf_detach(&message);
        return -1;
    }
    gk_store *s = NULL;
    if (store_open(path, true, &s, error) != 0 || store_migrate(s, NULL, error) != 0) {
        store_close(s);
        return -1;
    }
    int64_t ids[3] = {0, 0, 0}, clerk = 0;
    int rc = -1;
    if (store_agency_add(s, GOVERNMENT, 0, &ids[0], error) != 0 || store_agency_add(s, EDUCATION, ids[0], &ids[1], error) != 0 ||
        store_agency_add(s, LAND, ids[0], &ids[2], error) != 0 || add_users(s, ids, &clerk, error) != 0)
        goto done;
    demo d = {.s = s, .today = today, .out = out, .clerk = clerk,
              .r = {(uint64_t)gk_date_to_days(today) * 2654435761u + 20260131u}};
    if (out) fprintf(out, "正在生成演示数据（%d年1月1日至今的办理记录）……\n", today.year - 1);
    if (run_department(&d, ids[1], EDUCATION, DEMO_LOGINS[1].display_name, EDUCATION_REQUESTS,
                       sizeof EDUCATION_REQUESTS / sizeof EDUCATION_REQUESTS[0], 3, true, true, error) != 0 ||
        run_department(&d, ids[2], LAND, DEMO_LOGINS[5].display_name, LAND_REQUESTS,
                       sizeof LAND_REQUESTS / sizeof LAND_REQUESTS[0], 4, false, false, error) != 0)
        goto done;
    if (out) {
        fprintf(out, "  共记录 %d 个办理事件", d.events);
        if (d.refused) fprintf(out, "（另有 %d 个事件不符合登记规则，被拒绝，未写入）", d.refused);
        fputs("。\n", out);
    }
    rc = 0;
done:
    store_close(s);
    if (rc != 0) remove(path);
    return rc;
}
