/* testutil: helpers shared by the cmocka tests: locating the corpus and the source tree, reading files. */
#ifndef GONGKAI_TESTUTIL_H
#define GONGKAI_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/buf.h"

/* The corpus folder (../shared/corpus beside the source tree), or NULL when it is not there. */
const char *test_corpus_dir(void);
/* The source tree root. */
const char *test_source_dir(void);
/* Reads a file whole; fails the test when it cannot. Caller frees. */
char *test_read_file(const char *path, size_t *len);
/* Exit code ctest reads as "skipped". */
#define TEST_SKIPPED 77

#endif
