/* Field encryption (see crypto.h). */
#include "security/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define PREFIX "v1:"

int field_key_generate(const char *path)
{
    unsigned char key[FIELD_KEY_BYTES];
    crypto_aead_xchacha20poly1305_ietf_keygen(key);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, key, sizeof key);
    int saved = errno;
    sodium_memzero(key, sizeof key);
    if (n != (ssize_t)sizeof key || fsync(fd) != 0) {
        close(fd);
        unlink(path);
        errno = n < 0 ? saved : EIO;
        return -1;
    }
    return close(fd);
}

int field_key_load(const char *path, struct field_key *key, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open key file %s: %s", path, strerror(errno));
        return -1;
    }
    unsigned char extra;
    ssize_t n = read(fd, key->bytes, sizeof key->bytes);
    ssize_t more = read(fd, &extra, 1);
    close(fd);
    if (n != (ssize_t)sizeof key->bytes || more != 0) {
        snprintf(err, errlen, "key file %s must hold exactly %d bytes", path, FIELD_KEY_BYTES);
        sodium_memzero(key, sizeof *key);
        return -1;
    }
    return 0;
}

char *field_encrypt(const struct field_key *key, struct arena *a, const char *plaintext,
                    const char *context)
{
    size_t len = strlen(plaintext);
    size_t raw_len = NONCE_BYTES + len + TAG_BYTES;
    unsigned char *raw = arena_alloc(a, raw_len);
    randombytes_buf(raw, NONCE_BYTES);
    unsigned long long clen;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        raw + NONCE_BYTES, &clen, (const unsigned char *)plaintext, len,
        (const unsigned char *)context, strlen(context), NULL, raw, key->bytes);
    size_t b64 = sodium_base64_encoded_len(raw_len, sodium_base64_VARIANT_ORIGINAL);
    char *out = arena_alloc(a, sizeof PREFIX - 1 + b64);
    memcpy(out, PREFIX, sizeof PREFIX - 1);
    sodium_bin2base64(out + sizeof PREFIX - 1, b64, raw, raw_len, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

char *field_decrypt(const struct field_key *key, struct arena *a, const char *stored,
                    const char *context)
{
    if (strncmp(stored, PREFIX, sizeof PREFIX - 1) != 0)
        return NULL;
    const char *b64 = stored + sizeof PREFIX - 1;
    size_t b64_len = strlen(b64);
    unsigned char *raw = arena_alloc(a, b64_len);
    size_t raw_len;
    if (sodium_base642bin(raw, b64_len, b64, b64_len, NULL, &raw_len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        raw_len < NONCE_BYTES + TAG_BYTES)
        return NULL;
    char *plain = arena_alloc(a, raw_len - NONCE_BYTES - TAG_BYTES + 1);
    unsigned long long plen;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            (unsigned char *)plain, &plen, NULL, raw + NONCE_BYTES, raw_len - NONCE_BYTES,
            (const unsigned char *)context, strlen(context), raw, key->bytes) != 0)
        return NULL;
    plain[plen] = '\0';
    return plain;
}
