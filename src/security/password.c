/* Password hashing (see password.h). */
#include "security/password.h"

#include <pthread.h>
#include <string.h>

#define OPSLIMIT 2
#define MEMLIMIT (19u * 1024u * 1024u)

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
    return crypto_pwhash_str_alg(out, password, strlen(password), OPSLIMIT, MEMLIMIT,
                                 crypto_pwhash_ALG_ARGON2ID13);
}

bool password_verify(const char *encoded_hash, const char *password)
{
    return crypto_pwhash_str_verify(encoded_hash, password, strlen(password)) == 0;
}

static char dummy_hash[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    if (password_hash("sanad-dummy-password", dummy_hash) != 0)
        dummy_hash[0] = '\0';
}

void password_verify_dummy(const char *password)
{
    pthread_once(&dummy_once, make_dummy_hash);
    if (dummy_hash[0])
        password_verify(dummy_hash, password);
}
