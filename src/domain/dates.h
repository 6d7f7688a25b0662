/* Calendar dates as the API writes them ("YYYY-MM-DD"), with the arithmetic the
 * registration rules need: comparing two days and a person's age in whole years.
 * Everything here is pure except date_today_utc(), which reads the clock; the
 * callers take "today" once per request and pass it down, so the rules above this
 * module stay pure and testable on any chosen day. */
#ifndef SANAD_DOMAIN_DATES_H
#define SANAD_DOMAIN_DATES_H

#include <stdbool.h>

/* A day of the proleptic Gregorian calendar. Values produced by date_parse() and
 * date_today_utc() are always real days; the other functions expect such values. */
struct date {
    int year, month, day; /* month 1–12, day 1–31 */
};

#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2100

/* Parses exactly "YYYY-MM-DD" (ten characters, nothing around them) naming a real
 * day of a year in [DATE_YEAR_MIN, DATE_YEAR_MAX]: 2024-02-29 is accepted, 2023-02-29
 * and 2023-02-30 are not. Returns false, leaving *out untouched, on anything else. */
bool date_parse(const char *s, struct date *out /* OUT */);
/* Writes "YYYY-MM-DD" into out[11]. */
void date_format(struct date d, char out[11] /* OUT */);
/* Negative, zero or positive as `a` is before, on or after `b`. */
int date_compare(struct date a, struct date b);
/* Age in whole years on `day` of someone born on `birth`; -1 when `day` is before
 * `birth`. The birthday is reached when (month, day) reaches the birth's, so someone
 * born on 29 February turns a year older on 1 March in common years. */
int age_on(struct date birth, struct date day);

/* Today in UTC, from the system clock: the one impure function of this module,
 * kept here so that every caller takes "today" the same way. */
struct date date_today_utc(void);

#endif
