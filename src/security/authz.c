/* The permission table (see authz.h). Adding an action means adding one row
 * here; nothing else in the program decides who may do what. */
#include "security/authz.h"

#include <stdio.h>
#include <string.h>

#define R(role) (1u << (role))
#define ALL_STAFF (R(ROLE_ADMIN) | R(ROLE_NATIONAL_OFFICER) | R(ROLE_REGIONAL_COORDINATOR) | \
                   R(ROLE_CENTRE_MANAGER) | R(ROLE_CENTRE_WORKER) | R(ROLE_PARTNER_AGENT) | \
                   R(ROLE_ANALYST))
#define PROGRAMME_STAFF (R(ROLE_ADMIN) | R(ROLE_NATIONAL_OFFICER) | R(ROLE_REGIONAL_COORDINATOR))

static const struct {
    const char *name;
    unsigned roles;     /* bit per enum role; 0 with ACT_PUBLIC means everyone */
} permissions[ACT_COUNT] = {
    [ACT_PUBLIC] = {"public", 0},
    [ACT_SIGNED_IN] = {"signed_in", ALL_STAFF},
    [ACT_METRICS_READ] = {"metrics.read", R(ROLE_ADMIN)},
    [ACT_USERS_MANAGE] = {"users.manage", R(ROLE_ADMIN)},
    [ACT_AUDIT_READ] = {"audit.read", R(ROLE_ADMIN)},
    [ACT_PROGRAMS_READ] = {"programs.read", PROGRAMME_STAFF | R(ROLE_ANALYST)},
    [ACT_PROGRAMS_WRITE] = {"programs.write", R(ROLE_ADMIN) | R(ROLE_NATIONAL_OFFICER)},
    [ACT_APPLICATIONS_READ] = {"applications.read", PROGRAMME_STAFF},
    [ACT_APPLICATIONS_WRITE] = {"applications.write", PROGRAMME_STAFF},
    [ACT_REPORTS_READ] = {"reports.read", PROGRAMME_STAFF | R(ROLE_ANALYST)},
};

const char *action_name(enum action action)
{
    return permissions[action].name;
}

const char *action_roles_text(enum action action, char *buf, size_t len)
{
    if (action == ACT_PUBLIC)
        return "anyone";
    size_t used = 0;
    buf[0] = '\0';
    for (int role = 0; role < ROLE_COUNT; role++) {
        if (!(permissions[action].roles & R(role)))
            continue;
        int w = snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
                         role_name((enum role)role));
        if (w < 0 || (size_t)w >= len - used)
            break;
        used += (size_t)w;
    }
    return buf;
}

bool authz_allows(const struct user *user, enum action action)
{
    if ((unsigned)action >= ACT_COUNT)
        return false;
    if (action == ACT_PUBLIC)
        return true;
    return user && user->active && (permissions[action].roles & R(user->role));
}

bool authz_sees_region(const struct user *user, const char *region)
{
    if (!user)
        return false;
    switch (role_scope(user->role)) {
    case SCOPE_NATIONAL:
        return true;
    case SCOPE_REGION:
        return region && user->region && strcmp(region, user->region) == 0;
    default:
        return false;
    }
}

bool authz_sees_organisation(const struct user *user, int64_t organisation_id)
{
    if (!user)
        return false;
    if (role_scope(user->role) == SCOPE_NATIONAL)
        return true;
    return organisation_id > 0 && user->organisation_id == organisation_id;
}
