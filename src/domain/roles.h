/* Roles and scopes of staff accounts. A role fixes what a user may do; the scope
 * fixes which records: national roles see every region, a regional coordinator
 * only her region, centre and partner roles only their organisation. */
#ifndef SANAD_DOMAIN_ROLES_H
#define SANAD_DOMAIN_ROLES_H

#include <stdbool.h>
#include <stdint.h>

enum role {
    ROLE_ADMIN,
    ROLE_NATIONAL_OFFICER,
    ROLE_REGIONAL_COORDINATOR,
    ROLE_CENTRE_MANAGER,
    ROLE_CENTRE_WORKER,
    ROLE_PARTNER_AGENT,
    ROLE_ANALYST,
    ROLE_COUNT
};

enum scope { SCOPE_NATIONAL, SCOPE_REGION, SCOPE_ORGANISATION };

/* Returns the role named `name`, or -1. */
int role_parse(const char *name);
const char *role_name(enum role role);
enum scope role_scope(enum role role);
const char *scope_name(enum scope scope);

/* Checks that a role, a region and an organisation fit together: a regional
 * coordinator needs a region, centre and partner roles an organisation, and
 * national roles no region (it would suggest a narrower view than they have).
 * Returns NULL when they fit, else the offending field ("region", "organisation"). */
const char *role_check_scope(enum role role, const char *region, int64_t organisation_id);

#endif
