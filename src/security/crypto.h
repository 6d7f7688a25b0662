/* Encryption of sensitive fields at rest (XChaCha20-Poly1305, libsodium) under a
 * 32-byte key kept in a file outside the database (SANAD_KEY_FILE). Each value is
 * bound to its place by associated data (e.g. "cases.narrative:42"), so that a
 * ciphertext copied into another row or column fails to decrypt. */
#ifndef SANAD_SECURITY_CRYPTO_H
#define SANAD_SECURITY_CRYPTO_H

#include "core/arena.h"

#include <sodium.h>
#include <stdbool.h>

#define FIELD_KEY_BYTES crypto_aead_xchacha20poly1305_ietf_KEYBYTES

struct field_key {
    unsigned char bytes[FIELD_KEY_BYTES];
};

/* Writes a new random key to `path` (mode 0600), refusing to overwrite a file.
 * Returns 0, or -1 with errno set. */
int field_key_generate(const char *path);
/* Reads a key file; 0, or -1 with a one-line reason in err. */
int field_key_load(const char *path, struct field_key *key, char *err, size_t errlen);

/* "v1:" + base64(nonce || ciphertext), allocated in the arena. */
char *field_encrypt(const struct field_key *key, struct arena *a, const char *plaintext,
                    const char *context);
/* The plaintext (arena), or NULL when the value was tampered with, belongs to
 * another context or was made with another key. */
char *field_decrypt(const struct field_key *key, struct arena *a, const char *stored,
                    const char *context);

#endif
