/* buf: a growable byte buffer and the allocation helpers every layer uses. */
#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "gongkai: 内存不足（申请 %zu 字节失败）\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory(n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) out_of_memory(count * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) out_of_memory(n);
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return buf_detach(&b);
}

void buf_reserve(buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
    b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}


void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    /* Format into the room there is; only when it does not fit, grow and format again. */
    buf_reserve(b, 64);
    va_list copy;
    va_copy(copy, ap);
    size_t room = b->cap - b->len;
    int n = vsnprintf(b->data + b->len, room, fmt, copy);
    va_end(copy);
    if (n < 0) {
        b->data[b->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_clear(buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

char *buf_detach(buf *b)
{
    char *p = b->data ? b->data : xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void buf_free(buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

const char *buf_cstr(const buf *b)
{
    return b->data ? b->data : "";
}

char *decimal_digits(long long v, char *end)
{
    unsigned long long magnitude = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        *--end = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (v < 0) *--end = '-';
    return end;
}

void buf_put_integer(buf *b, long long v)
{
    char digits[24], *end = digits + sizeof digits;
    char *start = decimal_digits(v, end);
    buf_append(b, start, (size_t)(end - start));
}

int buf_read_file(buf *b, const char *path, size_t max_bytes)
{
    /* read(2) straight into the buffer, sized from fstat: no stdio buffer, no copy (bulk imports read thousands) */
    bool from_stdin = strcmp(path, "-") == 0;
    int fd = from_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    struct stat st;
    size_t expected = 0;
    if (!from_stdin && fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) { close(fd); return EISDIR; }
        if (S_ISREG(st.st_mode) && (size_t)st.st_size > max_bytes) { close(fd); return EFBIG; }
        if (S_ISREG(st.st_mode)) expected = (size_t)st.st_size;
    }
    size_t limit = max_bytes; /* the whole buffer, as before */
    if (b->len > limit) {
        if (!from_stdin) close(fd);
        return EFBIG;
    }
    buf_reserve(b, expected ? expected + 1 : 65536); /* + 1: the end of file is seen without growing */
    int err = 0;
    for (;;) {
        if (b->cap - b->len - 1 == 0) buf_reserve(b, b->cap);
        size_t room = b->cap - b->len - 1;
        if (room > limit + 1 - b->len) room = limit + 1 - b->len; /* one byte past the limit tells it was passed */
        ssize_t n = read(fd, b->data + b->len, room);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { err = errno; break; }
        if (n == 0) break;
        b->len += (size_t)n;
        if (b->len > limit) { err = EFBIG; break; }
    }
    if (err == EFBIG) b->len = limit;
    b->data[b->len] = '\0';
    if (!from_stdin) close(fd);
    return err;
}
