/* Header deadlines (see header_watch.h).
 *
 * Watched connections sit in one of two lists, each in order of deadline without
 * any sorting: a list's deadlines are the time of insertion plus a constant (the
 * header timeout for new connections; the idle timeout plus the header timeout
 * for kept-alive ones), and entries are inserted at the tail, under the lock, in
 * the order of the clock. A sweep thus only looks at the heads it expires, and
 * every operation is O(1). */
#include "http/header_watch.h"

#include "core/arena.h"
#include "core/ticker.h"
#include "core/util.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define SWEEP_INTERVAL_MS 500

enum list { NONE = -1, FRESH, KEPT, NLISTS };

struct watched {
    struct watched *prev, *next;
    double deadline_ms;
    int fd;
    enum list in;
};

struct header_watch {
    pthread_mutex_t lock;
    struct ticker *sweeper;
    double allowance_ms[NLISTS];
    struct watched *head[NLISTS], *tail[NLISTS];
    uint64_t expired;   /* under lock */
};

static void unlink_entry(struct header_watch *w, struct watched *e)
{
    if (e->in == NONE)
        return;
    if (e->prev)
        e->prev->next = e->next;
    else
        w->head[e->in] = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        w->tail[e->in] = e->prev;
    e->prev = e->next = NULL;
    e->in = NONE;
}

static void append(struct header_watch *w, struct watched *e, enum list l)
{
    unlink_entry(w, e);
    e->deadline_ms = mono_ms() + w->allowance_ms[l];
    e->in = l;
    e->prev = w->tail[l];
    e->next = NULL;
    if (w->tail[l])
        w->tail[l]->next = e;
    else
        w->head[l] = e;
    w->tail[l] = e;
}

/* The socket stays open (libmicrohttpd closes it only after closed(), which waits
 * for the lock), so fd is still this connection's. shutdown() rather than close():
 * the descriptor remains libmicrohttpd's to close, which it does on seeing the
 * end of the stream. */
static void sweep(void *arg)
{
    struct header_watch *w = arg;
    pthread_mutex_lock(&w->lock);
    double now = mono_ms();
    for (int l = 0; l < NLISTS; l++) {
        struct watched *e;
        while ((e = w->head[l]) && e->deadline_ms <= now) {
            unlink_entry(w, e);
            shutdown(e->fd, SHUT_RDWR);
            w->expired++;
        }
    }
    pthread_mutex_unlock(&w->lock);
}

struct header_watch *header_watch_start(int header_timeout_s, int idle_timeout_s)
{
    struct header_watch *w = xmalloc(sizeof *w);
    memset(w, 0, sizeof *w);
    w->allowance_ms[FRESH] = header_timeout_s * 1000.0;
    w->allowance_ms[KEPT] = (idle_timeout_s + header_timeout_s) * 1000.0;
    pthread_mutex_init(&w->lock, NULL);
    w->sweeper = ticker_start(SWEEP_INTERVAL_MS, sweep, w);
    if (!w->sweeper) {
        pthread_mutex_destroy(&w->lock);
        free(w);
        return NULL;
    }
    return w;
}

void header_watch_stop(struct header_watch *w)
{
    ticker_stop(w->sweeper);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

struct watched *header_watch_opened(struct header_watch *w, int fd)
{
    struct watched *e = xmalloc(sizeof *e);
    memset(e, 0, sizeof *e);
    e->fd = fd;
    e->in = NONE;
    pthread_mutex_lock(&w->lock);
    append(w, e, FRESH);
    pthread_mutex_unlock(&w->lock);
    return e;
}

void header_watch_received(struct header_watch *w, struct watched *e)
{
    pthread_mutex_lock(&w->lock);
    unlink_entry(w, e);
    pthread_mutex_unlock(&w->lock);
}

void header_watch_answered(struct header_watch *w, struct watched *e)
{
    pthread_mutex_lock(&w->lock);
    append(w, e, KEPT);
    pthread_mutex_unlock(&w->lock);
}

void header_watch_closed(struct header_watch *w, struct watched *e)
{
    pthread_mutex_lock(&w->lock);
    unlink_entry(w, e);
    pthread_mutex_unlock(&w->lock);
    free(e);
}

uint64_t header_watch_expired(struct header_watch *w)
{
    pthread_mutex_lock(&w->lock);
    uint64_t n = w->expired;
    pthread_mutex_unlock(&w->lock);
    return n;
}
