/* The life of an application, as the state machine of API.md ("Application
 * states"): which states exist and which moves between them staff may make.
 * Recording a move (actor, time, note) is the store's job; this module only says
 * whether it is allowed.
 *
 * SPEC.md adds a "followed up" stage after enterprise_created. The API contract
 * has no such state, so there is none here: following up an enterprise is a matter
 * of the enterprise's own records (follow-ups at 6, 12 and 24 months), not a state
 * of the application. */
#ifndef SANAD_DOMAIN_WORKFLOW_H
#define SANAD_DOMAIN_WORKFLOW_H

#include <stdbool.h>

/* The order is that of the API's list; names are the API's values. */
enum app_state {
    APP_SUBMITTED,
    APP_UNDER_REVIEW,
    APP_ELIGIBLE,
    APP_INELIGIBLE,
    APP_ACCEPTED,
    APP_WAITLISTED,
    APP_IN_TRAINING,
    APP_INCUBATED,
    APP_ENTERPRISE_CREATED,
    APP_WITHDRAWN,
    APP_STATE_COUNT
};

/* Returns the state named `name` ("under_review"), or -1 (NULL included). */
int app_state_parse(const char *name);
/* The API name of `state`; "unknown" for a value outside the enum. */
const char *app_state_name(enum app_state state);
/* True when staff may move an application from `from` to `to`. Staying in the same
 * state is not a move and is never allowed. */
bool workflow_allows(enum app_state from, enum app_state to);
/* Writes into out[0..max) the states reachable from `from` in one move, in enum
 * order, and returns how many there are (which may exceed `max`: only the first
 * `max` are written). A final state has none. */
int workflow_next_states(enum app_state from, enum app_state out[] /* OUT */, int max);

#endif
