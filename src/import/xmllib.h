/* xmllib: libxml2 and libzip, loaded when the first HTML or DOCX file arrives.
 *
 * libxml2 (with ICU and libstdc++ behind it) and libzip are most of the memory a `gongkai check` of a text report
 * would map, yet only the HTML and DOCX importers use them; so they are opened with dlopen on first use instead of
 * linked, as pdf.c opens poppler. Each library has one table of the functions gongkai calls, filled once per process
 * (any thread may ask first); the libraries' own headers still give the types and struct layouts (xmlNode, zip_stat_t).
 * Add a function by adding a field here and its dlsym line in xmllib.c. */
#ifndef GONGKAI_IMPORT_XMLLIB_H
#define GONGKAI_IMPORT_XMLLIB_H

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <zip.h>

#define LIBXML2_LIBRARY "libxml2.so.2"
#define LIBZIP_LIBRARY "libzip.so.4"

/* libxml2's functions, each named as in libxml2 without the xml prefix. */
typedef struct libxml2_api {
    xmlDocPtr (*read_memory)(const char *buffer, int size, const char *url, const char *encoding, int options);
    /* the HTML parser driven by SAX callbacks (html_tree.c) */
    htmlParserCtxtPtr (*html_new_parser_ctxt)(void);
    htmlDocPtr (*html_ctxt_read_memory)(htmlParserCtxtPtr ctxt, const char *buffer, int size, const char *url,
                                        const char *encoding, int options);
    void (*html_free_parser_ctxt)(htmlParserCtxtPtr ctxt);
    /* a page already in UTF-8 handed to the parser as it is, without the UTF-8 → UTF-8 encoder that
     * htmlCtxtReadMemory plugs in when told the encoding (html_tree.c) */
    xmlParserInputBufferPtr (*parser_input_buffer_create_mem)(const char *mem, int size, xmlCharEncoding enc);
    void (*free_parser_input_buffer)(xmlParserInputBufferPtr in);
    xmlParserInputPtr (*new_io_input_stream)(xmlParserCtxtPtr ctxt, xmlParserInputBufferPtr input,
                                             xmlCharEncoding enc);
    int (*input_push)(xmlParserCtxtPtr ctxt, xmlParserInputPtr value);
    int (*html_ctxt_use_options)(htmlParserCtxtPtr ctxt, int options);
    int (*html_parse_document)(htmlParserCtxtPtr ctxt);
    xmlCharEncoding (*detect_char_encoding)(const unsigned char *in, int len);
    xmlNodePtr (*doc_get_root_element)(const xmlDoc *doc);
    void (*free_doc)(xmlDocPtr doc);
    xmlCharEncodingHandlerPtr (*find_char_encoding_handler)(const char *name);
    int (*char_enc_close_func)(xmlCharEncodingHandler *handler);
    void (*set_generic_error_func)(void *context, xmlGenericErrorFunc handler);
    /* This thread's generic error handler and its context: libxml2's xmlGenericError and xmlGenericErrorContext
     * are macros over these two. */
    xmlGenericErrorFunc *(*generic_error)(void);
    void **(*generic_error_context)(void);
} libxml2_api;

/* libzip's functions, each named as in libzip without the zip_ prefix. */
typedef struct libzip_api {
    void (*error_init)(zip_error_t *error);
    void (*error_fini)(zip_error_t *error);
    zip_source_t *(*source_buffer_create)(const void *data, zip_uint64_t len, int freep, zip_error_t *error);
    void (*source_free)(zip_source_t *source);
    zip_t *(*open_from_source)(zip_source_t *source, int flags, zip_error_t *error);
    void (*discard)(zip_t *archive);
    zip_int64_t (*get_num_entries)(zip_t *archive, zip_flags_t flags);
    zip_int64_t (*name_locate)(zip_t *archive, const char *name, zip_flags_t flags);
    void (*stat_init)(zip_stat_t *st);
    int (*stat_index)(zip_t *archive, zip_uint64_t index, zip_flags_t flags, zip_stat_t *st);
    int (*compression_method_supported)(zip_int32_t method, int compress);
    zip_file_t *(*fopen_index)(zip_t *archive, zip_uint64_t index, zip_flags_t flags);
    zip_int64_t (*fread)(zip_file_t *file, void *data, zip_uint64_t len);
    int (*fclose)(zip_file_t *file);
} libzip_api;

/* libxml2's table; the first call in the process opens the library and initialises its parser (xmlInitParser).
 * Returns NULL when libxml2 or one of its functions cannot be had, with *error a Chinese message naming it (the
 * caller frees). */
const libxml2_api *xmllib_libxml2(char **error);

/* libzip's table, opened by the first call in the process; NULL and *error (caller frees) as xmllib_libxml2. */
const libzip_api *xmllib_libzip(char **error);

#endif
