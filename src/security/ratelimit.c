/* Fixed-window rate limiting (see ratelimit.h). Addresses hash into a table of
 * buckets; a bucket whose window has passed is reused by whichever address comes
 * next. When every probed bucket is busy the request is let through: under a
 * flood of distinct addresses the limit degrades rather than the service. */
#include "security/ratelimit.h"

#include "core/arena.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 65536
#define PROBES 8
#define ADDRESS_MAX 46

struct bucket {
    char address[ADDRESS_MAX];
    time_t window;      /* start of the minute counted, 0 when free */
    int count;
};

struct ratelimit {
    int per_minute;
    pthread_mutex_t lock;
    struct bucket *buckets;
};

struct ratelimit *ratelimit_new(int per_minute)
{
    struct ratelimit *rl = xmalloc(sizeof *rl);
    rl->per_minute = per_minute;
    pthread_mutex_init(&rl->lock, NULL);
    rl->buckets = per_minute > 0 ? calloc(BUCKETS, sizeof *rl->buckets) : NULL;
    if (per_minute > 0 && !rl->buckets)
        die_oom();
    return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->lock);
    free(rl->buckets);
    free(rl);
}

static uint32_t hash_address(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

bool ratelimit_allow(struct ratelimit *rl, const char *address, time_t now, int *retry_after)
{
    if (rl->per_minute <= 0)
        return true;
    time_t window = now - now % 60;
    uint32_t h = hash_address(address);
    bool allowed = true;
    pthread_mutex_lock(&rl->lock);
    struct bucket *free_bucket = NULL, *mine = NULL;
    for (int i = 0; i < PROBES; i++) {
        struct bucket *b = &rl->buckets[(h + (uint32_t)i) % BUCKETS];
        if (b->window == window && strcmp(b->address, address) == 0) {
            mine = b;
            break;
        }
        if (!free_bucket && b->window != window)
            free_bucket = b;
    }
    if (!mine && free_bucket) {
        mine = free_bucket;
        strncpy(mine->address, address, ADDRESS_MAX - 1);
        mine->address[ADDRESS_MAX - 1] = '\0';
        mine->window = window;
        mine->count = 0;
    }
    if (mine) {
        mine->count++;
        if (mine->count > rl->per_minute) {
            allowed = false;
            *retry_after = (int)(window + 60 - now);
        }
    }
    pthread_mutex_unlock(&rl->lock);
    return allowed;
}
