/* The administrative map: 12 regions (ISO 3166-2:MA codes MA-01 … MA-12) and their
 * 75 prefectures and provinces, from data/regions.json embedded in the binary.
 * Loaded once at start, read-only afterwards, so any thread may use it. */
#ifndef SANAD_DOMAIN_REGIONS_H
#define SANAD_DOMAIN_REGIONS_H

#include <stdbool.h>
#include <stddef.h>

struct region {
    const char *code, *name_fr, *name_ar;
    const char *const *provinces;
    size_t province_count;
};

/* Parses the embedded file; 0 on success. Must run before any other call. */
int regions_load(void);
size_t regions_count(void);
const struct region *region_at(size_t i);
const struct region *region_find(const char *code);
/* True when `province` (exact name, as in the reference file) is in `region`. */
bool region_has_province(const struct region *region, const char *province);
/* The reference document as JSON text, as served by GET /api/v1/regions. */
const char *regions_json_text(void);

#endif
