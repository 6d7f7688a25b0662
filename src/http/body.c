/* JSON bodies and field validation (see body.h). */
#include "http/body.h"

#include "core/util.h"
#include "http/headers.h"

#include <string.h>

unsigned json_body_parse(const char *data, size_t len, const char *content_type, json_t **out,
                         const char **code)
{
    *out = NULL;
    if (!content_type_is_json(content_type)) {
        *code = "unsupported_media_type";
        return 415;
    }
    if (len == 0) {
        *code = "bad_json";
        return 400;
    }
    if (!utf8_valid(data, len)) {
        *code = "invalid_utf8";
        return 400;
    }
    json_error_t error;
    *out = json_loadb(data, len, JSON_REJECT_DUPLICATES, &error);
    if (!*out) {
        *code = "bad_json";
        return 400;
    }
    return 0;
}

void field_errors_init(struct field_errors *fe, enum lang lang)
{
    fe->lang = lang;
    fe->list = json_array();
}

void field_error(struct field_errors *fe, const char *field, const char *code)
{
    json_array_append_new(fe->list, json_pack("{s:s, s:s, s:s}", "field", field, "code", code,
                                              "message", i18n_text(fe->lang, code)));
}

bool field_errors_any(const struct field_errors *fe)
{
    return json_array_size(fe->list) > 0;
}

void field_errors_add_problems(struct field_errors *fe, const struct field_problems *problems)
{
    for (int i = 0; i < problems->count; i++)
        field_error(fe, problems->items[i].field, problems->items[i].code);
}

void field_errors_free(struct field_errors *fe)
{
    json_decref(fe->list);
    fe->list = NULL;
}

bool json_check_fields(struct field_errors *fe, json_t *obj, const char *const allowed[])
{
    bool ok = true;
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        bool known = false;
        for (size_t i = 0; allowed[i] && !known; i++)
            known = strcmp(allowed[i], key) == 0;
        if (!known) {
            field_error(fe, key, "unknown_field");
            ok = false;
        }
    }
    return ok;
}

static const char *string_member(struct field_errors *fe, json_t *obj, const char *name,
                                 size_t max_chars, bool multiline)
{
    json_t *v = json_object_get(obj, name);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        field_error(fe, name, "invalid_type");
        return NULL;
    }
    const char *s = json_string_value(v);
    if (strlen(s) != json_string_length(v)) {
        field_error(fe, name, "invalid_format");
        return NULL;
    }
    if (multiline ? text_has_control_but_breaks(s) : text_has_control(s)) {
        field_error(fe, name, "invalid_format");
        return NULL;
    }
    if (utf8_length(s) > max_chars) {
        field_error(fe, name, "too_long");
        return NULL;
    }
    return s;
}

const char *json_string_field(struct field_errors *fe, json_t *obj, const char *name,
                              size_t max_chars)
{
    return string_member(fe, obj, name, max_chars, false);
}

const char *json_multiline_field(struct field_errors *fe, json_t *obj, const char *name,
                                 size_t max_chars)
{
    return string_member(fe, obj, name, max_chars, true);
}

/* In the order of the slots of registration_body_read(). */
static const char *const registration_text_fields[] = {
    "cin", "first_name", "last_name", "first_name_ar", "last_name_ar", "birth_date", "sex",
    "phone", "email", "region", "province", "commune", "education", "situation",
    "project_idea", NULL};
const char *const registration_body_fields[] = {
    "cin", "first_name", "last_name", "first_name_ar", "last_name_ar", "birth_date", "sex",
    "phone", "email", "region", "province", "commune", "education", "situation",
    "project_idea", "consent", NULL};

void registration_body_read(struct field_errors *fe, json_t *body, struct applicant *in)
{
    const char **slots[] = {&in->cin, &in->first_name, &in->last_name, &in->first_name_ar,
                            &in->last_name_ar, &in->birth_date, &in->sex, &in->phone,
                            &in->email, &in->region, &in->province, &in->commune,
                            &in->education, &in->situation, &in->project_idea};
    for (size_t i = 0; registration_text_fields[i]; i++)
        *slots[i] = strcmp(registration_text_fields[i], "project_idea") == 0
                        ? json_multiline_field(fe, body, "project_idea",
                                               REGISTRATION_TEXT_MAX_CHARS)
                        : json_string_field(fe, body, registration_text_fields[i],
                                            REGISTRATION_TEXT_MAX_CHARS);
    json_t *consent = json_object_get(body, "consent");
    if (consent && !json_is_boolean(consent) && !json_is_null(consent))
        field_error(fe, "consent", "invalid_type");
    in->consent = json_is_true(consent);
}
