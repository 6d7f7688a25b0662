/* Enterprise rules: lists, milestones and survival arithmetic (see enterprise.h). */
#include "domain/enterprise.h"

#include <stddef.h>
#include <string.h>

const int enterprise_milestones[ENTERPRISE_MILESTONE_COUNT] = {6, 12, 24};

static const char *const sectors[] = {"agriculture", "agri_food", "crafts",  "textile", "commerce",
                                      "services",    "tourism",   "digital", "other",   NULL};
static const char *const legal_forms[] = {"auto_entrepreneur", "cooperative", "sarl", "sarl_au",
                                          "individual",        "association", "informal", NULL};
/* Yearly revenue in MAD: none, < 50,000, 50,000–200,000, 200,000–500,000, > 500,000. */
static const char *const revenue_bands[] = {"none",      "lt_50k",  "50k_200k",
                                            "200k_500k", "gt_500k", NULL};

static bool in_list(const char *const list[], const char *s)
{
    if (!s)
        return false;
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

bool enterprise_sector_valid(const char *s)
{
    return in_list(sectors, s);
}

bool enterprise_legal_form_valid(const char *s)
{
    return in_list(legal_forms, s);
}

bool enterprise_revenue_band_valid(const char *s)
{
    return in_list(revenue_bands, s);
}

int enterprise_milestone_index(int64_t months)
{
    for (int i = 0; i < ENTERPRISE_MILESTONE_COUNT; i++)
        if (enterprise_milestones[i] == months)
            return i;
    return -1;
}

static bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

struct date date_add_months(struct date d, int months)
{
    int index = d.month - 1 + months;   /* months since January of d.year */
    int years = index >= 0 ? index / 12 : -((11 - index) / 12);   /* floor division */
    struct date out = {d.year + years, index - years * 12 + 1, d.day};
    int last = days_in_month(out.year, out.month);
    if (out.day > last)
        out.day = last;
    return out;
}

struct date enterprise_milestone_date(struct date created, int months)
{
    return date_add_months(created, months);
}

struct date enterprise_due_cutoff(struct date today, int months)
{
    /* The month `months` before today's. */
    int index = today.year * 12 + (today.month - 1) - months;
    struct date out = {index / 12, index % 12 + 1, today.day};
    int last = days_in_month(out.year, out.month);
    /* On the last day of a month every day of the earlier month has reached its
     * milestone (the clamp brings 31 August to 28 February); otherwise the same
     * day, or the end of a shorter month. */
    if (today.day == days_in_month(today.year, today.month) || out.day > last)
        out.day = last;
    return out;
}

bool enterprise_survival_rate(int64_t active, int64_t followed, double *rate)
{
    if (followed <= 0 || active < 0 || active > followed || followed > INT64_MAX / 20000)
        return false;
    /* Rounded half up in integers, so 2/3 is exactly 0.6667 and not 0.66669999. */
    int64_t ten_thousandths = (active * 20000 + followed) / (2 * followed);
    *rate = (double)ten_thousandths / 10000.0;
    return true;
}
