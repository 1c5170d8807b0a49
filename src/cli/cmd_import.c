/* cmd_import: `gongkai import --out DATASET DIR|FILE…`: reads every file of the folders given (recursively) and the
 * files named, whatever their names: the form (text, HTML, PDF, DOCX, JSON) comes from the content. Each report is
 * checked and becomes one record of the dataset (CSV, JSON Lines or XLSX, export/dataset.h), in a stable order
 * (arguments in order, folders sorted by name) whatever the number of threads. Files are read on N threads in
 * batches of a few files; each worker also renders its records for the dataset. At most a few batches per thread
 * wait in memory (cli_run_jobs), the dataset is written as they come. A file that cannot be
 * read is noted and skipped. On a terminal a progress bar shows files done, rate and time left. At the end a
 * summary: reports read, files not read with the reason for each, and how many reports have findings under each
 * rule. Exit 0 when the run completed (even with unreadable files), 2 when no report could be read, 74 when the
 * dataset cannot be written, 64 on a usage error. */
#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli_util.h"
#include "cli/cmd.h"
#include "export/dataset.h"
#include "import/import.h"
#include "report/check.h"

static const char IMPORT_USAGE[] =
    "用法: gongkai import --out 数据集.csv|.jsonl|.xlsx [选项] 目录|文件…\n"
    "批量导入政府信息公开工作年度报告，逐份核对，生成一个数据集：每份报告一条记录，含来源文件、机关、年度、\n"
    "格式、全部表格数值，以及各条规则（R1–R5、B、S、X4、D）的发现数。目录逐层读取其中全部文件；文件格式\n"
    "（文本、网页、PDF、DOCX、JSON）按内容识别，与扩展名无关。无法读取的文件会被记下并跳过，不会中断导入。\n\n"
    "选项:\n"
    "  -o, --out 文件     数据集文件；按扩展名写成 CSV（.csv）、JSON Lines（.jsonl）或 Excel（.xlsx）\n"
    "  -j N               用 N 个线程同时读取（默认 0：全部处理器核心）；记录顺序与线程数无关\n"
    "  --no-progress      不显示进度条（输出不是终端时本来就不显示）\n"
    "  -h, --help         显示本说明\n\n"
    "记录顺序：按参数顺序；目录内按文件名排序。结束时列出读取的报告数、未能读取的文件及原因、各规则下\n"
    "有发现的报告数。\n"
    "退出码: 0 导入完成（即使有文件未能读取）；2 一份报告也未能读取；74 数据集无法写入；64 用法错误。\n";

/* Folders deeper than this below an argument are not entered (a guard against pathological trees). */
#define MAX_FOLDER_DEPTH 64
/* The progress bar is redrawn at most this often, in seconds. */
#define PROGRESS_INTERVAL 0.1
/* Files per job, at most. A job is a batch of files, so that the workers and the writer meet (a lock, a wake-up of
 * the sleeping writer, another for a waiting worker) once per batch rather than once per file: 10,000 files make
 * 1,250 jobs instead of 10,000 (40,000 futex calls → 5,000). */
#define IMPORT_BATCH 8
/* Smaller batches when there are few files, so that each thread still gets this many jobs or more. */
#define JOBS_PER_THREAD 8

typedef struct import_options {
    const char *out;
    enum dataset_kind kind;
    int jobs;
    bool progress;
    char **inputs; /* point into argv; owned array */
    size_t input_count;
} import_options;

/* The files to read, and how many arguments or folders could not be walked. */
typedef struct file_list {
    char **paths; /* owned */
    size_t count, cap;
    size_t failures; /* arguments and folders that could not be read */
    dev_t skip_dev;  /* the dataset itself, should it lie in a folder being read */
    ino_t skip_ino;
    const char *skip_name; /* the dataset's file name without its folders */
} file_list;

/* What a worker tells the writer about one file, in cli_job_result.out, ahead of len bytes: the record rendered for
 * the dataset when the file was read, else why it was not (a line for the summary). */
typedef struct import_outcome {
    bool read;
    unsigned error_rules;   /* bit i: an error under DATASET_RULES[i] */
    unsigned finding_rules; /* bit i: any finding under DATASET_RULES[i] */
    size_t len;
} import_outcome;

typedef struct import_context {
    const file_list *files;
    size_t batch; /* files per job */
    const dataset_schema *schema;
    enum dataset_kind kind;
    atomic_bool *stop; /* set when the dataset cannot be written: the remaining files are not read */
} import_context;

/* What the writer keeps across records. */
typedef struct import_state {
    dataset *out;
    const file_list *files;
    atomic_bool *stop;
    size_t done, read, unreadable;
    size_t with_errors[DATASET_RULE_COUNT], with_findings[DATASET_RULE_COUNT];
    FILE *failures;     /* the failure lines, replayed in the summary (a temporary file: memory stays bounded) */
    char *write_error;  /* owned: why the dataset could not be written */
    bool progress;
    double started, last_drawn;
} import_state;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Files per job: IMPORT_BATCH, or fewer so that a small import is still spread over every thread. */
static size_t import_batch_size(size_t files, int threads)
{
    size_t batch = files / ((size_t)(threads > 0 ? threads : 1) * JOBS_PER_THREAD);
    return batch < 1 ? 1 : batch > IMPORT_BATCH ? IMPORT_BATCH : batch;
}

/* ---- options ---- */

static int parse_import_options(int argc, char **argv, import_options *o)
{
    o->inputs = xcalloc((size_t)argc, sizeof *o->inputs);
    o->jobs = 0;
    o->progress = true;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-') {
            o->inputs[o->input_count++] = argv[i];
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (cli_option_is(arg, "--out") || cli_option_is(arg, "-o")) {
            if (!(o->out = cli_option_value("import", argc, argv, &i, arg[1] == 'o' ? "-o" : "--out"))) return EXIT_USAGE;
        } else if (cli_option_is(arg, "-j") || cli_option_is(arg, "--jobs")) {
            const char *value = cli_option_value("import", argc, argv, &i, arg[1] == 'j' ? "-j" : "--jobs");
            if (!value) return EXIT_USAGE;
            if ((o->jobs = cli_parse_jobs(value)) < 0)
                return cli_usage_error("import", "-j 的取值“%s”不是 0 到 1024 之间的整数", value);
        } else if (strcmp(arg, "--no-progress") == 0) {
            o->progress = false;
        } else {
            return cli_usage_error("import", "不认识的选项“%s”", arg);
        }
    }
    if (!o->out) return cli_usage_error("import", "请用 --out 给出数据集文件（.csv、.jsonl 或 .xlsx）");
    if (!dataset_kind_from_path(o->out, &o->kind))
        return cli_usage_error("import", "数据集文件“%s”的扩展名应为 .csv、.jsonl 或 .xlsx", o->out);
    if (o->input_count == 0) return cli_usage_error("import", "请给出要导入的目录或文件");
    if (o->jobs == 0) o->jobs = cli_cpu_count();
    return 0;
}

/* ---- finding the files ---- */

static void add_file(file_list *list, const char *path)
{
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 1024;
        list->paths = xrealloc(list->paths, list->cap * sizeof *list->paths);
    }
    list->paths[list->count++] = xstrdup(path);
}

static void note_failure(file_list *list, FILE *failures, const char *path, const char *reason)
{
    fprintf(failures, "%s：%s\n", path, reason);
    list->failures++;
}

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

static void walk(file_list *list, const char *path, int depth, FILE *failures);
static void walk_folder(file_list *list, const char *path, int depth, FILE *failures);

/* Whether a folder entry the folder listing calls a regular file may be the dataset being written, so that only
 * it needs a stat: the dataset shows there under its own name, or under another name (a hard link) with its inode
 * number. Every other regular file is taken as listed, without a stat per file (10,000 files: ~40 ms). */
static bool may_be_dataset(const file_list *list, const struct dirent *entry)
{
    return entry->d_ino == list->skip_ino || strcmp(entry->d_name, list->skip_name) == 0;
}

/* Adds one entry of a folder. The type the listing gives saves a stat for plain files and folders; links, other
 * types and file systems that give no type go through walk, which looks at the entry itself. */
static void walk_entry(file_list *list, const struct dirent *entry, const char *path, int depth, FILE *failures)
{
    if (entry->d_type == DT_REG && !may_be_dataset(list, entry)) add_file(list, path);
    else if (entry->d_type == DT_DIR) walk_folder(list, path, depth, failures);
    else walk(list, path, depth, failures);
}

static void walk_folder(file_list *list, const char *path, int depth, FILE *failures)
{
    if (depth > MAX_FOLDER_DEPTH) {
        note_failure(list, failures, path, "目录层次过深，未读取");
        return;
    }
    struct dirent **entries = NULL;
    int n = scandir(path, &entries, NULL, by_name);
    if (n < 0) {
        note_failure(list, failures, path, strerror(errno));
        return;
    }
    buf child = BUF_INIT;
    buf_puts(&child, path);
    if (child.len == 0 || child.data[child.len - 1] != '/') buf_putc(&child, '/');
    size_t folder_len = child.len;
    for (int i = 0; i < n; i++) {
        const char *name = entries[i]->d_name;
        if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
            child.len = folder_len;
            buf_puts(&child, name);
            walk_entry(list, entries[i], child.data, depth + 1, failures);
        }
        free(entries[i]);
    }
    free(entries);
    buf_free(&child);
}

/* Adds path: a regular file (or a link to one), or every file below a folder. Links to folders are not followed
 * (no loops); devices, sockets and pipes are skipped silently. */
static void walk(file_list *list, const char *path, int depth, FILE *failures)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        note_failure(list, failures, path, depth == 0 ? "文件或目录不存在" : strerror(errno));
        return;
    }
    if (S_ISLNK(st.st_mode)) {
        if (stat(path, &st) != 0) {
            if (depth == 0) note_failure(list, failures, path, "链接指向的文件不存在");
            return;
        }
        if (S_ISDIR(st.st_mode) && depth > 0) return;
    }
    if (S_ISDIR(st.st_mode)) {
        walk_folder(list, path, depth, failures);
    } else if (S_ISREG(st.st_mode)) {
        if (st.st_dev == list->skip_dev && st.st_ino == list->skip_ino) return; /* the dataset being written */
        add_file(list, path);
    } else if (depth == 0) {
        note_failure(list, failures, path, "不是普通文件");
    }
}

static void file_list_free(file_list *list)
{
    for (size_t i = 0; i < list->count; i++) free(list->paths[i]);
    free(list->paths);
}

/* ---- reading files (worker threads) ---- */

/* Appends one file's entry to a batch's output: the outcome, then its payload (see import_outcome). */
static void put_entry(buf *out, import_outcome outcome, const char *payload, size_t len)
{
    outcome.len = len;
    buf_append(out, &outcome, sizeof outcome);
    buf_append(out, payload, len);
}

/* Reads, imports and checks one file and appends its entry to out. The record is rendered here, on the worker, as
 * the dataset takes it (for CSV and JSON Lines its finished line), so the writing thread only copies bytes. */
static void read_file(const import_context *c, const char *path, buf *out)
{
    import_outcome outcome = {0};
    if (atomic_load(c->stop)) {
        static const char not_read[] = "未读取（数据集无法写入，导入已停止）";
        put_entry(out, outcome, not_read, sizeof not_read - 1);
        return;
    }
    buf data = BUF_INIT;
    char *error = NULL;
    report *r = NULL;
    int err = buf_read_file(&data, path, IMPORT_MAX_BYTES);
    enum source_kind kind = SOURCE_UNKNOWN;
    if (err == 0) {
        r = import_buffer_kind(data.data ? data.data : "", data.len, path, &kind, &error);
    } else {
        buf b = BUF_INIT;
        if (err == EFBIG) buf_printf(&b, "%s：文件过大（超过 %zu MB），不像是一份年度报告", path, IMPORT_MAX_BYTES >> 20);
        else buf_printf(&b, "%s：无法打开文件（%s）", path, strerror(err));
        error = buf_detach(&b);
    }
    buf_free(&data);
    if (!r) {
        const char *why = error ? error : "无法读取";
        put_entry(out, outcome, why, strlen(why));
        free(error);
        return;
    }
    diag_list diags = DIAG_LIST_INIT;
    report_check(r, NULL, &diags);
    outcome.read = true;
    for (size_t i = 0; i < diags.count; i++) {
        int k = dataset_rule_index(diags.items[i].rule);
        if (k < 0) continue;
        outcome.finding_rules |= 1u << k;
        if (diags.items[i].severity == SEVERITY_ERROR) outcome.error_rules |= 1u << k;
    }
    size_t at = out->len;
    buf_append(out, &outcome, sizeof outcome);
    dataset_record record = {path, source_kind_name(kind), r, &diags};
    dataset_render(c->schema, c->kind, &record, out);
    outcome.len = out->len - at - sizeof outcome;
    memcpy(out->data + at, &outcome, sizeof outcome);
    diag_list_free(&diags);
    report_free(r);
    free(error);
}

/* One job: the files of batch `index`, their entries one after the other in result->out. */
static void read_batch(const void *context, size_t index, cli_job_result *result)
{
    const import_context *c = context;
    size_t first = index * c->batch, end = first + c->batch < c->files->count ? first + c->batch : c->files->count;
    for (size_t i = first; i < end; i++) read_file(c, c->files->paths[i], &result->out);
}

/* ---- writing, in order (calling thread) ---- */

static void clear_progress(import_state *s)
{
    if (s->progress) fputs("\r\033[K", stderr);
}

static void draw_progress(import_state *s, bool force)
{
    if (!s->progress) return;
    double now = now_seconds();
    if (!force && now - s->last_drawn < PROGRESS_INTERVAL) return;
    s->last_drawn = now;
    size_t total = s->files->count;
    double elapsed = now - s->started, rate = elapsed > 0 ? s->done / elapsed : 0;
    int width = 24, filled = total ? (int)((double)s->done / total * width) : width;
    char bar[64];
    for (int i = 0; i < width; i++) bar[i] = i < filled ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r[%s] %zu/%zu 个文件  %.0f 个/秒", bar, s->done, total, rate);
    if (rate > 0 && s->done < total) {
        double left = (double)(total - s->done) / rate;
        if (left < 1) fputs("  预计剩余不到 1 秒", stderr);
        else if (left < 120) fprintf(stderr, "  预计剩余 %.0f 秒", left);
        else fprintf(stderr, "  预计剩余 %.0f 分钟", left / 60);
    }
    fputs("\033[K", stderr);
    fflush(stderr);
}

/* Takes one file's entry: its record into the dataset, or its reason into the list of files not read. */
static void write_entry(import_state *s, const import_outcome *outcome, const char *payload)
{
    s->done++;
    if (!outcome->read) {
        s->unreadable++;
        fwrite(payload, 1, outcome->len, s->failures);
        fputc('\n', s->failures);
    } else if (!s->write_error) {
        char *error = NULL;
        if (dataset_write(s->out, payload, outcome->len, &error) != 0) {
            s->write_error = error;
            atomic_store(s->stop, true);
        } else {
            s->read++;
            for (int k = 0; k < DATASET_RULE_COUNT; k++) {
                s->with_errors[k] += (outcome->error_rules >> k) & 1u;
                s->with_findings[k] += (outcome->finding_rules >> k) & 1u;
            }
        }
    }
}

/* Takes a batch's entries in order. */
static void write_batch(void *state, size_t index, const cli_job_result *result)
{
    import_state *s = state;
    (void)index;
    size_t at = 0;
    while (result->out.len - at >= sizeof(import_outcome)) {
        import_outcome outcome;
        memcpy(&outcome, result->out.data + at, sizeof outcome);
        at += sizeof outcome;
        write_entry(s, &outcome, result->out.data + at);
        at += outcome.len;
    }
    draw_progress(s, false);
}

/* ---- summary ---- */

/* What each counted rule checks, for the summary. */
static const char *rule_summary(const char *rule)
{
    static const char *const what[][2] = {
        {"R1", "第一项+第二项=第三项+第四项"}, {"R2", "总计栏=各类申请人之和"},
        {"R3", "办理结果总计=各项结果之和"},   {"R4", "复议、诉讼总计=各结果之和"},
        {"R5", "数值不得为负"},               {"B", "空白单元格"},
        {"S", "报告结构"},                     {"X4", "正文数字与表格不符"},
        {"D", "粘连数字无法唯一拆分"}};
    for (size_t i = 0; i < sizeof what / sizeof what[0]; i++)
        if (strcmp(what[i][0], rule) == 0) return what[i][1];
    return "";
}

static void print_summary(import_state *s, const import_options *o, double seconds)
{
    printf("导入完成：共 %zu 个文件，读取报告 %zu 份，未能读取 %zu 个；用时 %.2f 秒（%.0f 个文件/秒）。\n",
           s->files->count + s->files->failures, s->read, s->unreadable, seconds,
           seconds > 0 ? s->done / seconds : 0.0);
    printf("数据集：%s（%zu 条记录）\n", o->out, s->read);
    if (s->unreadable > 0) {
        printf("未能读取的文件（%zu 个）：\n", s->unreadable);
        rewind(s->failures);
        char line[8192];
        while (fgets(line, sizeof line, s->failures)) printf("  %s%s", line, strchr(line, '\n') ? "" : "\n");
    }
    if (s->read > 0) {
        printf("各规则下有发现的报告（共 %zu 份）：\n", s->read);
        for (int k = 0; k < DATASET_RULE_COUNT; k++)
            printf("  %-3s 有错误 %6zu 份，有发现 %6zu 份  （%s）\n", DATASET_RULES[k], s->with_errors[k],
                   s->with_findings[k], rule_summary(DATASET_RULES[k]));
    }
}

/* ---- the command ---- */

static int run_import(const import_options *o)
{
    dataset_schema schema;
    dataset_schema_init(&schema);
    char *error = NULL;
    dataset *out = dataset_create(o->out, o->kind, &schema, &error);
    if (!out) {
        fprintf(stderr, "gongkai import: %s\n", error);
        free(error);
        dataset_schema_free(&schema);
        return CLI_EXIT_OUTPUT;
    }
    import_state s = {.out = out, .progress = o->progress && isatty(STDERR_FILENO)};
    s.failures = tmpfile();
    if (!s.failures) s.failures = stderr; /* no temporary file: report failures as they come */
    file_list files = {0};
    struct stat st;
    if (stat(o->out, &st) == 0) files.skip_dev = st.st_dev, files.skip_ino = st.st_ino;
    files.skip_name = cli_base_name(o->out);
    if (s.progress) fputs("正在查找文件…", stderr);
    for (size_t i = 0; i < o->input_count; i++) walk(&files, o->inputs[i], 0, s.failures);
    s.unreadable = files.failures;
    s.files = &files;
    atomic_bool stop = false;
    s.stop = &stop;
    import_context context = {&files, import_batch_size(files.count, o->jobs), &schema, o->kind, &stop};
    s.started = now_seconds();
    draw_progress(&s, true);
    size_t batches = (files.count + context.batch - 1) / context.batch;
    cli_run_jobs(batches, o->jobs, read_batch, &context, write_batch, &s);
    double seconds = now_seconds() - s.started;
    draw_progress(&s, true);
    clear_progress(&s);
    int status = EXIT_CLEAN;
    if (dataset_finish(out, &error) != 0 && !s.write_error) s.write_error = error;
    else free(error);
    print_summary(&s, o, seconds);
    if (s.write_error) {
        fprintf(stderr, "gongkai import: %s\n", s.write_error);
        status = CLI_EXIT_OUTPUT;
    } else if (s.read == 0) {
        fprintf(stderr, "gongkai import: 一份报告也未能读取\n");
        status = EXIT_UNREADABLE;
    }
    if (s.failures != stderr) fclose(s.failures);
    free(s.write_error);
    file_list_free(&files);
    dataset_schema_free(&schema);
    return status;
}

int cmd_import(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        fputs(IMPORT_USAGE, stdout);
        return 0;
    }
    import_options o = {0};
    int status = parse_import_options(argc, argv, &o);
    if (status == 0) status = run_import(&o);
    free(o.inputs);
    return status;
}
