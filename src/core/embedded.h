/* Files compiled into the binary by cmake/embed.cmake: reference data and the SQL
 * migrations of each storage dialect. Each array ends with an all-zero entry; the
 * bytes are followed by a NUL, so `data` can be used as a C string. */
#ifndef SANAD_CORE_EMBEDDED_H
#define SANAD_CORE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name;
    const char *data;
    size_t size;
};

extern const struct embedded_file embedded_files[];
extern const struct embedded_file migrations_sqlite[];
extern const struct embedded_file migrations_postgres[];

/* The reference file called `name`, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
