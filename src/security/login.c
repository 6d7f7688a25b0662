/* Password login with throttling (see login.h). */
#include "security/login.h"

#include "core/util.h"
#include "security/password.h"

#include <time.h>

enum login_result login_check(struct db_conn *c, struct arena *a, const char *username,
                              const char *password, struct user *out)
{
    char now[21], window_start[21];
    time_t t = time(NULL);
    format_rfc3339(t, now);
    format_rfc3339(t - LOGIN_WINDOW_SECONDS, window_start);

    int64_t failures = 0;
    if (accounts_login_failures(c, username, window_start, &failures) < 0)
        return LOGIN_ERROR;
    if (failures >= LOGIN_MAX_FAILURES)
        return LOGIN_THROTTLED;

    char *hash = NULL;
    int found = accounts_user_by_username(c, a, username, out, &hash);
    if (found < 0)
        return LOGIN_ERROR;
    bool ok;
    if (found == 1) {
        ok = password_verify(hash, password) && out->active;
    } else {
        password_verify_dummy(password);
        ok = false;
    }
    if (ok)
        return accounts_login_failures_clear(c, username) < 0 ? LOGIN_ERROR : LOGIN_OK;
    if (accounts_login_failure_add(c, username, now, window_start) < 0)
        return LOGIN_ERROR;
    return LOGIN_REFUSED;
}
