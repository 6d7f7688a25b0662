/* Aggregates for dashboards and reports, read from the running totals that the
 * application store keeps (application_counts, registrations_daily). */
#ifndef SANAD_STORE_REPORTS_H
#define SANAD_STORE_REPORTS_H

#include "core/arena.h"
#include "store/db.h"

#include <stdint.h>

struct status_count {
    const char *region, *status;
    int64_t applications;
};

struct day_count {
    const char *day;
    int64_t registrations;
};

/* Applications of a programme by region and status (only non-zero rows). */
int reports_status_counts(struct db_conn *c, struct arena *a, int64_t program_id,
                          struct status_count **out, int *count);
/* Registrations of a programme per day, all regions (or one, when region is not
 * NULL), oldest first. */
int reports_daily(struct db_conn *c, struct arena *a, int64_t program_id, const char *region,
                  struct day_count **out, int *count);

#endif
