/* Audit chain hashing (see audit_chain.h). Every field is fed with its length in
 * front, so that no two different entries can produce the same byte stream
 * (e.g. actor "ab" + action "c" against actor "a" + action "bc"). */
#include "domain/audit_chain.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void feed(crypto_generichash_state *st, const char *field)
{
    char len[24];
    if (!field) {
        crypto_generichash_update(st, (const unsigned char *)"-|", 2);
        return;
    }
    size_t n = strlen(field);
    int w = snprintf(len, sizeof len, "%zu:", n);
    crypto_generichash_update(st, (const unsigned char *)len, (size_t)w);
    crypto_generichash_update(st, (const unsigned char *)field, n);
    crypto_generichash_update(st, (const unsigned char *)"|", 1);
}

void audit_entry_hash(const struct audit_entry *e, const char *prev_hash,
                      char out[AUDIT_HASH_HEX])
{
    unsigned char digest[32];
    char seq[24], actor_id[24];
    snprintf(seq, sizeof seq, "%" PRId64, e->seq);
    snprintf(actor_id, sizeof actor_id, "%" PRId64, e->actor_id);
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof digest);
    feed(&st, prev_hash);
    feed(&st, seq);
    feed(&st, e->at);
    feed(&st, actor_id);
    feed(&st, e->actor);
    feed(&st, e->action);
    feed(&st, e->object_type);
    feed(&st, e->object_id);
    feed(&st, e->outcome);
    feed(&st, e->client_ip);
    feed(&st, e->request_id);
    feed(&st, e->details);
    crypto_generichash_final(&st, digest, sizeof digest);
    sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
}
