/* The audit log's chain: each entry's hash covers its own fields and the hash of
 * the entry before it, so that changing, removing or reordering any entry breaks
 * every link after it. Hashes are BLAKE2b-256, written as 64 hex digits; the
 * first entry's predecessor is 64 zeros. */
#ifndef SANAD_DOMAIN_AUDIT_CHAIN_H
#define SANAD_DOMAIN_AUDIT_CHAIN_H

#include <stdint.h>

#define AUDIT_HASH_HEX 65
#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

struct audit_entry {
    int64_t seq;
    const char *at;
    int64_t actor_id;        /* 0 when no account acted (an applicant, the system) */
    const char *actor;
    const char *action;      /* "auth.login", "user.create", "application.read" … */
    const char *object_type;
    const char *object_id;   /* may be NULL */
    const char *outcome;     /* "success", "failure", "denied" */
    const char *client_ip;   /* may be NULL */
    const char *request_id;  /* may be NULL */
    const char *details;     /* JSON text or NULL */
};

/* Computes the hash of `e` chained to `prev_hash`, into out[AUDIT_HASH_HEX]. */
void audit_entry_hash(const struct audit_entry *e, const char *prev_hash,
                      char out[AUDIT_HASH_HEX]);

#endif
