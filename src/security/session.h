/* Login sessions and API tokens. A session is a random secret in an HttpOnly
 * cookie; the database keeps only its hash, with the user, an expiry and the CSRF
 * token that unsafe requests must echo. Sessions live in the database, so every
 * `sanad serve` process on the same database accepts them. API tokens are the same
 * kind of secret, sent as "Authorization: Bearer", with no expiry until revoked. */
#ifndef SANAD_SECURITY_SESSION_H
#define SANAD_SECURITY_SESSION_H

#include "security/tokens.h"
#include "store/accounts.h"

#define SESSION_COOKIE "sanad_session"
#define SESSION_PREFIX "ss_"
#define API_TOKEN_PREFIX "sat_"

/* Opens a session for user_id lasting `hours`; writes the cookie secret and the
 * CSRF token. 0 or DB_E*. */
int session_create(struct db_conn *c, int64_t user_id, int hours, const char *client_ip,
                   char token[TOKEN_TEXT_MAX], char csrf[TOKEN_TEXT_MAX]);
/* The user behind a session cookie: 1 found (user, csrf and the session's hash
 * filled), 0 unknown/expired/malformed, or DB_E*. */
int session_resolve(struct db_conn *c, struct arena *a, const char *token, struct user *out,
                    char **csrf, char hash[TOKEN_HASH_HEX]);
int session_end(struct db_conn *c, const char *hash);

int api_token_create(struct db_conn *c, int64_t user_id, char token[TOKEN_TEXT_MAX]);
/* The user behind a Bearer token: 1, 0 or DB_E* as above. */
int api_token_resolve(struct db_conn *c, struct arena *a, const char *token, struct user *out);

#endif
