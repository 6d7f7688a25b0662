/* The applicant of the public registration form (API.md, "Public registration"):
 * the rules each field must follow, and the normal form in which a valid applicant
 * is stored. Used by the registration handler, by staff edits and by the CSV/XLSX
 * import, so it is pure (no I/O) and reports every problem at once, field by field,
 * as (field, code) pairs that the HTTP layer turns into translated messages.
 *
 * Every string is first trimmed of surrounding spaces (U+0020 only); an empty
 * string is the same as an absent one (NULL, JSON null). Names, commune and project
 * idea are then kept exactly as given: no case change, no Unicode normalisation,
 * so Arabic, accented French and Tifinagh are stored as the applicant wrote them. */
#ifndef SANAD_DOMAIN_APPLICANT_H
#define SANAD_DOMAIN_APPLICANT_H

#include "domain/dates.h"
#include "domain/regions.h"

#include <stdbool.h>

/* ---- Field problems, shared with the other validators of src/domain ---- */

#define FIELD_PROBLEMS_MAX 32
#define FIELD_NAME_SIZE 64

struct field_problem {
    char field[FIELD_NAME_SIZE]; /* "cin", "eligibility.age_min" */
    const char *code;            /* a static string: "invalid_format" */
};

/* Problems found by a validator, in the order found. Past FIELD_PROBLEMS_MAX the
 * further ones are dropped: count stays at the maximum, which is still "invalid". */
struct field_problems {
    struct field_problem items[FIELD_PROBLEMS_MAX];
    int count;
};

void field_problems_init(struct field_problems *problems /* OUT */);
/* Records one problem. `field` is copied, cut to FIELD_NAME_SIZE - 1 bytes at a
 * UTF-8 character boundary; `code` must be a string that outlives `problems`. */
void field_problem_add(struct field_problems *problems, const char *field, const char *code);
/* The code recorded for `field`, or NULL: for tests and for callers that react to
 * one field in particular. */
const char *field_problem_code(const struct field_problems *problems, const char *field);

/* ---- The applicant ---- */

#define APPLICANT_NAME_MAX_CHARS 60
#define APPLICANT_COMMUNE_MAX_CHARS 80
#define APPLICANT_PROJECT_IDEA_MAX_CHARS 1000
#define APPLICANT_EMAIL_MAX_BYTES 254
#define APPLICANT_AGE_MIN 10
#define APPLICANT_AGE_MAX 120

/* Buffer sizes: a code point takes at most 4 bytes in UTF-8. */
#define CIN_SIZE 9    /* "AB123456" */
#define PHONE_SIZE 14 /* "+212612345678" */
#define APPLICANT_NAME_SIZE (APPLICANT_NAME_MAX_CHARS * 4 + 1)
#define APPLICANT_COMMUNE_SIZE (APPLICANT_COMMUNE_MAX_CHARS * 4 + 1)
#define APPLICANT_PROJECT_IDEA_SIZE (APPLICANT_PROJECT_IDEA_MAX_CHARS * 4 + 1)
#define APPLICANT_EMAIL_SIZE (APPLICANT_EMAIL_MAX_BYTES + 1)

/* The registration body as received. Strings are borrowed from the caller and may
 * be NULL; nothing here keeps them. */
struct applicant {
    const char *cin, *first_name, *last_name, *first_name_ar, *last_name_ar, *birth_date, *sex,
        *phone, *email, *region, *province, *commune, *education, *situation, *project_idea;
    bool consent;
};

/* A valid applicant in stored form (about 6.5 KB). It owns its text, with no
 * pointer into the input; an absent optional text is "" and an absent choice NULL. */
struct applicant_clean {
    char cin[CIN_SIZE];                      /* upper-case, no spaces */
    char first_name[APPLICANT_NAME_SIZE];    /* trimmed, otherwise as given */
    char last_name[APPLICANT_NAME_SIZE];
    char first_name_ar[APPLICANT_NAME_SIZE];
    char last_name_ar[APPLICANT_NAME_SIZE];
    struct date birth_date;
    const char *sex;                         /* "F" or "M" (static) */
    char phone[PHONE_SIZE];                  /* E.164: "+212612345678" */
    char email[APPLICANT_EMAIL_SIZE];
    const struct region *region;             /* the reference map's entry */
    const char *province;                    /* the reference map's own string */
    char commune[APPLICANT_COMMUNE_SIZE];
    const char *education;                   /* static: "secondary"; NULL when absent */
    const char *situation;                   /* static: "unemployed"; NULL when absent */
    char project_idea[APPLICANT_PROJECT_IDEA_SIZE];
    bool consent;                            /* true in any valid applicant */
};

/* Checks every field of `in`, ages taken on `today` (regions_load() must have run).
 * Fills `problems` with every problem found (at most one per field, every field
 * checked) and `out` with the normal form. Returns true when there was no problem;
 * otherwise the fields of `out` are unspecified. The rules, with their codes:
 *
 *   cin           required; invalid_format (see cin_normalize)
 *   first_name, last_name
 *                 Latin letters (accents, Latin Extended, IPA ɛ ɣ of Amazigh) or
 *                 Tifinagh, spaces, and a hyphen or apostrophe between letters;
 *                 1–60 code points. first_name_ar, last_name_ar: Arabic letters
 *                 (hamza forms, tashkeel, tatweel) or Tifinagh, and spaces.
 *                 One pair at least complete, else required; too_long,
 *                 invalid_utf8, wrong_script (letters of another script),
 *                 invalid_format (anything else: digits, controls, punctuation)
 *   birth_date    required; invalid_date (see date_parse); out_of_range (in the
 *                 future, or an age outside APPLICANT_AGE_MIN–APPLICANT_AGE_MAX)
 *   sex           required; invalid_value unless exactly "F" or "M"
 *   phone         required; invalid_format (see phone_normalize)
 *   email         optional; too_long (over 254 bytes); invalid_format
 *   region        required; invalid_value unless a code of the reference map
 *   province      required; invalid_value unless a province of the map, spelt as
 *                 there; province_not_in_region when of another region
 *   commune       optional; too_long (80); invalid_utf8; invalid_format (controls)
 *   education     optional; invalid_value unless in applicant_educations
 *   situation     optional; invalid_value unless in applicant_situations
 *   project_idea  optional; too_long (1000); invalid_utf8; invalid_format
 *                 (controls other than tab and line breaks)
 *   consent       consent_required unless true */
bool applicant_validate(const struct applicant *in, struct date today,
                        struct applicant_clean *out /* OUT */,
                        struct field_problems *problems /* OUT */);

/* A CIN (national identity card number): 1–2 Latin letters then 1–6 digits, case
 * and spaces ignored ("ab 123456" → "AB123456"). Returns false, leaving out
 * unspecified, when `in` is not one. */
bool cin_normalize(const char *in, char out[CIN_SIZE] /* OUT */);

/* A Moroccan mobile or fixed number — "06…", "07…", "05…" (10 digits), or "+212" or
 * "00212" then 9 digits starting with 5, 6 or 7 — in E.164 ("+212612345678").
 * Spaces, dots and dashes are ignored wherever they are. Returns false, leaving out
 * unspecified, when `in` is not such a number. */
bool phone_normalize(const char *in, char out[PHONE_SIZE] /* OUT */);

/* The education levels and situations an applicant may state, NULL-terminated,
 * in the order forms should offer them. */
extern const char *const applicant_educations[];
extern const char *const applicant_situations[];

#endif
