/* Unit tests of src/domain/applicant and src/domain/dates: the calendar, CIN and
 * phone normalisation, and every rule of the public registration form, each with
 * values that pass and values that must not — empty, too long, control characters,
 * invalid UTF-8, SQL and HTML fragments, names in Arabic, French and Tifinagh. */
#include "core/util.h"
#include "domain/applicant.h"
#include "domain/dates.h"
#include "domain/regions.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* ---- Dates ---- */

static struct date day(const char *text)
{
    struct date d;
    if (!date_parse(text, &d))
        fail_msg("not a date: %s", text);
    return d;
}

static void date_parse_is_strict(void **unused)
{
    (void)unused;
    static const char *const good[] = {"2024-02-29", "2000-02-29", "1900-01-01", "2100-12-31",
                                       "1994-03-02", "2023-04-30", "2023-12-31"};
    for (size_t i = 0; i < ARRAY_LEN(good); i++) {
        struct date d;
        char back[11];
        assert_true(date_parse(good[i], &d));
        date_format(d, back);
        assert_string_equal(back, good[i]);
    }
    struct date d = day("1994-03-02");
    assert_int_equal(d.year, 1994);
    assert_int_equal(d.month, 3);
    assert_int_equal(d.day, 2);

    static const char *const bad[] = {
        "2023-02-29", "2023-02-30", "1900-02-29", "2100-02-29", "2023-04-31", "2023-13-01",
        "2023-00-10", "2023-01-00", "2023-01-32", "1899-12-31", "2101-01-01", "0000-01-01",
        "2023-2-03",  "2023-02-3",  "23-02-03",   "20230203",   "2023/02/03", "2023-02-03 ",
        " 2023-02-03", "2023-02-031", "+023-02-03", "2023-02-0x", "2023-02-03T00:00:00Z",
        "",           "2023",       "2023-",      "2023-02-",   "２０２３-02-03",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        struct date untouched = {7, 7, 7};
        if (date_parse(bad[i], &untouched))
            fail_msg("accepted %s", bad[i]);
        assert_int_equal(untouched.year, 7);
    }
    assert_false(date_parse(NULL, &d));
}

static void date_compare_orders_days(void **unused)
{
    (void)unused;
    assert_int_equal(date_compare(day("2024-02-29"), day("2024-02-29")), 0);
    assert_true(date_compare(day("2024-02-28"), day("2024-02-29")) < 0);
    assert_true(date_compare(day("2024-03-01"), day("2024-02-29")) > 0);
    assert_true(date_compare(day("2023-12-31"), day("2024-01-01")) < 0);
    assert_true(date_compare(day("2024-01-31"), day("2024-02-01")) < 0);
    assert_true(date_compare(day("2100-01-01"), day("1900-12-31")) > 0);
}

static void age_in_whole_years(void **unused)
{
    (void)unused;
    assert_int_equal(age_on(day("1994-03-02"), day("2024-03-01")), 29);
    assert_int_equal(age_on(day("1994-03-02"), day("2024-03-02")), 30);
    assert_int_equal(age_on(day("1994-03-02"), day("2024-12-31")), 30);
    assert_int_equal(age_on(day("1994-03-02"), day("1994-03-02")), 0);
    assert_int_equal(age_on(day("1994-03-02"), day("1995-03-01")), 0);
    assert_int_equal(age_on(day("1994-03-02"), day("1994-03-01")), -1);
    assert_int_equal(age_on(day("1994-03-02"), day("1900-01-01")), -1);
    /* Born on 29 February: a year older on 1 March in common years. */
    assert_int_equal(age_on(day("2004-02-29"), day("2022-02-28")), 17);
    assert_int_equal(age_on(day("2004-02-29"), day("2022-03-01")), 18);
    assert_int_equal(age_on(day("2004-02-29"), day("2024-02-28")), 19);
    assert_int_equal(age_on(day("2004-02-29"), day("2024-02-29")), 20);
    assert_int_equal(age_on(day("1900-01-01"), day("2100-12-31")), 200);
}

static void today_is_the_utc_day(void **unused)
{
    (void)unused;
    char before[11], after[11], today[11];
    today_iso(before);
    date_format(date_today_utc(), today);
    today_iso(after);
    /* Around midnight the day may change between the calls. */
    if (strcmp(today, before) != 0)
        assert_string_equal(today, after);
    struct date parsed;
    assert_true(date_parse(today, &parsed));
}

/* ---- CIN and phone ---- */

static void cin_normalisation(void **unused)
{
    (void)unused;
    static const char *const good[][2] = {
        {"AB123456", "AB123456"}, {"ab 123456", "AB123456"}, {"  aB 12 34 56 ", "AB123456"},
        {"A1", "A1"},             {"z999999", "Z999999"},     {"BE0", "BE0"},
        {"J 000001", "J000001"},
    };
    for (size_t i = 0; i < ARRAY_LEN(good); i++) {
        char out[CIN_SIZE];
        if (!cin_normalize(good[i][0], out))
            fail_msg("refused %s", good[i][0]);
        assert_string_equal(out, good[i][1]);
    }
    static const char *const bad[] = {
        "",          "   ",        "AB",        "123456",   "ABC123",   "AB1234567",
        "A-12345",   "AB12A3",     "1AB234",    "AB 12.34", "É12345",   "AB12345\n",
        "AB\t12345", "AB123456'",  "AB1' OR '1'='1", "<AB123>", "ＡＢ123456",
        "AB 12 34 56 7",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        char out[CIN_SIZE];
        if (cin_normalize(bad[i], out))
            fail_msg("accepted %s", bad[i]);
    }
    char out[CIN_SIZE];
    assert_false(cin_normalize(NULL, out));
}

static void phone_normalisation(void **unused)
{
    (void)unused;
    static const char *const good[][2] = {
        {"0612345678", "+212612345678"},       {"07 12 34 56 78", "+212712345678"},
        {"05.22.12.34.56", "+212522123456"},   {"06-12-34-56-78", "+212612345678"},
        {"+212612345678", "+212612345678"},    {"+212 6 12 34 56 78", "+212612345678"},
        {"00212612345678", "+212612345678"},   {"00 212 7-12-34-56-78", "+212712345678"},
        {" +212 537 12 34 56 ", "+212537123456"},
    };
    for (size_t i = 0; i < ARRAY_LEN(good); i++) {
        char out[PHONE_SIZE];
        if (!phone_normalize(good[i][0], out))
            fail_msg("refused %s", good[i][0]);
        assert_string_equal(out, good[i][1]);
    }
    static const char *const bad[] = {
        "",
        "0812345678",     /* 08: not mobile nor the fixed 05 */
        "0412345678",     "0012345678",     "061234567",      "06123456789",
        "6123456789",     "+2120612345678", "212612345678",   "+212812345678",
        "+33612345678",   "0033612345678",  "002126123456789", "+21261234567",
        "06 12 34 56 7a", "(06)12345678",   "++212612345678", "06+12345678",
        "+ +212612345678", "0612345678\n",  "06\t12345678",   "٠٦١٢٣٤٥٦٧٨",
        "0612345678; DROP TABLE applications", "06/12/34/56/78",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        char out[PHONE_SIZE];
        if (phone_normalize(bad[i], out))
            fail_msg("accepted %s", bad[i]);
    }
    char out[PHONE_SIZE];
    assert_false(phone_normalize(NULL, out));
}

/* ---- The applicant ---- */

static const struct applicant example = {
    .cin = "AB123456",
    .first_name = "Fatima",
    .last_name = "El Idrissi",
    .first_name_ar = "فاطمة",
    .last_name_ar = "الإدريسي",
    .birth_date = "1994-03-02",
    .sex = "F",
    .phone = "0612345678",
    .email = NULL,
    .region = "MA-09",
    .province = "Taroudant",
    .commune = "Ouled Teima",
    .education = "secondary",
    .situation = "unemployed",
    .project_idea = "Atelier de couture",
    .consent = true,
};

static struct date today;
static struct applicant_clean clean;
static struct field_problems problems;

static int setup(void **unused)
{
    (void)unused;
    today = day("2025-06-15");
    return regions_load();
}

/* Validates `in` and checks that it passes; the clean form is left in `clean`. */
static void expect_valid(const struct applicant *in)
{
    if (!applicant_validate(in, today, &clean, &problems))
        fail_msg("refused: %s %s", problems.items[0].field, problems.items[0].code);
    assert_int_equal(problems.count, 0);
}

/* Validates `in` and checks that `field` alone has a problem, `code`. */
static void expect_problem(const struct applicant *in, const char *field, const char *code)
{
    assert_false(applicant_validate(in, today, &clean, &problems));
    const char *found = field_problem_code(&problems, field);
    if (!found || strcmp(found, code) != 0)
        fail_msg("%s: expected %s, got %s (%d problems, first %s %s)", field, code,
                 found ? found : "none", problems.count, problems.items[0].field,
                 problems.items[0].code);
    assert_int_equal(problems.count, 1);
}

static void the_api_example_is_valid_and_normalised(void **unused)
{
    (void)unused;
    struct applicant in = example;
    in.cin = "ab 123456";
    in.phone = "06 12 34 56 78";
    in.email = "fatima.elidrissi@example.ma";
    expect_valid(&in);
    assert_string_equal(clean.cin, "AB123456");
    assert_string_equal(clean.first_name, "Fatima");
    assert_string_equal(clean.last_name, "El Idrissi");
    assert_string_equal(clean.first_name_ar, "فاطمة");
    assert_string_equal(clean.last_name_ar, "الإدريسي");
    assert_int_equal(date_compare(clean.birth_date, day("1994-03-02")), 0);
    assert_string_equal(clean.sex, "F");
    assert_string_equal(clean.phone, "+212612345678");
    assert_string_equal(clean.email, "fatima.elidrissi@example.ma");
    assert_ptr_equal(clean.region, region_find("MA-09"));
    assert_string_equal(clean.province, "Taroudant");
    assert_string_equal(clean.commune, "Ouled Teima");
    assert_string_equal(clean.education, "secondary");
    assert_string_equal(clean.situation, "unemployed");
    assert_string_equal(clean.project_idea, "Atelier de couture");
    assert_true(clean.consent);
}

static void absent_fields(void **unused)
{
    (void)unused;
    struct applicant nothing = {0};
    assert_false(applicant_validate(&nothing, today, &clean, &problems));
    static const char *const expected[][2] = {
        {"cin", "required"},       {"first_name", "required"}, {"last_name", "required"},
        {"birth_date", "required"}, {"sex", "required"},        {"phone", "required"},
        {"region", "required"},    {"province", "required"},   {"consent", "consent_required"},
    };
    assert_int_equal(problems.count, ARRAY_LEN(expected));
    for (size_t i = 0; i < ARRAY_LEN(expected); i++) {
        const char *code = field_problem_code(&problems, expected[i][0]);
        assert_non_null(code);
        assert_string_equal(code, expected[i][1]);
    }

    /* Empty and all-space strings are absent too. */
    struct applicant blank = {
        .cin = "", .first_name = "  ", .last_name = "", .birth_date = " ", .sex = "",
        .phone = "   ", .email = "", .region = "", .province = " ", .commune = "",
        .education = "", .situation = " ", .project_idea = "  ",
    };
    assert_false(applicant_validate(&blank, today, &clean, &problems));
    assert_int_equal(problems.count, ARRAY_LEN(expected));

    /* The optional fields may all be left out. */
    struct applicant minimal = example;
    minimal.first_name_ar = minimal.last_name_ar = NULL;
    minimal.email = minimal.commune = minimal.education = minimal.situation = NULL;
    minimal.project_idea = "";
    expect_valid(&minimal);
    assert_string_equal(clean.first_name_ar, "");
    assert_string_equal(clean.email, "");
    assert_string_equal(clean.commune, "");
    assert_null(clean.education);
    assert_null(clean.situation);
    assert_string_equal(clean.project_idea, "");
}

static void every_field_is_reported(void **unused)
{
    (void)unused;
    struct applicant in = {
        .cin = "ABC",
        .first_name = "<script>",
        .last_name = "Robert'); DROP TABLE applicants;--",
        .first_name_ar = "Fatima",
        .last_name_ar = "فاطمة1",
        .birth_date = "2023-02-30",
        .sex = "X",
        .phone = "0812345678",
        .email = "fatima@",
        .region = "MA-13",
        .province = "Atlantis",
        .commune = "Ouled\x01Teima",
        .education = "university",
        .situation = "retired",
        .project_idea = "\xC3\x28",
        .consent = false,
    };
    assert_false(applicant_validate(&in, today, &clean, &problems));
    static const char *const expected[][2] = {
        {"cin", "invalid_format"},         {"first_name", "invalid_format"},
        {"last_name", "invalid_format"},   {"first_name_ar", "wrong_script"},
        {"last_name_ar", "invalid_format"}, {"birth_date", "invalid_date"},
        {"sex", "invalid_value"},          {"phone", "invalid_format"},
        {"email", "invalid_format"},       {"region", "invalid_value"},
        {"province", "invalid_value"},     {"commune", "invalid_format"},
        {"education", "invalid_value"},    {"situation", "invalid_value"},
        {"project_idea", "invalid_utf8"},  {"consent", "consent_required"},
    };
    assert_int_equal(problems.count, ARRAY_LEN(expected));
    for (size_t i = 0; i < ARRAY_LEN(expected); i++) {
        /* In the order of the form, so that answers list them as the form does. */
        assert_string_equal(problems.items[i].field, expected[i][0]);
        assert_string_equal(problems.items[i].code, expected[i][1]);
    }
}

static void cin_field(void **unused)
{
    (void)unused;
    struct applicant in = example;
    in.cin = " a 1 ";
    expect_valid(&in);
    assert_string_equal(clean.cin, "A1");
    in.cin = "AB 123456 OR 1=1";
    expect_problem(&in, "cin", "invalid_format");
    in.cin = "AB1234567";
    expect_problem(&in, "cin", "invalid_format");
    in.cin = "  ";
    expect_problem(&in, "cin", "required");
}

static void phone_field(void **unused)
{
    (void)unused;
    struct applicant in = example;
    in.phone = "00212 5 22 12 34 56";
    expect_valid(&in);
    assert_string_equal(clean.phone, "+212522123456");
    in.phone = "+33 6 12 34 56 78";
    expect_problem(&in, "phone", "invalid_format");
    in.phone = "";
    expect_problem(&in, "phone", "required");
}

/* One name field set to `value` in an otherwise valid applicant. */
static struct applicant with_name(const char *field, const char *value)
{
    struct applicant in = example;
    if (strcmp(field, "first_name") == 0)
        in.first_name = value;
    else if (strcmp(field, "last_name") == 0)
        in.last_name = value;
    else if (strcmp(field, "first_name_ar") == 0)
        in.first_name_ar = value;
    else
        in.last_name_ar = value;
    return in;
}

static const char *stored_name(const char *field)
{
    return strcmp(field, "first_name") == 0      ? clean.first_name
           : strcmp(field, "last_name") == 0     ? clean.last_name
           : strcmp(field, "first_name_ar") == 0 ? clean.first_name_ar
                                                 : clean.last_name_ar;
}

static void expect_name_kept(const char *field, const char *value, const char *stored)
{
    struct applicant in = with_name(field, value);
    expect_valid(&in);
    assert_string_equal(stored_name(field), stored);
}

static void expect_name_refused(const char *field, const char *value, const char *code)
{
    struct applicant in = with_name(field, value);
    expect_problem(&in, field, code);
}

static void latin_names(void **unused)
{
    (void)unused;
    static const char *const kept[] = {
        "Fatima-Zahra", "Aït Baha",    "M'barek",  "N’Diaye",   "Hélène Béatrice",
        "Noël",         "Çağla",       "Ḥafṣa",    "Ɛli ɣiɣ",   "Ouëdraogo",
        "He\xCC\x81le\xCC\x80ne" /* decomposed accents */,       "El  Idrissi",
        "ⵜⴰⵙⵍⵉⵎⵜ" /* Tifinagh */,     "Tazmamart ⵜⴰⵎⴰⵣⵉⵖⵜ", "O",
    };
    for (size_t i = 0; i < ARRAY_LEN(kept); i++) {
        expect_name_kept("first_name", kept[i], kept[i]);
        expect_name_kept("last_name", kept[i], kept[i]);
    }
    expect_name_kept("first_name", "  Fatima Zahra  ", "Fatima Zahra");

    static const char *const malformed[] = {
        "Robert'); DROP TABLE applicants;--", "<script>alert(1)</script>", "Fatima1",
        "Fati\tma", "Fatima\n", "Fati\x7Fma", "Fati\xC2\x85ma" /* C1 NEL */, "a=b",
        "Fatima;", "\"Fatima\"", "Fati`ma", "Fatima--", "-Fatima", "Fatima-", "O''Brien",
        "Aït- Baha", "'Fatima", "Fatima_Zahra", "Fatima.", "Fatima@", "&amp;",
        "Fati\xE2\x80\x8Ema" /* left-to-right mark */,
        ("\xE2\x80\xAE" "amitaF") /* right-to-left override */,
        "Fati\xE2\x80\x8Bma" /* zero-width space */, "Ｆａｔｉｍａ" /* full width */,
        "Fatima 😀", "Fatima\xC2\xA0Zahra" /* no-break space */, "Fatima×Zahra",
        "Fatima÷", "Fatima¿", "-",
        "'", ("\xCC\x81" "Fatima") /* starts with a combining accent */,
        ("\xE2\xB5\xBF" "ⵣⵉ") /* starts with the Tifinagh consonant joiner */,
    };
    for (size_t i = 0; i < ARRAY_LEN(malformed); i++) {
        struct applicant in = with_name("first_name", malformed[i]);
        assert_false(applicant_validate(&in, today, &clean, &problems));
        const char *code = field_problem_code(&problems, "first_name");
        if (!code || strcmp(code, "invalid_format") != 0)
            fail_msg("%s: got %s", malformed[i], code ? code : "nothing");
    }

    expect_name_refused("first_name", "فاطمة", "wrong_script");
    expect_name_refused("last_name", "Фатима", "wrong_script");
    expect_name_refused("last_name", "Ελένη", "wrong_script");
    expect_name_refused("last_name", "Fatima فاطمة", "wrong_script");
    /* A forbidden character outweighs a wrong script. */
    expect_name_refused("last_name", "فاطمة1", "invalid_format");
}

static void arabic_names(void **unused)
{
    (void)unused;
    static const char *const kept[] = {
        "فاطمة الزهراء", "الإدريسي", "فَاطِمَة" /* tashkeel */, "آمنة", "مؤمنة", "عائشة",
        "ءامنة", "كڭـاط" /* Moroccan gaf and a tatweel */, "ⴼⴰⵟⵉⵎⴰ" /* Tifinagh */,
        "بنت  علي", "کوردە" /* letters of other languages in Arabic script */,
    };
    for (size_t i = 0; i < ARRAY_LEN(kept); i++) {
        expect_name_kept("first_name_ar", kept[i], kept[i]);
        expect_name_kept("last_name_ar", kept[i], kept[i]);
    }
    expect_name_kept("last_name_ar", " الإدريسي ", "الإدريسي");

    static const char *const malformed[] = {
        "فاطمة١" /* Arabic-Indic digit */, "فاطمة، علي" /* Arabic comma */, "فاطمة؟",
        "فاطمة-الزهراء", "فاطمة'", "ﻓﺎﻃﻤﺔ" /* presentation forms */, "عبد ﷲ", "فاطمة<",
        "فاطمة\n", "فاطمة\xE2\x80\x8F" /* right-to-left mark */, "فاطمة٪",
        ("\xD9\x8E" "فاطمة") /* starts with a fatha */,
    };
    for (size_t i = 0; i < ARRAY_LEN(malformed); i++) {
        struct applicant in = with_name("first_name_ar", malformed[i]);
        assert_false(applicant_validate(&in, today, &clean, &problems));
        const char *code = field_problem_code(&problems, "first_name_ar");
        if (!code || strcmp(code, "invalid_format") != 0)
            fail_msg("%s: got %s", malformed[i], code ? code : "nothing");
    }
    expect_name_refused("first_name_ar", "Fatima", "wrong_script");
    expect_name_refused("last_name_ar", "Hélène", "wrong_script");
    expect_name_refused("last_name_ar", "فاطمة Zahra", "wrong_script");
}

static void name_lengths_and_encoding(void **unused)
{
    (void)unused;
    char latin[256], arabic[512], tifinagh[512];
    memset(latin, 'a', 60);
    latin[60] = '\0';
    expect_name_kept("first_name", latin, latin);
    latin[60] = 'a';
    latin[61] = '\0';
    expect_name_refused("first_name", latin, "too_long");

    /* Sixty code points of two bytes, then of three. */
    arabic[0] = '\0';
    tifinagh[0] = '\0';
    for (int i = 0; i < 60; i++) {
        strcat(arabic, "ب");
        strcat(tifinagh, "ⵣ");
    }
    expect_name_kept("last_name_ar", arabic, arabic);
    expect_name_kept("last_name", tifinagh, tifinagh);
    strcat(arabic, "ب");
    strcat(tifinagh, "ⵣ");
    expect_name_refused("last_name_ar", arabic, "too_long");
    expect_name_refused("last_name", tifinagh, "too_long");
    /* Spaces around do not count. */
    char padded[300];
    memset(latin, 'a', 60);
    latin[60] = '\0';
    snprintf(padded, sizeof padded, "   %s   ", latin);
    expect_name_kept("first_name", padded, latin);

    static const char *const broken[] = {
        "Fati\xC3\x28ma",     /* a lead byte without its continuation */
        "Fatima\xC3",         /* cut in the middle of a character */
        "\xC0\xAF",           /* overlong "/" */
        "\xED\xA0\x80",       /* a UTF-16 surrogate */
        "\xF4\x90\x80\x80",   /* past U+10FFFF */
        "\xFF\xFE",
    };
    for (size_t i = 0; i < ARRAY_LEN(broken); i++) {
        expect_name_refused("first_name", broken[i], "invalid_utf8");
        expect_name_refused("last_name_ar", broken[i], "invalid_utf8");
    }
}

static void one_complete_pair_of_names(void **unused)
{
    (void)unused;
    struct applicant in = example;
    in.first_name_ar = in.last_name_ar = NULL;
    expect_valid(&in); /* Latin only */

    in = example;
    in.first_name = in.last_name = NULL;
    expect_valid(&in); /* Arabic only */
    assert_string_equal(clean.first_name, "");
    assert_string_equal(clean.last_name_ar, "الإدريسي");

    in = example;
    in.last_name = NULL; /* half a Latin pair beside a full Arabic one */
    expect_valid(&in);

    in = example;
    in.last_name = in.first_name_ar = in.last_name_ar = NULL;
    expect_problem(&in, "last_name", "required");

    in = example;
    in.first_name = in.last_name = in.last_name_ar = NULL;
    expect_problem(&in, "last_name_ar", "required");

    in = example;
    in.first_name = in.last_name = in.first_name_ar = NULL;
    expect_problem(&in, "first_name_ar", "required");

    in = example;
    in.last_name = in.first_name_ar = NULL; /* both pairs started: the Latin one is asked */
    expect_problem(&in, "last_name", "required");

    in = example;
    in.first_name = in.last_name = in.first_name_ar = in.last_name_ar = "  ";
    assert_false(applicant_validate(&in, today, &clean, &problems));
    assert_int_equal(problems.count, 2);
    assert_string_equal(field_problem_code(&problems, "first_name"), "required");
    assert_string_equal(field_problem_code(&problems, "last_name"), "required");

    /* An invalid name is reported as such, not also as missing. */
    in = example;
    in.first_name = "<b>";
    in.first_name_ar = in.last_name_ar = NULL;
    expect_problem(&in, "first_name", "invalid_format");
}

static void birth_date_field(void **unused)
{
    (void)unused;
    struct applicant in = example;
    in.birth_date = " 1994-03-02 ";
    expect_valid(&in);
    in.birth_date = "2015-06-15"; /* ten today */
    expect_valid(&in);
    in.birth_date = "1905-06-15"; /* 120 today */
    expect_valid(&in);
    in.birth_date = "1904-06-16"; /* 121 tomorrow */
    expect_valid(&in);
    in.birth_date = "2008-02-29";
    expect_valid(&in);

    static const char *const out_of_range[] = {
        "2015-06-16", /* ten tomorrow */
        "1904-06-15", /* 121 today */
        "2025-06-15", /* born today */
        "2025-06-16", /* in the future */
        "2100-01-01",
        "1900-01-01",
    };
    for (size_t i = 0; i < ARRAY_LEN(out_of_range); i++) {
        in.birth_date = out_of_range[i];
        expect_problem(&in, "birth_date", "out_of_range");
    }
    static const char *const invalid[] = {
        "2023-02-30", "2023-02-29", "1994-3-2", "02/03/1994", "1994-03-02T00:00:00Z",
        "1899-12-31", "1994-03-02'; --", "\xC3\x28", "1994-13-02", "yesterday",
    };
    for (size_t i = 0; i < ARRAY_LEN(invalid); i++) {
        in.birth_date = invalid[i];
        expect_problem(&in, "birth_date", "invalid_date");
    }
    in.birth_date = "";
    expect_problem(&in, "birth_date", "required");
}

static void sex_field(void **unused)
{
    (void)unused;
    struct applicant in = example;
    in.sex = "M";
    expect_valid(&in);
    assert_string_equal(clean.sex, "M");
    static const char *const bad[] = {"f", "m", "X", "Female", "FM", "F\n", "Ｆ"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        in.sex = bad[i];
        expect_problem(&in, "sex", "invalid_value");
    }
}

static void email_field(void **unused)
{
    (void)unused;
    struct applicant in = example;
    static const char *const good[] = {
        "fatima@example.ma", "f.el-idrissi+jisr@mail.example.co.ma", "F_Z@EXAMPLE.MA",
        "a@b.co", "user@xn--mgbh0fb.xn--mgbc0a9azcg", "o'brien@example.org",
    };
    for (size_t i = 0; i < ARRAY_LEN(good); i++) {
        in.email = good[i];
        expect_valid(&in);
        assert_string_equal(clean.email, good[i]);
    }
    in.email = "  fatima@example.ma ";
    expect_valid(&in);
    assert_string_equal(clean.email, "fatima@example.ma");

    static const char *const bad[] = {
        "fatima",           "fatima@",            "@example.ma",        "fatima@example",
        "fatima@@example.ma", "fa@tima@example.ma", "fat ima@example.ma", "fatima@example.m",
        "fatima@-example.ma", "fatima@example-.ma", "fatima@exa_mple.ma", ".fatima@example.ma",
        "fatima.@example.ma", "fa..tima@example.ma", "fatima@example..ma", "fatima@.example.ma",
        "fatima@example.ma.", "<script>@x.ma",      "fatima@example.ma\n", "فاطمة@example.ma",
        "fatima@مثال.المغرب", "fatima@example.12",  "\"fatima\"@example.ma", "fatima@[127.0.0.1]",
        "fatima@example.ma;DROP", "fati\xC3\x28@example.ma",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        in.email = bad[i];
        expect_problem(&in, "email", "invalid_format");
    }

    /* 254 bytes at most: 64 + "@" + 63 + "." + 63 + "." + 61 = 254. */
    char email[300], local[65], label[64];
    memset(local, 'l', 64);
    local[64] = '\0';
    memset(label, 'd', 63);
    label[63] = '\0';
    snprintf(email, sizeof email, "%s@%s.%s.%.61s", local, label, label, label);
    assert_int_equal(strlen(email), 254);
    in.email = email;
    expect_valid(&in);
    snprintf(email, sizeof email, "%s@%s.%s.%.62s", local, label, label, label);
    expect_problem(&in, "email", "too_long");
    /* A local part of 65 bytes, a label of 64. */
    snprintf(email, sizeof email, "%sl@example.ma", local);
    expect_problem(&in, "email", "invalid_format");
    snprintf(email, sizeof email, "fatima@%sd.ma", label);
    expect_problem(&in, "email", "invalid_format");
}

static void region_and_province(void **unused)
{
    (void)unused;
    struct applicant in = example;
    in.region = "MA-01";
    in.province = "Tétouan";
    expect_valid(&in);
    assert_string_equal(clean.province, "Tétouan");
    assert_string_equal(clean.region->code, "MA-01");
    /* The stored province is the reference map's string itself. */
    const struct region *r = region_find("MA-01");
    bool from_map = false;
    for (size_t i = 0; i < r->province_count; i++)
        from_map |= clean.province == r->provinces[i];
    assert_true(from_map);

    in.region = " MA-04 ";
    in.province = " Skhirate-Témara ";
    expect_valid(&in);
    assert_string_equal(clean.province, "Skhirate-Témara");

    in = example;
    in.province = "Rabat"; /* of MA-04, not MA-09 */
    expect_problem(&in, "province", "province_not_in_region");
    in.province = "Tetouan"; /* without its accent: not the reference name */
    expect_problem(&in, "province", "invalid_value");
    in.province = "taroudant";
    expect_problem(&in, "province", "invalid_value");
    in.province = "Atlantis";
    expect_problem(&in, "province", "invalid_value");
    in.province = "Taroudant'; DROP TABLE applications; --";
    expect_problem(&in, "province", "invalid_value");

    in = example;
    static const char *const bad_regions[] = {"MA-13", "MA-00", "ma-09", "MA-9", "MA-09 x",
                                              "Souss-Massa", "MA-0", "MA-090"};
    for (size_t i = 0; i < ARRAY_LEN(bad_regions); i++) {
        in.region = bad_regions[i];
        /* A wrong region alone is reported: the province exists. */
        expect_problem(&in, "region", "invalid_value");
    }
    in.province = "Atlantis";
    assert_false(applicant_validate(&in, today, &clean, &problems));
    assert_int_equal(problems.count, 2);
    assert_string_equal(field_problem_code(&problems, "province"), "invalid_value");
    in.province = NULL;
    assert_false(applicant_validate(&in, today, &clean, &problems));
    assert_string_equal(field_problem_code(&problems, "province"), "required");
    in.region = NULL;
    in.province = "Taroudant";
    expect_problem(&in, "region", "required");
}

static void commune_field(void **unused)
{
    (void)unused;
    struct applicant in = example;
    char commune[400] = "";
    for (int i = 0; i < 80; i++)
        strcat(commune, "ت");
    in.commune = commune;
    expect_valid(&in);
    assert_string_equal(clean.commune, commune);
    strcat(commune, "ت");
    expect_problem(&in, "commune", "too_long");
    /* Free text, kept as given: showing it safely is the job of output escaping. */
    in.commune = "Aït Ourir <centre> 2";
    expect_valid(&in);
    assert_string_equal(clean.commune, "Aït Ourir <centre> 2");
    in.commune = "Ouled\nTeima";
    expect_problem(&in, "commune", "invalid_format");
    in.commune = "Ouled\x1bTeima";
    expect_problem(&in, "commune", "invalid_format");
    in.commune = "Ouled\xC2\x9BTeima"; /* C1 CSI */
    expect_problem(&in, "commune", "invalid_format");
    in.commune = "Ouled \xE0\x80\x80";
    expect_problem(&in, "commune", "invalid_utf8");
}

static void choices(void **unused)
{
    (void)unused;
    struct applicant in = example;
    for (size_t i = 0; applicant_educations[i]; i++) {
        in.education = applicant_educations[i];
        expect_valid(&in);
        assert_ptr_equal(clean.education, applicant_educations[i]);
    }
    for (size_t i = 0; applicant_situations[i]; i++) {
        char copy[32];
        snprintf(copy, sizeof copy, "%s", applicant_situations[i]);
        in.situation = copy; /* the stored string is the table's, not the caller's */
        expect_valid(&in);
        assert_ptr_equal(clean.situation, applicant_situations[i]);
    }
    static const char *const educations[] = {"none", "primary", "secondary", "vocational",
                                             "higher"};
    static const char *const situations[] = {"unemployed", "employed", "self_employed",
                                             "student", "homemaker", "other"};
    for (size_t i = 0; i < ARRAY_LEN(educations); i++)
        assert_string_equal(applicant_educations[i], educations[i]);
    assert_null(applicant_educations[ARRAY_LEN(educations)]);
    for (size_t i = 0; i < ARRAY_LEN(situations); i++)
        assert_string_equal(applicant_situations[i], situations[i]);
    assert_null(applicant_situations[ARRAY_LEN(situations)]);

    in = example;
    static const char *const bad[] = {"university", "Secondary", "secondary;", "high",
                                      "none\n"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        in.education = bad[i];
        expect_problem(&in, "education", "invalid_value");
    }
    in = example;
    in.situation = "retired";
    expect_problem(&in, "situation", "invalid_value");
    in.situation = "self-employed";
    expect_problem(&in, "situation", "invalid_value");
}

static void project_idea_field(void **unused)
{
    (void)unused;
    struct applicant in = example;
    static char idea[5000];
    idea[0] = '\0';
    for (int i = 0; i < 1000; i++)
        strcat(idea, i % 2 ? "ⵉ" : "é");
    in.project_idea = idea;
    expect_valid(&in);
    assert_string_equal(clean.project_idea, idea);
    strcat(idea, "x");
    expect_problem(&in, "project_idea", "too_long");

    in.project_idea = "Coopérative d'argan :\n- presse\r\n- emballage\t(2 000 MAD)";
    expect_valid(&in);
    assert_string_equal(clean.project_idea, in.project_idea);
    in.project_idea = "'); DROP TABLE applications; -- <script>alert(1)</script>";
    expect_valid(&in);
    assert_string_equal(clean.project_idea, in.project_idea);
    in.project_idea = "Atelier\x01";
    expect_problem(&in, "project_idea", "invalid_format");
    in.project_idea = "Atelier\x7F";
    expect_problem(&in, "project_idea", "invalid_format");
    in.project_idea = "Atelier \xF0\x9F";
    expect_problem(&in, "project_idea", "invalid_utf8");
    /* A right-to-left override would show staff another text than the one stored;
     * the marks that mixed Arabic and French need are kept. */
    in.project_idea = "Atelier \u202Egnirahc\u202C";
    expect_problem(&in, "project_idea", "invalid_format");
    in.project_idea = "Atelier \u2067isolé\u2069";
    expect_problem(&in, "project_idea", "invalid_format");
    in = example;
    in.commune = "Agadir\u202D";
    expect_problem(&in, "commune", "invalid_format");
    in = example;
    in.project_idea = "مشروع \u200Fcouture\u200E وخياطة\u061C";
    expect_valid(&in);
}

static void consent_field(void **unused)
{
    (void)unused;
    struct applicant in = example;
    in.consent = false;
    expect_problem(&in, "consent", "consent_required");
}

/* The import path hands over cells as they were in the file, so every field must
 * refuse bytes that are not UTF-8, whatever its own rules. */
static void broken_utf8_in_every_field(void **unused)
{
    (void)unused;
    static const char broken[] = "F\xC3\x28";
    struct applicant in;
    const struct {
        const char **slot, *field, *code;
    } fields[] = {
        {&in.cin, "cin", "invalid_format"},
        {&in.first_name, "first_name", "invalid_utf8"},
        {&in.last_name, "last_name", "invalid_utf8"},
        {&in.first_name_ar, "first_name_ar", "invalid_utf8"},
        {&in.last_name_ar, "last_name_ar", "invalid_utf8"},
        {&in.birth_date, "birth_date", "invalid_date"},
        {&in.sex, "sex", "invalid_value"},
        {&in.phone, "phone", "invalid_format"},
        {&in.email, "email", "invalid_format"},
        {&in.region, "region", "invalid_value"},
        {&in.province, "province", "invalid_value"},
        {&in.commune, "commune", "invalid_utf8"},
        {&in.education, "education", "invalid_value"},
        {&in.situation, "situation", "invalid_value"},
        {&in.project_idea, "project_idea", "invalid_utf8"},
    };
    for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
        in = example;
        *fields[i].slot = broken;
        expect_problem(&in, fields[i].field, fields[i].code);
    }
}

static void field_problems_bookkeeping(void **unused)
{
    (void)unused;
    struct field_problems p;
    field_problems_init(&p);
    assert_int_equal(p.count, 0);
    assert_null(field_problem_code(&p, "cin"));
    for (int i = 0; i < FIELD_PROBLEMS_MAX + 5; i++)
        field_problem_add(&p, i == 0 ? "first" : "other", "invalid_value");
    assert_int_equal(p.count, FIELD_PROBLEMS_MAX);
    assert_string_equal(field_problem_code(&p, "first"), "invalid_value");

    /* A long name is cut, and never inside a character. */
    field_problems_init(&p);
    char name[200] = "eligibility.";
    while (strlen(name) < 150)
        strcat(name, "ط");
    field_problem_add(&p, name, "unknown_field");
    size_t n = strlen(p.items[0].field);
    assert_true(n <= FIELD_NAME_SIZE - 1);
    assert_true(n >= FIELD_NAME_SIZE - 2);
    assert_true(utf8_valid(p.items[0].field, n));
    assert_memory_equal(p.items[0].field, name, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(date_parse_is_strict),
        cmocka_unit_test(date_compare_orders_days),
        cmocka_unit_test(age_in_whole_years),
        cmocka_unit_test(today_is_the_utc_day),
        cmocka_unit_test(cin_normalisation),
        cmocka_unit_test(phone_normalisation),
        cmocka_unit_test(the_api_example_is_valid_and_normalised),
        cmocka_unit_test(absent_fields),
        cmocka_unit_test(every_field_is_reported),
        cmocka_unit_test(cin_field),
        cmocka_unit_test(phone_field),
        cmocka_unit_test(latin_names),
        cmocka_unit_test(arabic_names),
        cmocka_unit_test(name_lengths_and_encoding),
        cmocka_unit_test(one_complete_pair_of_names),
        cmocka_unit_test(birth_date_field),
        cmocka_unit_test(sex_field),
        cmocka_unit_test(email_field),
        cmocka_unit_test(region_and_province),
        cmocka_unit_test(commune_field),
        cmocka_unit_test(choices),
        cmocka_unit_test(project_idea_field),
        cmocka_unit_test(consent_field),
        cmocka_unit_test(broken_utf8_in_every_field),
        cmocka_unit_test(field_problems_bookkeeping),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
