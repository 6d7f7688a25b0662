/* Per-client-address request limits for the public endpoints (registration, status
 * check, login): at most N requests per minute from one address (SANAD_RATE_LIMIT;
 * 0 turns the limit off). Counts live in memory, per process: a fixed-size table,
 * so that a flood of distinct addresses cannot grow it. */
#ifndef SANAD_SECURITY_RATELIMIT_H
#define SANAD_SECURITY_RATELIMIT_H

#include <stdbool.h>
#include <time.h>

struct ratelimit;

struct ratelimit *ratelimit_new(int per_minute);
void ratelimit_free(struct ratelimit *rl);
/* Counts one request from `address` at time `now`; true when it is within the
 * limit. *retry_after gets the seconds until the window ends when it is not. */
bool ratelimit_allow(struct ratelimit *rl, const char *address, time_t now, int *retry_after);

#endif
