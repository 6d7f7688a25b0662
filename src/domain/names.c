/* Name comparison for probable duplicates (see names.h for the contract).
 *
 * A name is read in four steps, each working on the result of the one before:
 *  1. Characters, one at a time: Latin letters lose case and diacritics; Arabic
 *     letters lose their vowel marks and tatweel, and the letters that keyboards and
 *     fonts give several ways become one (hamza seats, ta marbuta, alef maqsura,
 *     Persian yeh and kaf, presentation forms); apostrophes and invisible characters
 *     go, so that "M'barka" is "Mbarka"; any other character that is not a letter
 *     or a digit becomes a space.
 *  2. Words: the article that starts a name is dropped ("El Idrissi", "Elidrissi",
 *     "Al-Idrissi", "Ezzahra", "الإدريسي"), since it is written or left out at will;
 *     particles are glued to the word they introduce, since they are written both
 *     ways ("Ben Ali" and "Benali", "Abd el Kader" and "Abdelkader", "بن علي").
 *  3. Latin spelling: French and English transliterations write one Arabic sound
 *     several ways, and each gets one spelling (fold_latin()). A short list of
 *     exceptions covers the names the rules cannot reach.
 *     Steps 1-3 are name_normalize(), repeated until the text no longer changes, so
 *     that the result is a fixed point however the rules interact.
 *  4. Sounds: the normal form is read as a sequence of consonant classes and vowels,
 *     the same way in the three scripts (read_word()). Arabic does not write short
 *     vowels and Latin does, so the skeleton keeps consonants only, plus whether the
 *     name starts and ends with a vowel, which every script writes. Vowels then
 *     decide between names with the same skeleton (vowels_agree()): each script's
 *     written vowels must find their counterpart in the other spelling.
 */
#include "domain/names.h"

#include "core/arena.h"
#include "core/util.h"

#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

/* Passes of steps 1-3 allowed to reach a fixed point; real names need two. */
#define NORMALIZE_PASSES 8

/* Longest run of vowels compared letter by letter; longer runs, which no real
 * name has, must be equal, so that hostile input cannot make comparison slow. */
#define MAX_VOWEL_RUN 16

/* ------------------------------------------------------------------ UTF-8 -- */

#define NOT_A_CHAR UINT32_MAX

/* The code point starting at s[*i] (s holds len bytes), advancing *i past it; a
 * malformed, overlong or truncated sequence gives NOT_A_CHAR and skips one byte. */
static uint32_t next_char(const char *s, size_t len, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = len - *i, extra;
    uint32_t cp, min;
    *i += 1;
    if (p[0] < 0x80)
        return p[0];
    if ((p[0] & 0xE0) == 0xC0)
        extra = 1, min = 0x80, cp = p[0] & 0x1F;
    else if ((p[0] & 0xF0) == 0xE0)
        extra = 2, min = 0x800, cp = p[0] & 0x0F;
    else if ((p[0] & 0xF8) == 0xF0)
        extra = 3, min = 0x10000, cp = p[0] & 0x07;
    else
        return NOT_A_CHAR;
    if (left <= extra)
        return NOT_A_CHAR;
    for (size_t k = 1; k <= extra; k++) {
        if ((p[k] & 0xC0) != 0x80)
            return NOT_A_CHAR;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return NOT_A_CHAR;
    *i += extra;
    return cp;
}

/* The code points of s, into an array from the arena; returns their number. */
static size_t decode(struct arena *a, const char *s, uint32_t **out)
{
    size_t len = strlen(s), n = 0;
    *out = arena_alloc(a, (len + 1) * sizeof **out);
    for (size_t i = 0; i < len;) {
        uint32_t cp = next_char(s, len, &i);
        if (cp != NOT_A_CHAR)
            (*out)[n++] = cp;
    }
    return n;
}

/* A string under construction in the arena. It grows by doubling; the arena keeps
 * the outgrown copies until it is freed, a few dozen bytes for a name. */
struct text {
    struct arena *arena;
    char *s;
    size_t len, cap;
};

static void text_init(struct text *t, struct arena *a, size_t cap)
{
    t->arena = a;
    t->cap = cap < 16 ? 16 : cap;
    t->s = arena_alloc(a, t->cap);
    t->s[0] = '\0';
    t->len = 0;
}

static void text_add(struct text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        while (t->len + n + 1 > t->cap)
            t->cap *= 2;
        char *bigger = arena_alloc(t->arena, t->cap);
        memcpy(bigger, t->s, t->len);
        t->s = bigger;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void text_add_char(struct text *t, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    text_add(t, u, n);
}

/* One space between words: none at the start, none doubled. */
static void text_add_space(struct text *t)
{
    if (t->len > 0 && t->s[t->len - 1] != ' ')
        text_add(t, " ", 1);
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ------------------------------------------------- step 1: characters -- */

/* Base letters of U+00C0-U+017F, one per code point: '*' marks the letters that
 * become two (latin_pair()), '#' the two signs among them, × and ÷. */
static const char latin_base[] =
    "aaaaaa*ceeeeiiii" "dnooooo#ouuuuy**"  /* U+00C0 */
    "aaaaaa*ceeeeiiii" "dnooooo#ouuuuy*y"  /* U+00E0 */
    "aaaaaaccccccccdd" "ddeeeeeeeeeegggg"  /* U+0100 */
    "gggghhhhiiiiiiii" "ii**jjkkklllllll"  /* U+0120 */
    "lllnnnnnnnnnoooo" "oo**rrrrrrssssss"  /* U+0140 */
    "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs"; /* U+0160 */

static const char *latin_pair(uint32_t cp)
{
    switch (cp) {
    case 0xC6: case 0xE6: return "ae";
    case 0xDE: case 0xFE: return "th";
    case 0xDF: return "ss";
    case 0x132: case 0x133: return "ij";
    default: return "oe"; /* U+0152, U+0153 */
    }
}

/* The ASCII spelling of a Latin letter, lower-case and without diacritics (or of
 * an ASCII digit), or NULL for any other character. Beyond Latin-1 and Latin Extended-A: the letters of
 * scholarly transliterations of Arabic (ḥ ṣ ṭ ḍ ẓ ḫ ǧ), Romanian ș ț, the caron
 * vowels and Vietnamese vowels. */
static const char *latin_letter(uint32_t cp, char one[2])
{
    char base = 0;
    if (cp >= 'A' && cp <= 'Z')
        base = (char)(cp - 'A' + 'a');
    else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
        base = (char)cp;
    else if (cp >= 0xC0 && cp <= 0x17F)
        base = latin_base[cp - 0xC0];
    else if (cp >= 0x1EA0 && cp <= 0x1EF9)
        base = cp < 0x1EB8 ? 'a' : cp < 0x1EC8 ? 'e' : cp < 0x1ECC ? 'i'
             : cp < 0x1EE4 ? 'o' : cp < 0x1EF2 ? 'u' : 'y';
    else if (cp >= 0x1CD && cp <= 0x1DC)
        base = cp < 0x1CF ? 'a' : cp < 0x1D1 ? 'i' : cp < 0x1D3 ? 'o' : 'u';
    else
        switch (cp) {
        case 0x1E0C: case 0x1E0D: case 0x1E0E: case 0x1E0F: base = 'd'; break;
        case 0x1E24: case 0x1E25: case 0x1E96: base = 'h'; break;
        case 0x1E62: case 0x1E63: case 0x218: case 0x219: base = 's'; break;
        case 0x1E6C: case 0x1E6D: case 0x1E6E: case 0x1E6F: case 0x21A: case 0x21B:
            base = 't';
            break;
        case 0x1E92: case 0x1E93: case 0x1E94: case 0x1E95: base = 'z'; break;
        case 0x1E2A: case 0x1E2B: return "kh";
        case 0x1E6: case 0x1E7: base = 'j'; break;
        default: return NULL;
        }
    if (base == '#')
        return NULL;
    if (base == '*')
        return latin_pair(cp);
    one[0] = base;
    one[1] = '\0';
    return one;
}

enum {
    HAMZA = 0x0621, ALEF = 0x0627, BEH = 0x0628, TEH_MARBUTA = 0x0629, DAL = 0x062F,
    AIN = 0x0639, LAM = 0x0644, HEH = 0x0647, WAW = 0x0648, ALEF_MAQSURA = 0x0649,
    YEH = 0x064A,
};

/* An Arabic letter in its comparison form: 0 for marks that are dropped. */
static uint32_t arabic_fold(uint32_t cp)
{
    if ((cp >= 0x0610 && cp <= 0x061A) || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0640
        || cp == 0x0670 || (cp >= 0x06D6 && cp <= 0x06ED))
        return 0; /* vowel and Quranic marks, tatweel */
    switch (cp) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
        return ALEF; /* آ أ إ ٱ: alef with hamza, madda or wasla */
    case 0x0624: return WAW; /* ؤ */
    case 0x0626: case ALEF_MAQSURA: case 0x06CC: case 0x06D0: return YEH; /* ئ ى ی ې */
    case TEH_MARBUTA: case 0x06BE: case 0x06C0: case 0x06C1: case 0x06C3: case 0x06D5:
        return HEH; /* ة and Persian and Urdu heh forms */
    case 0x06A9: case 0x06AA: return 0x0643; /* Persian kaf */
    default: return cp;
    }
}

/* Arabic Presentation Forms-B (U+FE80-U+FEF4): each letter in its isolated, final,
 * initial and medial shapes, as many as it has; then four lam-alef ligatures. */
static const struct {
    uint16_t letter;
    uint8_t shapes;
} presentation_forms[] = {
    {0x0621, 1}, {0x0622, 2}, {0x0623, 2}, {0x0624, 2}, {0x0625, 2}, {0x0626, 4},
    {0x0627, 2}, {0x0628, 4}, {0x0629, 2}, {0x062A, 4}, {0x062B, 4}, {0x062C, 4},
    {0x062D, 4}, {0x062E, 4}, {0x062F, 2}, {0x0630, 2}, {0x0631, 2}, {0x0632, 2},
    {0x0633, 4}, {0x0634, 4}, {0x0635, 4}, {0x0636, 4}, {0x0637, 4}, {0x0638, 4},
    {0x0639, 4}, {0x063A, 4}, {0x0641, 4}, {0x0642, 4}, {0x0643, 4}, {0x0644, 4},
    {0x0645, 4}, {0x0646, 4}, {0x0647, 4}, {0x0648, 2}, {0x0649, 2}, {0x064A, 4},
};

/* The letters that an Arabic presentation form stands for; returns how many. */
static size_t presentation_letters(uint32_t cp, uint32_t out[2])
{
    if (cp >= 0xFEF5) { /* لآ لأ لإ لا, two shapes each */
        static const uint32_t alefs[] = {0x0622, 0x0623, 0x0625, ALEF};
        out[0] = LAM;
        out[1] = alefs[(cp - 0xFEF5) / 2];
        return 2;
    }
    uint32_t first = 0xFE80;
    for (size_t i = 0; i < ARRAY_LEN(presentation_forms); i++) {
        if (cp < first + presentation_forms[i].shapes) {
            out[0] = presentation_forms[i].letter;
            return 1;
        }
        first += presentation_forms[i].shapes;
    }
    return 0;
}

/* Characters that vanish: apostrophes (inside a name they mark an elided vowel, as
 * in "M'barka"), combining marks, and the invisible format characters that
 * copy-paste brings (joiners, direction marks, byte order mark). */
static bool is_dropped(uint32_t cp)
{
    return cp == '\'' || cp == '`' || cp == 0xAD || cp == 0xB4 || (cp >= 0x2B9 && cp <= 0x2BF)
        || (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF)
        || (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF)
        || (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0x200B && cp <= 0x200F)
        || cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032
        || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F)
        || cp == 0xFEFF || cp == 0x061C || cp == 0x2D7F || (cp >= 0xFE70 && cp <= 0xFE7F);
}

/* Characters between words, once letters and digits are taken: the rest of ASCII
 * and Latin-1 (punctuation, symbols, controls), Unicode spaces and punctuation,
 * Arabic and Tifinagh punctuation. */
static bool is_separator(uint32_t cp)
{
    return cp <= 0xBF || cp == 0xD7 || cp == 0xF7
        || (cp >= 0x2000 && cp <= 0x205F) || cp == 0x3000 || cp == 0x060C || cp == 0x061B
        || cp == 0x061F || (cp >= 0x066A && cp <= 0x066D) || cp == 0x06D4 || cp == 0x2D70;
}

/* Appends the comparison form of one character to t. */
static void add_char(struct text *t, uint32_t cp)
{
    char one[2];
    const char *latin;
    uint32_t letters[2];
    if (cp == NOT_A_CHAR || is_dropped(cp))
        return;
    if ((latin = latin_letter(cp, one)) != NULL) {
        text_add(t, latin, strlen(latin));
    } else if (is_separator(cp)) {
        text_add_space(t);
    } else if (cp >= 0xFE80 && cp <= 0xFEFC) {
        size_t n = presentation_letters(cp, letters);
        for (size_t i = 0; i < n; i++)
            text_add_char(t, arabic_fold(letters[i]));
    } else if (cp >= 0x0600 && cp <= 0x06FF) {
        uint32_t folded = arabic_fold(cp);
        if (folded)
            text_add_char(t, folded);
    } else {
        text_add_char(t, cp); /* other scripts, Tifinagh included, as they are */
    }
}

/* ----------------------------- step 3: spelling (step 2 uses it, so it comes first) -- */

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static bool is_consonant(char c)
{
    return c >= 'a' && c <= 'z' && !is_vowel(c);
}

/* One Latin spelling for each sound that transliterations write several ways:
 *  - consonants: sh → ch (French usage, as on Moroccan identity cards), dj → j,
 *    ph → f, q → k, c → s before e i y and k elsewhere (ch stays);
 *  - ee → i, and every doubled letter single (Mohammed, Idrissi, Sanaa), before
 *    and after the consonants;
 *  - y → i before a consonant or at the end (Nouhayla, Meryem keeps its y), and
 *    dropped after i (Zakiya, Zakia);
 *  - o, u, w and any run of them → ou: Moroccan French writes the Arabic u and w
 *    as "ou" and uses o and u for the same vowel (Bochra, Bouchra, Bushra; Marwa,
 *    Maroua);
 *  - endings: ae → a (Sanae, Sanaa), a silent e after a consonant dropped (Hanane,
 *    Hanan), and the English h of ta marbuta after i or e and one consonant
 *    (Fatimah, Khadijah; not Sabah, nor Abdellah where h is a consonant).
 * Non-ASCII bytes (other scripts) are left alone. */
static char *fold_latin(struct arena *a, const char *word)
{
    size_t n = 0, k = 0;
    char *w = arena_alloc(a, strlen(word) + 1);
    for (const char *p = word; *p; p++) /* ee is kept for the rule below */
        if (!(*p >= 'a' && *p <= 'z' && *p != 'e' && n > 0 && w[n - 1] == *p))
            w[n++] = *p;
    w[n] = '\0';
    char *cons = arena_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++) {
        char c = w[i], next = w[i + 1];
        if ((c == 's' || c == 'c') && next == 'h') {
            cons[k++] = 'c';
            cons[k++] = 'h';
            i++;
        } else if (c == 'p' && next == 'h') {
            cons[k++] = 'f';
            i++;
        } else if (c == 'c') {
            cons[k++] = next == 'e' || next == 'i' || next == 'y' ? 's' : 'k';
        } else if (c == 'q') {
            cons[k++] = 'k';
        } else if (!(c == 'd' && next == 'j')) {
            cons[k++] = c;
        }
    }
    cons[k] = '\0';

    char *single = arena_alloc(a, k + 1);
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        char c = cons[i];
        if (c == 'e' && cons[i + 1] == 'e') {
            while (cons[i + 1] == 'e')
                i++;
            c = 'i';
        }
        if (c >= 'a' && c <= 'z' && m > 0 && single[m - 1] == c)
            continue;
        single[m++] = c;
    }
    single[m] = '\0';

    char *out = arena_alloc(a, 2 * m + 1);
    k = 0;
    for (size_t i = 0; i < m; i++) {
        char c = single[i], next = single[i + 1];
        if (c == 'y') {
            if (k > 0 && out[k - 1] == 'i')
                continue;
            out[k++] = is_vowel(next) || next == 'w' || next == 'y' ? 'y' : 'i';
        } else if (c == 'o' || c == 'u' || c == 'w') {
            while (single[i + 1] == 'o' || single[i + 1] == 'u' || single[i + 1] == 'w')
                i++;
            out[k++] = 'o';
            out[k++] = 'u';
        } else {
            out[k++] = c;
        }
    }
    if (k >= 3 && out[k - 1] == 'e' && out[k - 2] == 'a')
        k--;
    else if (k >= 3 && out[k - 1] == 'e' && is_consonant(out[k - 2]) && out[k - 2] != 'y')
        k--;
    if (k >= 5 && out[k - 1] == 'h' && out[k - 2] == 'a') {
        size_t before = k - 3; /* the consonant before "ah": one letter, or ch kh gh th */
        if (out[before] == 'h' && strchr("ckgt", out[before - 1]))
            before--;
        if (before >= 1 && is_consonant(out[before]) && out[before] != 'l'
            && out[before] != 'h' && (out[before - 1] == 'i' || out[before - 1] == 'e'))
            k--;
    }
    out[k] = '\0';
    return out;
}

/* Names that the folds cannot bring together, in their folded spelling. */
static const struct {
    const char *spelling, *name;
} exceptions[] = {
    {"btisam", "ibtisam"}, /* ابتسام: Darija drops the first vowel */
    {"dris", "idris"},     /* إدريس, likewise */
    {"drisi", "idrisi"},   /* الإدريسي */
    {"elham", "ilham"},    /* إلهام, whose "el" is not the article */
    {"fadma", "fatima"},   /* فاطمة in Tashelhit */
    {"sarah", "sara"},     /* سارة: the h is English; in Sabah or Farah it is a letter */
    {"zouhra", "zahra"},   /* زهرة, as in Fatima-Zohra */
    {"فاضمه", "فاطمه"},    /* فاطمة in Tashelhit */
};

/* A word in its folded spelling: Latin folds, then the final hamza that Arabic
 * spellings give or leave out after alef (أسماء, اسما), then the exceptions. */
static char *fold_word(struct arena *a, const char *w)
{
    char *f = fold_latin(a, w);
    if (ends_with(f, "اء") && strlen(f) > strlen("اء"))
        f[strlen(f) - strlen("ء")] = '\0';
    for (size_t i = 0; i < ARRAY_LEN(exceptions); i++)
        if (strcmp(f, exceptions[i].spelling) == 0)
            return arena_strdup(a, exceptions[i].name);
    return f;
}

/* --------------------------------------------------------- step 2: words -- */

/* Consonants that absorb the l of the article (the "sun letters"), in the
 * spelling they have at the start of a Latin word. */
static bool is_sun_letter(char c)
{
    return c != '\0' && strchr("tdrzsnl", c) != NULL;
}

/* "ez" before "zahra", "er" before "rachidi", "ech" before "chaoui": the article
 * written as its vowel and the consonant that absorbed its l. Both words are
 * compared in their folded spelling (`folded`: the first word, folded by the
 * caller), so that "ezz", which folding makes "ez", is the article in this pass
 * already and not only in the next one: a word glued to it can fold back into the
 * article, and each later pass would otherwise glue one more. */
static bool is_assimilated_article(struct arena *a, const char *folded, const char *next)
{
    const char *consonant = folded + 1;
    bool sun = (is_sun_letter(consonant[0]) && consonant[1] == '\0')
            || strcmp(consonant, "ch") == 0 || strcmp(consonant, "sh") == 0;
    return folded[0] == 'e' && sun && starts_with(fold_latin(a, next), consonant);
}

static bool is_separate_article(const char *folded)
{
    return strcmp(folded, "el") == 0 || strcmp(folded, "al") == 0 || strcmp(folded, "ال") == 0;
}

/* Given names that start like the article without being one. */
static const char *const names_like_article[] = {
    "elham", "elena", "eleonore", "eliane", "elias", "elisa", "elisabeth", "elise",
    "elizabeth", "ellen", "elodie", "eloise", "elvira", "elyas",
    "الهام", "الياس", "الفت", /* إلهام, إلياس, ألفت once the hamza is folded */
};

/* names_like_article in their folded spelling, computed once: every word of
 * every name is compared with all of them. */
#define FOLDED_NAME_MAX 32
static char names_like_article_folded[ARRAY_LEN(names_like_article)][FOLDED_NAME_MAX];
static pthread_once_t names_like_article_once = PTHREAD_ONCE_INIT;

static void fold_names_like_article(void)
{
    struct arena a;
    arena_init(&a);
    for (size_t i = 0; i < ARRAY_LEN(names_like_article); i++) {
        const char *f = fold_latin(&a, names_like_article[i]);
        assert(strlen(f) < FOLDED_NAME_MAX);
        strcpy(names_like_article_folded[i], f);
    }
    arena_free(&a);
}

static bool is_name_like_article(const char *folded)
{
    pthread_once(&names_like_article_once, fold_names_like_article);
    for (size_t i = 0; i < ARRAY_LEN(names_like_article); i++)
        if (strcmp(folded, names_like_article_folded[i]) == 0)
            return true;
    return false;
}

static bool is_latin_word(const char *w)
{
    for (; *w; w++)
        if (*w < 'a' || *w > 'z')
            return false;
    return true;
}

/* Length of the article glued to the front of w ("elidrissi", "ezzahra",
 * "echchaoui", "الادريسي"), or 0; what remains is at least three letters long
 * (two in Arabic, where long vowels are written). `folded` is w folded, which
 * the caller has already. */
static size_t glued_article_length(const char *w, const char *folded)
{
    size_t n = strlen(w);
    if (is_name_like_article(folded))
        return 0;
    if (is_latin_word(w) && w[0] == 'e') {
        if (n >= 6 && starts_with(w + 1, "chch"))
            return 3;
        if (n >= 5 && is_sun_letter(w[1]) && w[2] == w[1])
            return 2;
        if (n >= 5 && w[1] == 'l')
            return 2;
    }
    if (starts_with(w, "ال") && utf8_length(w) >= 4)
        return strlen("ال");
    return 0;
}

/* Drops the article at the start of a name, however written; returns the new
 * number of words. A name that is nothing but an article keeps it. */
static size_t drop_leading_article(struct arena *a, char **words, size_t n)
{
    while (n > 0) {
        const char *folded = fold_latin(a, words[0]);
        if (n > 1 && (is_separate_article(folded)
                      || is_assimilated_article(a, folded, words[1]))) {
            memmove(words, words + 1, (n - 1) * sizeof *words);
            n--;
            continue;
        }
        size_t glued = glued_article_length(words[0], folded);
        if (glued == 0)
            break;
        words[0] += glued;
    }
    return n;
}

/* Words that belong to the next one, in their folded spelling, and the spelling
 * they take when glued to it. */
static const struct {
    const char *word, *glued;
} particles[] = {
    {"ben", "ben"}, {"bin", "ben"}, {"ibn", "ben"}, {"bent", "bent"}, {"bint", "bent"},
    {"ould", "ould"}, {"ouled", "ouled"}, {"oulad", "oulad"}, {"ait", "ait"},
    {"bou", "bou"}, {"abou", "abou"}, {"abd", "abd"}, {"abdel", "abdel"},
    {"abdal", "abdal"}, {"abdoul", "abdoul"},
    {"بن", "بن"}, {"ابن", "بن"}, {"بنت", "بنت"}, {"ايت", "ايت"}, {"اولاد", "اولاد"},
    {"ولد", "ولد"}, {"ابو", "ابو"}, {"بو", "بو"}, {"عبد", "عبد"},
};

/* The spelling words[i] takes when glued to words[i + 1], or NULL when it stays a
 * word of its own. Inside a name the article is glued too ("Nour El Houda",
 * "Nour Elhouda"). Particles are recognised by their folded spelling, so that a
 * glued word that folds into a particle ("abd" + "el") is seen as one. */
static const char *glued_form(struct arena *a, char **words, size_t i)
{
    const char *f = fold_latin(a, words[i]);
    for (size_t p = 0; p < ARRAY_LEN(particles); p++)
        if (strcmp(f, particles[p].word) == 0)
            return particles[p].glued;
    if (i > 0 && (is_separate_article(f) || is_assimilated_article(a, f, words[i + 1])))
        return words[i];
    return NULL;
}

/* Glues particles to the following word, from the end so that chains join
 * ("Ait Ben Haddou", "Abd El Kader"); returns the new number of words. */
static size_t glue_particles(struct arena *a, char **words, size_t n)
{
    for (size_t i = n; i-- > 0;) {
        const char *glued;
        while (i + 1 < n && (glued = glued_form(a, words, i)) != NULL) {
            words[i] = arena_printf(a, "%s%s", glued, words[i + 1]);
            memmove(words + i + 1, words + i + 2, (n - i - 2) * sizeof *words);
            n--;
        }
    }
    return n;
}

/* Splits s (modified) at its spaces; returns the number of words. */
static size_t split_words(struct arena *a, char *s, char ***words)
{
    size_t n = 0, cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == ' ';
    *words = arena_alloc(a, cap * sizeof **words);
    for (char *p = s; *p;) {
        (*words)[n++] = p;
        char *space = strchr(p, ' ');
        if (!space)
            break;
        *space = '\0';
        p = space + 1;
    }
    return n;
}

/* Steps 1-3, once. */
static char *normalize_pass(struct arena *a, const char *name)
{
    size_t len = strlen(name);
    struct text t;
    text_init(&t, a, len + 1);
    for (size_t i = 0; i < len;)
        add_char(&t, next_char(name, len, &i));
    if (t.len > 0 && t.s[t.len - 1] == ' ')
        t.s[--t.len] = '\0';

    char **words;
    size_t n = split_words(a, t.s, &words);
    n = drop_leading_article(a, words, n);
    n = glue_particles(a, words, n);

    struct text out;
    text_init(&out, a, t.len + 1);
    for (size_t i = 0; i < n; i++) {
        const char *w = fold_word(a, words[i]);
        text_add_space(&out);
        text_add(&out, w, strlen(w));
    }
    return out.s;
}

char *name_normalize(struct arena *a, const char *name)
{
    char *s = normalize_pass(a, name ? name : "");
    for (int pass = 1; pass < NORMALIZE_PASSES; pass++) {
        char *again = normalize_pass(a, s);
        if (strcmp(again, s) == 0)
            break;
        s = again;
    }
    return s;
}

/* -------------------------------------------------------- step 4: sounds -- */

/* One sound of a name: a consonant class, or a vowel. */
struct sound {
    uint32_t consonant; /* class letter, or a letter of another script; 0: a vowel */
    char vowel;         /* 'a', 'i', 'u', '*' (any: Latin e, Arabic hamza), 'E' (ain) or
                           'y' (final ي, which stands for ى too: a or i) */
    unsigned char flags;
};

enum {
    GLIDE = 1,   /* Latin or Tifinagh i or u before another vowel: a written y or w */
    FINAL = 2,   /* the name's last sound */
    LONG = 4,    /* Arabic ا و ي: a long vowel, which Latin spellings write too */
    MARKED = 8,  /* Arabic ع or ta marbuta, which Arabic spellings never leave out */
    ARTICLE = 16 /* the l of an article, silent before a sun letter */
};

enum script { SCRIPT_NONE, SCRIPT_LATIN, SCRIPT_ARABIC, SCRIPT_TIFINAGH, SCRIPT_MIXED };

struct sounds {
    struct sound *s;
    size_t n;
};

static void add_sound(struct sounds *out, uint32_t consonant, char vowel, unsigned flags)
{
    out->s[out->n++] = (struct sound){consonant, consonant ? 0 : vowel, (unsigned char)flags};
}

static bool is_latin_vowel_at(const uint32_t *c, size_t n, size_t i)
{
    return i < n && (c[i] == 'a' || c[i] == 'e' || c[i] == 'i' || c[i] == 'o'
                     || c[i] == 'u' || c[i] == 'y' || c[i] == 'w');
}

/* Reads the Latin letter at c[i] (lower-case ASCII, as normalised); returns how
 * many letters it took. Word-initial ou and y before a vowel are the consonants w
 * and y ("Ouafae", "Youssef"); elsewhere they are vowels, like Arabic و and ي.
 * "th" is ث (Kaouthar), except in the words of the root فتح (Fathia, Fathallah). */
static size_t read_latin(struct sounds *out, const uint32_t *c, size_t n, size_t i)
{
    uint32_t l = c[i], next = i + 1 < n ? c[i + 1] : 0;
    size_t len = 1;
    switch (l) {
    case 'a': add_sound(out, 0, 'a', 0); return 1;
    case 'e': add_sound(out, 0, '*', 0); return 1;
    case 'i':
        add_sound(out, 0, 'i', is_latin_vowel_at(c, n, i + 1) ? GLIDE : 0);
        return 1;
    case 'o': case 'u': case 'w':
        len = l == 'o' && next == 'u' ? 2 : 1;
        if (i == 0 && is_latin_vowel_at(c, n, i + len))
            add_sound(out, 'w', 0, 0);
        else
            add_sound(out, 0, 'u', is_latin_vowel_at(c, n, i + len) ? GLIDE : 0);
        return len;
    case 'y':
        if (i == 0 && is_latin_vowel_at(c, n, 1))
            add_sound(out, 'y', 0, 0);
        else
            add_sound(out, 0, 'i', is_latin_vowel_at(c, n, i + 1) ? GLIDE : 0);
        return 1;
    case 'c': add_sound(out, next == 'h' ? 'c' : 'k', 0, 0); return next == 'h' ? 2 : 1;
    case 's': add_sound(out, next == 'h' ? 'c' : 's', 0, 0); return next == 'h' ? 2 : 1;
    case 'k': add_sound(out, next == 'h' ? 'x' : 'k', 0, 0); return next == 'h' ? 2 : 1;
    case 'p': add_sound(out, next == 'h' ? 'f' : 'b', 0, 0); return next == 'h' ? 2 : 1;
    case 'g':
        if (next == 'h') {
            add_sound(out, 'q', 0, 0);
            return 2;
        }
        add_sound(out, next == 'e' || next == 'i' || next == 'y' ? 'j' : 'g', 0, 0);
        return 1;
    case 't': {
        bool fath = i == 2 && n >= 4 && c[0] == 'f' && c[1] == 'a';
        add_sound(out, 't', 0, 0);
        return next == 'h' && !fath ? 2 : 1;
    }
    case 'v': add_sound(out, 'f', 0, 0); return 1;
    case 'q': add_sound(out, 'k', 0, 0); return 1;
    case 'x':
        add_sound(out, 'k', 0, 0);
        add_sound(out, 's', 0, 0);
        return 1;
    default:
        if (l >= 'a' && l <= 'z')
            add_sound(out, l, 0, 0);
        return 1; /* digits have no sound */
    }
}

static bool is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0x0660 && cp <= 0x0669)
        || (cp >= 0x06F0 && cp <= 0x06F9);
}

static char arabic_consonant(uint32_t cp)
{
    switch (cp) {
    case 0x0628: case 0x067E: return 'b';                           /* ب پ */
    case 0x062A: case 0x062B: case 0x0637: return 't';              /* ت ث ط */
    case 0x062C: case 0x0698: return 'j';                           /* ج ژ */
    case 0x062D: case HEH: return 'h';                              /* ح ه */
    case 0x062E: return 'x';                                        /* خ */
    case DAL: case 0x0630: case 0x0636: case 0x0638: return 'd';    /* د ذ ض ظ */
    case 0x0631: return 'r';
    case 0x0632: return 'z';
    case 0x0633: case 0x0635: return 's';                           /* س ص */
    case 0x0634: case 0x0686: return 'c';                           /* ش چ */
    case 0x063A: return 'q';                                        /* غ */
    case 0x0641: case 0x06A4: return 'f';                           /* ف ڤ */
    case 0x0642: case 0x0643: return 'k';                           /* ق ك */
    case 0x06A8: case 0x06AD: case 0x06AF: return 'g';              /* ڨ ڭ گ */
    case LAM: return 'l';
    case 0x0645: return 'm';
    case 0x0646: return 'n';
    default: return 0;
    }
}

/* Whether the word c[0..n) ends in the name of God (الله, الإله), whose final ه is
 * a consonant; any other final ه is a ta marbuta, as normalised. */
static bool ends_with_allah(const uint32_t *c, size_t n)
{
    return (n >= 3 && c[n - 3] == LAM && c[n - 2] == LAM && c[n - 1] == HEH)
        || (n >= 4 && c[n - 4] == LAM && c[n - 3] == ALEF && c[n - 2] == LAM
            && c[n - 1] == HEH);
}

/* Reads the Arabic letter at c[i]. A word-initial و or ي is a consonant, elsewhere
 * a long vowel; ا is a long vowel but where it only carries a hamza or the article
 * (first letter, article after عبد); a final ه is ta marbuta (a vowel), t after ا
 * (حياة, Hayat), h in الله. */
static void read_arabic(struct sounds *out, const uint32_t *c, size_t n, size_t i,
                        bool article, bool abd_article)
{
    uint32_t l = c[i];
    switch (l) {
    case ALEF:
        if (i == 0 || (abd_article && i == 3))
            add_sound(out, 0, '*', 0);
        else
            add_sound(out, 0, 'a', LONG);
        return;
    case WAW:
        if (i == 0)
            add_sound(out, 'w', 0, 0);
        else
            add_sound(out, 0, 'u', LONG);
        return;
    case YEH:
        if (i == 0)
            add_sound(out, 'y', 0, 0);
        else
            add_sound(out, 0, i + 1 == n ? 'y' : 'i', LONG); /* final: ي or folded ى */
        return;
    case HEH:
        if (i == 0 || i + 1 < n || ends_with_allah(c, n))
            add_sound(out, 'h', 0, 0);
        else if (c[i - 1] == ALEF)
            add_sound(out, 't', 0, 0);
        else
            add_sound(out, 0, 'a', MARKED);
        return;
    case AIN: add_sound(out, 0, 'E', MARKED); return;
    case HAMZA: add_sound(out, 0, '*', 0); return;
    case LAM:
        add_sound(out, 'l', 0, (article && i == 1) || (abd_article && i == 4) ? ARTICLE : 0);
        return;
    default:
        if (arabic_consonant(l))
            add_sound(out, (uint32_t)arabic_consonant(l), 0, 0);
        else if (!is_digit(l))
            add_sound(out, l, 0, 0); /* a letter with no class keeps its identity */
    }
}

/* Tifinagh U+2D30-U+2D67, by sound: lower-case letters are consonant classes,
 * A E I U the vowels ⴰ ⴻ ⵉ ⵓ (and ⵦ ⵧ), 3 the ain ⵄ; ⵡ and ⵢ as w and y. */
static const char tifinagh_sounds[] =
    "AbbgqjjddddEfkkxhhhh3xxkkIjjjlmnnnbUrrqqqsscttctfwyzzzEU";
_Static_assert(sizeof tifinagh_sounds == 0x2D67 - 0x2D30 + 2, "one entry per letter");

static bool is_tifinagh_vowel_at(const uint32_t *c, size_t n, size_t i)
{
    if (i >= n || c[i] < 0x2D30 || c[i] > 0x2D67)
        return false;
    char s = tifinagh_sounds[c[i] - 0x2D30];
    return s == 'A' || s == 'E' || s == 'I' || s == 'U' || s == '3' || s == 'w' || s == 'y';
}

/* Reads the Tifinagh letter at c[i], the way read_latin() reads Latin: Tifinagh
 * writes its vowels. */
static void read_tifinagh(struct sounds *out, const uint32_t *c, size_t n, size_t i)
{
    if (c[i] > 0x2D67) {
        if (c[i] != 0x2D6F) /* ⵯ, labialisation: no sound of its own */
            add_sound(out, c[i], 0, 0);
        return;
    }
    char s = tifinagh_sounds[c[i] - 0x2D30];
    unsigned glide = is_tifinagh_vowel_at(c, n, i + 1) ? GLIDE : 0;
    switch (s) {
    case 'A': add_sound(out, 0, 'a', 0); break;
    case 'E': add_sound(out, 0, '*', 0); break;
    case 'I': add_sound(out, 0, 'i', glide); break;
    case 'U': add_sound(out, 0, 'u', glide); break;
    case '3': add_sound(out, 0, '*', 0); break;
    case 'w': case 'y':
        if (i == 0 && glide)
            add_sound(out, (uint32_t)s, 0, 0);
        else
            add_sound(out, 0, s == 'w' ? 'u' : 'i', glide);
        break;
    default: add_sound(out, (uint32_t)s, 0, 0);
    }
}

static bool is_arabic(uint32_t cp)
{
    return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F)
        || (cp >= 0x08A0 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF)
        || (cp >= 0xFE70 && cp <= 0xFEFF);
}

static bool is_tifinagh(uint32_t cp)
{
    return cp >= 0x2D30 && cp <= 0x2D7F;
}

/* Reads one word of a normal form. The article keeps its l only inside a name
 * ("Nour El Houda"; at the start it was dropped) and in عبد names, and loses it
 * before a sun letter (removed by read_name()). */
static void read_word(struct sounds *out, const uint32_t *c, size_t n, bool first_word)
{
    bool arabic_article = !first_word && n > 2 && c[0] == ALEF && c[1] == LAM;
    bool arabic_abd = n > 5 && c[0] == AIN && c[1] == BEH && c[2] == DAL && c[3] == ALEF
                   && c[4] == LAM;
    size_t latin_article = SIZE_MAX; /* index of the article's l, if any */
    if (!first_word && n > 2 && c[0] == 'e' && c[1] == 'l') {
        latin_article = 1;
    } else if (n > 4 && c[0] == 'a' && c[1] == 'b' && c[2] == 'd') {
        size_t i = 3;
        while (i < n && c[i] < 0x80 && is_vowel((char)c[i]))
            i++;
        if (i > 3 && i < n && c[i] == 'l')
            latin_article = i;
    }
    for (size_t i = 0; i < n;) {
        if (c[i] < 0x80) {
            size_t before = out->n;
            i += read_latin(out, c, n, i);
            if (i - 1 == latin_article && out->n > before)
                out->s[out->n - 1].flags |= ARTICLE;
            continue;
        }
        if (is_arabic(c[i]))
            read_arabic(out, c, n, i, arabic_article, arabic_abd);
        else if (is_tifinagh(c[i]))
            read_tifinagh(out, c, n, i);
        else
            add_sound(out, c[i], 0, 0);
        i++;
    }
}

static bool is_sun_class(uint32_t consonant)
{
    return consonant < 0x80 && is_sun_letter((char)consonant) && consonant != 0;
}

/* A name as read for comparison. */
struct reading {
    char *skeleton;
    struct sounds sounds;
    enum script script;
};

/* The script a normal form is written in: digits and spaces do not count. */
static enum script script_of(const uint32_t *c, size_t n)
{
    enum script script = SCRIPT_NONE;
    for (size_t i = 0; i < n; i++) {
        enum script s;
        if (c[i] == ' ' || is_digit(c[i]))
            continue;
        if (c[i] >= 'a' && c[i] <= 'z')
            s = SCRIPT_LATIN;
        else if (is_arabic(c[i]))
            s = SCRIPT_ARABIC;
        else if (is_tifinagh(c[i]))
            s = SCRIPT_TIFINAGH;
        else
            s = SCRIPT_MIXED;
        if (script != SCRIPT_NONE && script != s)
            return SCRIPT_MIXED;
        script = s;
    }
    return script;
}

/* Reads a name into sounds and skeleton: step 4 on its normal form. Silent
 * article l's go, and a sound repeated counts once: a consonant with no vowel
 * between (shadda is not written, doubled Latin letters are already single, but
 * words meet: "Ez Zahra"), a vowel letter written twice (داوود, داود). */
static void read_name(struct arena *a, const char *name, struct reading *r)
{
    uint32_t *c;
    size_t n = decode(a, name_normalize(a, name), &c);
    struct sounds raw = {arena_alloc(a, (2 * n + 1) * sizeof *raw.s), 0};
    for (size_t start = 0; start < n;) {
        size_t end = start;
        while (end < n && c[end] != ' ')
            end++;
        read_word(&raw, c + start, end - start, start == 0);
        start = end + 1;
    }
    r->script = script_of(c, n);

    r->sounds.s = arena_alloc(a, (raw.n + 1) * sizeof *r->sounds.s);
    r->sounds.n = 0;
    for (size_t i = 0; i < raw.n; i++) {
        struct sound s = raw.s[i];
        if ((s.flags & ARTICLE) && i + 1 < raw.n && is_sun_class(raw.s[i + 1].consonant))
            continue;
        const struct sound *last = r->sounds.n > 0 ? &r->sounds.s[r->sounds.n - 1] : NULL;
        if (last && last->consonant == s.consonant
            && (s.consonant || (last->vowel == s.vowel && last->flags == s.flags)))
            continue;
        r->sounds.s[r->sounds.n++] = s;
    }
    struct sound *s = r->sounds.s;
    size_t count = r->sounds.n;
    if (count > 0 && !s[count - 1].consonant)
        s[count - 1].flags |= FINAL;

    struct text skeleton;
    text_init(&skeleton, a, count + 3);
    if (count > 0 && !s[0].consonant)
        text_add(&skeleton, "a", 1);
    for (size_t i = 0; i < count; i++)
        if (s[i].consonant)
            text_add_char(&skeleton, s[i].consonant);
    if (count > 0 && !s[count - 1].consonant)
        text_add(&skeleton, s[count - 1].vowel == 'u' ? "u" : "a", 1);
    r->skeleton = skeleton.s;
}

char *name_skeleton(struct arena *a, const char *name)
{
    struct reading r;
    read_name(a, name, &r);
    return r.skeleton;
}

/* ------------------------------------------------------------- vowels -- */

/* How the vowels of two spellings with the same skeleton are compared:
 *  - both write their vowels (Latin, Tifinagh): a spelling may leave out short
 *    vowels that the other writes (Darija: Fatma for Fatima, Rkia for Rokaya), as
 *    long as all omissions are on the same side, but not a glide (the i of Mounia,
 *    the ou of Alaoui) nor the last vowel;
 *  - both Arabic: ا may be left out (رحمن, رحمان), و ي ع and ta marbuta may not;
 *  - Arabic and a script that writes vowels: each long vowel the Arabic spelling
 *    writes must be in the other, which may add short vowels; ع, hamza and ta
 *    marbuta, which Latin spellings render or drop at will, are free.
 * Names in mixed or other scripts are compared by skeleton only. */
enum mode { MODE_WRITTEN_VOWELS, MODE_ARABIC, MODE_CROSS, MODE_SKELETON_ONLY };

static enum mode comparison_mode(enum script x, enum script y)
{
    bool x_writes = x == SCRIPT_LATIN || x == SCRIPT_TIFINAGH;
    bool y_writes = y == SCRIPT_LATIN || y == SCRIPT_TIFINAGH;
    if (x_writes && y_writes)
        return MODE_WRITTEN_VOWELS;
    if (x == SCRIPT_ARABIC && y == SCRIPT_ARABIC)
        return MODE_ARABIC;
    if ((x == SCRIPT_ARABIC && y_writes) || (y == SCRIPT_ARABIC && x_writes))
        return MODE_CROSS;
    return MODE_SKELETON_ONLY;
}

/* Whether a vowel must be matched in the other spelling. */
static bool is_required(const struct sound *s, enum script script, enum mode mode)
{
    switch (mode) {
    case MODE_WRITTEN_VOWELS:
        return s->flags & (GLIDE | FINAL);
    case MODE_ARABIC:
        return (s->flags & MARKED) || ((s->flags & LONG) && s->vowel != 'a');
    default:
        return script == SCRIPT_ARABIC ? s->flags & LONG : s->flags & GLIDE;
    }
}

static bool vowels_match(char x, char y, enum mode mode)
{
    if (x == '*' || y == '*' || x == y || (mode == MODE_CROSS && (x == 'E' || y == 'E')))
        return true;
    char other = x == 'y' ? y : y == 'y' ? x : 0;
    return other == 'a' || other == 'i';
}

/* One side of a comparison: the vowels between two consonants. */
struct vowel_run {
    const struct sound *s;
    size_t n;
    enum script script;
};

/* Whether the vowels of x and y can be paired in order, each pair matching, the
 * unpaired ones not required, and unpaired ones only on the sides allowed. */
static bool runs_agree(const struct vowel_run *x, const struct vowel_run *y, enum mode mode,
                       bool x_may_omit, bool y_may_omit)
{
    if (x->n > MAX_VOWEL_RUN || y->n > MAX_VOWEL_RUN) {
        if (x->n != y->n)
            return false;
        for (size_t i = 0; i < x->n; i++)
            if (!vowels_match(x->s[i].vowel, y->s[i].vowel, mode))
                return false;
        return true;
    }
    /* ok[i][j]: x from i and y from j agree; computed row by row from the end. */
    bool below[MAX_VOWEL_RUN + 2] = {false}, row[MAX_VOWEL_RUN + 2] = {false};
    for (size_t i = x->n + 1; i-- > 0;) {
        for (size_t j = y->n + 1; j-- > 0;) {
            bool ok = i == x->n && j == y->n;
            if (!ok && i < x->n && j < y->n
                && vowels_match(x->s[i].vowel, y->s[j].vowel, mode))
                ok = below[j + 1];
            if (!ok && i < x->n && x_may_omit && !is_required(&x->s[i], x->script, mode))
                ok = below[j];
            if (!ok && j < y->n && y_may_omit && !is_required(&y->s[j], y->script, mode))
                ok = row[j + 1];
            row[j] = ok;
        }
        memcpy(below, row, sizeof row);
    }
    return below[0];
}

/* Whether two readings with the same skeleton have vowels that agree (see enum
 * mode), walking the runs between consonants side by side. */
static bool vowels_agree(const struct reading *x, const struct reading *y)
{
    enum mode mode = comparison_mode(x->script, y->script);
    if (mode == MODE_SKELETON_ONLY)
        return true;
    bool x_fuller = true, y_fuller = true, both = true;
    size_t i = 0, j = 0;
    for (;;) {
        struct vowel_run rx = {x->sounds.s + i, 0, x->script};
        struct vowel_run ry = {y->sounds.s + j, 0, y->script};
        while (i < x->sounds.n && !x->sounds.s[i].consonant)
            i++, rx.n++;
        while (j < y->sounds.n && !y->sounds.s[j].consonant)
            j++, ry.n++;
        if (mode == MODE_CROSS) {
            both = both && runs_agree(&rx, &ry, mode, true, true);
        } else {
            x_fuller = x_fuller && runs_agree(&rx, &ry, mode, true, false);
            y_fuller = y_fuller && runs_agree(&rx, &ry, mode, false, true);
        }
        if (i >= x->sounds.n || j >= y->sounds.n)
            break;
        i++, j++;
    }
    return mode == MODE_CROSS ? both : x_fuller || y_fuller;
}

static bool same_name(const struct reading *x, const struct reading *y)
{
    return x->skeleton[0] != '\0' && strcmp(x->skeleton, y->skeleton) == 0
        && vowels_agree(x, y);
}

bool names_probably_same(struct arena *a, const char *first1, const char *last1,
                         const char *first2, const char *last2)
{
    struct reading f1, l1, f2, l2;
    read_name(a, first1, &f1);
    read_name(a, last1, &l1);
    read_name(a, first2, &f2);
    read_name(a, last2, &l2);
    return (same_name(&f1, &f2) && same_name(&l1, &l2))
        || (same_name(&f1, &l2) && same_name(&l1, &f2));
}

/* ---------------------------------------------------------------- keys -- */

static bool is_iso_date(const char *d)
{
    if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
        return false;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
            return false;
    return true;
}

char *name_match_key(struct arena *a, const char *first_name, const char *last_name,
                     const char *birth_date)
{
    if (!is_iso_date(birth_date))
        return NULL;
    const char *first = name_skeleton(a, first_name), *last = name_skeleton(a, last_name);
    if (!*first || !*last)
        return NULL;
    if (strcmp(first, last) > 0) {
        const char *swap = first;
        first = last;
        last = swap;
    }
    return arena_printf(a, "n1|%s|%s|%s", birth_date, first, last);
}

/* preferred when it has a letter, else fallback. */
static const char *either(struct arena *a, const char *preferred, const char *fallback)
{
    return *name_skeleton(a, preferred) ? preferred : fallback;
}

size_t name_match_keys(struct arena *a, const char *first_name, const char *last_name,
                       const char *first_name_ar, const char *last_name_ar,
                       const char *birth_date, char *keys[NAME_MATCH_KEYS_MAX])
{
    size_t n = 0;
    char *latin = name_match_key(a, either(a, first_name, first_name_ar),
                                 either(a, last_name, last_name_ar), birth_date);
    char *arabic = name_match_key(a, either(a, first_name_ar, first_name),
                                  either(a, last_name_ar, last_name), birth_date);
    if (latin)
        keys[n++] = latin;
    if (arabic && !(latin && strcmp(latin, arabic) == 0))
        keys[n++] = arabic;
    return n;
}
