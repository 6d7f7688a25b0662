/* The route table: the index of the whole HTTP API. Each row says who may call the
 * route (an action of security/authz.h) and what it takes; the OpenAPI document
 * (openapi.c) and the checks in http/server.c are derived from it. Where a literal
 * path and a pattern both match, the literal one wins (http/router.c). */
#include "api/handlers.h"
#include "core/util.h"
#include "http/router.h"

#define PUBLIC_LIMITED (ROUTE_RATE_LIMITED | ROUTE_NO_CSRF)

const struct route api_routes[] = {
    {"GET", "/healthz", api_healthz, ACT_PUBLIC, 0, BODY_NONE, "system",
     "Liveness: 200 while the process runs"},
    {"GET", "/readyz", api_readyz, ACT_PUBLIC, 0, BODY_NONE, "system",
     "Readiness: 200 when the database answers, 503 otherwise"},
    {"GET", "/metrics", api_metrics, ACT_METRICS_READ, ROUTE_LOOPBACK_PUBLIC, BODY_NONE, "system",
     "Prometheus metrics (anyone on loopback, else admin)"},
    {"GET", "/api/v1/openapi.json", api_openapi, ACT_PUBLIC, 0, BODY_NONE, "system",
     "This document"},
    {"GET", "/api/v1/regions", api_regions, ACT_PUBLIC, 0, BODY_NONE, "reference",
     "The 12 regions with codes, names (fr, ar) and provinces"},

    {"POST", "/api/v1/auth/login", api_auth_login, ACT_PUBLIC, PUBLIC_LIMITED, BODY_JSON, "auth",
     "Log in with username and password: a session cookie and a CSRF token"},
    {"POST", "/api/v1/auth/logout", api_auth_logout, ACT_SIGNED_IN, 0, BODY_NONE, "auth",
     "End the current session"},
    {"GET", "/api/v1/auth/me", api_auth_me, ACT_SIGNED_IN, 0, BODY_NONE, "auth",
     "The signed-in user (and the session's CSRF token)"},

    {"GET", "/api/v1/users", api_users_list, ACT_USERS_MANAGE, 0, BODY_NONE, "users",
     "List accounts"},
    {"POST", "/api/v1/users", api_users_create, ACT_USERS_MANAGE, 0, BODY_JSON, "users",
     "Create an account"},
    {"GET", "/api/v1/users/{id}", api_users_get, ACT_USERS_MANAGE, 0, BODY_NONE, "users",
     "One account"},
    {"PATCH", "/api/v1/users/{id}", api_users_update, ACT_USERS_MANAGE, 0, BODY_JSON, "users",
     "Change an account (role, scope, password, active)"},
    {"DELETE", "/api/v1/users/{id}/sessions", api_users_revoke_sessions, ACT_USERS_MANAGE, 0,
     BODY_NONE, "users", "Revoke every session of an account"},

    {"GET", "/api/v1/programs", api_programs_list, ACT_PUBLIC, 0, BODY_NONE, "programs",
     "Programmes open to registration (staff: every programme, with targets)"},
    {"POST", "/api/v1/programs", api_programs_create, ACT_PROGRAMS_WRITE, 0, BODY_JSON,
     "programs", "Create a programme with its eligibility rules"},
    {"GET", "/api/v1/programs/{code}", api_programs_get, ACT_PROGRAMS_READ, 0, BODY_NONE,
     "programs", "One programme, with its targets per region"},
    {"PATCH", "/api/v1/programs/{code}", api_programs_update, ACT_PROGRAMS_WRITE, 0, BODY_JSON,
     "programs", "Change a programme (names, dates, registration, eligibility)"},
    {"PUT", "/api/v1/programs/{code}/targets", api_programs_set_targets, ACT_PROGRAMS_WRITE, 0,
     BODY_JSON, "programs", "Set the targets per region (replaces the list)"},

    {"POST", "/api/v1/programs/{code}/applications", api_applications_register, ACT_PUBLIC,
     PUBLIC_LIMITED, BODY_JSON, "applications",
     "Public registration: 201 with the reference and status (submitted or waitlisted)"},
    {"GET", "/api/v1/applications/status", api_applications_status, ACT_PUBLIC, PUBLIC_LIMITED,
     BODY_NONE, "applications", "Status check by reference and CIN (404 unless both match)"},
    {"GET", "/api/v1/applications", api_applications_list, ACT_APPLICATIONS_READ, 0, BODY_NONE,
     "applications",
     "Staff list: program, region, province, status, q, flag, from, to, sort, limit, after"},
    {"GET", "/api/v1/applications/{id}", api_applications_get, ACT_APPLICATIONS_READ, 0,
     BODY_NONE, "applications", "One application with the applicant"},
    {"PATCH", "/api/v1/applications/{id}", api_applications_update, ACT_APPLICATIONS_WRITE, 0,
     BODY_JSON, "applications", "Correct the applicant's data (recorded in the history)"},
    {"GET", "/api/v1/applications/{id}/history", api_applications_history,
     ACT_APPLICATIONS_READ, 0, BODY_NONE, "applications",
     "Every transition (from, to, actor, at, note) and every edit"},
    {"POST", "/api/v1/applications/{id}/transitions", api_applications_transition,
     ACT_APPLICATIONS_WRITE, 0, BODY_JSON, "applications",
     "Move to another state (409 invalid_transition when the state machine refuses)"},
    {"POST", "/api/v1/applications/transitions", api_applications_bulk_transition,
     ACT_APPLICATIONS_WRITE, 0, BODY_JSON, "applications",
     "Bulk transition: {to, note, ids} or the list's filters in the query string"},
    {"POST", "/api/v1/applications/{id}/duplicate-review", api_applications_review_duplicate,
     ACT_APPLICATIONS_WRITE, 0, BODY_JSON, "applications",
     "Resolve a probable-duplicate flag: not_duplicate, or withdraw this application"},

    /* import and export routes */

    /* trainings and enterprises routes */

    {"GET", "/api/v1/organisations", api_organisations_list, ACT_SIGNED_IN, 0, BODY_NONE,
     "users", "List organisations"},
    {"POST", "/api/v1/organisations", api_organisations_create, ACT_USERS_MANAGE, 0, BODY_JSON,
     "users", "Create an organisation"},

    {"GET", "/api/v1/audit", api_audit_list, ACT_AUDIT_READ, 0, BODY_NONE, "audit",
     "Audit log entries, newest first"},
    {"GET", "/api/v1/audit/verify", api_audit_verify, ACT_AUDIT_READ, 0, BODY_NONE, "audit",
     "Check the audit chain; the first broken entry, if any"},
};

const size_t api_routes_count = ARRAY_LEN(api_routes);
