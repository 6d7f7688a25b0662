/* The rules of enterprises created by beneficiaries and of their follow-up, kept
 * pure so that they are tested on any chosen day: the closed lists (sectors, legal
 * forms, revenue bands), the follow-up milestones at 6, 12 and 24 months after the
 * creation date with their month-end arithmetic, and the survival-rate arithmetic
 * of the sustainability report.
 *
 * Month arithmetic clamps to the end of the month: an enterprise created on
 * 31 August reaches its 6-month milestone on the last day of February (28 or 29),
 * because a follow-up "six months later" must fall within the sixth month, not
 * spill into March. */
#ifndef SANAD_DOMAIN_ENTERPRISE_H
#define SANAD_DOMAIN_ENTERPRISE_H

#include "domain/dates.h"

#include <stdbool.h>
#include <stdint.h>

/* The follow-up milestones, in months after the creation date, in order. */
#define ENTERPRISE_MILESTONE_COUNT 3
extern const int enterprise_milestones[ENTERPRISE_MILESTONE_COUNT];

/* The index of `months` in enterprise_milestones, or -1 when it is not one. */
int enterprise_milestone_index(int64_t months);

/* The same calendar day `months` months after `d` (before it when negative),
 * clamped to the last day of the target month. Dates past DATE_YEAR_MAX stay real days (the year
 * simply grows); callers compare them, they do not parse them. */
struct date date_add_months(struct date d, int months);

/* The day an enterprise created on `created` reaches the milestone of `months`. */
struct date enterprise_milestone_date(struct date created, int months);

/* The latest creation date whose milestone of `months` has been reached on `today`:
 * an enterprise created on or before it is due for that follow-up. Because
 * date_add_months clamps, several creation days can share a milestone day (29, 30
 * and 31 August + 6 months all give 28 February in a common year); the cut-off is
 * the last of them, so that "due" in the report and "not too early" for a
 * follow-up say the same thing. */
struct date enterprise_due_cutoff(struct date today, int months);

/* Closed lists of the API (values are the API's). */
bool enterprise_sector_valid(const char *s);
bool enterprise_legal_form_valid(const char *s);
bool enterprise_revenue_band_valid(const char *s);

/* Survival at a milestone: the share of followed-up enterprises still active,
 * rounded to four decimals (0.6667). False, with *rate untouched, when none was
 * followed up (the rate is then unknown, not zero) or when the counts are
 * inconsistent (negative, or more active than followed). */
bool enterprise_survival_rate(int64_t active, int64_t followed, double *rate /* OUT */);

#endif
