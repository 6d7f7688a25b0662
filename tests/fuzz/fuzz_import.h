/* Shared by the CSV and XLSX harnesses: a data row of an accepted sheet through
 * import_rows.h as the import endpoint takes it, once without a programme's
 * rules and once with rules that set every kind of condition.
 * Must hold: a row is valid exactly when it has no problem; the normalised CIN
 * of a valid row is the one import_row_cin() reads; a valid applicant has
 * consent and a province of her known region; with the rules, a row is valid
 * when it was valid without them and eligibility_check() finds no rule failed,
 * and otherwise an eligible-looking row has exactly one problem, a
 * "not_eligible.<rule>" code. */
#ifndef SANAD_FUZZ_IMPORT_H
#define SANAD_FUZZ_IMPORT_H

#include "fuzz_common.h"

#include "domain/eligibility.h"
#include "domain/regions.h"
#include "formats/import_rows.h"

#include <jansson.h>
#include <string.h>

static struct eligibility fuzz_import_rules;

/* To call from LLVMFuzzerInitialize(). */
static inline void fuzz_import_init(void)
{
    if (regions_load() != 0)
        abort();
    json_t *json = json_loads("{\"age_min\":18,\"age_max\":45,\"sexes\":[\"F\"],"
                              "\"regions\":[\"MA-06\",\"MA-09\"],"
                              "\"required_fields\":[\"email\",\"education\"]}",
                              0, NULL);
    struct field_problems problems;
    if (!json || eligibility_parse(json, &fuzz_import_rules, &problems) != 0)
        abort();
    json_decref(json);
}

static inline void fuzz_check_import_row(const struct import_columns *cols,
                                         const struct sheet_row *row, bool date1904)
{
    const struct date today = {2026, 11, 22};
    struct applicant_clean clean, ruled;
    struct field_problems problems;
    char cin[CIN_SIZE];
    bool has_cin = import_row_cin(cols, row, cin);
    bool valid = import_row_validate(cols, row, date1904, NULL, today, &clean, &problems);
    FUZZ_CHECK(valid == (problems.count == 0));
    if (valid) {
        FUZZ_CHECK(has_cin && strcmp(cin, clean.cin) == 0);
        FUZZ_CHECK(clean.consent);
        FUZZ_CHECK(region_find(clean.region->code) == clean.region);
        FUZZ_CHECK(region_has_province(clean.region, clean.province));
    }

    bool eligible =
        import_row_validate(cols, row, date1904, &fuzz_import_rules, today, &ruled, &problems);
    FUZZ_CHECK(eligible == (problems.count == 0));
    if (!valid) {
        FUZZ_CHECK(!eligible);
        return;
    }
    const char *rule = eligibility_check(&fuzz_import_rules, &clean, today);
    FUZZ_CHECK(eligible == (rule == NULL));
    if (!eligible)
        FUZZ_CHECK(problems.count == 1 &&
                   strncmp(problems.items[0].code, "not_eligible.", 13) == 0);
}

#endif
