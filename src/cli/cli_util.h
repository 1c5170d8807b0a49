/* cli_util: pieces the gongkai subcommands share: option parsing, usage errors, writing output, diagnostics in
 * Chinese, and a runner that does one job per input file on N threads while printing results in input order. */
#ifndef GONGKAI_CLI_CLI_UTIL_H
#define GONGKAI_CLI_CLI_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "report/diag.h"
#include "report/report.h"
#include "util/buf.h"

/* Exit code when the output cannot be written (sysexits EX_IOERR). */
#define CLI_EXIT_OUTPUT 74

/* ---- Options ---- */

/* True when arg is "--name" or "--name=…", or for a short name "-j" also "-j2" (name with its dashes). */
bool cli_option_is(const char *arg, const char *name);
/* The value of an option that takes one: "--to json", "--to=json", "-o out", "-oout", "-j2". Advances *i past a
 * separate value. Returns NULL (after printing a usage error for `subcommand`) when the value is missing. */
const char *cli_option_value(const char *subcommand, int argc, char **argv, int *i, const char *name);
/* Parses a thread count for -j: a decimal 0…1024, where 0 means every core. Returns -1 when it is not one. */
int cli_parse_jobs(const char *text);
/* Number of online processors (at least 1). */
int cli_cpu_count(void);

/* Prints "gongkai <subcommand>: <message>" and a hint to run --help on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *subcommand, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes content to the file at path, or to stdout when path is NULL or "-". Returns 0, or CLI_EXIT_OUTPUT after
 * printing a Chinese message naming the file. */
int cli_write_output(const char *subcommand, const char *path, const buf *content);

/* ---- Reports and diagnostics in words ---- */

/* The file name without its folders, for headers. Points into path. */
const char *cli_base_name(const char *path);
/* "宽城满族自治县人民政府办公室 2023年度 2021年格式" — what a header says about a report. */
void cli_describe_report(const report *r, buf *out);
/* One line: "错误 R4 表四 行政复议：…". The table is named unless the message already starts with it. */
void cli_format_diagnostic(const diagnostic *d, buf *out);
/* "2 个错误，1 个警告" (no line break). */
void cli_format_counts(size_t errors, size_t warnings, buf *out);

/* ---- Parallel runner ---- */

/* What one job produced: text for stdout, text for stderr, and the job's exit status. */
typedef struct cli_job_result {
    buf out;
    buf err;
    int status;
} cli_job_result;

/* Does job `index`; writes into result (zeroed beforehand). Called from worker threads: it may only read
 * `context`. */
typedef void (*cli_job_fn)(const void *context, size_t index, cli_job_result *result);
/* Receives each result on the calling thread, in index order; typically prints it. May keep state in `state`. */
typedef void (*cli_emit_fn)(void *state, size_t index, const cli_job_result *result);

/* Runs jobs 0…count-1 on `threads` worker threads (1: on the calling thread, no thread is started) and hands the
 * results to emit in index order as soon as each is ready; at most a few results per thread wait in memory.
 * Returns the largest status of all jobs. */
int cli_run_jobs(size_t count, int threads, cli_job_fn job, const void *context, cli_emit_fn emit, void *state);

#endif
