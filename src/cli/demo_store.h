/* demo_store: the demo database behind `gongkai demo --db FILE` and the README's run command — a county government
 * (示范县人民政府) over two departments, a user for every role, and the departments' work from 1 January of last
 * year to today: applications with their events (补正, 征求意见, 收费, 延期, 答复, 送达), normative documents, yearly
 * counts, appeals, and last year's annual reports (one published on the portal). Everything goes through the store
 * API, so deadlines, the register's checks and the reports are the real ones. */
#ifndef GONGKAI_CLI_DEMO_STORE_H
#define GONGKAI_CLI_DEMO_STORE_H

#include <stddef.h>
#include <stdio.h>

#include "cases/calendar.h"

/* Every demo user has this password (printed with the logins). */
#define DEMO_PASSWORD "gongkai-demo"

typedef struct demo_login {
    const char *username, *role, *display_name, *agency;
} demo_login;

extern const demo_login DEMO_LOGINS[];
extern const size_t DEMO_LOGIN_COUNT;

/* Creates the demo database at path (which must not exist yet) as of `today`; progress lines go to `out` (may be
 * NULL). Returns 0, or -1 with *error (Chinese, caller frees). */
int demo_store_create(const char *path, gk_date today, FILE *out, char **error);

/* Prints the URL's logins: one line per demo user. */
void demo_print_logins(FILE *out);

#endif
