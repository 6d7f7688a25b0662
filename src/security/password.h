/* Password hashing with argon2id (libsodium). Parameters follow the OWASP
 * recommendation (19 MiB, 2 passes): strong against offline guessing while a
 * two-core server can still verify a few dozen logins a second. */
#ifndef SANAD_SECURITY_PASSWORD_H
#define SANAD_SECURITY_PASSWORD_H

#include <sodium.h>
#include <stdbool.h>

#define PASSWORD_HASH_MAX crypto_pwhash_STRBYTES

/* Writes the encoded hash (algorithm, parameters, salt, hash) into out. 0 or -1. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
bool password_verify(const char *encoded_hash, const char *password);
/* Spends the time of one verification, for unknown usernames, so that timing does
 * not tell which usernames exist. */
void password_verify_dummy(const char *password);

#endif
