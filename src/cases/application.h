/* application: one application for disclosure (依申请公开) and its event log as records, and the rules that
 * decide whether a new event makes a possible history (DESIGN.md §3). The store keeps these records; this file
 * knows nothing of storage. */
#ifndef GONGKAI_CASES_APPLICATION_H
#define GONGKAI_CASES_APPLICATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cases/calendar.h"
#include "cases/deadline.h"

typedef struct gk_application {
    int64_t id;          /* 0 before it is stored */
    int64_t agency_id;
    char *tracking_no;   /* owned; unique within the agency */
    int applicant_type;  /* 0..5: column of table 三 (cases/outcome.h) */
    /* personal data (owned, may be NULL): reading them through the CLI or web is written to the audit log */
    char *applicant_name, *id_document, *phone, *address;
    int channel;         /* enum gk_channel */
    gk_date received_on; /* the day of receipt under Art. 31 */
    char *request;       /* owned: the information requested */
    char *form_wanted;   /* owned: the form of provision wanted (纸质、电子邮件…) */
    int outcome_row;     /* FORMAT_2021 row index of the outcome, -1 while open */
    gk_date decided_on;  /* the day the outcome was issued, {0,0,0} while open */
    char *basis;         /* owned: legal basis given with the outcome */
} gk_application;

typedef struct gk_case_event {
    int64_t id, application_id;
    gk_event ev;          /* kind, date, extension_days */
    char *approver;       /* owned: extension: who approved (负责人) */
    char *reason;         /* owned: extension reason, note */
    int outcome_row;      /* closing events: the outcome's row; -1 otherwise */
    char *basis;          /* owned: decided: legal basis */
    int fee_pages;        /* fee notice: pages (按量), 0 for per item (按件) */
    long fee_amount;      /* fee notice: yuan */
} gk_case_event;

/* Initialise to an empty record (outcome_row -1). */
void gk_application_init(gk_application *a);
void gk_case_event_init(gk_case_event *e);
/* Free the owned strings; the record is empty (initialised) afterwards. */
void gk_application_clear(gk_application *a);
void gk_case_event_clear(gk_case_event *e);

/* The deadline of a recorded history (events in recorded order). Returns 0, or -1 with *error (caller frees). */
int gk_case_deadline(const gk_calendar *cal, const gk_case_event *events, size_t n, gk_deadline *out, char **error);

/* Checks that appending *next to the application's recorded history gives a possible history, and completes
 * *next: the outcome of a closing event (lapses → （六）1/2, withdrawal → （六）3), the default basis of an
 * outcome, the fee amount. Refused with a Chinese message in *error (caller frees): a decision before receipt,
 * a second outcome, an outcome reserved to a lapse event, an extension past 20 working days or after the due
 * date, a fee on an application not past the free band, and whatever gk_deadline_compute refuses.
 * fee_nth_in_month: for a per-item fee notice, the application's rank among the same applicant's applications
 * received in that calendar month (1 = first). *after (may be NULL) receives the deadline with the event in
 * (free it with gk_deadline_free). Returns 0 or -1. */
int gk_case_event_prepare(const gk_calendar *cal, const gk_application *app, const gk_case_event *history, size_t n,
                          gk_case_event *next, int fee_nth_in_month, gk_deadline *after, char **error);

#endif
