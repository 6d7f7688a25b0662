/* Fuzzes the public registration validator, from raw bytes to an eligible
 * applicant, the way the registration handler (api/applications.c) goes:
 * json_body_parse(), the object's members checked against the registration
 * fields, registration_body_read(), applicant_validate() on a fixed day, then
 * for a valid applicant her search keys and a few fixed sets of programme
 * eligibility rules. The CIN and phone read from the body also go through
 * cin_normalize() and phone_normalize() on their own, valid or not.
 * Must hold: no memory error, leak or undefined behaviour; every field error has
 * a code of the message catalogue; a string read from the body is the member's
 * value, UTF-8 without control characters; a CIN or phone, once normalised, has
 * the stated form and normalises to itself; applicant_validate() accepts exactly
 * when it reports no problem, and an accepted applicant has a normalised CIN and
 * phone, F or M, a province of her region, an age within the bounds on the day,
 * consent, and one complete pair of names; the search keys are UTF-8 and the
 * search words non-empty and without space; eligibility answers no rule or the
 * first rule the applicant fails, which the harness recomputes. */
#include "fuzz_common.h"

#include "core/arena.h"
#include "core/i18n.h"
#include "core/util.h"
#include "domain/applicant.h"
#include "domain/eligibility.h"
#include "domain/regions.h"
#include "domain/search_keys.h"
#include "http/body.h"

#include <jansson.h>
#include <string.h>

static const struct date today = {2026, 11, 22};

/* Programme rules as an administrator may write them: none, each kind of
 * condition alone, and all of them together. */
static const char *const rule_texts[] = {
    "{}",
    "{\"age_min\":18,\"age_max\":35}",
    "{\"sexes\":[\"F\"]}",
    "{\"regions\":[\"MA-09\",\"MA-01\",\"MA-12\"]}",
    "{\"required_fields\":[\"email\",\"education\",\"first_name_ar\",\"last_name_ar\"]}",
    ("{\"age_min\":16,\"age_max\":45,\"sexes\":[\"M\",\"F\"],\"regions\":[\"MA-06\"],"
     "\"required_fields\":[\"phone\",\"commune\",\"situation\",\"project_idea\"]}"),
};
#define RULE_SETS (sizeof rule_texts / sizeof rule_texts[0])
static struct eligibility rule_sets[RULE_SETS];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (regions_load() != 0)
        abort();
    for (size_t i = 0; i < RULE_SETS; i++) {
        json_t *json = json_loads(rule_texts[i], 0, NULL);
        struct field_problems problems;
        if (!json || eligibility_parse(json, &rule_sets[i], &problems) != 0)
            abort();
        json_decref(json);
    }
    return 0;
}

static bool code_known(const char *code)
{
    return code && strcmp(i18n_text(LANG_EN, code), code) != 0;
}

static void check_errors(const struct field_errors *fe)
{
    size_t i;
    json_t *e;
    json_array_foreach(fe->list, i, e) {
        FUZZ_CHECK(json_is_string(json_object_get(e, "field")));
        FUZZ_CHECK(code_known(json_string_value(json_object_get(e, "code"))));
    }
}

static bool is_member(const char *const names[], const char *name)
{
    for (size_t i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

static bool all_in(const char *s, size_t from, size_t to, const char *set)
{
    return strspn(s + from, set) >= to - from;
}

static void check_cin(const char *in)
{
    char cin[CIN_SIZE], again[CIN_SIZE];
    if (!cin_normalize(in, cin))
        return;
    size_t n = strlen(cin);
    size_t letters = strspn(cin, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    FUZZ_CHECK(letters >= 1 && letters <= 2 && n > letters && n - letters <= 6);
    FUZZ_CHECK(all_in(cin, letters, n, "0123456789"));
    FUZZ_CHECK(cin_normalize(cin, again) && strcmp(cin, again) == 0);
}

static void check_phone(const char *in)
{
    char phone[PHONE_SIZE], again[PHONE_SIZE];
    if (!phone_normalize(in, phone))
        return;
    FUZZ_CHECK(strlen(phone) == 13 && strncmp(phone, "+212", 4) == 0);
    FUZZ_CHECK(phone[4] >= '5' && phone[4] <= '7' && all_in(phone, 5, 13, "0123456789"));
    FUZZ_CHECK(phone_normalize(phone, again) && strcmp(phone, again) == 0);
}

/* What registration_body_read() gave for one text member of the body. */
static void check_read_text(json_t *body, const char *name, const char *value, bool multiline)
{
    if (!value)
        return;
    json_t *member = json_object_get(body, name);
    FUZZ_CHECK(json_is_string(member) && value == json_string_value(member));
    size_t n = strlen(value);
    FUZZ_CHECK(n == json_string_length(member) && utf8_valid(value, n));
    FUZZ_CHECK(multiline ? !text_has_control_but_breaks(value) : !text_has_control(value));
    FUZZ_CHECK(utf8_length(value) <= REGISTRATION_TEXT_MAX_CHARS);
}

/* The first rule of `rules` that `a` fails, worked out from the header's words. */
static const char *expected_rule(const struct eligibility *rules, const struct applicant_clean *a)
{
    int age = age_on(a->birth_date, today);
    if (rules->has_age_min && age < rules->age_min)
        return "age_min";
    if (rules->has_age_max && age > rules->age_max)
        return "age_max";
    unsigned sex = a->sex[0] == 'F' ? ELIGIBILITY_SEX_F : ELIGIBILITY_SEX_M;
    if (rules->sexes && !(rules->sexes & sex))
        return "sexes";
    if (rules->regions) {
        bool listed = false;
        for (size_t i = 0; i < regions_count() && !listed; i++)
            listed = region_at(i) == a->region && (rules->regions & (UINT32_C(1) << i));
        if (!listed)
            return "regions";
    }
    if (eligibility_missing_field(rules, a))
        return "required_fields";
    return NULL;
}

static void check_valid(struct arena *arena, const struct applicant *in,
                        const struct applicant_clean *a)
{
    char cin[CIN_SIZE], phone[PHONE_SIZE];
    FUZZ_CHECK(cin_normalize(in->cin, cin) && strcmp(cin, a->cin) == 0);
    FUZZ_CHECK(phone_normalize(in->phone, phone) && strcmp(phone, a->phone) == 0);
    FUZZ_CHECK(strcmp(a->sex, "F") == 0 || strcmp(a->sex, "M") == 0);
    FUZZ_CHECK(region_find(a->region->code) == a->region);
    FUZZ_CHECK(region_has_province(a->region, a->province));
    int age = age_on(a->birth_date, today);
    FUZZ_CHECK(age >= APPLICANT_AGE_MIN && age <= APPLICANT_AGE_MAX);
    FUZZ_CHECK(a->consent);
    FUZZ_CHECK((a->first_name[0] && a->last_name[0]) ||
               (a->first_name_ar[0] && a->last_name_ar[0]));
    const char *names[] = {a->first_name, a->last_name, a->first_name_ar, a->last_name_ar};
    for (size_t i = 0; i < 4; i++) {
        size_t n = strlen(names[i]);
        FUZZ_CHECK(utf8_valid(names[i], n) && utf8_length(names[i]) <= APPLICANT_NAME_MAX_CHARS);
        FUZZ_CHECK(n == 0 || (names[i][0] != ' ' && names[i][n - 1] != ' '));
    }
    FUZZ_CHECK(!a->education || is_member(applicant_educations, a->education));
    FUZZ_CHECK(!a->situation || is_member(applicant_situations, a->situation));

    struct search_keys keys;
    search_keys_for(arena, a, &keys);
    for (size_t i = 0; i < NAME_MATCH_KEYS_MAX; i++)
        FUZZ_CHECK(!keys.match[i] || (utf8_valid(keys.match[i], strlen(keys.match[i])) &&
                                      strncmp(keys.match[i], "n1|", 3) == 0));
    FUZZ_CHECK(!keys.match[1] || (keys.match[0] && strcmp(keys.match[0], keys.match[1]) != 0));
    for (size_t i = 0; keys.words[i]; i++) {
        FUZZ_CHECK(i < SEARCH_WORDS_MAX - 1);
        FUZZ_CHECK(keys.words[i][0] && !strchr(keys.words[i], ' '));
        FUZZ_CHECK(utf8_valid(keys.words[i], strlen(keys.words[i])));
    }

    for (size_t i = 0; i < RULE_SETS; i++) {
        const char *rule = eligibility_check(&rule_sets[i], a, today);
        const char *expected = expected_rule(&rule_sets[i], a);
        FUZZ_CHECK(rule == expected || (rule && expected && strcmp(rule, expected) == 0));
        FUZZ_CHECK(i != 0 || rule == NULL);
        const char *missing = eligibility_missing_field(&rule_sets[i], a);
        FUZZ_CHECK(!missing || is_member(eligibility_field_names, missing));
    }
}

static void check_body(struct arena *arena, json_t *body)
{
    struct field_errors fe;
    field_errors_init(&fe, LANG_EN);
    size_t unknown = 0;
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value)
        unknown += !is_member(registration_body_fields, key);
    bool known = json_check_fields(&fe, body, registration_body_fields);
    FUZZ_CHECK(known == (unknown == 0) && json_array_size(fe.list) == unknown);
    check_errors(&fe);
    field_errors_free(&fe);
    if (!known)
        return;   /* the handler answers 422 here */

    field_errors_init(&fe, LANG_EN);
    struct applicant in = {0};
    registration_body_read(&fe, body, &in);
    const char *const texts[] = {in.cin,    in.first_name, in.last_name, in.first_name_ar,
                                 in.last_name_ar, in.birth_date, in.sex, in.phone,
                                 in.email,  in.region,     in.province,  in.commune,
                                 in.education, in.situation, in.project_idea};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        check_read_text(body, registration_body_fields[i], texts[i],
                        strcmp(registration_body_fields[i], "project_idea") == 0);
    FUZZ_CHECK(in.consent == json_is_true(json_object_get(body, "consent")));
    check_cin(in.cin);
    check_phone(in.phone);

    struct applicant_clean clean;
    struct field_problems problems;
    bool valid = applicant_validate(&in, today, &clean, &problems);
    FUZZ_CHECK(valid == (problems.count == 0));
    FUZZ_CHECK(problems.count <= FIELD_PROBLEMS_MAX);
    for (int i = 0; i < problems.count; i++) {
        FUZZ_CHECK(is_member(registration_body_fields, problems.items[i].field));
        FUZZ_CHECK(code_known(problems.items[i].code));
    }
    field_errors_add_problems(&fe, &problems);
    check_errors(&fe);
    /* The handler goes on to the programme's rules only with no error at all. */
    if (valid && !field_errors_any(&fe))
        check_valid(arena, &in, &clean);
    field_errors_free(&fe);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *body = NULL;
    const char *code = NULL;
    if (json_body_parse((const char *)data, size, "application/json", &body, &code) != 0) {
        FUZZ_CHECK(body == NULL && code_known(code));
        return 0;
    }
    if (json_is_object(body)) {
        struct arena arena;
        arena_init(&arena);
        check_body(&arena, body);
        arena_free(&arena);
    }
    json_decref(body);
    return 0;
}
