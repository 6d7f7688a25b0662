/* Checking a username and password, with throttling: after LOGIN_MAX_FAILURES
 * failures for one username within LOGIN_WINDOW_SECONDS, further attempts are
 * refused without looking at the password until the window has passed. The
 * counters are in the database, so the limit holds across server processes.
 * Unknown usernames cost the same time and answer the same as wrong passwords. */
#ifndef SANAD_SECURITY_LOGIN_H
#define SANAD_SECURITY_LOGIN_H

#include "store/accounts.h"

#define LOGIN_MAX_FAILURES 5
#define LOGIN_WINDOW_SECONDS (15 * 60)

enum login_result { LOGIN_OK, LOGIN_REFUSED, LOGIN_THROTTLED, LOGIN_ERROR };

enum login_result login_check(struct db_conn *c, struct arena *a, const char *username,
                              const char *password, struct user *out);

#endif
