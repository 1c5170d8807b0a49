/* buf: a growable byte buffer, the one string builder of gongkai. Always NUL-terminated. */
#ifndef GONGKAI_UTIL_BUF_H
#define GONGKAI_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct buf {
    char *data;   /* owned; NUL-terminated whenever len > 0 or after buf_reserve */
    size_t len;
    size_t cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

void buf_reserve(buf *b, size_t extra);
/* buf_append and buf_putc run for every piece of every report: inline, with the growth out of line. */
static inline void buf_append(buf *b, const void *data, size_t len)
{
    if (b->len + len + 1 > b->cap) buf_reserve(b, len);
    if (len) memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}
static inline void buf_putc(buf *b, char c)
{
    if (b->len + 2 > b->cap) buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}
void buf_puts(buf *b, const char *s);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
void buf_clear(buf *b);
/* Returns the contents (never NULL) and hands ownership to the caller; b is empty afterwards. */
char *buf_detach(buf *b);
void buf_free(buf *b);
/* Contents as a C string, "" when empty. */
const char *buf_cstr(const buf *b);

/* Writes v in decimal, as printf's %lld would, ending just before `end` (20 bytes of room suffice); returns where
 * the digits start. Without printf: a report's checks and datasets print hundreds of numbers. */
char *decimal_digits(long long v, char *end);
/* Appends v in decimal (decimal_digits). */
void buf_put_integer(buf *b, long long v);

/* Reads a whole file into b. Refuses files larger than max_bytes. Returns 0, or an errno value
 * (EFBIG when too large). */
int buf_read_file(buf *b, const char *path, size_t max_bytes);

/* xmalloc family: abort with a message on out-of-memory; never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a newly allocated string (caller frees); aborts like xmalloc on out-of-memory. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
