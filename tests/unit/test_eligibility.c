/* Unit tests of src/domain/eligibility: reading a programme's rules from JSON (every
 * refusal, with its field and code), writing them back in normal form, and judging
 * applicants on a given day, at the very edges of the age range. */
#include "core/util.h"
#include "domain/applicant.h"
#include "domain/dates.h"
#include "domain/eligibility.h"
#include "domain/regions.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static struct field_problems problems;

static int setup(void **unused)
{
    (void)unused;
    return regions_load();
}

static json_t *json(const char *text)
{
    json_error_t error;
    json_t *value = json_loads(text, JSON_DECODE_ANY, &error);
    if (!value)
        fail_msg("bad test JSON %s: %s", text, error.text);
    return value;
}

static struct eligibility rules_of(const char *text)
{
    struct eligibility rules;
    json_t *value = json(text);
    if (eligibility_parse(value, &rules, &problems) != 0)
        fail_msg("%s refused: %s %s", text, problems.items[0].field, problems.items[0].code);
    assert_int_equal(problems.count, 0);
    json_decref(value);
    return rules;
}

/* Parses `text` and checks that it is refused with exactly one problem. */
static void expect_refused(const char *text, const char *field, const char *code)
{
    struct eligibility rules;
    json_t *value = json(text);
    assert_int_equal(eligibility_parse(value, &rules, &problems), -1);
    json_decref(value);
    if (problems.count != 1 || strcmp(problems.items[0].field, field) != 0 ||
        strcmp(problems.items[0].code, code) != 0)
        fail_msg("%s: expected %s %s, got %d problems, first %s %s", text, field, code,
                 problems.count, problems.count ? problems.items[0].field : "-",
                 problems.count ? problems.items[0].code : "-");
}

/* The rules read from `text`, written back as compact JSON. */
static void expect_normal_form(const char *text, const char *expected)
{
    struct eligibility rules = rules_of(text);
    json_t *back = eligibility_to_json(&rules);
    char *dumped = json_dumps(back, JSON_COMPACT);
    if (strcmp(dumped, expected) != 0)
        fail_msg("%s: expected %s, got %s", text, expected, dumped);
    /* The normal form reads back to itself. */
    struct eligibility again;
    assert_int_equal(eligibility_parse(back, &again, &problems), 0);
    json_t *twice = eligibility_to_json(&again);
    assert_true(json_equal(back, twice));
    json_decref(twice);
    free(dumped);
    json_decref(back);
}

static void parse_the_api_example(void **unused)
{
    (void)unused;
    struct eligibility rules =
        rules_of("{\"age_min\":18,\"age_max\":45,\"sexes\":[\"F\"],\"regions\":[]}");
    assert_true(rules.has_age_min && rules.has_age_max && rules.has_sexes && rules.has_regions);
    assert_false(rules.has_required_fields);
    assert_int_equal(rules.age_min, 18);
    assert_int_equal(rules.age_max, 45);
    assert_int_equal(rules.sexes, ELIGIBILITY_SEX_F);
    assert_int_equal(rules.regions, 0);
    expect_normal_form("{\"age_min\":18,\"age_max\":45,\"sexes\":[\"F\"],\"regions\":[]}",
                       "{\"age_min\":18,\"age_max\":45,\"sexes\":[\"F\"],\"regions\":[]}");
}

static void normal_form(void **unused)
{
    (void)unused;
    expect_normal_form("{}", "{}");
    expect_normal_form("{\"regions\":[\"MA-12\",\"MA-01\",\"MA-09\"],\"age_max\":30}",
                       "{\"age_max\":30,\"regions\":[\"MA-01\",\"MA-09\",\"MA-12\"]}");
    expect_normal_form("{\"sexes\":[\"M\",\"F\"]}", "{\"sexes\":[\"F\",\"M\"]}");
    expect_normal_form(
        "{\"required_fields\":[\"last_name_ar\",\"phone\",\"education\"],\"age_min\":0}",
        "{\"age_min\":0,\"required_fields\":[\"phone\",\"education\",\"last_name_ar\"]}");
    expect_normal_form("{\"age_min\":null,\"sexes\":null,\"regions\":null,"
                       "\"required_fields\":null,\"age_max\":null}",
                       "{}");
    expect_normal_form("{\"age_min\":120,\"age_max\":120}", "{\"age_min\":120,\"age_max\":120}");

    /* Every field that may be required, and nothing else. */
    json_t *all = json_array();
    for (size_t i = 0; eligibility_field_names[i]; i++)
        json_array_append_new(all, json_string(eligibility_field_names[i]));
    assert_int_equal(json_array_size(all), 8);
    json_t *object = json_pack("{s:o}", "required_fields", all);
    struct eligibility rules;
    assert_int_equal(eligibility_parse(object, &rules, &problems), 0);
    assert_int_equal(rules.required_fields, 0xFF);
    json_decref(object);
}

static void no_rules(void **unused)
{
    (void)unused;
    struct eligibility rules;
    memset(&rules, 0xFF, sizeof rules);
    assert_int_equal(eligibility_parse(NULL, &rules, &problems), 0);
    assert_int_equal(problems.count, 0);
    assert_false(rules.has_age_min || rules.has_age_max || rules.has_sexes ||
                 rules.has_regions || rules.has_required_fields);
    json_t *null = json_null();
    memset(&rules, 0xFF, sizeof rules);
    assert_int_equal(eligibility_parse(null, &rules, &problems), 0);
    assert_false(rules.has_age_min);
    json_decref(null);
}

static void refusals(void **unused)
{
    (void)unused;
    expect_refused("[]", "eligibility", "invalid_type");
    expect_refused("\"age_min=18\"", "eligibility", "invalid_type");
    expect_refused("18", "eligibility", "invalid_type");

    expect_refused("{\"age_minimum\":18}", "eligibility.age_minimum", "unknown_field");
    expect_refused("{\"Age_min\":18}", "eligibility.Age_min", "unknown_field");
    expect_refused("{\"sex\":[\"F\"]}", "eligibility.sex", "unknown_field");
    expect_refused("{\"nationality\":null}", "eligibility.nationality", "unknown_field");

    expect_refused("{\"age_min\":\"18\"}", "eligibility.age_min", "invalid_type");
    expect_refused("{\"age_min\":18.0}", "eligibility.age_min", "invalid_type");
    expect_refused("{\"age_max\":45.5}", "eligibility.age_max", "invalid_type");
    expect_refused("{\"age_max\":true}", "eligibility.age_max", "invalid_type");
    expect_refused("{\"age_max\":[45]}", "eligibility.age_max", "invalid_type");
    expect_refused("{\"age_min\":-1}", "eligibility.age_min", "out_of_range");
    expect_refused("{\"age_max\":121}", "eligibility.age_max", "out_of_range");
    expect_refused("{\"age_max\":4294967314}", "eligibility.age_max", "out_of_range");
    expect_refused("{\"age_min\":46,\"age_max\":45}", "eligibility.age_min", "min_above_max");

    expect_refused("{\"sexes\":\"F\"}", "eligibility.sexes", "invalid_type");
    expect_refused("{\"sexes\":[1]}", "eligibility.sexes", "invalid_type");
    expect_refused("{\"sexes\":[null]}", "eligibility.sexes", "invalid_type");
    expect_refused("{\"sexes\":[\"X\"]}", "eligibility.sexes", "invalid_value");
    expect_refused("{\"sexes\":[\"f\"]}", "eligibility.sexes", "invalid_value");
    expect_refused("{\"sexes\":[\"F\",\"F\"]}", "eligibility.sexes", "duplicate_value");

    expect_refused("{\"regions\":\"MA-09\"}", "eligibility.regions", "invalid_type");
    expect_refused("{\"regions\":[\"MA-13\"]}", "eligibility.regions", "invalid_value");
    expect_refused("{\"regions\":[\"ma-09\"]}", "eligibility.regions", "invalid_value");
    expect_refused("{\"regions\":[\"Souss-Massa\"]}", "eligibility.regions", "invalid_value");
    expect_refused("{\"regions\":[\"MA-09\",\"MA-01\",\"MA-09\"]}", "eligibility.regions",
                   "duplicate_value");

    expect_refused("{\"required_fields\":{}}", "eligibility.required_fields", "invalid_type");
    expect_refused("{\"required_fields\":[\"cin\"]}", "eligibility.required_fields",
                   "invalid_value");
    expect_refused("{\"required_fields\":[\"first_name\"]}", "eligibility.required_fields",
                   "invalid_value");
    expect_refused("{\"required_fields\":[\"phone\",\"phone\"]}", "eligibility.required_fields",
                   "duplicate_value");
}

static void every_problem_is_reported(void **unused)
{
    (void)unused;
    struct eligibility rules;
    json_t *value = json("{\"age_min\":-5,\"age_max\":\"x\",\"sexes\":[\"Q\"],\"regions\":"
                         "[\"MA-99\"],\"required_fields\":[\"cv\"],\"quota\":3,\"rule\":1}");
    assert_int_equal(eligibility_parse(value, &rules, &problems), -1);
    json_decref(value);
    assert_int_equal(problems.count, 7);
    assert_string_equal(field_problem_code(&problems, "eligibility.age_min"), "out_of_range");
    assert_string_equal(field_problem_code(&problems, "eligibility.age_max"), "invalid_type");
    assert_string_equal(field_problem_code(&problems, "eligibility.sexes"), "invalid_value");
    assert_string_equal(field_problem_code(&problems, "eligibility.regions"), "invalid_value");
    assert_string_equal(field_problem_code(&problems, "eligibility.required_fields"),
                        "invalid_value");
    assert_string_equal(field_problem_code(&problems, "eligibility.quota"), "unknown_field");
    assert_string_equal(field_problem_code(&problems, "eligibility.rule"), "unknown_field");
}

/* ---- Checking applicants ---- */

static struct date day(const char *text)
{
    struct date d;
    if (!date_parse(text, &d))
        fail_msg("not a date: %s", text);
    return d;
}

static struct applicant_clean applicant(const char *birth_date, const char *sex,
                                        const char *region, const char *province)
{
    struct applicant in = {
        .cin = "AB123456", .first_name = "Fatima", .last_name = "El Idrissi",
        .birth_date = birth_date, .sex = sex, .phone = "0612345678", .region = region,
        .province = province, .consent = true,
    };
    struct applicant_clean out;
    if (!applicant_validate(&in, day("2025-06-15"), &out, &problems))
        fail_msg("test applicant refused: %s %s", problems.items[0].field,
                 problems.items[0].code);
    return out;
}

static void age_bounds_on_the_day(void **unused)
{
    (void)unused;
    struct eligibility rules = rules_of("{\"age_min\":18,\"age_max\":45}");
    struct date today = day("2025-06-15");
    struct {
        const char *birth_date, *expected;
    } cases[] = {
        {"2007-06-15", NULL},      /* 18 today */
        {"2007-06-16", "age_min"}, /* 18 tomorrow */
        {"2007-06-14", NULL},
        {"2010-01-01", "age_min"},
        {"1980-06-15", NULL},      /* 45 today */
        {"1979-06-15", "age_max"}, /* 46 today */
        {"1979-06-16", NULL},      /* 46 tomorrow: still 45 today */
        {"1978-12-31", "age_max"},
        {"1994-03-02", NULL},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct applicant_clean a = applicant(cases[i].birth_date, "F", "MA-09", "Taroudant");
        const char *rule = eligibility_check(&rules, &a, today);
        if ((rule == NULL) != (cases[i].expected == NULL) ||
            (rule && strcmp(rule, cases[i].expected) != 0))
            fail_msg("born %s: expected %s, got %s", cases[i].birth_date,
                     cases[i].expected ? cases[i].expected : "eligible",
                     rule ? rule : "eligible");
    }

    /* Born on 29 February: 18 on 1 March of a common year, not on 28 February. */
    struct applicant_clean leap = applicant("2004-02-29", "F", "MA-09", "Taroudant");
    assert_string_equal(eligibility_check(&rules, &leap, day("2022-02-28")), "age_min");
    assert_null(eligibility_check(&rules, &leap, day("2022-03-01")));

    /* One bound alone; equal bounds. */
    struct applicant_clean a = applicant("1994-03-02", "F", "MA-09", "Taroudant");
    rules = rules_of("{\"age_max\":31}");
    assert_null(eligibility_check(&rules, &a, today));
    rules = rules_of("{\"age_max\":30}");
    assert_string_equal(eligibility_check(&rules, &a, today), "age_max");
    rules = rules_of("{\"age_min\":31,\"age_max\":31}");
    assert_null(eligibility_check(&rules, &a, today));
    assert_string_equal(eligibility_check(&rules, &a, day("2025-03-01")), "age_min");
    assert_string_equal(eligibility_check(&rules, &a, day("2026-03-02")), "age_max");
}

static void sexes_and_regions(void **unused)
{
    (void)unused;
    struct date today = day("2025-06-15");
    struct applicant_clean woman = applicant("1994-03-02", "F", "MA-09", "Taroudant");
    struct applicant_clean man = applicant("1994-03-02", "M", "MA-01", "Tétouan");

    struct eligibility rules = rules_of("{\"sexes\":[\"F\"]}");
    assert_null(eligibility_check(&rules, &woman, today));
    assert_string_equal(eligibility_check(&rules, &man, today), "sexes");
    rules = rules_of("{\"sexes\":[\"M\"]}");
    assert_string_equal(eligibility_check(&rules, &woman, today), "sexes");
    rules = rules_of("{\"sexes\":[\"F\",\"M\"]}");
    assert_null(eligibility_check(&rules, &man, today));
    rules = rules_of("{\"sexes\":[]}");
    assert_null(eligibility_check(&rules, &man, today));

    rules = rules_of("{\"regions\":[\"MA-09\",\"MA-12\"]}");
    assert_null(eligibility_check(&rules, &woman, today));
    assert_string_equal(eligibility_check(&rules, &man, today), "regions");
    rules = rules_of("{\"regions\":[\"MA-01\"]}");
    assert_string_equal(eligibility_check(&rules, &woman, today), "regions");
    assert_null(eligibility_check(&rules, &man, today));
    rules = rules_of("{\"regions\":[]}");
    assert_null(eligibility_check(&rules, &woman, today));
    /* Every region can be named, the last one included. */
    struct applicant_clean dakhla = applicant("1994-03-02", "F", "MA-12", "Oued Ed-Dahab");
    rules = rules_of("{\"regions\":[\"MA-12\"]}");
    assert_null(eligibility_check(&rules, &dakhla, today));

    /* The first rule failed is named, in the documented order. */
    rules = rules_of("{\"sexes\":[\"F\"],\"age_min\":40,\"regions\":[\"MA-09\"]}");
    assert_string_equal(eligibility_check(&rules, &man, today), "age_min");
    rules = rules_of("{\"regions\":[\"MA-09\"],\"sexes\":[\"F\"],\"age_max\":40}");
    assert_string_equal(eligibility_check(&rules, &man, today), "sexes");
    rules = rules_of("{\"required_fields\":[\"email\"],\"regions\":[\"MA-09\"]}");
    assert_string_equal(eligibility_check(&rules, &man, today), "regions");

    rules = rules_of("{}");
    assert_null(eligibility_check(&rules, &woman, today));
    assert_null(eligibility_check(&rules, &man, today));
}

static void required_fields(void **unused)
{
    (void)unused;
    struct date today = day("2025-06-15");
    struct applicant_clean bare = applicant("1994-03-02", "F", "MA-09", "Taroudant");
    struct applicant full = {
        .cin = "AB123456", .first_name = "Fatima", .last_name = "El Idrissi",
        .first_name_ar = "فاطمة", .last_name_ar = "الإدريسي", .birth_date = "1994-03-02",
        .sex = "F", .phone = "0612345678", .email = "fatima@example.ma", .region = "MA-09",
        .province = "Taroudant", .commune = "Ouled Teima", .education = "secondary",
        .situation = "unemployed", .project_idea = "Atelier de couture", .consent = true,
    };
    struct applicant_clean complete;
    assert_true(applicant_validate(&full, today, &complete, &problems));

    for (size_t i = 0; eligibility_field_names[i]; i++) {
        json_t *value = json_pack("{s:[s]}", "required_fields", eligibility_field_names[i]);
        struct eligibility rules;
        assert_int_equal(eligibility_parse(value, &rules, &problems), 0);
        json_decref(value);
        assert_null(eligibility_check(&rules, &complete, today));
        assert_null(eligibility_missing_field(&rules, &complete));
        if (strcmp(eligibility_field_names[i], "phone") == 0)
            continue; /* every valid applicant has one */
        assert_string_equal(eligibility_check(&rules, &bare, today), "required_fields");
        assert_string_equal(eligibility_missing_field(&rules, &bare),
                            eligibility_field_names[i]);
    }

    /* An applicant with one optional field filled meets that field's rule and no
     * other (phone aside, which every applicant has). */
    for (size_t i = 0; eligibility_field_names[i]; i++) {
        const char *filled = eligibility_field_names[i];
        struct applicant one = {
            .cin = "AB123456", .first_name = "Fatima", .last_name = "El Idrissi",
            .birth_date = "1994-03-02", .sex = "F", .phone = "0612345678", .region = "MA-09",
            .province = "Taroudant", .consent = true,
        };
        if (strcmp(filled, "email") == 0)
            one.email = full.email;
        else if (strcmp(filled, "commune") == 0)
            one.commune = full.commune;
        else if (strcmp(filled, "education") == 0)
            one.education = full.education;
        else if (strcmp(filled, "situation") == 0)
            one.situation = full.situation;
        else if (strcmp(filled, "project_idea") == 0)
            one.project_idea = full.project_idea;
        else if (strcmp(filled, "first_name_ar") == 0)
            one.first_name_ar = full.first_name_ar;
        else if (strcmp(filled, "last_name_ar") == 0)
            one.last_name_ar = full.last_name_ar;
        struct applicant_clean a;
        assert_true(applicant_validate(&one, today, &a, &problems));
        for (size_t j = 0; eligibility_field_names[j]; j++) {
            const char *asked = eligibility_field_names[j];
            json_t *value = json_pack("{s:[s]}", "required_fields", asked);
            struct eligibility rules;
            assert_int_equal(eligibility_parse(value, &rules, &problems), 0);
            json_decref(value);
            bool met = j == i || strcmp(asked, "phone") == 0;
            const char *rule = eligibility_check(&rules, &a, today);
            if (met != (rule == NULL))
                fail_msg("%s filled, %s asked: %s", filled, asked, rule ? rule : "eligible");
        }
    }

    struct applicant only = {
        .cin = "AB123456", .first_name = "Fatima", .last_name = "El Idrissi",
        .birth_date = "1994-03-02", .sex = "F", .phone = "0612345678", .region = "MA-09",
        .province = "Taroudant", .consent = true, .situation = "student",
    };
    struct applicant_clean student;
    assert_true(applicant_validate(&only, today, &student, &problems));
    struct eligibility rules =
        rules_of("{\"required_fields\":[\"situation\",\"education\",\"commune\"]}");
    assert_string_equal(eligibility_check(&rules, &student, today), "required_fields");
    assert_string_equal(eligibility_missing_field(&rules, &student), "commune");
    rules = rules_of("{\"required_fields\":[]}");
    assert_null(eligibility_check(&rules, &bare, today));
    assert_null(eligibility_missing_field(&rules, &bare));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_the_api_example),
        cmocka_unit_test(normal_form),
        cmocka_unit_test(no_rules),
        cmocka_unit_test(refusals),
        cmocka_unit_test(every_problem_is_reported),
        cmocka_unit_test(age_bounds_on_the_day),
        cmocka_unit_test(sexes_and_regions),
        cmocka_unit_test(required_fields),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
