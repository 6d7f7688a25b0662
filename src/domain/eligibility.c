/* Eligibility rules (see eligibility.h). Parsing checks each key with its own
 * function and reports one problem per key; the lists share one reader that maps
 * names to bits, which is also what makes them come out sorted and deduplicated. */
#include "domain/eligibility.h"

#include "core/util.h"
#include "domain/regions.h"

#include <stdio.h>
#include <string.h>

enum required_field {
    REQ_PHONE,
    REQ_EMAIL,
    REQ_COMMUNE,
    REQ_EDUCATION,
    REQ_SITUATION,
    REQ_PROJECT_IDEA,
    REQ_FIRST_NAME_AR,
    REQ_LAST_NAME_AR,
    REQ_COUNT
};

const char *const eligibility_field_names[] = {
    [REQ_PHONE] = "phone",
    [REQ_EMAIL] = "email",
    [REQ_COMMUNE] = "commune",
    [REQ_EDUCATION] = "education",
    [REQ_SITUATION] = "situation",
    [REQ_PROJECT_IDEA] = "project_idea",
    [REQ_FIRST_NAME_AR] = "first_name_ar",
    [REQ_LAST_NAME_AR] = "last_name_ar",
    NULL,
};

static const char *const sex_names[] = {"F", "M", NULL}; /* bit i: ELIGIBILITY_SEX_* */

static void add_problem(struct field_problems *problems, const char *key, const char *code)
{
    char field[FIELD_NAME_SIZE + 16];
    snprintf(field, sizeof field, "eligibility.%s", key);
    field_problem_add(problems, field, code);
}

/* Reads an age bound; the JSON must hold an integer (18, not 18.0 or "18"). */
static bool parse_age(json_t *value, const char *key, int *out /* OUT */,
                      struct field_problems *problems)
{
    if (!json_is_integer(value)) {
        add_problem(problems, key, "invalid_type");
        return false;
    }
    json_int_t age = json_integer_value(value);
    if (age < 0 || age > ELIGIBILITY_AGE_LIMIT) {
        add_problem(problems, key, "out_of_range");
        return false;
    }
    *out = (int)age;
    return true;
}

/* The i-th name of a set that parse_name_set() reads. */
typedef const char *(*name_at_fn)(size_t i);

/* Regions in a mask: one bit each, as far as 32 go (the map has 12). */
static size_t region_bits(void)
{
    return regions_count() < 32 ? regions_count() : 32;
}

static const char *sex_name_at(size_t i)
{
    return sex_names[i];
}

static const char *region_code_at(size_t i)
{
    return region_at(i)->code;
}

static const char *field_name_at(size_t i)
{
    return eligibility_field_names[i];
}

/* Reads a list of names into a bit mask, bit i standing for name_at(i) of `count`
 * names: invalid_type unless a list of strings, invalid_value for a name not among
 * them, duplicate_value for one given twice. */
static bool parse_name_set(json_t *value, const char *key, name_at_fn name_at, size_t count,
                           uint32_t *out /* OUT */, struct field_problems *problems)
{
    if (!json_is_array(value)) {
        add_problem(problems, key, "invalid_type");
        return false;
    }
    uint32_t set = 0;
    size_t i;
    json_t *item;
    json_array_foreach(value, i, item) {
        const char *name = json_string_value(item);
        if (!name) {
            add_problem(problems, key, "invalid_type");
            return false;
        }
        size_t bit = 0;
        while (bit < count && strcmp(name_at(bit), name) != 0)
            bit++;
        if (bit == count) {
            add_problem(problems, key, "invalid_value");
            return false;
        }
        if (set & (UINT32_C(1) << bit)) {
            add_problem(problems, key, "duplicate_value");
            return false;
        }
        set |= UINT32_C(1) << bit;
    }
    *out = set;
    return true;
}

static bool is_rule_key(const char *key)
{
    static const char *const keys[] = {"age_min", "age_max", "sexes", "regions",
                                       "required_fields"};
    for (size_t i = 0; i < ARRAY_LEN(keys); i++)
        if (strcmp(keys[i], key) == 0)
            return true;
    return false;
}

int eligibility_parse(json_t *json, struct eligibility *out, struct field_problems *problems)
{
    field_problems_init(problems);
    *out = (struct eligibility){0};
    if (!json || json_is_null(json))
        return 0;
    if (!json_is_object(json)) {
        field_problem_add(problems, "eligibility", "invalid_type");
        return -1;
    }
    const char *key;
    json_t *value;
    json_object_foreach(json, key, value) {
        if (!is_rule_key(key)) {
            add_problem(problems, key, "unknown_field");
            continue;
        }
        if (json_is_null(value))
            continue; /* the same as absent */
        uint32_t set = 0; /* stays empty when the list is refused */
        if (strcmp(key, "age_min") == 0) {
            out->has_age_min = parse_age(value, key, &out->age_min, problems);
        } else if (strcmp(key, "age_max") == 0) {
            out->has_age_max = parse_age(value, key, &out->age_max, problems);
        } else if (strcmp(key, "sexes") == 0) {
            out->has_sexes = parse_name_set(value, key, sex_name_at, 2, &set, problems);
            out->sexes = set;
        } else if (strcmp(key, "regions") == 0) {
            out->has_regions =
                parse_name_set(value, key, region_code_at, region_bits(), &set, problems);
            out->regions = set;
        } else {
            out->has_required_fields =
                parse_name_set(value, key, field_name_at, REQ_COUNT, &set, problems);
            out->required_fields = set;
        }
    }
    if (out->has_age_min && out->has_age_max && out->age_min > out->age_max)
        add_problem(problems, "age_min", "min_above_max");
    return problems->count == 0 ? 0 : -1;
}

static bool field_present(const struct applicant_clean *a, enum required_field field)
{
    switch (field) {
    case REQ_PHONE:
        return a->phone[0] != '\0';
    case REQ_EMAIL:
        return a->email[0] != '\0';
    case REQ_COMMUNE:
        return a->commune[0] != '\0';
    case REQ_EDUCATION:
        return a->education != NULL;
    case REQ_SITUATION:
        return a->situation != NULL;
    case REQ_PROJECT_IDEA:
        return a->project_idea[0] != '\0';
    case REQ_FIRST_NAME_AR:
        return a->first_name_ar[0] != '\0';
    case REQ_LAST_NAME_AR:
        return a->last_name_ar[0] != '\0';
    default:
        return false;
    }
}

const char *eligibility_missing_field(const struct eligibility *rules,
                                      const struct applicant_clean *a)
{
    for (int i = 0; i < REQ_COUNT; i++)
        if ((rules->required_fields & (1u << i)) && !field_present(a, (enum required_field)i))
            return eligibility_field_names[i];
    return NULL;
}

/* The position of region `r` in the reference map, which is its bit in a mask. */
static size_t region_index(const struct region *r)
{
    size_t i = 0;
    while (i < regions_count() && region_at(i) != r)
        i++;
    return i;
}

const char *eligibility_check(const struct eligibility *rules, const struct applicant_clean *a,
                              struct date today)
{
    int age = age_on(a->birth_date, today);
    if (rules->has_age_min && age < rules->age_min)
        return "age_min";
    if (rules->has_age_max && age > rules->age_max)
        return "age_max";
    unsigned sex = strcmp(a->sex, "F") == 0 ? ELIGIBILITY_SEX_F : ELIGIBILITY_SEX_M;
    if (rules->sexes && !(rules->sexes & sex))
        return "sexes";
    size_t region = region_index(a->region);
    bool region_listed = region < region_bits() && (rules->regions & (UINT32_C(1) << region));
    if (rules->regions && !region_listed)
        return "regions";
    if (eligibility_missing_field(rules, a))
        return "required_fields";
    return NULL;
}

/* A JSON list of the names whose bits are set in `set`, in bit order. */
static json_t *name_set_to_json(uint32_t set, name_at_fn name_at, size_t count)
{
    json_t *list = json_array();
    for (size_t i = 0; i < count; i++)
        if (set & (UINT32_C(1) << i))
            json_array_append_new(list, json_string(name_at(i)));
    return list;
}

json_t *eligibility_to_json(const struct eligibility *rules)
{
    json_t *json = json_object();
    if (rules->has_age_min)
        json_object_set_new(json, "age_min", json_integer(rules->age_min));
    if (rules->has_age_max)
        json_object_set_new(json, "age_max", json_integer(rules->age_max));
    if (rules->has_sexes)
        json_object_set_new(json, "sexes", name_set_to_json(rules->sexes, sex_name_at, 2));
    if (rules->has_regions)
        json_object_set_new(json, "regions",
                            name_set_to_json(rules->regions, region_code_at, region_bits()));
    if (rules->has_required_fields)
        json_object_set_new(json, "required_fields",
                            name_set_to_json(rules->required_fields, field_name_at, REQ_COUNT));
    return json;
}
