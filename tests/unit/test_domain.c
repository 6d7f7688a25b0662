/* Unit tests of src/domain: the reference map, roles and scopes, account rules,
 * and the audit chain's hashing. */
#include "domain/accounts.h"
#include "domain/audit_chain.h"
#include "domain/regions.h"
#include "domain/roles.h"

#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static void regions_reference_is_complete(void **state)
{
    (void)state;
    assert_int_equal(regions_load(), 0);
    assert_int_equal(regions_count(), 12);
    size_t provinces = 0;
    for (size_t i = 0; i < regions_count(); i++) {
        const struct region *r = region_at(i);
        char code[32];
        snprintf(code, sizeof code, "MA-%02zu", i + 1);
        assert_string_equal(r->code, code);
        assert_true(strlen(r->name_fr) > 0 && strlen(r->name_ar) > 0);
        provinces += r->province_count;
    }
    assert_int_equal(provinces, 75);
    const struct region *souss = region_find("MA-09");
    assert_non_null(souss);
    assert_true(region_has_province(souss, "Taroudant"));
    assert_false(region_has_province(souss, "Rabat"));
    assert_false(region_has_province(souss, "taroudant"));
    assert_null(region_find("MA-13"));
    assert_null(region_find(NULL));
    assert_non_null(strstr(regions_json_text(), "\"MA-12\""));
}

static void roles_and_scopes(void **state)
{
    (void)state;
    for (int i = 0; i < ROLE_COUNT; i++)
        assert_int_equal(role_parse(role_name((enum role)i)), i);
    assert_int_equal(role_parse("root"), -1);
    assert_int_equal(role_parse(NULL), -1);
    assert_int_equal(role_scope(ROLE_ADMIN), SCOPE_NATIONAL);
    assert_int_equal(role_scope(ROLE_ANALYST), SCOPE_NATIONAL);
    assert_int_equal(role_scope(ROLE_REGIONAL_COORDINATOR), SCOPE_REGION);
    assert_int_equal(role_scope(ROLE_CENTRE_WORKER), SCOPE_ORGANISATION);
    assert_null(role_check_scope(ROLE_ADMIN, NULL, 0));
    assert_null(role_check_scope(ROLE_ADMIN, NULL, 3));
    assert_string_equal(role_check_scope(ROLE_NATIONAL_OFFICER, "MA-01", 0), "region");
    assert_string_equal(role_check_scope(ROLE_REGIONAL_COORDINATOR, NULL, 0), "region");
    assert_null(role_check_scope(ROLE_REGIONAL_COORDINATOR, "MA-09", 0));
    assert_string_equal(role_check_scope(ROLE_CENTRE_MANAGER, "MA-09", 0), "organisation");
    assert_null(role_check_scope(ROLE_PARTNER_AGENT, NULL, 7));
}

static void account_rules(void **state)
{
    (void)state;
    assert_null(username_check("coord.souss"));
    assert_null(username_check("a_b-c9"));
    assert_string_equal(username_check("ab"), "too_short");
    assert_string_equal(username_check("Admin"), "invalid_format");
    assert_string_equal(username_check("9lives"), "invalid_format");
    assert_string_equal(username_check("a b c"), "invalid_format");
    assert_string_equal(username_check("applicant"), "reserved");
    assert_string_equal(username_check("demo"), "reserved");
    assert_null(username_check("applicant2"));
    char long_name[80];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_string_equal(username_check(long_name), "too_long");
    assert_null(password_check("correct horse"));
    assert_null(password_check("كلمةالسرهنا"));          /* 11 code points */
    assert_string_equal(password_check("كلمةسر"), "weak_password");
    assert_string_equal(password_check("short"), "weak_password");
    assert_string_equal(password_check("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6"), "invalid_utf8");
    assert_true(organisation_kind_valid("association"));
    assert_false(organisation_kind_valid("company"));
}

static void audit_hash_chains_every_field(void **state)
{
    (void)state;
    struct audit_entry e = {.seq = 1, .at = "2026-11-22T20:00:00Z", .actor_id = 1,
                            .actor = "admin", .action = "user.create", .object_type = "user",
                            .object_id = "2", .outcome = "success", .client_ip = "127.0.0.1",
                            .request_id = "abc", .details = NULL};
    char h1[AUDIT_HASH_HEX], h2[AUDIT_HASH_HEX];
    audit_entry_hash(&e, AUDIT_GENESIS, h1);
    assert_int_equal(strlen(h1), 64);
    audit_entry_hash(&e, AUDIT_GENESIS, h2);
    assert_string_equal(h1, h2);
    /* Any change of content or of the previous link changes the hash. */
    audit_entry_hash(&e, h1, h2);
    assert_string_not_equal(h1, h2);
    struct audit_entry f = e;
    f.actor = "admim";
    audit_entry_hash(&f, AUDIT_GENESIS, h2);
    assert_string_not_equal(h1, h2);
    f = e;
    f.details = "";
    audit_entry_hash(&f, AUDIT_GENESIS, h2);
    assert_string_not_equal(h1, h2);   /* NULL and "" differ */
    /* Moving text from one field to the next changes the hash (length prefixes). */
    f = e;
    f.actor = "adminuser.";
    f.action = "create";
    struct audit_entry g = e;
    g.actor = "admin";
    g.action = "user.create";
    char hf[AUDIT_HASH_HEX], hg[AUDIT_HASH_HEX];
    audit_entry_hash(&f, AUDIT_GENESIS, hf);
    audit_entry_hash(&g, AUDIT_GENESIS, hg);
    assert_string_not_equal(hf, hg);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regions_reference_is_complete),
        cmocka_unit_test(roles_and_scopes),
        cmocka_unit_test(account_rules),
        cmocka_unit_test(audit_hash_chains_every_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
