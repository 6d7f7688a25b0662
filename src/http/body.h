/* Request bodies in JSON: decoding with its checks, and field-level validation
 * helpers that gather errors with messages in the caller's language. Pure
 * functions over bytes and jansson values (no connection, no database), so the
 * whole path from raw body to validated fields is unit-tested and fuzzed. */
#ifndef SANAD_HTTP_BODY_H
#define SANAD_HTTP_BODY_H

#include "core/i18n.h"
#include "domain/applicant.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Decodes a JSON body. Returns 0 with *out set (a new reference), or the HTTP
 * status to answer with *code the error code: 400 bad_json (empty, malformed,
 * duplicate keys), 400 invalid_utf8, 415 unsupported_media_type. */
unsigned json_body_parse(const char *data, size_t len, const char *content_type, json_t **out,
                         const char **code);

/* Field errors gathered during validation, answered together as 422. */
struct field_errors {
    enum lang lang;
    json_t *list;      /* array of {"field","code","message"} */
};

void field_errors_init(struct field_errors *fe, enum lang lang);
/* `field` and `code` are copied. */
void field_error(struct field_errors *fe, const char *field, const char *code);
bool field_errors_any(const struct field_errors *fe);
/* Adds the problems a domain validator found. */
void field_errors_add_problems(struct field_errors *fe, const struct field_problems *problems);
void field_errors_free(struct field_errors *fe);

/* Adds an unknown_field error for every key of `obj` not in `allowed`
 * (NULL-terminated). Returns false when there was one. */
bool json_check_fields(struct field_errors *fe, json_t *obj, const char *const allowed[]);

/* Reads optional string member `name`: NULL when absent or null. Adds a field
 * error when it is not a string, is longer than `max_chars` code points, or holds
 * control characters (C0, DEL or C1, including an escaped NUL). */
const char *json_string_field(struct field_errors *fe, json_t *obj, const char *name,
                              size_t max_chars);

/* The same for multi-line text: tab and line breaks are allowed. */
const char *json_multiline_field(struct field_errors *fe, json_t *obj, const char *name,
                                 size_t max_chars);

/* ---- The public registration body (API.md, "Public registration") ---- */

/* Its members, NULL-terminated: the applicant's fields, then "consent". */
extern const char *const registration_body_fields[];

/* The bound on every text member of a registration or of a staff correction. It
 * is generous: the rules of domain/applicant.h hold the real limits and give the
 * precise error. */
#define REGISTRATION_TEXT_MAX_CHARS 4000

/* Reads the applicant of a registration body (an object) into `in`, its strings
 * borrowed from `body`: every text member through json_string_field(),
 * project_idea through json_multiline_field(), and consent, true only when it
 * is JSON true (invalid_type unless a boolean or null). Type errors go to `fe`;
 * the applicant's own rules are left to applicant_validate(). */
void registration_body_read(struct field_errors *fe, json_t *body, struct applicant *in /* OUT */);

#endif
