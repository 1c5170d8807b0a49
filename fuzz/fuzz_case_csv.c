/* fuzz_case_csv: libFuzzer target for the CSV importers of the case register: any bytes → the application CSV
 * parser and the four register parsers (documents, yearly counts, channel counts, appeals), then, for small
 * inputs, the all-or-nothing import into an in-memory store. Nothing may crash, hang or leak; every parsed row
 * must be valid (dates real, keys known, decided not before received); a refused import must say why. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cases/csv_import.h"
#include "cases/outcome.h"
#include "store/store.h"

static void check_rows(const gk_application_rows *rows)
{
    for (size_t i = 0; i < rows->count; i++) {
        const gk_application *a = &rows->rows[i];
        if (!a->tracking_no || !*a->tracking_no || !gk_applicant_type_key(a->applicant_type) ||
            !gk_date_valid(a->received_on) || !gk_channel_def_at(a->channel) ||
            (a->outcome_row >= 0 && gk_date_cmp(a->decided_on, a->received_on) < 0) || rows->lines[i] < 2) {
            fprintf(stderr, "an invalid row was accepted (line %d)\n", rows->lines[i]);
            abort();
        }
    }
}

/* One in-memory store for the whole run (opening and migrating one per input would dominate the time); rows of
 * accepted inputs stay, which only makes later tracking numbers clash. */
static gk_store *shared_store(int64_t *agency)
{
    static gk_store *s;
    static int64_t id;
    char *error = NULL;
    if (!s && (store_open(":memory:", true, &s, &error) != 0 || store_migrate(s, NULL, &error) != 0 ||
               store_agency_add(s, "模糊测试机构", 0, &id, &error) != 0)) {
        fprintf(stderr, "in-memory store: %s\n", error ? error : "?");
        abort();
    }
    *agency = id;
    return s;
}

static void import_into_memory(const uint8_t *data, size_t size)
{
    int64_t agency = 0;
    gk_store *s = shared_store(&agency);
    char *error = NULL;
    size_t count = 0;
    if (store_import_applications_csv(s, agency, (const char *)data, size, "fuzz.csv", &count, &error) != 0) {
        if (!error) abort();
        free(error);
        error = NULL;
    }
    if (store_import_register_csv(s, agency, GK_REGISTER_APPEALS, (const char *)data, size, "fuzz.csv", &count, &error) != 0) {
        if (!error) abort();
        free(error);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gk_import_errors errors;
    gk_import_errors_init(&errors, 20);
    gk_application_rows rows;
    size_t bad = gk_parse_application_csv((const char *)data, size, &rows, &errors);
    if (bad == 0) check_rows(&rows);
    gk_application_rows_free(&rows);
    char *message = gk_import_errors_message(&errors, "fuzz.csv");
    free(message);
    gk_import_errors_free(&errors);
    for (int kind = GK_REGISTER_DOCUMENTS; kind <= GK_REGISTER_APPEALS; kind++) {
        gk_register_rows reg;
        gk_import_errors_init(&errors, 20);
        gk_parse_register_csv((enum gk_register_kind)kind, (const char *)data, size, &reg, &errors);
        gk_register_rows_free(&reg);
        gk_import_errors_free(&errors);
    }
    if (size < 4096) import_into_memory(data, size);
    return 0;
}
