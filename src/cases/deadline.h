/* deadline: the statutory clock of one application (依申请公开, DESIGN.md §3) — its event log in, its reply due
 * date out, with a Chinese explanation a clerk can check line by line.
 *
 * Rules (条例 Art. 30–33, 42; 国办函〔2020〕109号):
 * - reply due 20 working days after receipt, the receipt day not counted;
 * - 补正: the notice is due within 7 working days of receipt; while it is outstanding the case waits for the
 *   applicant; on receipt of the supplement the 20 days restart from that date (that day not counted);
 * - consultation (征求意见) and fee notice (收费通知) stop the clock; the working days in (start, end] are added
 *   to the due date; overlapping waits count once;
 * - extension: its working days are added, at most 20 in total, approved no later than the current due date. */
#ifndef GONGKAI_CASES_DEADLINE_H
#define GONGKAI_CASES_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "cases/calendar.h"

#define GK_REPLY_WORKING_DAYS 20        /* Art. 33 */
#define GK_EXTENSION_MAX_WORKING_DAYS 20 /* Art. 33 */
#define GK_CORRECTION_NOTICE_WORKING_DAYS 7 /* Art. 30 */
#define GK_CONSULTATION_WORKING_DAYS 15  /* Art. 32: the third party's time to answer */
#define GK_FEE_PAYMENT_WORKING_DAYS 20   /* 109号: unpaid after this → other_unpaid_fee */

enum gk_event_kind {
    GK_EV_RECEIVED,
    GK_EV_CORRECTION_REQUESTED, /* 补正告知 */
    GK_EV_CORRECTION_RECEIVED,
    GK_EV_CORRECTION_LAPSED,
    GK_EV_CONSULTATION_STARTED, /* 征求意见 */
    GK_EV_CONSULTATION_ANSWERED,
    GK_EV_FEE_NOTICE,
    GK_EV_FEE_PAID,
    GK_EV_FEE_LAPSED,
    GK_EV_EXTENSION_APPROVED,
    GK_EV_DECIDED,
    GK_EV_WITHDRAWN,
    GK_EV_DELIVERED,
    GK_EV__COUNT
};

/* "received", "correction_requested", … : stable keys for the store and the CLI ("?" when out of range). */
const char *gk_event_kind_key(enum gk_event_kind kind);
/* Chinese: "收到申请", "补正告知", … ("未知事件" when out of range). */
const char *gk_event_kind_label(enum gk_event_kind kind);
/* The kind with that key, or -1 if unknown. */
int gk_event_kind_from_key(const char *key);

typedef struct gk_event {
    enum gk_event_kind kind;
    gk_date date;
    int extension_days; /* for GK_EV_EXTENSION_APPROVED: working days granted */
} gk_event;

typedef struct gk_deadline {
    bool open;        /* no decision / withdrawal / lapse yet */
    bool paused;      /* open and waiting on a supplement (补正), a consultation or a fee */
    bool provisional; /* `due` depends on a year with no calendar data */
    gk_date due;      /* current reply due date (valid when open && !paused, or the due date at the moment of pausing;
                         for a closed case, the due date when it closed) */
    int paused_working_days; /* working days of finished consultation/fee waits added to `due` (since the last
                                restart after 补正) */
    int extension_days;      /* total extension granted */
    gk_date correction_due;  /* 补正告知 must be sent by this day: 7 working days after receipt */
    char *explanation;       /* owned, Chinese, multi-line */

    /* Additional detail. */
    bool correction_due_provisional; /* correction_due depends on a year with no calendar data */
    bool waiting_correction, waiting_consultation, waiting_fee; /* what an open case is waiting on */
    gk_date paused_since;     /* when paused: the day the current wait began */
    gk_date consultation_due; /* when waiting on a consultation: its start + 15 working days (the latest one) */
    gk_date fee_due;          /* when waiting on a fee: the notice + 20 working days */
    enum gk_event_kind closed_by; /* DECIDED, WITHDRAWN, CORRECTION_LAPSED or FEE_LAPSED; GK_EV__COUNT while open */
    gk_date closed_on;
    bool late;               /* decided after the due date */
    int late_working_days;   /* how many working days after it */
    gk_date delivered_on;    /* last DELIVERED, {0,0,0} if none */
} gk_deadline;

/* Validates the history (events sorted by date; ties keep the given order) and computes the deadline.
 * Returns 0, or -1 with *error a Chinese message naming the offending event (owned by caller; error may be
 * NULL); on -1 *out holds nothing to free. Refused: an empty history or an invalid date or kind; anything
 * before RECEIVED or a second RECEIVED; an event after the case is closed (decided/withdrawn/lapsed) except
 * DELIVERED; DELIVERED while the case is still open; a second DECIDED; CORRECTION_RECEIVED/LAPSED without an
 * open request, or a second request while one is open; CONSULTATION_ANSWERED without start; FEE_PAID/LAPSED
 * without a notice, or a second notice while one is unpaid; an extension of no days, > 20 working days in
 * total, or approved after the current due date. */
int gk_deadline_compute(const gk_calendar *cal, const gk_event *events, size_t n, gk_deadline *out, char **error);
void gk_deadline_free(gk_deadline *dl);

/* True when the case is open, not paused, and `today` is after the due date. */
bool gk_deadline_overdue(const gk_deadline *dl, gk_date today);
/* Working days from today (not counted) to the due date (counted): 0 on the due date, negative when overdue. */
int gk_deadline_working_days_left(const gk_calendar *cal, const gk_deadline *dl, gk_date today);

#endif
