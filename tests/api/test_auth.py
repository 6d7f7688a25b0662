# Authentication: login (user without any password field, CSRF token, session
# cookie with HttpOnly and SameSite), /auth/me, CSRF on unsafe methods, logout,
# identical answers for a wrong password and an unknown user, messages following
# Accept-Language, per-username login throttling, the per-address rate limit,
# Bearer API tokens from `sanad token create`, and deactivated accounts.
import secrets
import time

from harness import (DEFAULT_PASSWORD, Server, ServerTestCase, add_user, find_keys,
                     unique)

SECRET_KEYS = {"password", "password_hash", "hash", "passwd", "secret"}


def has_arabic(text):
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


class AuthTest(ServerTestCase):

    def test_login_ok(self):
        u = self.make_user("analyst", full_name="Salma Analyste")
        c = self.client()
        r = c.login(u["username"])
        self.assertEqual(r.status, 200)
        doc = r.json()
        self.assertEqual(doc["user"]["username"], u["username"])
        self.assertEqual(doc["user"]["role"], "analyst")
        self.assertEqual(doc["user"]["id"], u["id"])
        self.assertIsInstance(doc["csrf_token"], str)
        self.assertGreaterEqual(len(doc["csrf_token"]), 16)
        self.assertEqual(find_keys(doc, SECRET_KEYS), [])
        self.assertNotIn(b"argon2", r.body)
        self.assertNotIn(DEFAULT_PASSWORD.encode(), r.body)

    def test_session_cookie_attributes(self):
        u = self.make_user()
        r = self.client().login(u["username"])
        cookies = [v for v in r.header_all("Set-Cookie") if v.startswith("sanad_session=")]
        self.assertEqual(len(cookies), 1, r.headers)
        attrs = [a.strip().lower() for a in cookies[0].split(";")[1:]]
        self.assertIn("httponly", attrs)
        self.assertTrue(any(a.startswith("samesite=") for a in attrs), attrs)
        self.assertIn(next(a for a in attrs if a.startswith("samesite=")),
                      ("samesite=strict", "samesite=lax"))
        value = cookies[0].split(";", 1)[0].split("=", 1)[1]
        self.assertGreaterEqual(len(value), 32)
        self.assertIn("path=/", attrs)
        # Default lifetime: 12 hours; not Secure unless --secure-cookies.
        self.assertIn("max-age=43200", attrs)
        self.assertNotIn("secure", attrs)
        # Each login gives a new session.
        again = self.client().login(u["username"])
        self.assertNotEqual(again.header("Set-Cookie").split(";")[0], cookies[0].split(";")[0])

    def test_me_with_cookie(self):
        u, c = self.signed_in("analyst")
        r = c.get("/api/v1/auth/me")
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertEqual(doc["user"]["username"], u["username"])
        self.assertEqual(find_keys(doc, SECRET_KEYS), [])

    def test_me_anonymous(self):
        self.assertError(self.client().get("/api/v1/auth/me"), 401, "unauthenticated")

    def test_me_with_unknown_cookie(self):
        c = self.client()
        c.cookies["sanad_session"] = "ss_" + secrets.token_urlsafe(32)
        self.assertError(c.get("/api/v1/auth/me"), 401, "unauthenticated")
        c.cookies["sanad_session"] = "garbage"
        self.assertError(c.get("/api/v1/auth/me"), 401, "unauthenticated")

    def test_csrf_required_on_unsafe_methods(self):
        c = self.client()
        c.login(self.ADMIN)
        name = "Association " + secrets.token_hex(4)
        r = c.post("/api/v1/organisations", {"name": name, "kind": "association"}, csrf=False)
        self.assertError(r, 403)
        r = c.post("/api/v1/organisations", {"name": name, "kind": "association"},
                   csrf=False, headers={"X-CSRF-Token": "wrong" + c.csrf[5:]})
        self.assertError(r, 403)
        # Nothing was created by the refused requests.
        names = [o["name"] for o in c.get("/api/v1/organisations").json()["items"]]
        self.assertNotIn(name, names)
        r = c.post("/api/v1/organisations", {"name": name, "kind": "association"})
        self.assertEqual(r.status, 201, r)

    def test_csrf_on_patch_and_delete(self):
        target = self.make_user("analyst")
        c = self.client()
        c.login(self.ADMIN)
        path = "/api/v1/users/%d" % target["id"]
        self.assertError(c.patch(path, {"full_name": "Changed"}, csrf=False), 403)
        self.assertError(c.delete(path + "/sessions", csrf=False), 403)
        self.assertIsNone(c.get(path).json()["full_name"])
        r = c.patch(path, {"full_name": "Changed"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(c.delete(path + "/sessions").status, 200)

    def test_csrf_token_of_another_session_refused(self):
        u = self.make_user()
        a, b = self.client(), self.client()
        a.login(u["username"])
        b.login(u["username"])
        self.assertNotEqual(a.csrf, b.csrf)
        r = a.post("/api/v1/auth/logout", csrf=False, headers={"X-CSRF-Token": b.csrf})
        self.assertError(r, 403)
        self.assertEqual(a.get("/api/v1/auth/me").status, 200)

    def test_me_returns_session_csrf(self):
        u, c = self.signed_in()
        r = c.get("/api/v1/auth/me")
        self.assertEqual(r.json().get("csrf_token", c.csrf), c.csrf)

    def test_logout(self):
        u, c = self.signed_in()
        cookie = c.session_cookie()
        self.assertTrue(cookie)
        # Logout is an unsafe method too: without the CSRF token it is refused.
        self.assertError(c.post("/api/v1/auth/logout", csrf=False), 403)
        self.assertEqual(c.get("/api/v1/auth/me").status, 200)
        r = c.post("/api/v1/auth/logout")
        self.assertEqual(r.status, 200, r)
        # The answer clears the cookie in the browser.
        cleared = [v for v in r.header_all("Set-Cookie") if v.startswith("sanad_session=")]
        self.assertEqual(len(cleared), 1, r.headers)
        self.assertTrue(cleared[0].startswith("sanad_session=;") or
                        "max-age=0" in cleared[0].lower(), cleared)
        # The old cookie, sent again, no longer works.
        stale = self.client()
        stale.cookies["sanad_session"] = cookie
        self.assertError(stale.get("/api/v1/auth/me"), 401, "unauthenticated")
        self.assertEqual(c.get("/api/v1/auth/me").status, 401)

    def test_logout_ends_only_that_session(self):
        u = self.make_user()
        a, b = self.client(), self.client()
        a.login(u["username"])
        b.login(u["username"])
        self.assertEqual(a.post("/api/v1/auth/logout").status, 200)
        self.assertEqual(a.get("/api/v1/auth/me").status, 401)
        self.assertEqual(b.get("/api/v1/auth/me").status, 200)

    def test_wrong_password_and_unknown_user_answer_alike(self):
        u = self.make_user()
        c = self.client()
        for lang in ("fr", "ar", "en"):
            wrong = c.post("/api/v1/auth/login",
                           {"username": u["username"], "password": "not-the-password"}, lang=lang)
            unknown = c.post("/api/v1/auth/login",
                             {"username": unique("ghost."), "password": "not-the-password"},
                             lang=lang)
            with self.subTest(lang=lang):
                e1 = self.assertError(wrong, 401, "invalid_credentials")
                e2 = self.assertError(unknown, 401, "invalid_credentials")
                self.assertEqual(e1, e2)
                self.assertEqual(wrong.body, unknown.body)
                self.assertEqual(c.session_cookie(), None)

    def test_login_missing_fields(self):
        c = self.client()
        self.assertError(c.post("/api/v1/auth/login", {"username": "someone"}), 422,
                         "validation_failed", "password")
        self.assertError(c.post("/api/v1/auth/login", {"password": "xxxxxxxxxxxx"}), 422,
                         "validation_failed", "username")
        self.assertError(c.post("/api/v1/auth/login", {"username": "a", "password": "b",
                                                       "remember": True}),
                         422, "validation_failed", "remember", "unknown_field")

    def test_messages_follow_accept_language(self):
        c = self.client()

        def message(lang=None):
            # A new username each time: five failures for one name throttle it.
            body = {"username": unique("nobody."), "password": "whatever-it-is"}
            r = c.post("/api/v1/auth/login", body, lang=lang)
            return self.assertError(r, 401, "invalid_credentials")["message"]

        default = message()
        fr = message("fr")
        ar = message("ar")
        en = message("en")
        ar_ma = message("ar-MA,ar;q=0.9,fr;q=0.8")
        en_pref = message("de-DE, en;q=0.7, fr;q=0.3")
        unknown = message("de")
        self.assertEqual(default, fr)
        self.assertEqual(unknown, fr)
        self.assertEqual(message("*"), fr)
        self.assertEqual(message("EN-gb"), en)

        self.assertEqual(ar_ma, ar)
        self.assertEqual(en_pref, en)
        self.assertTrue(has_arabic(ar), ar)
        self.assertFalse(has_arabic(fr))
        self.assertFalse(has_arabic(en))
        self.assertTrue(en.isascii(), en)
        self.assertNotEqual(fr, en)
        # The same for another error: anonymous /auth/me.
        msgs = {lang: c.get("/api/v1/auth/me", lang=lang).json()["error"]["message"]
                for lang in ("fr", "ar", "en")}
        self.assertEqual(c.get("/api/v1/auth/me").json()["error"]["message"], msgs["fr"])
        self.assertTrue(has_arabic(msgs["ar"]))
        self.assertEqual(len(set(msgs.values())), 3, msgs)

    def test_accept_language_q_zero_is_not_acceptable(self):
        # q=0 means "not acceptable" (RFC 9110, 12.4.2): never that language.
        def message(lang=None):
            r = self.client().get("/api/v1/auth/me", lang=lang)
            return self.assertError(r, 401, "unauthenticated")["message"]

        fr, en = message("fr"), message("en")
        self.assertEqual(message("ar;q=0, en;q=0.1"), en)
        self.assertEqual(message("ar;q=0"), fr)
        self.assertEqual(message("en;q=0, ar;q=0"), fr)

    def test_throttled_after_five_failures(self):
        u = self.make_user()
        c = self.client()
        for i in range(5):
            r = c.post("/api/v1/auth/login", {"username": u["username"], "password": "bad-%d-pass" % i})
            self.assertError(r, 401, "invalid_credentials")
        r = c.post("/api/v1/auth/login", {"username": u["username"], "password": DEFAULT_PASSWORD})
        self.assertError(r, 429, "rate_limited")
        self.assertTrue(r.header("Retry-After"), r.headers)
        self.assertGreater(int(r.header("Retry-After")), 0)
        self.assertIsNone(c.session_cookie())
        # Another account is not affected.
        other = self.make_user()
        self.assertEqual(self.client().login(other["username"]).status, 200)

    def test_throttled_unknown_user_alike(self):
        c = self.client()
        name = unique("ghost.")
        for i in range(5):
            self.assertError(c.post("/api/v1/auth/login",
                                    {"username": name, "password": "bad-password-%d" % i}),
                             401, "invalid_credentials")
        self.assertError(c.post("/api/v1/auth/login", {"username": name, "password": "x" * 12}),
                         429, "rate_limited")

    def test_success_resets_failures(self):
        u = self.make_user()
        c = self.client()
        for _ in range(4):
            c.post("/api/v1/auth/login", {"username": u["username"], "password": "wrong-password"})
        self.assertEqual(c.login(u["username"]).status, 200)
        for _ in range(4):
            c.post("/api/v1/auth/login", {"username": u["username"], "password": "wrong-password"})
        self.assertEqual(c.login(u["username"]).status, 200)

    def test_bearer_token_without_csrf(self):
        u = self.make_user("admin")
        token = self.server.create_token(u["username"])
        self.assertRegex(token, r"^\S{20,}$")
        c = self.client(bearer=token)
        r = c.get("/api/v1/auth/me")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["user"]["username"], u["username"])
        r = c.post("/api/v1/organisations",
                   {"name": "Partenaire " + secrets.token_hex(4), "kind": "partner_agency"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.client(bearer=token).get("/api/v1/users").status, 200)

    def test_bearer_token_of_non_admin_is_scoped(self):
        u = self.make_user("analyst")
        token = self.server.create_token(u["username"])
        c = self.client(bearer=token)
        self.assertEqual(c.get("/api/v1/auth/me").status, 200)
        self.assertError(c.get("/api/v1/users"), 403, "forbidden")

    def test_bad_bearer_tokens(self):
        u = self.make_user("admin")
        good = self.server.create_token(u["username"])
        prefix = good[:good.index("_") + 1] if "_" in good[:6] else ""
        for token in ("not-a-token", prefix + secrets.token_urlsafe(32), good + "x", good[:-1],
                      good[:-1] + ("A" if good[-1] != "A" else "B"), "ss_" + secrets.token_urlsafe(32)):
            with self.subTest(token=token):
                r = self.client(bearer=token).get("/api/v1/auth/me")
                self.assertError(r, 401, "unauthenticated")
        for header in ("Basic Zm9vOmJhcg==", "Bearer", "Bearer ", "Token " + good):
            with self.subTest(header=header):
                r = self.client().get("/api/v1/auth/me", headers={"Authorization": header})
                self.assertError(r, 401, "unauthenticated")

    def test_deactivated_user_token_and_sessions_stop(self):
        u, c = self.signed_in("analyst")
        token = self.server.create_token(u["username"])
        bearer = self.client(bearer=token)
        self.assertEqual(c.get("/api/v1/auth/me").status, 200)
        self.assertEqual(bearer.get("/api/v1/auth/me").status, 200)
        r = self.admin.patch("/api/v1/users/%d" % u["id"], {"active": False})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["active"], False)
        self.assertError(c.get("/api/v1/auth/me"), 401, "unauthenticated")
        self.assertError(bearer.get("/api/v1/auth/me"), 401, "unauthenticated")
        # Nor can the account sign in again, and the answer does not say why.
        r = self.client().post("/api/v1/auth/login",
                               {"username": u["username"], "password": DEFAULT_PASSWORD})
        self.assertError(r, 401, "invalid_credentials")
        # Reactivated: the token works again, the old session stays ended.
        r = self.admin.patch("/api/v1/users/%d" % u["id"], {"active": True})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(bearer.get("/api/v1/auth/me").status, 200)
        self.assertEqual(c.get("/api/v1/auth/me").status, 401)


class RateLimitTest(ServerTestCase):
    """--rate-limit 3: the fourth login from one address within a minute is refused."""

    SERVER_ARGS = ["--rate-limit", "3"]

    @classmethod
    def setUpClass(cls):
        cls.server = Server(args=cls.SERVER_ARGS)
        try:
            add_user(cls.server.db.url, cls.ADMIN, "admin")
            cls.server.start()
        except BaseException:
            cls.server.stop()
            raise

    def test_fourth_login_in_a_minute_is_limited(self):
        # The limit counts per clock minute: stay clear of a minute's end.
        if time.time() % 60 > 50:
            time.sleep(61 - time.time() % 60)
        c = self.client()
        statuses = []
        for i in range(3):
            r = c.post("/api/v1/auth/login", {"username": unique("nobody."), "password": "x" * 12})
            statuses.append(r.status)
        self.assertEqual(statuses, [401, 401, 401])
        r = c.post("/api/v1/auth/login", {"username": self.ADMIN, "password": DEFAULT_PASSWORD})
        self.assertError(r, 429, "rate_limited")
        retry = r.header("Retry-After")
        self.assertIsNotNone(retry, r.headers)
        self.assertTrue(1 <= int(retry) <= 60, retry)
        self.assertIsNone(c.session_cookie())
        # Routes that are not rate limited still answer.
        self.assertEqual(c.get("/healthz").status, 200)
        self.assertEqual(c.get("/api/v1/regions").status, 200)
        self.assertEqual(c.get("/api/v1/auth/me").status, 401)


class SecureCookieTest(ServerTestCase):
    """--secure-cookies 1, for service behind HTTPS."""

    SERVER_ARGS = ["--rate-limit", "0", "--secure-cookies", "1", "--session-hours", "2"]

    def test_secure_cookie_and_hsts(self):
        r = self.client().login(self.ADMIN)
        cookie = [v for v in r.header_all("Set-Cookie") if v.startswith("sanad_session=")][0]
        attrs = [a.strip().lower() for a in cookie.split(";")[1:]]
        self.assertIn("secure", attrs)
        self.assertIn("httponly", attrs)
        self.assertIn("max-age=7200", attrs)
        self.assertIn("max-age=", r.header("Strict-Transport-Security", ""))
