/* Calendar dates (see dates.h). */
#include "domain/dates.h"

#include <stdio.h>
#include <time.h>

static bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* Reads `n` ASCII digits; false on anything else (sign, space, NUL included). */
static bool read_digits(const char *s, int n, int *out /* OUT */)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool date_parse(const char *s, struct date *out)
{
    struct date d;
    /* Each read stops at the first non-digit, so a short string fails at its NUL
     * before anything past it is read. */
    if (!s || !read_digits(s, 4, &d.year) || s[4] != '-' || !read_digits(s + 5, 2, &d.month) ||
        s[7] != '-' || !read_digits(s + 8, 2, &d.day) || s[10] != '\0')
        return false;
    if (d.year < DATE_YEAR_MIN || d.year > DATE_YEAR_MAX || d.month < 1 || d.month > 12 ||
        d.day < 1 || d.day > days_in_month(d.year, d.month))
        return false;
    *out = d;
    return true;
}

void date_format(struct date d, char out[11])
{
    /* The modulos only bound the output for the compiler; real dates are unchanged. */
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d.year % 10000u, (unsigned)d.month % 100u,
             (unsigned)d.day % 100u);
}

int date_compare(struct date a, struct date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

int age_on(struct date birth, struct date day)
{
    if (date_compare(day, birth) < 0)
        return -1;
    int age = day.year - birth.year;
    if (day.month < birth.month || (day.month == birth.month && day.day < birth.day))
        age--;
    return age;
}

struct date date_today_utc(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    return (struct date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}
