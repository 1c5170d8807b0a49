/* cli_util: option parsing, output, diagnostics in words and the in-order parallel job runner shared by the
 * gongkai subcommands (see cli_util.h). */
#include "cli/cli_util.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"

/* ---- Options ---- */

bool cli_option_is(const char *arg, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) return false;
    if (name[1] != '-') return true; /* a short option: "-j", "-j2" */
    return arg[n] == '\0' || arg[n] == '=';
}

const char *cli_option_value(const char *subcommand, int argc, char **argv, int *i, const char *name)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (name[1] == '-' && arg[n] == '=') return arg + n + 1; /* --to=json */
    if (name[1] != '-' && arg[n] != '\0') return arg + n;     /* -j2, -oout */
    if (*i + 1 >= argc) {
        cli_usage_error(subcommand, "选项 %s 后面缺少取值", name);
        return NULL;
    }
    return argv[++*i];
}

int cli_parse_jobs(const char *text)
{
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (errno || end == text || *end != '\0' || n < 0 || n > 1024) return -1;
    return (int)n;
}

int cli_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

int cli_usage_error(const char *subcommand, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "gongkai %s: ", subcommand);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n运行 gongkai %s --help 查看用法。\n", subcommand);
    return EXIT_USAGE;
}

int cli_write_output(const char *subcommand, const char *path, const buf *content)
{
    bool to_stdout = path == NULL || strcmp(path, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "gongkai %s: 无法创建输出文件“%s”：%s\n", subcommand, path, strerror(errno));
        return CLI_EXIT_OUTPUT;
    }
    bool ok = fwrite(buf_cstr(content), 1, content->len, f) == content->len;
    ok = (to_stdout ? fflush(f) : fclose(f)) == 0 && ok;
    if (!ok) {
        fprintf(stderr, "gongkai %s: 写入“%s”失败：%s\n", subcommand, to_stdout ? "标准输出" : path, strerror(errno));
        return CLI_EXIT_OUTPUT;
    }
    return 0;
}

/* ---- Reports and diagnostics in words ---- */

const char *cli_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

void cli_describe_report(const report *r, buf *out)
{
    buf_puts(out, r->agency && *r->agency ? r->agency : "（未识别出机关名称）");
    if (r->year) buf_printf(out, " %d年度", r->year);
    else buf_puts(out, " 年度不明");
    buf_printf(out, " %s年格式", r->format->name);
}

void cli_format_diagnostic(const diagnostic *d, buf *out)
{
    buf_printf(out, "%s %s", severity_label(d->severity), d->rule);
    const char *message = d->message ? d->message : "";
    if (d->table != TABLE_NONE) {
        const char *table = table_short_name(d->table);
        if (strncmp(message, table, strlen(table)) != 0) buf_printf(out, " %s", table);
    }
    buf_printf(out, " %s\n", message);
}

void cli_format_counts(size_t errors, size_t warnings, buf *out)
{
    buf_printf(out, "%zu 个错误，%zu 个警告", errors, warnings);
}

/* ---- Parallel runner ---- */

/* Results waiting to be emitted sit in a ring of `window` slots: job i uses slot i % window, and a worker may
 * only start job i once job i - window has been emitted. That bounds memory whatever the input count. */
typedef struct job_slot {
    cli_job_result result;
    bool done;
} job_slot;

typedef struct job_runner {
    size_t count, window;
    cli_job_fn job;
    const void *context;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    size_t next_job;     /* first job no worker has taken */
    size_t next_emit;    /* first job not yet emitted */
    job_slot *slots;     /* window entries */
} job_runner;

static void *worker_main(void *arg)
{
    job_runner *run = arg;
    pthread_mutex_lock(&run->lock);
    for (;;) {
        while (run->next_job < run->count && run->next_job >= run->next_emit + run->window)
            pthread_cond_wait(&run->changed, &run->lock);
        if (run->next_job >= run->count) break;
        size_t index = run->next_job++;
        pthread_mutex_unlock(&run->lock);
        cli_job_result result = {BUF_INIT, BUF_INIT, 0};
        run->job(run->context, index, &result);
        pthread_mutex_lock(&run->lock);
        job_slot *slot = &run->slots[index % run->window];
        slot->result = result;
        slot->done = true;
        pthread_cond_broadcast(&run->changed);
    }
    pthread_mutex_unlock(&run->lock);
    return NULL;
}

static void free_result(cli_job_result *result)
{
    buf_free(&result->out);
    buf_free(&result->err);
}

static int run_inline(size_t count, cli_job_fn job, const void *context, cli_emit_fn emit, void *state)
{
    int worst = 0;
    for (size_t i = 0; i < count; i++) {
        cli_job_result result = {BUF_INIT, BUF_INIT, 0};
        job(context, i, &result);
        emit(state, i, &result);
        if (result.status > worst) worst = result.status;
        free_result(&result);
    }
    return worst;
}

/* The calling thread's part: wait for each job in order, emit it, free its slot for a later job. */
static int emit_in_order(job_runner *run, cli_emit_fn emit, void *state)
{
    int worst = 0;
    pthread_mutex_lock(&run->lock);
    while (run->next_emit < run->count) {
        job_slot *slot = &run->slots[run->next_emit % run->window];
        while (!slot->done) pthread_cond_wait(&run->changed, &run->lock);
        cli_job_result result = slot->result;
        slot->done = false;
        pthread_mutex_unlock(&run->lock);
        emit(state, run->next_emit, &result);
        if (result.status > worst) worst = result.status;
        free_result(&result);
        pthread_mutex_lock(&run->lock);
        run->next_emit++;
        pthread_cond_broadcast(&run->changed);
    }
    pthread_mutex_unlock(&run->lock);
    return worst;
}

int cli_run_jobs(size_t count, int threads, cli_job_fn job, const void *context, cli_emit_fn emit, void *state)
{
    if (threads <= 0) threads = cli_cpu_count();
    if ((size_t)threads > count) threads = (int)count;
    if (threads <= 1) return run_inline(count, job, context, emit, state);

    job_runner run = {.count = count, .window = (size_t)threads * 4, .job = job, .context = context};
    run.slots = xcalloc(run.window, sizeof *run.slots);
    pthread_mutex_init(&run.lock, NULL);
    pthread_cond_init(&run.changed, NULL);
    pthread_t *workers = xcalloc((size_t)threads, sizeof *workers);
    int started = 0;
    for (; started < threads; started++)
        if (pthread_create(&workers[started], NULL, worker_main, &run) != 0) break;
    int worst;
    if (started == 0) {
        worst = run_inline(count, job, context, emit, state);
    } else {
        worst = emit_in_order(&run, emit, state);
    }
    for (int i = 0; i < started; i++) pthread_join(workers[i], NULL);
    pthread_cond_destroy(&run.changed);
    pthread_mutex_destroy(&run.lock);
    free(workers);
    free(run.slots);
    return worst;
}
