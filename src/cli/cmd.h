/* cmd: the gongkai command's subcommands: one file cmd_<name>.c each, one table in cmd.c (as cgit's cmd.c). */
#ifndef GONGKAI_CLI_CMD_H
#define GONGKAI_CLI_CMD_H

typedef int (*cmd_fn)(int argc, char **argv);

typedef struct command {
    const char *name;
    cmd_fn run;          /* argv[0] is the subcommand name; NULL in the lean program: run by the full one (cmd.c) */
    const char *summary; /* one line, Chinese, for `gongkai --help` */
} command;

int cmd_dispatch(int argc, char **argv);

/* Subcommands (each in cmd_<name>.c). */
int cmd_check(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_case(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_fee(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_register(int argc, char **argv);
int cmd_agency(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);

/* Exit codes (DESIGN.md §6). */
enum { EXIT_CLEAN = 0, EXIT_RULE_FAILED = 1, EXIT_UNREADABLE = 2 };
/* Usage errors exit with this. */
#define EXIT_USAGE 64

/* True when argv[i] is -h or --help. */
int cmd_wants_help(int argc, char **argv);

#endif
