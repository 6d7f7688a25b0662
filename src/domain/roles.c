/* Roles and scopes (see roles.h). */
#include "domain/roles.h"

#include "core/util.h"

#include <string.h>

static const char *const names[ROLE_COUNT] = {
    [ROLE_ADMIN] = "admin",
    [ROLE_NATIONAL_OFFICER] = "national_officer",
    [ROLE_REGIONAL_COORDINATOR] = "regional_coordinator",
    [ROLE_CENTRE_MANAGER] = "centre_manager",
    [ROLE_CENTRE_WORKER] = "centre_worker",
    [ROLE_PARTNER_AGENT] = "partner_agent",
    [ROLE_ANALYST] = "analyst",
};

int role_parse(const char *name)
{
    for (int i = 0; name && i < ROLE_COUNT; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

const char *role_name(enum role role)
{
    return (unsigned)role < ROLE_COUNT ? names[role] : "unknown";
}

enum scope role_scope(enum role role)
{
    switch (role) {
    case ROLE_REGIONAL_COORDINATOR:
        return SCOPE_REGION;
    case ROLE_CENTRE_MANAGER:
    case ROLE_CENTRE_WORKER:
    case ROLE_PARTNER_AGENT:
        return SCOPE_ORGANISATION;
    default:
        return SCOPE_NATIONAL;
    }
}

const char *scope_name(enum scope scope)
{
    static const char *const scope_names[] = {"national", "region", "organisation"};
    return scope_names[scope];
}

const char *role_check_scope(enum role role, const char *region, int64_t organisation_id)
{
    switch (role_scope(role)) {
    case SCOPE_REGION:
        if (!region)
            return "region";
        return NULL;
    case SCOPE_ORGANISATION:
        if (organisation_id <= 0)
            return "organisation";
        return NULL;
    default:
        if (region)
            return "region";
        return NULL;
    }
}
