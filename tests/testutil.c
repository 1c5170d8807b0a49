/* testutil: helpers shared by the cmocka tests. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

const char *test_source_dir(void)
{
    const char *dir = getenv("GONGKAI_SOURCE_DIR");
    return dir ? dir : ".";
}

const char *test_corpus_dir(void)
{
    const char *dir = getenv("GONGKAI_CORPUS");
    struct stat st;
    if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) return NULL;
    return dir;
}

char *test_read_file(const char *path, size_t *len)
{
    buf b = BUF_INIT;
    int err = buf_read_file(&b, path, (size_t)1 << 30);
    if (err) {
        fprintf(stderr, "cannot read %s\n", path);
        fail();
    }
    if (len) *len = b.len;
    return buf_detach(&b);
}
