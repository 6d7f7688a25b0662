/* A thread that does one chore at a fixed interval until it is stopped: the
 * background work of the server (SQLite checkpoints, dropping clients too slow to
 * send their headers). The chore runs with no lock held; it takes its own. */
#ifndef SANAD_CORE_TICKER_H
#define SANAD_CORE_TICKER_H

struct ticker;

/* Calls tick(ctx) every interval_ms on a thread of its own; NULL if the thread
 * cannot start. */
struct ticker *ticker_start(int interval_ms, void (*tick)(void *ctx), void *ctx);
/* Stops the thread, after the tick under way (if any) has returned, and frees it. */
void ticker_stop(struct ticker *t);

#endif
