/* Rules for staff accounts, independent of storage: what a valid username and
 * password look like. */
#ifndef SANAD_DOMAIN_ACCOUNTS_H
#define SANAD_DOMAIN_ACCOUNTS_H

#include <stdbool.h>

#define USERNAME_MAX 64
#define PASSWORD_MIN 10
#define PASSWORD_MAX 256

/* 3–64 characters: lower-case ASCII letters, digits, '.', '_', '-'; starting with a
 * letter; not one of the names the history and audit log give to actions of no
 * account ("applicant", "demo", "cli", "anonymous"). Returns NULL when valid, else
 * the field error code. */
const char *username_check(const char *username);
/* At least PASSWORD_MIN code points, at most PASSWORD_MAX bytes, valid UTF-8.
 * Returns NULL when acceptable, else the field error code. */
const char *password_check(const char *password);

/* The kinds of organisation; true when `kind` names one. */
bool organisation_kind_valid(const char *kind);

#endif
