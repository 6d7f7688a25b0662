/* Storage of the append-only audit log (the chain itself is defined in
 * domain/audit_chain.h). Appends are serialised through the one-row audit_head
 * table, so that concurrent writers, even in several server processes on one
 * PostgreSQL database, extend a single unbroken chain. */
#ifndef SANAD_STORE_AUDIT_H
#define SANAD_STORE_AUDIT_H

#include "core/arena.h"
#include "domain/audit_chain.h"
#include "store/db.h"

/* Appends `e` (its seq is assigned here) inside the caller's write transaction, so
 * that the entry and the change it records commit or vanish together. */
int audit_append(struct db_conn *c, struct audit_entry *e);
/* Many entries appended in one write transaction: the head is read once, each
 * entry is one INSERT, and the head is written once at the end. Between begin
 * and end nothing else may append in that transaction; if the transaction is
 * rolled back the run is void. */
struct audit_run {
    int64_t seq;                        /* the last entry's */
    char last_hash[AUDIT_HASH_HEX];
};
int audit_run_begin(struct db_conn *c, struct audit_run *run /* OUT */);
/* Appends `e` (its seq is assigned here). */
int audit_run_append(struct db_conn *c, struct audit_run *run, struct audit_entry *e);
int audit_run_end(struct db_conn *c, const struct audit_run *run);

/* Appends `e` in a transaction of its own (for reads and refusals). */
int audit_record(struct db_conn *c, struct audit_entry *e);

struct audit_verdict {
    int64_t entries;       /* how many entries were checked */
    int64_t broken_seq;    /* 0 when the chain holds, else the first bad entry */
    const char *reason;    /* static text: why that entry is bad */
};
/* Walks the whole chain. Returns 0 (with the verdict filled) or DB_E*. */
int audit_verify(struct db_conn *c, struct audit_verdict *out);

/* Up to `limit` entries with seq < before (0: from the newest), newest first. */
int audit_list(struct db_conn *c, struct arena *a, int64_t before, int limit,
               struct audit_entry **out, int *count);

#endif
