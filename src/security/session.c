/* Sessions and API tokens (see session.h). */
#include "security/session.h"

#include "core/util.h"

#include <time.h>

int session_create(struct db_conn *c, int64_t user_id, int hours, const char *client_ip,
                   char token[TOKEN_TEXT_MAX], char csrf[TOKEN_TEXT_MAX])
{
    char hash[TOKEN_HASH_HEX], expires[21];
    token_new(SESSION_PREFIX, token);
    token_new("", csrf);
    token_hash(token, hash);
    format_rfc3339(time(NULL) + (time_t)hours * 3600, expires);
    return accounts_session_insert(c, hash, user_id, csrf, expires, client_ip);
}

int session_resolve(struct db_conn *c, struct arena *a, const char *token, struct user *out,
                    char **csrf, char hash[TOKEN_HASH_HEX])
{
    if (!token_well_formed(token, SESSION_PREFIX))
        return 0;
    char now[21];
    now_rfc3339(now);
    token_hash(token, hash);
    return accounts_session_lookup(c, a, hash, now, out, csrf);
}

int session_end(struct db_conn *c, const char *hash)
{
    return accounts_session_delete(c, hash);
}

int api_token_create(struct db_conn *c, int64_t user_id, char token[TOKEN_TEXT_MAX])
{
    char hash[TOKEN_HASH_HEX];
    token_new(API_TOKEN_PREFIX, token);
    token_hash(token, hash);
    return accounts_token_insert(c, hash, user_id);
}

int api_token_resolve(struct db_conn *c, struct arena *a, const char *token, struct user *out)
{
    if (!token_well_formed(token, API_TOKEN_PREFIX))
        return 0;
    char hash[TOKEN_HASH_HEX];
    token_hash(token, hash);
    return accounts_token_lookup(c, a, hash, out);
}
