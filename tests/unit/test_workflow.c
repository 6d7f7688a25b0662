/* Unit tests of src/domain/workflow: the application state machine, checked cell by
 * cell against the moves of API.md ("Application states") written out again here,
 * independently of the module's table. */
#include "domain/workflow.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

/* The states of API.md, in its order. */
static const char *const api_states[] = {
    "submitted",   "under_review", "eligible",           "ineligible", "accepted",
    "waitlisted",  "in_training",  "incubated",          "enterprise_created",
    "withdrawn",
};
#define STATE_TOTAL (sizeof api_states / sizeof api_states[0])

/* Every allowed move, copied from API.md by hand. */
static const char *const api_moves[][2] = {
    {"submitted", "under_review"},
    {"under_review", "eligible"},
    {"under_review", "ineligible"},
    {"eligible", "accepted"},
    {"eligible", "waitlisted"},
    {"waitlisted", "accepted"},
    {"accepted", "in_training"},
    {"in_training", "incubated"},
    {"incubated", "enterprise_created"},
    /* "any state but ineligible, enterprise_created and withdrawn → withdrawn" */
    {"submitted", "withdrawn"},
    {"under_review", "withdrawn"},
    {"eligible", "withdrawn"},
    {"accepted", "withdrawn"},
    {"waitlisted", "withdrawn"},
    {"in_training", "withdrawn"},
    {"incubated", "withdrawn"},
};
#define MOVE_TOTAL (sizeof api_moves / sizeof api_moves[0])

static bool api_allows(const char *from, const char *to)
{
    for (size_t i = 0; i < MOVE_TOTAL; i++)
        if (strcmp(api_moves[i][0], from) == 0 && strcmp(api_moves[i][1], to) == 0)
            return true;
    return false;
}

static enum app_state state(const char *name)
{
    int s = app_state_parse(name);
    assert_true(s >= 0);
    return (enum app_state)s;
}

static void states_are_those_of_the_api(void **unused)
{
    (void)unused;
    assert_int_equal(APP_STATE_COUNT, STATE_TOTAL);
    for (size_t i = 0; i < STATE_TOTAL; i++) {
        assert_int_equal(app_state_parse(api_states[i]), (int)i);
        assert_string_equal(app_state_name((enum app_state)i), api_states[i]);
    }
    assert_int_equal(app_state_parse("followed_up"), -1); /* SPEC only, not the contract */
    assert_int_equal(app_state_parse("Submitted"), -1);
    assert_int_equal(app_state_parse("submitted "), -1);
    assert_int_equal(app_state_parse(""), -1);
    assert_int_equal(app_state_parse(NULL), -1);
    assert_string_equal(app_state_name(APP_STATE_COUNT), "unknown");
    assert_string_equal(app_state_name((enum app_state)-1), "unknown");
}

static void every_move_matches_the_api(void **unused)
{
    (void)unused;
    int allowed = 0;
    for (size_t f = 0; f < STATE_TOTAL; f++)
        for (size_t t = 0; t < STATE_TOTAL; t++) {
            bool expected = api_allows(api_states[f], api_states[t]);
            bool actual = workflow_allows(state(api_states[f]), state(api_states[t]));
            if (expected != actual)
                fail_msg("%s -> %s: expected %s", api_states[f], api_states[t],
                         expected ? "allowed" : "refused");
            allowed += actual;
        }
    assert_int_equal(allowed, MOVE_TOTAL);
}

static void named_decisions(void **unused)
{
    (void)unused;
    /* No way back, no skipping, no leaving a final state, no staying put. */
    assert_false(workflow_allows(APP_UNDER_REVIEW, APP_SUBMITTED));
    assert_false(workflow_allows(APP_SUBMITTED, APP_ELIGIBLE));
    assert_false(workflow_allows(APP_SUBMITTED, APP_ACCEPTED));
    assert_false(workflow_allows(APP_ACCEPTED, APP_WAITLISTED));
    assert_false(workflow_allows(APP_INELIGIBLE, APP_ELIGIBLE));
    assert_false(workflow_allows(APP_INELIGIBLE, APP_WITHDRAWN));
    assert_false(workflow_allows(APP_ENTERPRISE_CREATED, APP_WITHDRAWN));
    assert_false(workflow_allows(APP_WITHDRAWN, APP_SUBMITTED));
    assert_false(workflow_allows(APP_WITHDRAWN, APP_WITHDRAWN));
    assert_false(workflow_allows(APP_SUBMITTED, APP_SUBMITTED));
    /* A quota-waitlisted submission starts at waitlisted and may be accepted. */
    assert_true(workflow_allows(APP_WAITLISTED, APP_ACCEPTED));
    assert_true(workflow_allows(APP_INCUBATED, APP_WITHDRAWN));
    /* Values outside the enum are refused, not read past the table. */
    assert_false(workflow_allows(APP_STATE_COUNT, APP_WITHDRAWN));
    assert_false(workflow_allows(APP_SUBMITTED, APP_STATE_COUNT));
    assert_false(workflow_allows((enum app_state)-1, APP_UNDER_REVIEW));
}

static void next_states_list_the_allowed_moves(void **unused)
{
    (void)unused;
    for (size_t f = 0; f < STATE_TOTAL; f++) {
        enum app_state out[APP_STATE_COUNT + 1];
        memset(out, 0xAB, sizeof out);
        int n = workflow_next_states(state(api_states[f]), out, APP_STATE_COUNT);
        int expected = 0;
        for (size_t t = 0; t < STATE_TOTAL; t++) {
            if (!api_allows(api_states[f], api_states[t]))
                continue;
            assert_true(expected < n);
            assert_string_equal(app_state_name(out[expected]), api_states[t]);
            expected++;
        }
        assert_int_equal(n, expected);
        unsigned char untouched[sizeof out[0]];
        memset(untouched, 0xAB, sizeof untouched);
        assert_memory_equal(&out[n], untouched, sizeof untouched);
    }
    enum app_state none[1];
    assert_int_equal(workflow_next_states(APP_INELIGIBLE, none, 1), 0);
    assert_int_equal(workflow_next_states(APP_ENTERPRISE_CREATED, none, 1), 0);
    assert_int_equal(workflow_next_states(APP_WITHDRAWN, none, 1), 0);
}

static void next_states_respects_max(void **unused)
{
    (void)unused;
    enum app_state out[2] = {APP_STATE_COUNT, APP_STATE_COUNT};
    /* under_review has three moves: eligible, ineligible, withdrawn. */
    assert_int_equal(workflow_next_states(APP_UNDER_REVIEW, out, 1), 3);
    assert_int_equal(out[0], APP_ELIGIBLE);
    assert_int_equal(out[1], APP_STATE_COUNT);
    assert_int_equal(workflow_next_states(APP_UNDER_REVIEW, NULL, 0), 3);
    assert_int_equal(workflow_next_states(APP_STATE_COUNT, out, 2), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(states_are_those_of_the_api),
        cmocka_unit_test(every_move_matches_the_api),
        cmocka_unit_test(named_decisions),
        cmocka_unit_test(next_states_list_the_allowed_moves),
        cmocka_unit_test(next_states_respects_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
