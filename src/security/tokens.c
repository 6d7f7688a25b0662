/* Secrets and their hashes (see tokens.h). */
#include "security/tokens.h"

#include <sodium.h>
#include <string.h>

#define TOKEN_BYTES 32
#define TOKEN_B64_LEN 43

void token_new(const char *prefix, char out[TOKEN_TEXT_MAX])
{
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    size_t p = strlen(prefix);
    memcpy(out, prefix, p);
    sodium_bin2base64(out + p, TOKEN_TEXT_MAX - p, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void token_hash(const char *token, char out[TOKEN_HASH_HEX])
{
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, TOKEN_HASH_HEX, digest, sizeof digest);
}

bool token_well_formed(const char *token, const char *prefix)
{
    size_t p = strlen(prefix);
    if (!token || strncmp(token, prefix, p) != 0 || strlen(token + p) != TOKEN_B64_LEN)
        return false;
    for (const char *s = token + p; *s; s++) {
        char c = *s;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

bool token_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}
