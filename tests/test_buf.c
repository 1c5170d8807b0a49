/* test_buf: reading whole files into a buffer (buf_read_file): exact sizes, the size limit at and past its edge,
 * empty files, directories, missing files, and a pipe whose length is not known in advance. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/buf.h"

static char folder[] = "/tmp/gongkai-test-buf-XXXXXX";

static char *write_file(const char *name, size_t size)
{
    char *path = xasprintf("%s/%s", folder, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < size; i++) fputc('a' + (int)(i % 26), f);
    fclose(f);
    return path;
}

static void assert_pattern(const buf *b, size_t size)
{
    assert_int_equal(b->len, size);
    for (size_t i = 0; i < size; i++) assert_int_equal(b->data[i], 'a' + (int)(i % 26));
    assert_int_equal(b->data[size], '\0');
}

static void test_sizes_and_limit(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 4095, 65536, 65537, 300000};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        char *path = write_file("f", sizes[k]);
        buf b = BUF_INIT;
        assert_int_equal(buf_read_file(&b, path, 300000), 0);
        assert_pattern(&b, sizes[k]);
        buf_free(&b);
        free(path);
    }
    char *path = write_file("big", 1001);
    buf b = BUF_INIT;
    assert_int_equal(buf_read_file(&b, path, 1000), EFBIG);
    buf_free(&b);
    assert_int_equal(buf_read_file(&b, path, 1001), 0);
    assert_pattern(&b, 1001);
    buf_free(&b);
    free(path);
}

static void test_not_files(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    assert_int_equal(buf_read_file(&b, folder, 1000), EISDIR);
    char *missing = xasprintf("%s/none", folder);
    assert_int_equal(buf_read_file(&b, missing, 1000), ENOENT);
    free(missing);
    buf_free(&b);
}

/* A pipe has no size: the buffer grows as data comes, and the limit still holds. */
static void read_fifo(size_t size, size_t limit, int expected_error)
{
    char *path = xasprintf("%s/fifo", folder);
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        FILE *f = fopen(path, "wb");
        for (size_t i = 0; f && i < size; i++) fputc('a' + (int)(i % 26), f);
        if (f) fclose(f);
        _exit(0);
    }
    buf b = BUF_INIT;
    assert_int_equal(buf_read_file(&b, path, limit), expected_error);
    if (expected_error == 0) assert_pattern(&b, size);
    buf_free(&b);
    kill(child, SIGKILL); /* a writer left blocked on a full pipe after EFBIG */
    waitpid(child, NULL, 0);
    unlink(path);
    free(path);
}

static void test_pipe(void **state)
{
    (void)state;
    read_fifo(200000, 1000000, 0);
    read_fifo(200000, 100000, EFBIG);
}

static int make_folder(void **state)
{
    (void)state;
    return mkdtemp(folder) ? 0 : -1;
}

static int remove_folder(void **state)
{
    (void)state;
    char *command = xasprintf("rm -rf '%s'", folder);
    int rc = system(command);
    free(command);
    return rc == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_and_limit),
        cmocka_unit_test(test_not_files),
        cmocka_unit_test(test_pipe),
    };
    return cmocka_run_group_tests(tests, make_folder, remove_folder);
}
