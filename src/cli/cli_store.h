/* cli_store: what the record-keeping subcommands (db, agency, case, calendar, fee, register, report) share:
 * finding and opening the database, choosing the acting agency, today's date, the acting user for the audit
 * log, and parsing dates and numbers from the command line with Chinese errors. */
#ifndef GONGKAI_CLI_CLI_STORE_H
#define GONGKAI_CLI_CLI_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "cases/calendar.h"
#include "store/store.h"

/* Options of one subcommand: those taking a value, flags, and the positional arguments. */
#define CLI_MAX_OPTIONS 24
#define CLI_MAX_POSITIONAL 8
typedef struct cli_opts {
    const char *const *value_names; /* NULL-terminated: "--db", "--agency", … */
    const char *const *flag_names;  /* NULL-terminated, may be NULL */
    const char *values[CLI_MAX_OPTIONS];
    bool flags[CLI_MAX_OPTIONS];
    const char *positional[CLI_MAX_POSITIONAL];
    int positional_count;
} cli_opts;

/* Parses argv[first..argc); "--" ends options. Returns 0, or prints a usage error and returns EXIT_USAGE for an
 * unknown option, a missing value or too many arguments. */
int cli_parse_opts(const char *subcommand, int argc, char **argv, int first, cli_opts *o);
/* The value of a value option, NULL when not given. */
const char *cli_opt(const cli_opts *o, const char *name);
bool cli_flag(const cli_opts *o, const char *name);

/* The database location: the value of --db, else $GONGKAI_DB, else ./gongkai.db. */
const char *cli_db_location(const char *option_value);
/* Opens an initialised store; prints a Chinese error and returns a non-zero exit code on failure. */
int cli_open_store(const char *subcommand, const char *option_value, gk_store **out);
/* The acting agency: --agency ID when given, else the only agency of the store. Prints an error and returns a
 * non-zero exit code when it cannot tell. */
int cli_pick_agency(const char *subcommand, gk_store *s, const char *option_value, int64_t *agency);
/* Today: --today value, else $GONGKAI_TODAY, else the local date. Returns 0 or prints an error and returns
 * EXIT_USAGE. */
int cli_today(const char *subcommand, const char *option_value, gk_date *out);
/* Who is acting, for the audit log: $GONGKAI_ACTOR, else $USER, else "unknown". */
const char *cli_actor(void);
/* Parses YYYY-MM-DD; prints a usage error naming `what` on failure (returns EXIT_USAGE), else 0. */
int cli_parse_date(const char *subcommand, const char *what, const char *text, gk_date *out);
/* Parses a decimal integer in [min, max]; prints a usage error naming `what` on failure. */
int cli_parse_int(const char *subcommand, const char *what, const char *text, long long min, long long max,
                  long long *out);
/* Prints "gongkai <subcommand>: <message>" (a store error) to stderr and frees message. Returns 1. */
int cli_store_error(const char *subcommand, char *message);

#endif
