/* Messages in the three languages of the interface (Arabic, French, English),
 * looked up by a stable key. Keys are the error and field codes of the API, so
 * that a code and its message never drift apart. */
#ifndef SANAD_CORE_I18N_H
#define SANAD_CORE_I18N_H

enum lang { LANG_FR, LANG_AR, LANG_EN };

/* The best supported language of an Accept-Language header; French by default. */
enum lang i18n_negotiate(const char *accept_language);
const char *i18n_code(enum lang lang);
/* The message for `key` in `lang`; the key itself when there is none. */
const char *i18n_text(enum lang lang, const char *key);

#endif
