/* Unit tests of src/security: secrets and their hashes, password hashing, field
 * encryption, the permission table, and per-address rate limiting. */
#include "security/authz.h"
#include "security/crypto.h"
#include "security/password.h"
#include "security/ratelimit.h"
#include "security/session.h"
#include "security/tokens.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

static void tokens_are_random_and_hashed(void **state)
{
    (void)state;
    char a[TOKEN_TEXT_MAX], b[TOKEN_TEXT_MAX], ha[TOKEN_HASH_HEX], hb[TOKEN_HASH_HEX];
    token_new(SESSION_PREFIX, a);
    token_new(SESSION_PREFIX, b);
    assert_string_not_equal(a, b);
    assert_true(token_well_formed(a, SESSION_PREFIX));
    assert_false(token_well_formed(a, API_TOKEN_PREFIX));
    assert_false(token_well_formed("ss_short", SESSION_PREFIX));
    assert_false(token_well_formed(NULL, SESSION_PREFIX));
    token_hash(a, ha);
    token_hash(b, hb);
    assert_int_equal(strlen(ha), 64);
    assert_string_not_equal(ha, hb);
    assert_true(token_equal(a, a));
    assert_false(token_equal(a, b));
    assert_false(token_equal("abc", "abcd"));
}

static void passwords_hash_with_argon2id(void **state)
{
    (void)state;
    char hash[PASSWORD_HASH_MAX];
    assert_int_equal(password_hash("correct horse battery", hash), 0);
    assert_non_null(strstr(hash, "$argon2id$"));
    assert_true(password_verify(hash, "correct horse battery"));
    assert_false(password_verify(hash, "correct horse batterY"));
    assert_false(password_verify("not a hash", "x"));
    password_verify_dummy("anything");
}

static void fields_encrypt_bound_to_context(void **state)
{
    (void)state;
    char path[] = "/tmp/sanad-key-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    unlink(path);
    assert_int_equal(field_key_generate(path), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, FIELD_KEY_BYTES);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(field_key_generate(path), -1);   /* never overwrites */
    struct field_key key, other;
    char err[200];
    assert_int_equal(field_key_load(path, &key, err, sizeof err), 0);
    unlink(path);
    assert_int_equal(field_key_load(path, &key, err, sizeof err), -1);
    memset(&other, 7, sizeof other);

    struct arena a;
    arena_init(&a);
    const char *secret = "Récit confidentiel — سرّي";
    char *c1 = field_encrypt(&key, &a, secret, "cases.narrative:1");
    char *c2 = field_encrypt(&key, &a, secret, "cases.narrative:1");
    assert_string_not_equal(c1, c2);                      /* fresh nonce each time */
    assert_null(strstr(c1, "confidentiel"));
    assert_string_equal(field_decrypt(&key, &a, c1, "cases.narrative:1"), secret);
    assert_null(field_decrypt(&key, &a, c1, "cases.narrative:2"));
    assert_null(field_decrypt(&other, &a, c1, "cases.narrative:1"));
    c1[10] = c1[10] == 'A' ? 'B' : 'A';
    assert_null(field_decrypt(&key, &a, c1, "cases.narrative:1"));
    assert_null(field_decrypt(&key, &a, "v1:", "x"));
    assert_null(field_decrypt(&key, &a, "plain text", "x"));
    assert_string_equal(field_decrypt(&key, &a, field_encrypt(&key, &a, "", "e"), "e"), "");
    arena_free(&a);
}

static void permissions_follow_the_table(void **state)
{
    (void)state;
    struct user admin = {.role = ROLE_ADMIN, .active = true};
    struct user analyst = {.role = ROLE_ANALYST, .active = true};
    struct user coord = {.role = ROLE_REGIONAL_COORDINATOR, .region = "MA-09", .active = true};
    struct user worker = {.role = ROLE_CENTRE_WORKER, .organisation_id = 5, .active = true};
    struct user inactive = {.role = ROLE_ADMIN, .active = false};
    assert_true(authz_allows(NULL, ACT_PUBLIC));
    assert_false(authz_allows(NULL, ACT_SIGNED_IN));
    assert_true(authz_allows(&admin, ACT_USERS_MANAGE));
    assert_false(authz_allows(&analyst, ACT_USERS_MANAGE));
    assert_false(authz_allows(&inactive, ACT_SIGNED_IN));
    assert_true(authz_allows(&analyst, ACT_REPORTS_READ));
    assert_false(authz_allows(&analyst, ACT_APPLICATIONS_READ));
    assert_true(authz_allows(&coord, ACT_APPLICATIONS_WRITE));
    assert_false(authz_allows(&coord, ACT_PROGRAMS_WRITE));
    assert_false(authz_allows(&admin, ACT_COUNT));
    assert_true(authz_sees_region(&admin, "MA-01"));
    assert_true(authz_sees_region(&coord, "MA-09"));
    assert_false(authz_sees_region(&coord, "MA-01"));
    assert_false(authz_sees_region(&coord, NULL));
    assert_false(authz_sees_region(&worker, "MA-09"));
    assert_true(authz_sees_organisation(&worker, 5));
    assert_false(authz_sees_organisation(&worker, 6));
    assert_false(authz_sees_organisation(NULL, 5));
    char buf[200];
    assert_string_equal(action_roles_text(ACT_USERS_MANAGE, buf, sizeof buf), "admin");
    assert_string_equal(action_roles_text(ACT_PUBLIC, buf, sizeof buf), "anyone");
    assert_string_equal(action_name(ACT_AUDIT_READ), "audit.read");
}

static void rate_limit_per_address_and_minute(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new(3);
    int retry = 0;
    time_t t = 1800000000 - 1800000000 % 60 + 10;
    for (int i = 0; i < 3; i++)
        assert_true(ratelimit_allow(rl, "10.0.0.1", t, &retry));
    assert_false(ratelimit_allow(rl, "10.0.0.1", t + 5, &retry));
    assert_int_equal(retry, 45);
    assert_true(ratelimit_allow(rl, "10.0.0.2", t, &retry));   /* other address */
    assert_true(ratelimit_allow(rl, "10.0.0.1", t + 50, &retry)); /* next minute */
    ratelimit_free(rl);
    struct ratelimit *off = ratelimit_new(0);
    for (int i = 0; i < 1000; i++)
        assert_true(ratelimit_allow(off, "10.0.0.1", t, &retry));
    ratelimit_free(off);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokens_are_random_and_hashed),
        cmocka_unit_test(passwords_hash_with_argon2id),
        cmocka_unit_test(fields_encrypt_bound_to_context),
        cmocka_unit_test(permissions_follow_the_table),
        cmocka_unit_test(rate_limit_per_address_and_minute),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
