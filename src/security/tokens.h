/* Random secrets handed to clients (session cookies, CSRF tokens, API tokens) and
 * the hashes under which the database keeps them: a stolen copy of the database
 * gives no usable session or token. The secrets carry 256 bits of entropy, so a
 * fast hash (BLAKE2b) is enough; no salt or stretching is needed. */
#ifndef SANAD_SECURITY_TOKENS_H
#define SANAD_SECURITY_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

#define TOKEN_TEXT_MAX 48    /* prefix + 43 base64url characters + NUL */
#define TOKEN_HASH_HEX 65

/* A new secret: `prefix` followed by 32 random bytes in unpadded base64url. */
void token_new(const char *prefix, char out[TOKEN_TEXT_MAX]);
/* BLAKE2b-256 of the token, in hex. */
void token_hash(const char *token, char out[TOKEN_HASH_HEX]);
/* True when `token` has the shape token_new() gives with this prefix. */
bool token_well_formed(const char *token, const char *prefix);
/* Constant-time comparison of two NUL-terminated secrets. */
bool token_equal(const char *a, const char *b);

#endif
