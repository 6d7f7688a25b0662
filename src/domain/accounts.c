/* Account rules (see accounts.h). */
#include "domain/accounts.h"

#include "core/util.h"

#include <string.h>

/* Names that the history and the audit log give to actions of no account: an
 * online registration, the demo data, the command line, a request without a
 * session. An account by one of them would pass for these. */
static const char *const reserved_usernames[] = {"applicant", "demo", "cli", "anonymous"};

const char *username_check(const char *u)
{
    size_t n = strlen(u);
    if (n < 3)
        return "too_short";
    if (n > USERNAME_MAX)
        return "too_long";
    if (!(u[0] >= 'a' && u[0] <= 'z'))
        return "invalid_format";
    for (const char *p = u; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return "invalid_format";
    }
    for (size_t i = 0; i < ARRAY_LEN(reserved_usernames); i++)
        if (strcmp(u, reserved_usernames[i]) == 0)
            return "reserved";
    return NULL;
}

const char *password_check(const char *pw)
{
    size_t n = strlen(pw);
    if (n > PASSWORD_MAX)
        return "too_long";
    if (!utf8_valid(pw, n))
        return "invalid_utf8";
    if (utf8_length(pw) < PASSWORD_MIN)
        return "weak_password";
    return NULL;
}

bool organisation_kind_valid(const char *kind)
{
    static const char *const kinds[] = {"ministry", "regional_office", "centre",
                                        "partner_agency", "association"};
    for (size_t i = 0; kind && i < ARRAY_LEN(kinds); i++)
        if (strcmp(kinds[i], kind) == 0)
            return true;
    return false;
}
