/* Unit tests of src/domain/enterprise: the closed lists of the API, the follow-up
 * milestones with their month-end arithmetic (checked against dates worked out by
 * hand, and against a brute-force search for the due cut-off), and the
 * survival-rate arithmetic of the sustainability report. */
#include "domain/enterprise.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static struct date day(const char *s)
{
    struct date d = {0, 0, 0};
    assert_true(date_parse(s, &d));
    return d;
}

static void assert_day(struct date d, const char *expected)
{
    char text[11];
    date_format(d, text);
    assert_string_equal(text, expected);
}

static void months_back_cross_years_and_clamp(void **unused)
{
    (void)unused;
    assert_day(date_add_months((struct date){2026, 11, 22}, -3), "2026-08-22");
    assert_day(date_add_months((struct date){2026, 2, 15}, -2), "2025-12-15");
    assert_day(date_add_months((struct date){2026, 1, 31}, -13), "2024-12-31");
    assert_day(date_add_months((struct date){2026, 3, 31}, -1), "2026-02-28");
    assert_day(date_add_months((struct date){2024, 12, 31}, -10), "2024-02-29");
    assert_day(date_add_months((struct date){2026, 5, 10}, -24), "2024-05-10");
    for (int m = -40; m <= 40; m++)   /* back and forth is the identity on the 1st */
        assert_int_equal(date_compare(date_add_months(date_add_months(
                                          (struct date){2025, 7, 1}, m), -m),
                                      (struct date){2025, 7, 1}),
                         0);
}

static void lists_are_those_of_the_api(void **unused)
{
    (void)unused;
    const char *sectors[] = {"agriculture", "agri_food", "crafts",   "textile", "commerce",
                             "services",    "tourism",   "digital",  "other"};
    for (size_t i = 0; i < sizeof sectors / sizeof *sectors; i++)
        assert_true(enterprise_sector_valid(sectors[i]));
    const char *forms[] = {"auto_entrepreneur", "cooperative", "sarl",    "sarl_au",
                           "individual",        "association", "informal"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        assert_true(enterprise_legal_form_valid(forms[i]));
    const char *bands[] = {"none", "lt_50k", "50k_200k", "200k_500k", "gt_500k"};
    for (size_t i = 0; i < sizeof bands / sizeof *bands; i++)
        assert_true(enterprise_revenue_band_valid(bands[i]));

    /* Near misses and other lists' values are refused. */
    assert_false(enterprise_sector_valid("Agriculture"));
    assert_false(enterprise_sector_valid("agriculture "));
    assert_false(enterprise_sector_valid(""));
    assert_false(enterprise_sector_valid(NULL));
    assert_false(enterprise_sector_valid("sarl"));
    assert_false(enterprise_legal_form_valid("SARL"));
    assert_false(enterprise_legal_form_valid("crafts"));
    assert_false(enterprise_legal_form_valid(NULL));
    assert_false(enterprise_revenue_band_valid("50k-200k"));
    assert_false(enterprise_revenue_band_valid("gt_1m"));
    assert_false(enterprise_revenue_band_valid(NULL));
}

static void milestones_are_6_12_24(void **unused)
{
    (void)unused;
    assert_int_equal(ENTERPRISE_MILESTONE_COUNT, 3);
    assert_int_equal(enterprise_milestone_index(6), 0);
    assert_int_equal(enterprise_milestone_index(12), 1);
    assert_int_equal(enterprise_milestone_index(24), 2);
    assert_int_equal(enterprise_milestone_index(0), -1);
    assert_int_equal(enterprise_milestone_index(18), -1);
    assert_int_equal(enterprise_milestone_index(-6), -1);
    assert_int_equal(enterprise_milestone_index(INT64_MAX), -1);
}

static void milestone_dates_clamp_to_month_end(void **unused)
{
    (void)unused;
    /* The brief's example: 31 August 2024 + 6 months is the end of February 2025. */
    assert_day(enterprise_milestone_date(day("2024-08-31"), 6), "2025-02-28");
    assert_day(enterprise_milestone_date(day("2024-08-31"), 12), "2025-08-31");
    assert_day(enterprise_milestone_date(day("2024-08-31"), 24), "2026-08-31");
    /* Into a leap February. */
    assert_day(enterprise_milestone_date(day("2023-08-31"), 6), "2024-02-29");
    assert_day(enterprise_milestone_date(day("2023-08-29"), 6), "2024-02-29");
    assert_day(enterprise_milestone_date(day("2023-08-28"), 6), "2024-02-28");
    /* From 29 February. */
    assert_day(enterprise_milestone_date(day("2024-02-29"), 6), "2024-08-29");
    assert_day(enterprise_milestone_date(day("2024-02-29"), 12), "2025-02-28");
    assert_day(enterprise_milestone_date(day("2024-02-29"), 24), "2026-02-28");
    assert_day(date_add_months(day("2024-02-29"), 48), "2028-02-29");
    /* Into 30-day months, and across the year. */
    assert_day(enterprise_milestone_date(day("2024-12-31"), 6), "2025-06-30");
    assert_day(enterprise_milestone_date(day("2025-03-31"), 6), "2025-09-30");
    assert_day(enterprise_milestone_date(day("2025-07-15"), 6), "2026-01-15");
    assert_day(enterprise_milestone_date(day("2025-12-01"), 12), "2026-12-01");
    assert_day(date_add_months(day("2025-01-31"), 1), "2025-02-28");
    assert_day(date_add_months(day("2025-01-31"), 0), "2025-01-31");
    /* 1900 is not a leap year, 2000 is. */
    assert_day(date_add_months(day("1900-01-31"), 1), "1900-02-28");
    assert_day(date_add_months(day("2000-01-31"), 1), "2000-02-29");
}

/* The due cut-off is the latest creation day whose milestone is reached: checked
 * against a search over every creation day around it. */
static void due_cutoff_matches_search(void **unused)
{
    (void)unused;
    const char *todays[] = {"2025-02-28", "2025-02-27", "2024-02-29", "2024-02-28",
                            "2025-03-30", "2025-03-31", "2025-03-01", "2026-01-15",
                            "2026-08-31", "2025-06-30", "2025-12-31", "2024-03-29"};
    for (size_t t = 0; t < sizeof todays / sizeof *todays; t++) {
        struct date today = day(todays[t]);
        for (int m = 0; m < ENTERPRISE_MILESTONE_COUNT; m++) {
            int months = enterprise_milestones[m];
            struct date cutoff = enterprise_due_cutoff(today, months);
            /* The milestone of the cut-off itself is reached … */
            assert_true(date_compare(enterprise_milestone_date(cutoff, months), today) <= 0);
            /* … and that of every later day of the next 40 is not. */
            struct date d = cutoff;
            for (int i = 0; i < 40; i++) {
                /* The next day, the dull way. */
                struct date next = d;
                next.day++;
                char text[11];
                date_format(next, text);
                struct date parsed;
                if (!date_parse(text, &parsed)) {
                    next.day = 1;
                    if (++next.month > 12) {
                        next.month = 1;
                        next.year++;
                    }
                }
                d = next;
                assert_true(date_compare(enterprise_milestone_date(d, months), today) > 0);
            }
        }
    }
    /* Worked by hand. */
    assert_day(enterprise_due_cutoff(day("2025-02-28"), 6), "2024-08-31");
    assert_day(enterprise_due_cutoff(day("2025-02-27"), 6), "2024-08-27");
    assert_day(enterprise_due_cutoff(day("2026-03-31"), 6), "2025-09-30");
    assert_day(enterprise_due_cutoff(day("2026-03-31"), 12), "2025-03-31");
    assert_day(enterprise_due_cutoff(day("2026-03-31"), 24), "2024-03-31");
    assert_day(enterprise_due_cutoff(day("2025-03-30"), 1), "2025-02-28");
    assert_day(enterprise_due_cutoff(day("2025-01-15"), 6), "2024-07-15");
    assert_day(enterprise_due_cutoff(day("2025-02-28"), 12), "2024-02-29");
}

static void survival_rate_arithmetic(void **unused)
{
    (void)unused;
    double rate = -1;
    /* Nothing followed: unknown, not zero, and the output is left alone. */
    assert_false(enterprise_survival_rate(0, 0, &rate));
    assert_true(rate == -1);
    /* Inconsistent counts. */
    assert_false(enterprise_survival_rate(3, 2, &rate));
    assert_false(enterprise_survival_rate(-1, 2, &rate));
    assert_false(enterprise_survival_rate(1, -2, &rate));

    assert_true(enterprise_survival_rate(0, 4, &rate));
    assert_true(rate == 0.0);
    assert_true(enterprise_survival_rate(5, 5, &rate));
    assert_true(rate == 1.0);
    assert_true(enterprise_survival_rate(1, 2, &rate));
    assert_true(rate == 0.5);
    assert_true(enterprise_survival_rate(4, 5, &rate));
    assert_true(rate == 0.8);
    /* Rounded half up to four decimals. */
    assert_true(enterprise_survival_rate(2, 3, &rate));
    assert_true(rate == 0.6667);
    assert_true(enterprise_survival_rate(1, 3, &rate));
    assert_true(rate == 0.3333);
    assert_true(enterprise_survival_rate(1, 8, &rate));
    assert_true(rate == 0.125);
    assert_true(enterprise_survival_rate(1, 20000, &rate));   /* 0.00005 → 0.0001 */
    assert_true(rate == 0.0001);
    assert_true(enterprise_survival_rate(1, 20001, &rate));   /* 0.0000499… → 0 */
    assert_true(rate == 0.0);
    assert_true(enterprise_survival_rate(999999, 1000000, &rate));
    assert_true(rate == 1.0);
    /* Large counts do not overflow. */
    assert_true(enterprise_survival_rate(3000000000LL, 4000000000LL, &rate));
    assert_true(rate == 0.75);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lists_are_those_of_the_api),
        cmocka_unit_test(milestones_are_6_12_24),
        cmocka_unit_test(milestone_dates_clamp_to_month_end),
        cmocka_unit_test(due_cutoff_matches_search),
        cmocka_unit_test(survival_rate_arithmetic),
        cmocka_unit_test(months_back_cross_years_and_clamp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
