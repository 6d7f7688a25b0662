/* Applicant rules (see applicant.h). applicant_validate() walks the form field by
 * field; the rules of a field, or of fields that are judged together (the two pairs
 * of names, region and province), are each in one function that gives its codes.
 *
 * Names are checked code point by code point against the scripts the form accepts
 * (Latin, Arabic, Tifinagh), so no ASCII punctuation but the hyphen and apostrophe
 * of real names gets through — which is what keeps fragments such as
 * "Robert'); DROP TABLE" or "<script>" out of the data, on top of the parameterised
 * queries and output escaping of the layers that store and show it. */
#include "domain/applicant.h"

#include "core/util.h"

#include <stdint.h>
#include <string.h>

/* ---- Field problems ---- */

void field_problems_init(struct field_problems *problems)
{
    problems->count = 0;
}

void field_problem_add(struct field_problems *problems, const char *field, const char *code)
{
    if (problems->count >= FIELD_PROBLEMS_MAX)
        return;
    struct field_problem *p = &problems->items[problems->count++];
    size_t n = strlen(field);
    if (n >= sizeof p->field) {
        n = sizeof p->field - 1;
        /* Back up to a lead byte so a cut name stays valid UTF-8 in the answer. */
        while (n > 0 && ((unsigned char)field[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(p->field, field, n);
    p->field[n] = '\0';
    p->code = code;
}

const char *field_problem_code(const struct field_problems *problems, const char *field)
{
    for (int i = 0; i < problems->count; i++)
        if (strcmp(problems->items[i].field, field) == 0)
            return problems->items[i].code;
    return NULL;
}

/* ---- Text spans and code points ---- */

/* A trimmed view into a borrowed string. */
struct span {
    const char *s;
    size_t len;
};

static struct span trimmed(const char *s)
{
    if (!s)
        return (struct span){"", 0};
    while (*s == ' ')
        s++;
    size_t len = strlen(s);
    while (len > 0 && s[len - 1] == ' ')
        len--;
    return (struct span){s, len};
}

static bool span_equals(struct span t, const char *literal)
{
    return t.len == strlen(literal) && memcmp(t.s, literal, t.len) == 0;
}

/* Decodes the code point at *p and advances past it; the text must be valid UTF-8. */
static uint32_t next_code_point(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    uint32_t c = s[0];
    int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    if (extra > 0)
        c &= 0x3Fu >> extra;
    for (int i = 1; i <= extra; i++)
        c = (c << 6) | (s[i] & 0x3Fu);
    *p += extra + 1;
    return c;
}

/* Code points of a valid UTF-8 span. */
static size_t span_chars(struct span t)
{
    size_t n = 0;
    for (size_t i = 0; i < t.len; i++)
        if (((unsigned char)t.s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static bool is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

/* The bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069):
 * they reorder the text after them, so that a staff screen would show something
 * else than what was stored. The marks (LRM, RLM, ALM) reorder nothing and stay:
 * text mixing Arabic and French needs them. */
static bool is_bidi_override(uint32_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Rules of free text: valid UTF-8, at most `max_chars` code points, no control
 * character, but for the tabs and line breaks of `multiline` text, and no
 * bidirectional override. */
static const char *free_text_problem(struct span t, size_t max_chars, bool multiline)
{
    if (!utf8_valid(t.s, t.len))
        return "invalid_utf8";
    if (span_chars(t) > max_chars)
        return "too_long";
    for (const char *p = t.s; p < t.s + t.len;) {
        uint32_t c = next_code_point(&p);
        bool line_layout = c == '\t' || c == '\n' || c == '\r';
        if ((is_control(c) && !(multiline && line_layout)) || is_bidi_override(c))
            return "invalid_format";
    }
    return NULL;
}

/* Copies a span that fits (checked by its validator) into a stored field. */
static void copy_span(char *out, size_t size, struct span t)
{
    size_t n = t.len < size ? t.len : size - 1;
    memcpy(out, t.s, n);
    out[n] = '\0';
}

/* ---- Names ---- */

/* What a code point is to a name field. */
enum name_char {
    NC_LETTER,       /* a letter of an accepted script */
    NC_MARK,         /* a combining mark or tatweel of an accepted script */
    NC_SPACE,
    NC_JOINER,       /* hyphen or apostrophe, inside a Latin name */
    NC_OTHER_SCRIPT, /* a letter or mark, but of a script this field refuses */
    NC_FORBIDDEN,    /* control, digit, punctuation, symbol, presentation form */
};

enum name_script { SCRIPT_LATIN, SCRIPT_ARABIC };

static bool is_latin_letter(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7) /* Latin-1: é, ç, ï */
           || (c >= 0x100 && c <= 0x2AF) /* Extended-A/B and IPA: č, ǧ, ɛ, ɣ of Amazigh */
           || (c >= 0x1E00 && c <= 0x1EFF); /* Extended Additional: ḥ, ṣ, ṭ, ẓ */
}

static bool is_latin_mark(uint32_t c)
{
    return c >= 0x300 && c <= 0x36F; /* combining accents of decomposed input */
}

static bool is_arabic_letter(uint32_t c)
{
    return (c >= 0x620 && c <= 0x63F)       /* hamza forms ء آ أ ؤ إ ئ, alef … ghain */
           || (c >= 0x641 && c <= 0x64A)    /* feh … yeh */
           || c == 0x66E || c == 0x66F      /* dotless beh, qaf */
           || (c >= 0x671 && c <= 0x6D3)    /* extended letters, with ڭ and ڤ of Morocco */
           || c == 0x6D5 || c == 0x6EE || c == 0x6EF || (c >= 0x6FA && c <= 0x6FC) ||
           c == 0x6FF;
}

static bool is_arabic_mark(uint32_t c)
{
    return c == 0x640                      /* tatweel */
           || (c >= 0x64B && c <= 0x65F)   /* tashkeel: fatha, damma, kasra, shadda, sukun … */
           || c == 0x670;                  /* superscript alef */
}

static bool is_tifinagh(uint32_t c)
{
    return c >= 0x2D30 && c <= 0x2D7F;
}

/* Blocks that hold no letters a name needs and that are used to disguise markup or
 * to spoof text: punctuation, symbols, bidirectional and zero-width controls,
 * private use, presentation and full-width forms, emoji. What is outside them and
 * not an accepted letter is taken for a letter of another script. */
static bool is_symbol_block(uint32_t c)
{
    return c <= 0xBF /* ASCII, C1 controls, Latin-1 signs */ || c == 0xD7 || c == 0xF7 ||
           (c >= 0x2B0 && c <= 0x2FF) || (c >= 0x600 && c <= 0x6FF) ||
           (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x2E00 && c <= 0x303F) ||
           (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
           (c >= 0xFE00 && c <= 0xFFFF) || c >= 0x1F000;
}

static enum name_char classify_name_char(uint32_t c, enum name_script script)
{
    if (c == ' ')
        return NC_SPACE;
    if (is_tifinagh(c))
        return c <= 0x2D6F ? NC_LETTER : NC_MARK;
    bool latin_letter = is_latin_letter(c), latin_mark = is_latin_mark(c);
    bool arabic_letter = is_arabic_letter(c), arabic_mark = is_arabic_mark(c);
    if (script == SCRIPT_LATIN) {
        if (latin_letter)
            return NC_LETTER;
        if (latin_mark)
            return NC_MARK;
        /* U+2019 is the apostrophe that phone keyboards type. */
        if (c == '-' || c == '\'' || c == 0x2019)
            return NC_JOINER;
    } else {
        if (arabic_letter)
            return NC_LETTER;
        if (arabic_mark)
            return NC_MARK;
    }
    if (latin_letter || latin_mark || arabic_letter || arabic_mark || !is_symbol_block(c))
        return NC_OTHER_SCRIPT;
    return NC_FORBIDDEN;
}

/* A name starts with a letter, and each hyphen or apostrophe stands between two
 * letters ("Aït-Baha", "M'barek"; not "--", "-'", "x-" or "'x"). Anything that is
 * not an accepted character is invalid_format, unless every offending character is
 * a letter of another script: then it is wrong_script, for the applicant most likely
 * typed a real name in the other field's script. */
static const char *name_problem(struct span t, enum name_script script)
{
    if (!utf8_valid(t.s, t.len))
        return "invalid_utf8";
    if (span_chars(t) > APPLICANT_NAME_MAX_CHARS)
        return "too_long";
    bool forbidden = false, other_script = false;
    enum name_char previous = NC_SPACE; /* what precedes the first character */
    for (const char *p = t.s; p < t.s + t.len;) {
        enum name_char kind = classify_name_char(next_code_point(&p), script);
        bool letter = kind == NC_LETTER || kind == NC_OTHER_SCRIPT;
        if (kind == NC_FORBIDDEN)
            forbidden = true;
        if (kind == NC_OTHER_SCRIPT)
            other_script = true;
        if (kind == NC_MARK && previous == NC_SPACE)
            forbidden = true;
        if (kind == NC_JOINER && (previous == NC_SPACE || previous == NC_JOINER))
            forbidden = true;
        if (previous == NC_JOINER && !letter)
            forbidden = true;
        previous = kind;
    }
    if (previous == NC_JOINER)
        forbidden = true;
    if (forbidden)
        return "invalid_format";
    return other_script ? "wrong_script" : NULL;
}

/* ---- CIN and phone ---- */

bool cin_normalize(const char *in, char out[CIN_SIZE])
{
    char cin[CIN_SIZE];
    size_t n = 0, letters = 0, digits = 0;
    for (const char *p = in ? in : ""; *p; p++) {
        char c = *p;
        if (c == ' ')
            continue;
        if (n == CIN_SIZE - 1)
            return false;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            if (digits > 0 || ++letters > 2)
                return false;
            c = (char)(c & ~0x20); /* ASCII upper case */
        } else if (c >= '0' && c <= '9') {
            if (letters == 0 || ++digits > 6)
                return false;
        } else {
            return false;
        }
        cin[n++] = c;
    }
    if (digits == 0)
        return false;
    cin[n] = '\0';
    memcpy(out, cin, n + 1);
    return true;
}

bool phone_normalize(const char *in, char out[PHONE_SIZE])
{
    /* The digits, with separators dropped; a '+' only as the very first sign. */
    char digits[16];
    size_t n = 0;
    bool plus = false;
    for (const char *p = in ? in : ""; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '.' || c == '-')
            continue;
        if (c == '+' && n == 0 && !plus) {
            plus = true;
            continue;
        }
        if (c < '0' || c > '9' || n == sizeof digits - 1)
            return false;
        digits[n++] = c;
    }
    digits[n] = '\0';
    const char *national; /* the 9 digits after the country code or trunk 0 */
    if (plus && n == 12 && memcmp(digits, "212", 3) == 0)
        national = digits + 3;
    else if (!plus && n == 14 && memcmp(digits, "00212", 5) == 0)
        national = digits + 5;
    else if (!plus && n == 10 && digits[0] == '0')
        national = digits + 1;
    else
        return false;
    if (national[0] < '5' || national[0] > '7')
        return false;
    memcpy(out, "+212", 4);
    memcpy(out + 4, national, 10); /* 9 digits and the NUL */
    return true;
}

/* ---- Email ---- */

static bool is_ascii_alnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Plausible rather than RFC 5322: an unquoted local part of "atext" characters and
 * dots, and a domain name of at least two labels whose last (the TLD) starts with a
 * letter. Quoted local parts, IP literals and non-ASCII addresses are refused:
 * nobody registers with them, and they are what injection attempts look like. */
static const char *email_problem(struct span t)
{
    if (t.len > APPLICANT_EMAIL_MAX_BYTES)
        return "too_long";
    const char *at = memchr(t.s, '@', t.len);
    if (!at)
        return "invalid_format";
    struct span local = {t.s, (size_t)(at - t.s)};
    struct span domain = {at + 1, t.len - local.len - 1};
    if (local.len == 0 || local.len > 64 || local.s[0] == '.' || local.s[local.len - 1] == '.')
        return "invalid_format";
    for (size_t i = 0; i < local.len; i++) {
        char c = local.s[i];
        if (!is_ascii_alnum(c) && !strchr("!#$%&'*+/=?^_`{|}~.-", c))
            return "invalid_format";
        if (c == '.' && local.s[i + 1] == '.')
            return "invalid_format";
    }
    size_t labels = 0, label_len = 0;
    const char *last_label = domain.s;
    for (size_t i = 0; i <= domain.len; i++) {
        char c = i < domain.len ? domain.s[i] : '.';
        if (c == '.') {
            /* A label: 1–63 characters, no hyphen at either end. */
            if (label_len == 0 || label_len > 63 || domain.s[i - 1] == '-' ||
                domain.s[i - label_len] == '-')
                return "invalid_format";
            last_label = domain.s + i - label_len;
            labels++;
            label_len = 0;
        } else if (is_ascii_alnum(c) || c == '-') {
            label_len++;
        } else {
            return "invalid_format";
        }
    }
    size_t tld_len = (size_t)(domain.s + domain.len - last_label);
    bool tld_starts_with_letter = (*last_label | 0x20) >= 'a' && (*last_label | 0x20) <= 'z';
    if (labels < 2 || tld_len < 2 || !tld_starts_with_letter)
        return "invalid_format";
    return NULL;
}

/* ---- Choices ---- */

const char *const applicant_educations[] = {"none",       "primary", "secondary",
                                            "vocational", "higher",  NULL};
const char *const applicant_situations[] = {"unemployed", "employed", "self_employed",
                                            "student",    "homemaker", "other", NULL};

/* The table's own string equal to `t`, or NULL. */
static const char *choice_find(const char *const choices[], struct span t)
{
    for (size_t i = 0; choices[i]; i++)
        if (span_equals(t, choices[i]))
            return choices[i];
    return NULL;
}

/* ---- The whole applicant ---- */

/* Checks one name field, when present, and keeps it when valid. */
static void check_name(struct field_problems *problems, const char *field, const char *value,
                       enum name_script script, char out[APPLICANT_NAME_SIZE])
{
    struct span t = trimmed(value);
    out[0] = '\0';
    if (t.len == 0)
        return;
    const char *code = name_problem(t, script);
    if (code)
        field_problem_add(problems, field, code);
    else
        copy_span(out, APPLICANT_NAME_SIZE, t);
}

/* "At least one of the pairs (first_name, last_name) and (first_name_ar,
 * last_name_ar) complete." When neither is, the missing halves of the pair the
 * applicant started are required — the Latin pair when she started neither or both. */
static void check_names(const struct applicant *in, struct applicant_clean *out,
                        struct field_problems *problems)
{
    check_name(problems, "first_name", in->first_name, SCRIPT_LATIN, out->first_name);
    check_name(problems, "last_name", in->last_name, SCRIPT_LATIN, out->last_name);
    check_name(problems, "first_name_ar", in->first_name_ar, SCRIPT_ARABIC, out->first_name_ar);
    check_name(problems, "last_name_ar", in->last_name_ar, SCRIPT_ARABIC, out->last_name_ar);

    /* Presence, not validity: an invalid name already has its own problem. */
    bool first = trimmed(in->first_name).len > 0, last = trimmed(in->last_name).len > 0;
    bool first_ar = trimmed(in->first_name_ar).len > 0;
    bool last_ar = trimmed(in->last_name_ar).len > 0;
    if ((first && last) || (first_ar && last_ar))
        return;
    if ((first_ar || last_ar) && !(first || last)) {
        if (!first_ar)
            field_problem_add(problems, "first_name_ar", "required");
        if (!last_ar)
            field_problem_add(problems, "last_name_ar", "required");
    } else {
        if (!first)
            field_problem_add(problems, "first_name", "required");
        if (!last)
            field_problem_add(problems, "last_name", "required");
    }
}

static const char *birth_date_problem(const char *value, struct date today,
                                      struct date *out /* OUT */)
{
    struct span t = trimmed(value);
    char text[11];
    if (t.len == 0)
        return "required";
    if (t.len != 10)
        return "invalid_date";
    copy_span(text, sizeof text, t);
    if (!date_parse(text, out))
        return "invalid_date";
    int age = age_on(*out, today);
    if (age < APPLICANT_AGE_MIN || age > APPLICANT_AGE_MAX)
        return "out_of_range"; /* a future date too: its age is -1 */
    return NULL;
}

/* The reference map's own string for province `name` of region `r`, or NULL. */
static const char *province_in(const struct region *r, struct span name)
{
    for (size_t i = 0; r && i < r->province_count; i++)
        if (span_equals(name, r->provinces[i]))
            return r->provinces[i];
    return NULL;
}

/* Region and province together: the province is judged against the region when the
 * region is valid, and otherwise only for existing at all, so that one mistake in
 * the region is not reported twice. */
static void check_place(const struct applicant *in, struct applicant_clean *out,
                        struct field_problems *problems)
{
    struct span region = trimmed(in->region), province = trimmed(in->province);
    out->region = NULL;
    out->province = NULL;
    if (region.len == 0) {
        field_problem_add(problems, "region", "required");
    } else {
        char code[8]; /* "MA-09" */
        if (region.len < sizeof code) {
            copy_span(code, sizeof code, region);
            out->region = region_find(code);
        }
        if (!out->region)
            field_problem_add(problems, "region", "invalid_value");
    }

    if (province.len == 0) {
        field_problem_add(problems, "province", "required");
        return;
    }
    out->province = province_in(out->region, province);
    if (out->province)
        return;
    bool exists = false;
    for (size_t i = 0; i < regions_count() && !exists; i++)
        exists = province_in(region_at(i), province) != NULL;
    if (!exists)
        field_problem_add(problems, "province", "invalid_value");
    else if (out->region)
        field_problem_add(problems, "province", "province_not_in_region");
}

/* Records `code` for `field` when there is one. */
static void note(struct field_problems *problems, const char *field, const char *code)
{
    if (code)
        field_problem_add(problems, field, code);
}

bool applicant_validate(const struct applicant *in, struct date today,
                        struct applicant_clean *out, struct field_problems *problems)
{
    struct span t;
    field_problems_init(problems);

    t = trimmed(in->cin);
    if (t.len == 0)
        note(problems, "cin", "required");
    else if (!cin_normalize(in->cin, out->cin))
        note(problems, "cin", "invalid_format");

    check_names(in, out, problems);
    note(problems, "birth_date", birth_date_problem(in->birth_date, today, &out->birth_date));

    t = trimmed(in->sex);
    out->sex = span_equals(t, "F") ? "F" : span_equals(t, "M") ? "M" : NULL;
    if (!out->sex)
        note(problems, "sex", t.len == 0 ? "required" : "invalid_value");

    t = trimmed(in->phone);
    if (t.len == 0)
        note(problems, "phone", "required");
    else if (!phone_normalize(in->phone, out->phone))
        note(problems, "phone", "invalid_format");

    t = trimmed(in->email);
    out->email[0] = '\0';
    if (t.len > 0) {
        const char *code = email_problem(t);
        note(problems, "email", code);
        if (!code)
            copy_span(out->email, sizeof out->email, t);
    }

    check_place(in, out, problems);

    t = trimmed(in->commune);
    out->commune[0] = '\0';
    if (t.len > 0) {
        const char *code = free_text_problem(t, APPLICANT_COMMUNE_MAX_CHARS, false);
        note(problems, "commune", code);
        if (!code)
            copy_span(out->commune, sizeof out->commune, t);
    }

    t = trimmed(in->education);
    out->education = choice_find(applicant_educations, t);
    if (t.len > 0 && !out->education)
        note(problems, "education", "invalid_value");

    t = trimmed(in->situation);
    out->situation = choice_find(applicant_situations, t);
    if (t.len > 0 && !out->situation)
        note(problems, "situation", "invalid_value");

    t = trimmed(in->project_idea);
    out->project_idea[0] = '\0';
    if (t.len > 0) {
        const char *code = free_text_problem(t, APPLICANT_PROJECT_IDEA_MAX_CHARS, true);
        note(problems, "project_idea", code);
        if (!code)
            copy_span(out->project_idea, sizeof out->project_idea, t);
    }

    out->consent = in->consent;
    if (!in->consent)
        note(problems, "consent", "consent_required");

    return problems->count == 0;
}
