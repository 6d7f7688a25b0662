/* Every request handler of the API, one file per resource (system.c, auth.c,
 * users.c …). Handlers are listed in the route table (routes.c), which says who
 * may call each; by the time one runs, the caller is authenticated, authorised for
 * the route and, for JSON routes, its body is parsed (r->json). */
#ifndef SANAD_API_HANDLERS_H
#define SANAD_API_HANDLERS_H

#include "core/json_text.h"
#include "http/request.h"

/* system.c */
void api_healthz(struct req *r);
void api_readyz(struct req *r);
void api_metrics(struct req *r);
/* openapi.c */
void api_openapi(struct req *r);
/* The document as JSON text, built from the route table on first use. */
const char *openapi_document(void);
/* regions.c */
void api_regions(struct req *r);
/* auth.c */
void api_auth_login(struct req *r);
void api_auth_logout(struct req *r);
void api_auth_me(struct req *r);
/* applications.c */
void api_applications_register(struct req *r);
void api_applications_status(struct req *r);
void api_applications_list(struct req *r);
void api_applications_get(struct req *r);
void api_applications_history(struct req *r);
void api_applications_transition(struct req *r);
void api_applications_review_duplicate(struct req *r);
void api_applications_bulk_transition(struct req *r);
void api_applications_update(struct req *r);
/* The filters of GET /api/v1/applications read from the query string into f (its
 * limit and cursor left to the caller), narrowed to the caller's scope; answers
 * 422 and returns false when one is malformed. */
struct application_filter;
struct program;
bool application_filter_or_reply(struct req *r, struct application_filter *f);
/* imports.c, exports.c */
void api_applications_import(struct req *r);
void api_applications_export(struct req *r);

/* trainings.c, enterprises.c */
void api_trainings_create(struct req *r);
void api_trainings_list(struct req *r);
void api_trainings_get(struct req *r);
void api_trainings_update(struct req *r);
void api_trainings_enrol(struct req *r);
void api_trainings_enrolments(struct req *r);
void api_trainings_enrolment_get(struct req *r);
void api_trainings_complete(struct req *r);
void api_trainings_attendance(struct req *r);
void api_trainings_attendance_day(struct req *r);
void api_trainings_attendance_put(struct req *r);
void api_enterprises_create(struct req *r);
void api_enterprises_list(struct req *r);
void api_enterprises_get(struct req *r);
void api_enterprises_update(struct req *r);
void api_enterprises_add_followup(struct req *r);
void api_enterprises_update_followup(struct req *r);
void api_reports_enterprises(struct req *r);
/* Body readers shared by trainings.c and enterprises.c (defined in trainings.c):
 * a member is "present" when it is there and not null; each reader adds its
 * field error (required, invalid_type, out_of_range, invalid_date …) and returns
 * NULL / false / -1 when there is no valid value. */
struct date;
bool body_member_present(json_t *body, const char *name);
const char *body_required_text(struct field_errors *fe, json_t *body, const char *name,
                               size_t max_chars);
bool body_int_field(struct field_errors *fe, json_t *body, const char *name, int64_t min,
                    int64_t max, int64_t *out);
int body_bool_field(struct field_errors *fe, json_t *body, const char *name);
const char *body_date_field(struct field_errors *fe, json_t *body, const char *name,
                            struct date *d);

/* programs.c */
void api_programs_list(struct req *r);
void api_programs_create(struct req *r);
void api_programs_get(struct req *r);
void api_programs_update(struct req *r);
void api_programs_set_targets(struct req *r);
/* Reads ?program= (a code) into *program_id, 0 when absent; an unknown code adds a
 * field error to fe. Returns false after answering 503 (fe freed) when the
 * database fails. Shared by the list filters. */
bool program_query_or_reply(struct req *r, struct field_errors *fe, int64_t *program_id);
/* The programme with this code (NULL: none), or answers 404 (503 when the
 * database fails) and returns false. */
bool program_or_reply(struct req *r, const char *code, struct program *p);
/* reports.c */
void api_reports_bilan(struct req *r);
void api_stats_public(struct req *r);
/* users.c */
void api_users_list(struct req *r);
void api_users_create(struct req *r);
void api_users_get(struct req *r);
void api_users_update(struct req *r);
void api_users_revoke_sessions(struct req *r);
/* organisations.c */
void api_organisations_list(struct req *r);
void api_organisations_create(struct req *r);
/* audit.c */
void api_audit_list(struct req *r);
void api_audit_verify(struct req *r);

/* The JSON form of a user, shared by auth.c and users.c. */
json_t *user_to_json(const struct user *u);

#endif
