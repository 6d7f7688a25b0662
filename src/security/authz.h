/* Authorisation, in one place: which roles may perform which action, and which
 * records a user's scope lets her see. Every route names its action in the route
 * table (src/api/routes.c); the dispatcher asks authz_allows() before any handler
 * runs, and handlers ask authz_sees_region() / authz_sees_organisation() for the
 * record at hand (a record out of scope answers 404, as if it did not exist). */
#ifndef SANAD_SECURITY_AUTHZ_H
#define SANAD_SECURITY_AUTHZ_H

#include "store/accounts.h"

#include <stdbool.h>
#include <stddef.h>

enum action {
    ACT_PUBLIC,            /* anyone, no account */
    ACT_SIGNED_IN,         /* any active account */
    ACT_METRICS_READ,      /* /metrics from another host than loopback */
    ACT_USERS_MANAGE,      /* accounts and organisations */
    ACT_AUDIT_READ,
    ACT_PROGRAMS_READ,     /* every programme, with its settings */
    ACT_PROGRAMS_WRITE,
    ACT_APPLICATIONS_READ,
    ACT_APPLICATIONS_WRITE,
    ACT_REPORTS_READ,      /* aggregates: bilans, dashboards */
    ACT_COUNT
};

const char *action_name(enum action action);
/* The roles that may perform `action`, as a human-readable list (for OpenAPI),
 * written into buf (or a static "anyone"). */
const char *action_roles_text(enum action action, char *buf, size_t len);

/* True when `user` (NULL: anonymous) may perform `action`. */
bool authz_allows(const struct user *user, enum action action);
/* True when the user's scope covers a record of `region` (NULL: a record of no
 * region, visible to national scope only). */
bool authz_sees_region(const struct user *user, const char *region);
/* True when the user's scope covers a record owned by `organisation_id`. */
bool authz_sees_organisation(const struct user *user, int64_t organisation_id);

#endif
