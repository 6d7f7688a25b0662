/* Eligibility rules of a programme, stored as data with the programme (API.md,
 * "Programmes") and checked against each applicant at registration. JSON form:
 *
 *   {"age_min":18,"age_max":45,"sexes":["F"],"regions":["MA-09"],
 *    "required_fields":["phone","education"]}
 *
 * Every key is optional and an absent key sets no condition; so do an empty list
 * and null. Ages are whole years on the day of registration, both bounds included.
 * "required_fields" is the "required documents/fields" rule of SPEC.md: optional
 * fields of the registration form that this programme needs filled. Unknown keys
 * are refused, not ignored, so that a misspelt rule cannot silently admit everyone. */
#ifndef SANAD_DOMAIN_ELIGIBILITY_H
#define SANAD_DOMAIN_ELIGIBILITY_H

#include "domain/applicant.h"
#include "domain/dates.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define ELIGIBILITY_AGE_LIMIT 120

/* Sexes, as bits of eligibility.sexes. */
#define ELIGIBILITY_SEX_F 1u
#define ELIGIBILITY_SEX_M 2u

/* Parsed rules. Sets are bit masks so that they come out in one fixed order
 * whatever order they were given in. The has_* flags remember which keys were
 * given, so that a programme's rules read back as they were written. */
struct eligibility {
    bool has_age_min, has_age_max, has_sexes, has_regions, has_required_fields;
    int age_min, age_max;     /* 0–120, age_min <= age_max when both are given */
    unsigned sexes;           /* ELIGIBILITY_SEX_* bits; 0: any */
    uint32_t regions;         /* bit i: region_at(i); 0: every region */
    unsigned required_fields; /* bit i: eligibility_field_names[i] */
};

/* The fields "required_fields" may name, NULL-terminated: phone, email, commune,
 * education, situation, project_idea, first_name_ar, last_name_ar. */
extern const char *const eligibility_field_names[];

/* Reads rules from `json` (an object; NULL or JSON null for no rules), with the
 * region map loaded. Returns 0 with `out` set, or -1 with `problems` filled:
 * field "eligibility" invalid_type when not an object; "eligibility.<key>" with
 * unknown_field, invalid_type (not an integer, not a list of strings),
 * out_of_range (an age outside 0–120), min_above_max (on age_min), invalid_value
 * (an unknown sex, region or field), duplicate_value (a list naming one twice). */
int eligibility_parse(json_t *json, struct eligibility *out /* OUT */,
                      struct field_problems *problems /* OUT */);

/* NULL when applicant `a` meets every rule on `today`, else the name of the first
 * rule failed, in this order: "age_min", "age_max", "sexes", "regions",
 * "required_fields". */
const char *eligibility_check(const struct eligibility *rules, const struct applicant_clean *a,
                              struct date today);

/* The first field that "required_fields" asks for and `a` left empty, or NULL: to
 * tell the applicant what is missing when eligibility_check() answers
 * "required_fields". */
const char *eligibility_missing_field(const struct eligibility *rules,
                                      const struct applicant_clean *a);

/* The rules as a new JSON object (the caller owns the reference): the keys that
 * were given, in the order age_min, age_max, sexes, regions, required_fields, and
 * each list in its fixed order (F before M, regions by code, fields as in
 * eligibility_field_names). */
json_t *eligibility_to_json(const struct eligibility *rules);

#endif
