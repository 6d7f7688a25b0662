# Staff accounts under /api/v1/users (admins only): create (201, never a password
# in the answer), duplicate usernames (409), validation of every field (422
# validation_failed naming the field), listing with ?limit= and ?after= cursors,
# reading, changing (role, deactivation and password change end the account's
# sessions), and the refusals: 401 anonymous, 403 other roles, 404 unknown or
# non-numeric ids.
import secrets

from harness import DEFAULT_PASSWORD, ServerTestCase, find_keys, unique

SECRET_KEYS = {"password", "password_hash", "hash"}


class UsersTest(ServerTestCase):

    def new_body(self, **fields):
        body = {"username": unique("user."), "password": DEFAULT_PASSWORD, "role": "analyst"}
        body.update(fields)
        return body

    # -- create --------------------------------------------------------------

    def test_create(self):
        body = self.new_body(full_name="Nadia Bennani", role="national_officer")
        r = self.admin.post("/api/v1/users", body)
        self.assertEqual(r.status, 201, r)
        u = r.json()
        self.assertIsInstance(u["id"], int)
        self.assertEqual(u["username"], body["username"])
        self.assertEqual(u["role"], "national_officer")
        self.assertEqual(u["active"], True)
        self.assertIsNone(u.get("region"))
        self.assertEqual(find_keys(u, SECRET_KEYS), [])
        self.assertNotIn(DEFAULT_PASSWORD.encode(), r.body)
        self.assertNotIn(b"argon2", r.body)
        # The new account can sign in.
        self.assertEqual(self.client().login(body["username"]).status, 200)

    def test_unicode_password(self):
        # Ten code points (twenty bytes) are enough; nine are not, whatever the bytes.
        good = "كلمةالسرقو"
        self.assertEqual(len(good), 10)
        u = self.make_user("analyst", password=good)
        self.assertEqual(self.client().login(u["username"], good).status, 200)
        r = self.client().post("/api/v1/auth/login", {"username": u["username"],
                                                      "password": good[:-1] + "ي"})
        self.assertError(r, 401, "invalid_credentials")
        r = self.admin.post("/api/v1/users", self.new_body(password="كلمةالسرق"))
        self.assertError(r, 422, "validation_failed", "password")

    def test_username_length_bounds(self):
        for name in ("abc", "a" * 64, "a.b_c-9"):
            with self.subTest(name=name):
                r = self.admin.post("/api/v1/users", self.new_body(username=name))
                self.assertEqual(r.status, 201, r)
                self.assertEqual(r.json()["username"], name)

    def test_reserved_usernames_refused(self):
        # The names the history and the audit log give to actions of no account.
        for name in ("applicant", "demo", "cli", "anonymous"):
            with self.subTest(name=name):
                r = self.admin.post("/api/v1/users", self.new_body(username=name))
                self.assertError(r, 422, "validation_failed", "username", "reserved")

    def test_create_regional_coordinator(self):
        u = self.make_user("regional_coordinator", region="MA-09")
        self.assertEqual(u["region"], "MA-09")
        self.assertEqual(u["role"], "regional_coordinator")

    def test_create_inactive(self):
        u = self.make_user("analyst", active=False)
        self.assertEqual(u["active"], False)
        r = self.client().post("/api/v1/auth/login",
                               {"username": u["username"], "password": DEFAULT_PASSWORD})
        self.assertError(r, 401, "invalid_credentials")

    def test_duplicate_username(self):
        body = self.new_body()
        self.assertEqual(self.admin.post("/api/v1/users", body).status, 201)
        r = self.admin.post("/api/v1/users", dict(body, role="admin"))
        err = self.assertError(r, 409, field="username")
        self.assertIn(err["code"], ("duplicate", "conflict"))
        # The username of an admin made by the CLI is taken too.
        r = self.admin.post("/api/v1/users", self.new_body(username=self.ADMIN))
        self.assertError(r, 409, field="username")

    def test_validation(self):
        cases = [
            ("username too short", {"username": "ab"}, "username"),
            ("username with a space", {"username": "bad name"}, "username"),
            ("username upper case", {"username": "BadName"}, "username"),
            ("username with a slash", {"username": "a/b/c"}, "username"),
            ("username too long", {"username": "a" * 65}, "username"),
            ("username missing", {"username": None}, "username"),
            ("username not a string", {"username": 12345}, "username"),
            ("password of 9 characters", {"password": "123456789"}, "password"),
            ("password missing", {"password": None}, "password"),
            ("password not a string", {"password": 1234567890123}, "password"),
            ("unknown role", {"role": "superuser"}, "role"),
            ("role missing", {"role": None}, "role"),
            ("role not a string", {"role": 1}, "role"),
            ("regional_coordinator without region", {"role": "regional_coordinator"}, "region"),
            ("region not MA-xx", {"role": "regional_coordinator", "region": "XX-99"}, "region"),
            ("region MA-13", {"role": "regional_coordinator", "region": "MA-13"}, "region"),
            ("region lower case", {"role": "regional_coordinator", "region": "ma-09"}, "region"),
            ("region not a string", {"role": "regional_coordinator", "region": 9}, "region"),
            ("organisation that does not exist", {"role": "centre_worker",
                                                  "organisation": 987654}, "organisation"),
            ("organisation not a number", {"role": "centre_worker",
                                           "organisation": "ministry"}, "organisation"),
            ("active not a boolean", {"active": "yes"}, "active"),
            ("active as a number", {"active": 1}, "active"),
            ("full_name not a string", {"full_name": ["a"]}, "full_name"),
        ]
        for label, change, field in cases:
            with self.subTest(label):
                body = self.new_body()
                for k, v in change.items():
                    if v is None:
                        body.pop(k)
                    else:
                        body[k] = v
                r = self.admin.post("/api/v1/users", body)
                self.assertError(r, 422, "validation_failed", field)
                # Nothing was created.
                if isinstance(body.get("username"), str):
                    self.assertNotIn(body["username"], self.all_usernames())

    def test_unknown_field(self):
        r = self.admin.post("/api/v1/users", self.new_body(is_superuser=True))
        self.assertError(r, 422, "validation_failed", "is_superuser", "unknown_field")
        r = self.admin.post("/api/v1/users", self.new_body(password_hash="$argon2id$x"))
        self.assertError(r, 422, "validation_failed", "password_hash", "unknown_field")

    def test_several_bad_fields_reported_together(self):
        r = self.admin.post("/api/v1/users", {"username": "x", "password": "short", "role": "boss"})
        err = self.assertError(r, 422, "validation_failed")
        names = {f["field"] for f in err["fields"]}
        self.assertTrue({"username", "password", "role"} <= names, err)

    def test_national_role_with_region_refused(self):
        r = self.admin.post("/api/v1/users", self.new_body(role="analyst", region="MA-01"))
        self.assertError(r, 422, "validation_failed", "region")

    def test_field_messages_follow_accept_language(self):
        body = self.new_body(password="short")
        msgs = {}
        for lang in ("fr", "ar", "en"):
            err = self.assertError(self.admin.post("/api/v1/users", body, lang=lang), 422,
                                   "validation_failed", "password")
            msgs[lang] = (err["message"], err["fields"][0]["message"])
        self.assertEqual(len({m[0] for m in msgs.values()}), 3, msgs)
        self.assertEqual(len({m[1] for m in msgs.values()}), 3, msgs)
        self.assertTrue(any("\u0600" <= ch <= "\u06ff" for ch in msgs["ar"][1]))

    # -- list ----------------------------------------------------------------

    def all_usernames(self):
        r = self.admin.get("/api/v1/users?limit=500")
        self.assertEqual(r.status, 200, r)
        return [u["username"] for u in r.json()["items"]]

    def test_list(self):
        u = self.make_user()
        r = self.admin.get("/api/v1/users")
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertIsInstance(doc["items"], list)
        self.assertIn("next", doc)
        self.assertTrue(doc["next"] is None or isinstance(doc["next"], str))
        names = [x["username"] for x in doc["items"]]
        self.assertIn(u["username"], names)
        self.assertIn(self.ADMIN, names)
        self.assertEqual(find_keys(doc, SECRET_KEYS), [])
        self.assertNotIn(b"argon2", r.body)

    def test_paging_gives_every_user_once(self):
        for _ in range(5):
            self.make_user()
        everyone = self.admin.get("/api/v1/users?limit=500").json()
        self.assertIsNone(everyone["next"])
        expected = [u["id"] for u in everyone["items"]]
        self.assertGreaterEqual(len(expected), 6)
        for limit in (1, 2, 3, len(expected)):
            with self.subTest(limit=limit):
                seen, after, pages = [], None, 0
                while True:
                    path = "/api/v1/users?limit=%d" % limit
                    if after is not None:
                        path += "&after=" + after
                    r = self.admin.get(path)
                    self.assertEqual(r.status, 200, r)
                    doc = r.json()
                    self.assertLessEqual(len(doc["items"]), limit)
                    seen += [u["id"] for u in doc["items"]]
                    pages += 1
                    self.assertLess(pages, 100)
                    if doc["next"] is None:
                        break
                    self.assertIsInstance(doc["next"], str)
                    self.assertEqual(len(doc["items"]), limit)
                    after = doc["next"]
                self.assertEqual(sorted(seen), sorted(expected))
                self.assertEqual(len(seen), len(set(seen)))
                self.assertEqual(pages, -(-len(expected) // limit))

    def test_bad_paging_parameters(self):
        for query in ("limit=0", "limit=501", "limit=abc", "limit=-1", "after=abc", "after=-5"):
            with self.subTest(query=query):
                r = self.admin.get("/api/v1/users?" + query)
                self.assertError(r, 422, "validation_failed")

    # -- read ----------------------------------------------------------------

    def test_get(self):
        u = self.make_user("regional_coordinator", region="MA-06", full_name="Salma Berrada")
        r = self.admin.get("/api/v1/users/%d" % u["id"])
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertEqual(doc["id"], u["id"])
        self.assertEqual(doc["username"], u["username"])
        self.assertEqual(doc["region"], "MA-06")
        self.assertEqual(doc["full_name"], "Salma Berrada")
        self.assertEqual(find_keys(doc, SECRET_KEYS), [])

    def test_unknown_and_malformed_ids(self):
        for id_ in ("999999", "0", "-1", "abc", "1abc", "1.5", "99999999999999999999999", "%31x"):
            with self.subTest(id=id_):
                self.assertError(self.admin.get("/api/v1/users/" + id_), 404, "not_found")
        self.assertError(self.admin.patch("/api/v1/users/999999", {"active": False}), 404,
                         "not_found")
        self.assertError(self.admin.patch("/api/v1/users/abc", {"active": False}), 404,
                         "not_found")

    # -- change --------------------------------------------------------------

    def test_patch_role(self):
        u, c = self.signed_in("analyst")
        r = self.admin.patch("/api/v1/users/%d" % u["id"], {"role": "national_officer"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["role"], "national_officer")
        self.assertEqual(self.admin.get("/api/v1/users/%d" % u["id"]).json()["role"],
                         "national_officer")
        # A role change ends the sessions opened under the old role.
        self.assertEqual(c.get("/api/v1/auth/me").status, 401)
        c.login(u["username"])
        self.assertEqual(c.get("/api/v1/auth/me").json()["user"]["role"], "national_officer")

    def test_patch_full_name_keeps_sessions(self):
        u, c = self.signed_in("analyst")
        r = self.admin.patch("/api/v1/users/%d" % u["id"], {"full_name": "Youssef Alami"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["full_name"], "Youssef Alami")
        self.assertEqual(c.get("/api/v1/auth/me").status, 200)

    def test_patch_deactivate_revokes_sessions(self):
        u, c = self.signed_in("analyst")
        self.assertEqual(c.get("/api/v1/auth/me").status, 200)
        r = self.admin.patch("/api/v1/users/%d" % u["id"], {"active": False})
        self.assertEqual(r.status, 200, r)
        self.assertIs(r.json()["active"], False)
        self.assertEqual(c.get("/api/v1/auth/me").status, 401)
        self.assertIs(self.admin.get("/api/v1/users/%d" % u["id"]).json()["active"], False)

    def test_patch_password(self):
        u, c = self.signed_in("analyst")
        new = "new-password-" + secrets.token_hex(4)
        r = self.admin.patch("/api/v1/users/%d" % u["id"], {"password": new})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(find_keys(r.json(), SECRET_KEYS), [])
        self.assertEqual(c.get("/api/v1/auth/me").status, 401)
        r = self.client().post("/api/v1/auth/login",
                               {"username": u["username"], "password": DEFAULT_PASSWORD})
        self.assertError(r, 401, "invalid_credentials")
        self.assertEqual(self.client().login(u["username"], new).status, 200)

    def test_patch_validation(self):
        u = self.make_user("analyst")
        path = "/api/v1/users/%d" % u["id"]
        for label, body, field in [
            ("weak password", {"password": "short"}, "password"),
            ("unknown role", {"role": "king"}, "role"),
            ("active not boolean", {"active": "false"}, "active"),
            ("unknown field", {"email": "x@example.org"}, "email"),
            ("username change", {"username": "renamed.user"}, "username"),
            ("coordinator without region", {"role": "regional_coordinator"}, "region"),
            ("bad region", {"role": "regional_coordinator", "region": "MA-00"}, "region"),
        ]:
            with self.subTest(label):
                self.assertError(self.admin.patch(path, body), 422, "validation_failed", field)
        after = self.admin.get(path).json()
        self.assertEqual(after["role"], "analyst")
        self.assertEqual(after["username"], u["username"])
        self.assertIs(after["active"], True)
        # The password did not change either.
        self.assertEqual(self.client().login(u["username"]).status, 200)

    def test_revoke_sessions(self):
        u = self.make_user("analyst")
        a, b = self.client(), self.client()
        a.login(u["username"])
        b.login(u["username"])
        token = self.server.create_token(u["username"])
        r = self.admin.delete("/api/v1/users/%d/sessions" % u["id"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(a.get("/api/v1/auth/me").status, 401)
        self.assertEqual(b.get("/api/v1/auth/me").status, 401)
        # API tokens are not sessions; the account itself still signs in.
        self.assertEqual(self.client(bearer=token).get("/api/v1/auth/me").status, 200)
        self.assertEqual(self.client().login(u["username"]).status, 200)
        self.assertError(self.admin.delete("/api/v1/users/999999/sessions"), 404, "not_found")

    # -- refusals ------------------------------------------------------------

    def test_non_admin_forbidden(self):
        target = self.make_user("analyst")
        for role, extra in (("analyst", {}), ("national_officer", {}),
                            ("regional_coordinator", {"region": "MA-09"})):
            with self.subTest(role=role):
                _, c = self.signed_in(role, **extra)
                self.assertError(c.get("/api/v1/users"), 403, "forbidden")
                self.assertError(c.get("/api/v1/users/%d" % target["id"]), 403, "forbidden")
                self.assertError(c.post("/api/v1/users", self.new_body(role="admin")), 403,
                                 "forbidden")
                self.assertError(c.patch("/api/v1/users/%d" % target["id"], {"role": "admin"}),
                                 403, "forbidden")
                self.assertError(c.patch("/api/v1/users/%d" % c.user["id"], {"role": "admin"}),
                                 403, "forbidden")
        self.assertEqual(self.admin.get("/api/v1/users/%d" % target["id"]).json()["role"],
                         "analyst")

    def test_anonymous_unauthenticated(self):
        c = self.client()
        target = self.make_user("analyst")
        self.assertError(c.get("/api/v1/users"), 401, "unauthenticated")
        self.assertError(c.get("/api/v1/users/%d" % target["id"]), 401, "unauthenticated")
        self.assertError(c.post("/api/v1/users", self.new_body(role="admin")), 401,
                         "unauthenticated")
        self.assertError(c.patch("/api/v1/users/%d" % target["id"], {"role": "admin"}), 401,
                         "unauthenticated")
