/* Periodic background chores (see ticker.h). The wait is on the monotonic clock,
 * so that changing the system time neither rushes nor stalls them. */
#include "core/ticker.h"

#include "core/arena.h"
#include "core/util.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

struct ticker {
    int interval_ms;
    void (*tick)(void *ctx);
    void *ctx;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
};

static void *ticker_loop(void *arg)
{
    struct ticker *t = arg;
    pthread_mutex_lock(&t->lock);
    while (!t->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += t->interval_ms * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&t->wake, &t->lock, &until);
        if (t->stopping)
            break;
        pthread_mutex_unlock(&t->lock);
        t->tick(t->ctx);
        pthread_mutex_lock(&t->lock);
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

struct ticker *ticker_start(int interval_ms, void (*tick)(void *ctx), void *ctx)
{
    struct ticker *t = xmalloc(sizeof *t);
    *t = (struct ticker){.interval_ms = interval_ms, .tick = tick, .ctx = ctx};
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->wake, &attr);
    pthread_condattr_destroy(&attr);
    if (thread_start_without_signals(&t->thread, ticker_loop, t) != 0) {
        pthread_cond_destroy(&t->wake);
        pthread_mutex_destroy(&t->lock);
        free(t);
        return NULL;
    }
    return t;
}

void ticker_stop(struct ticker *t)
{
    pthread_mutex_lock(&t->lock);
    t->stopping = true;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->lock);
    free(t);
}
