/* Versioned schema migrations, embedded in the binary, one list per dialect
 * (src/store/migrations/<dialect>/NNN_name.sql, applied in name order). Each runs
 * in its own transaction together with the row that records it, so a migration
 * is applied whole or not at all. */
#ifndef SANAD_STORE_MIGRATE_H
#define SANAD_STORE_MIGRATE_H

#include "store/db.h"

/* Applies every migration not yet applied. Returns how many were applied (>= 0),
 * or DB_E* with a line in err. */
int migrate_up(struct db *db, char *err, size_t errlen);

#endif
