/* xmllib: libxml2 and libzip, loaded when the first HTML or DOCX file arrives (see xmllib.h). Each table is filled
 * once under pthread_once; `missing` names the library or function that could not be had. The libraries are never
 * closed: their tables stay valid for the life of the process. */
#include "import/xmllib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#include <libxml/globals.h>
#include <libxml/parserInternals.h> /* inputPush */

#include "util/buf.h"

#ifndef LIBXML_THREAD_ENABLED
#error "xmllib.c expects a libxml2 built with threads (xmlGenericError as a per-thread function)"
#endif

/* One library's table while it is being filled. */
typedef struct loader {
    void *library;
    const char *missing; /* the first library or function that could not be had, NULL when none */
} loader;

static void *find_symbol(loader *l, const char *name)
{
    void *symbol = l->library ? dlsym(l->library, name) : NULL;
    if (!symbol && !l->missing) l->missing = name;
    return symbol;
}

/* Stores symbol's address from the library into field; the unevaluated comparison lets the compiler check that the
 * field's type is the type libxml2's or libzip's header gives the function. */
#define BIND(l, table, field, symbol)                                                                                  \
    do {                                                                                                               \
        (void)sizeof((table).field == symbol);                                                                         \
        *(void **)&(table).field = find_symbol((l), #symbol);                                                          \
    } while (0)

/* Lazy binding: libxml2 drags in ICU and libstdc++, and binding every function of all of them at once (RTLD_NOW)
 * costs a process about 1.5 M instructions more, a third of a page's import; gongkai calls a few dozen, each
 * bound on its first call. Whether the functions gongkai needs exist is still known here, from dlsym. */
static void open_library(loader *l, const char *soname)
{
    l->library = dlopen(soname, RTLD_LAZY | RTLD_LOCAL);
    l->missing = l->library ? NULL : soname;
}

/* ---- libxml2 ---- */

static libxml2_api libxml2;
static const char *libxml2_missing;
static pthread_once_t libxml2_once = PTHREAD_ONCE_INIT;

static void load_libxml2(void)
{
    loader l;
    open_library(&l, LIBXML2_LIBRARY);
    void (*init_parser)(void) = NULL;
    BIND(&l, libxml2, read_memory, xmlReadMemory);
    BIND(&l, libxml2, html_new_parser_ctxt, htmlNewParserCtxt);
    BIND(&l, libxml2, html_ctxt_read_memory, htmlCtxtReadMemory);
    BIND(&l, libxml2, html_free_parser_ctxt, htmlFreeParserCtxt);
    BIND(&l, libxml2, parser_input_buffer_create_mem, xmlParserInputBufferCreateMem);
    BIND(&l, libxml2, free_parser_input_buffer, xmlFreeParserInputBuffer);
    BIND(&l, libxml2, new_io_input_stream, xmlNewIOInputStream);
    BIND(&l, libxml2, input_push, inputPush);
    BIND(&l, libxml2, html_ctxt_use_options, htmlCtxtUseOptions);
    BIND(&l, libxml2, html_parse_document, htmlParseDocument);
    BIND(&l, libxml2, detect_char_encoding, xmlDetectCharEncoding);
    BIND(&l, libxml2, doc_get_root_element, xmlDocGetRootElement);
    BIND(&l, libxml2, free_doc, xmlFreeDoc);
    BIND(&l, libxml2, find_char_encoding_handler, xmlFindCharEncodingHandler);
    BIND(&l, libxml2, char_enc_close_func, xmlCharEncCloseFunc);
    BIND(&l, libxml2, set_generic_error_func, xmlSetGenericErrorFunc);
    BIND(&l, libxml2, generic_error, __xmlGenericError);
    BIND(&l, libxml2, generic_error_context, __xmlGenericErrorContext);
    (void)sizeof(init_parser == xmlInitParser);
    *(void **)&init_parser = find_symbol(&l, "xmlInitParser");
    libxml2_missing = l.missing;
    /* Initialised here, once, before any thread parses (xmlInitParser itself is not safe to race). */
    if (!libxml2_missing) init_parser();
}

const libxml2_api *xmllib_libxml2(char **error)
{
    pthread_once(&libxml2_once, load_libxml2);
    if (!libxml2_missing) return &libxml2;
    *error = xasprintf("缺少 XML 解析组件（%s），无法读取网页和 DOCX 文件，请安装 libxml2 软件包", libxml2_missing);
    return NULL;
}

/* ---- libzip ---- */

static libzip_api libzip;
static const char *libzip_missing;
static pthread_once_t libzip_once = PTHREAD_ONCE_INIT;

static void load_libzip(void)
{
    loader l;
    open_library(&l, LIBZIP_LIBRARY);
    BIND(&l, libzip, error_init, zip_error_init);
    BIND(&l, libzip, error_fini, zip_error_fini);
    BIND(&l, libzip, source_buffer_create, zip_source_buffer_create);
    BIND(&l, libzip, source_free, zip_source_free);
    BIND(&l, libzip, open_from_source, zip_open_from_source);
    BIND(&l, libzip, discard, zip_discard);
    BIND(&l, libzip, get_num_entries, zip_get_num_entries);
    BIND(&l, libzip, name_locate, zip_name_locate);
    BIND(&l, libzip, stat_init, zip_stat_init);
    BIND(&l, libzip, stat_index, zip_stat_index);
    BIND(&l, libzip, compression_method_supported, zip_compression_method_supported);
    BIND(&l, libzip, fopen_index, zip_fopen_index);
    BIND(&l, libzip, fread, zip_fread);
    BIND(&l, libzip, fclose, zip_fclose);
    libzip_missing = l.missing;
}

const libzip_api *xmllib_libzip(char **error)
{
    pthread_once(&libzip_once, load_libzip);
    if (!libzip_missing) return &libzip;
    *error = xasprintf("缺少 ZIP 解压组件（%s），无法读取 DOCX 文件，请安装 libzip4 软件包", libzip_missing);
    return NULL;
}
