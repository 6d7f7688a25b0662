/* The application state machine (see workflow.h). The moves are one table, read
 * row by row against API.md; withdrawal is a column rather than a row because the
 * contract states it as a rule ("any state but ...") and the table keeps it so. */
#include "domain/workflow.h"

#include <string.h>

static const char *const names[APP_STATE_COUNT] = {
    [APP_SUBMITTED] = "submitted",
    [APP_UNDER_REVIEW] = "under_review",
    [APP_ELIGIBLE] = "eligible",
    [APP_INELIGIBLE] = "ineligible",
    [APP_ACCEPTED] = "accepted",
    [APP_WAITLISTED] = "waitlisted",
    [APP_IN_TRAINING] = "in_training",
    [APP_INCUBATED] = "incubated",
    [APP_ENTERPRISE_CREATED] = "enterprise_created",
    [APP_WITHDRAWN] = "withdrawn",
};

/* The forward moves of each state, two at most. Each row carries its length: a
 * zero-terminated row cannot work, since zero is APP_SUBMITTED. */
struct moves {
    int count;
    enum app_state to[2];
};

static const struct moves forward[APP_STATE_COUNT] = {
    [APP_SUBMITTED] = {1, {APP_UNDER_REVIEW}},
    [APP_UNDER_REVIEW] = {2, {APP_ELIGIBLE, APP_INELIGIBLE}},
    [APP_ELIGIBLE] = {2, {APP_ACCEPTED, APP_WAITLISTED}},
    [APP_WAITLISTED] = {1, {APP_ACCEPTED}},
    [APP_ACCEPTED] = {1, {APP_IN_TRAINING}},
    [APP_IN_TRAINING] = {1, {APP_INCUBATED}},
    [APP_INCUBATED] = {1, {APP_ENTERPRISE_CREATED}},
};

/* "Any state but ineligible, enterprise_created and withdrawn → withdrawn": the
 * two outcomes are final and withdrawing twice is not a move. */
static const bool may_withdraw[APP_STATE_COUNT] = {
    [APP_SUBMITTED] = true,  [APP_UNDER_REVIEW] = true, [APP_ELIGIBLE] = true,
    [APP_ACCEPTED] = true,   [APP_WAITLISTED] = true,   [APP_IN_TRAINING] = true,
    [APP_INCUBATED] = true,
};

int app_state_parse(const char *name)
{
    for (int i = 0; name && i < APP_STATE_COUNT; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

const char *app_state_name(enum app_state state)
{
    return (unsigned)state < APP_STATE_COUNT ? names[state] : "unknown";
}

bool workflow_allows(enum app_state from, enum app_state to)
{
    if ((unsigned)from >= APP_STATE_COUNT || (unsigned)to >= APP_STATE_COUNT)
        return false;
    if (to == APP_WITHDRAWN)
        return may_withdraw[from];
    for (int i = 0; i < forward[from].count; i++)
        if (forward[from].to[i] == to)
            return true;
    return false;
}

int workflow_next_states(enum app_state from, enum app_state out[], int max)
{
    int n = 0;
    for (int to = 0; to < APP_STATE_COUNT; to++) {
        if (!workflow_allows(from, (enum app_state)to))
            continue;
        if (n < max)
            out[n] = (enum app_state)to;
        n++;
    }
    return n;
}
