# The `sanad` command line: --version, usage errors (exit 2 with one stderr line),
# each subcommand's --help, `user add` validation, an unreachable database (exit 1
# with one line), `keygen` (32 bytes, mode 0600, never overwrites), `token create`,
# `migrate`, and `demo` (idempotent; its accounts can sign in).
import os
import re
import stat
import tempfile
import unittest

from harness import DEFAULT_PASSWORD, Database, Server, run_cli, unique

UNREACHABLE = "postgresql://x:y@127.0.0.1:1/none"
SUBCOMMANDS = [["serve"], ["migrate"], ["keygen"], ["user", "add"], ["token", "create"],
               ["audit", "verify"], ["demo"]]


def one_line(text):
    return len(text.strip().splitlines()) == 1


class CliUsageTest(unittest.TestCase):
    """Commands that need no database, or a database that is not there."""

    def assertUsageError(self, p, status=2):
        self.assertEqual(p.returncode, status, (p.stdout, p.stderr))
        self.assertTrue(one_line(p.stderr), "stderr should be one line: %r" % p.stderr)

    def test_version(self):
        p = run_cli(["--version"])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout.strip(), r"^sanad \d+\.\d+\.\d+")

    def test_no_arguments(self):
        p = run_cli([])
        self.assertEqual(p.returncode, 2)
        self.assertIn("Usage", p.stdout + p.stderr)

    def test_help(self):
        p = run_cli(["--help"])
        self.assertEqual(p.returncode, 0)
        for cmd in SUBCOMMANDS:
            self.assertIn(" ".join(cmd), p.stdout)

    def test_unknown_command(self):
        for args in (["frobnicate"], ["user", "remove"], ["--frob"]):
            with self.subTest(args=args):
                self.assertUsageError(run_cli(args))

    def test_subcommand_help(self):
        for cmd in SUBCOMMANDS:
            with self.subTest(cmd=cmd):
                p = run_cli(cmd + ["--help"])
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertIn("Usage: sanad " + " ".join(cmd), p.stdout)
                self.assertEqual(p.stderr, "")

    def test_unknown_option(self):
        self.assertUsageError(run_cli(["migrate", "--no-such-option", "1"]))
        self.assertUsageError(run_cli(["migrate", "stray-argument"]))
        self.assertUsageError(run_cli(["migrate", "--rate-limit", "many"]))

    def test_bad_setting_in_environment(self):
        p = run_cli(["migrate"], env={"SANAD_RATE_LIMIT": "lots"})
        self.assertUsageError(p)
        self.assertIn("SANAD_RATE_LIMIT", p.stderr)

    def test_user_add_usage_errors(self):
        base = ["user", "add", "--username", "valid.name", "--password-stdin"]
        cases = [
            ("bad role", base + ["--role", "overlord"]),
            ("no role", base),
            ("bad username", ["user", "add", "--username", "No Spaces", "--role", "admin",
                              "--password-stdin"]),
            ("bad region", base + ["--role", "regional_coordinator", "--region", "MA-13"]),
            ("coordinator without region", base + ["--role", "regional_coordinator"]),
            ("centre worker without org", base + ["--role", "centre_worker"]),
            ("org not a number", base + ["--role", "centre_worker", "--org", "abc"]),
            ("no --password-stdin", ["user", "add", "--username", "valid.name", "--role",
                                     "admin"]),
        ]
        for label, args in cases:
            with self.subTest(label):
                # The database URL is unreachable: usage is checked before it is used.
                p = run_cli(args, db_url=UNREACHABLE, input=DEFAULT_PASSWORD + "\n")
                self.assertUsageError(p)

    def test_user_add_weak_password(self):
        p = run_cli(["user", "add", "--username", "valid.name", "--role", "admin",
                     "--password-stdin"], db_url=UNREACHABLE, input="short\n")
        self.assertUsageError(p)

    def test_unreachable_database(self):
        for args, stdin in ((["migrate"], None), (["audit", "verify"], None),
                            (["token", "create", "--username", "someone"], None),
                            (["demo"], None),
                            (["user", "add", "--username", "valid.name", "--role", "admin",
                              "--password-stdin"], DEFAULT_PASSWORD + "\n")):
            with self.subTest(args=args):
                p = run_cli(args, db_url=UNREACHABLE, input=stdin)
                self.assertUsageError(p, 1)
                self.assertEqual(p.stdout, "")

    def test_unreachable_database_from_environment(self):
        p = run_cli(["migrate"], env={"SANAD_DB": UNREACHABLE})
        self.assertUsageError(p, 1)

    def test_unopenable_sqlite_file(self):
        p = run_cli(["migrate"], db_url="sqlite:/nonexistent-dir/%s/x.db" % unique())
        self.assertUsageError(p, 1)

    def test_serve_unreachable_database(self):
        p = run_cli(["serve", "--listen", "127.0.0.1:0"], db_url=UNREACHABLE, timeout=20)
        self.assertEqual(p.returncode, 1, p.stderr)

    def test_keygen(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "field.key")
            p = run_cli(["keygen", "--key-file", path])
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(path, "rb") as f:
                key = f.read()
            self.assertEqual(len(key), 32)
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
            # Never overwritten, with or without --force.
            p = run_cli(["keygen", "--key-file", path])
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertTrue(one_line(p.stderr), p.stderr)
            p = run_cli(["keygen", "--key-file", path, "--force"])
            self.assertNotEqual(p.returncode, 0)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), key)
            # Two keys differ.
            other = os.path.join(d, "other.key")
            self.assertEqual(run_cli(["keygen", "--key-file", other]).returncode, 0)
            with open(other, "rb") as f:
                self.assertNotEqual(f.read(), key)
            # From the environment too.
            third = os.path.join(d, "third.key")
            p = run_cli(["keygen"], env={"SANAD_KEY_FILE": third})
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(os.path.getsize(third), 32)

    def test_keygen_without_file(self):
        self.assertUsageError(run_cli(["keygen"]))

    def test_keygen_unwritable(self):
        p = run_cli(["keygen", "--key-file", "/nonexistent-dir/%s/k" % unique()])
        self.assertEqual(p.returncode, 1)
        self.assertTrue(one_line(p.stderr), p.stderr)


class CliDatabaseTest(unittest.TestCase):
    """Commands against a fresh database of the selected backend."""

    @classmethod
    def setUpClass(cls):
        cls.db = Database()

    @classmethod
    def tearDownClass(cls):
        cls.db.drop()

    def cli(self, args, **kw):
        return run_cli(args, db_url=self.db.url, **kw)

    def test_migrate_twice(self):
        for _ in range(2):
            p = self.cli(["migrate"])
            self.assertEqual(p.returncode, 0, p.stderr)

    def test_user_add_and_duplicate(self):
        name = unique("cli.")
        args = ["user", "add", "--username", name, "--role", "regional_coordinator",
                "--region", "MA-09", "--password-stdin"]
        p = self.cli(args, input=DEFAULT_PASSWORD + "\n")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(name, p.stdout)
        p = self.cli(args, input=DEFAULT_PASSWORD + "\n")
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertTrue(one_line(p.stderr), p.stderr)

    def test_user_add_unknown_organisation(self):
        p = self.cli(["user", "add", "--username", unique("cli."), "--role", "centre_worker",
                      "--org", "424242", "--password-stdin"], input=DEFAULT_PASSWORD + "\n")
        self.assertIn(p.returncode, (1, 2), p.stderr)
        self.assertTrue(one_line(p.stderr), p.stderr)

    def test_user_add_without_password(self):
        p = self.cli(["user", "add", "--username", unique("cli."), "--role", "admin",
                      "--password-stdin"], input="")
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertTrue(one_line(p.stderr), p.stderr)

    def test_token_create(self):
        name = unique("cli.")
        self.assertEqual(self.cli(["user", "add", "--username", name, "--role", "analyst",
                                   "--password-stdin"], input=DEFAULT_PASSWORD + "\n").returncode, 0)
        p1 = self.cli(["token", "create", "--username", name])
        p2 = self.cli(["token", "create", "--username", name])
        self.assertEqual(p1.returncode, 0, p1.stderr)
        self.assertEqual(p2.returncode, 0, p2.stderr)
        self.assertEqual(len(p1.stdout.strip().splitlines()), 1)
        self.assertNotEqual(p1.stdout, p2.stdout)
        p = self.cli(["token", "create", "--username", unique("ghost.")])
        self.assertEqual(p.returncode, 1)
        self.assertTrue(one_line(p.stderr), p.stderr)
        p = self.cli(["token", "create"])
        self.assertEqual(p.returncode, 2)
        self.assertTrue(one_line(p.stderr), p.stderr)

    def test_audit_verify_counts(self):
        p = self.cli(["audit", "verify"])
        self.assertEqual(p.returncode, 0, p.stderr)
        before = int(re.search(r"(\d+) entr", p.stdout).group(1))
        self.assertEqual(self.cli(["user", "add", "--username", unique("cli."), "--role",
                                   "analyst", "--password-stdin"],
                                  input=DEFAULT_PASSWORD + "\n").returncode, 0)
        p = self.cli(["audit", "verify"])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(int(re.search(r"(\d+) entr", p.stdout).group(1)), before + 1)


class CliDemoTest(unittest.TestCase):

    def test_demo_twice_and_accounts_sign_in(self):
        db = Database()
        try:
            p = run_cli(["demo"], db_url=db.url, timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr)
            accounts = re.findall(r"^\s+(\S+)\s+(\S+)\s+(admin|national_officer|"
                                  r"regional_coordinator|centre_manager|centre_worker|"
                                  r"partner_agent|analyst)\b", p.stdout, re.M)
            self.assertGreaterEqual(len(accounts), 3, p.stdout)
            self.assertIn("admin", [a[2] for a in accounts])
            second = run_cli(["demo"], db_url=db.url, timeout=120)
            self.assertEqual(second.returncode, 0, second.stderr)
            self.assertIn("nothing changed", second.stdout)
            p = run_cli(["audit", "verify"], db_url=db.url)
            self.assertEqual(p.returncode, 0, p.stderr)

            server = Server(db=db, args=["--rate-limit", "0"]).start()
            try:
                for username, password, role in accounts:
                    with self.subTest(username=username):
                        c = server.client()
                        r = c.login(username, password, expect=None)
                        self.assertEqual(r.status, 200, r)
                        self.assertEqual(r.json()["user"]["role"], role)
                admin = next(a for a in accounts if a[2] == "admin")
                c = server.client()
                c.login(admin[0], admin[1])
                users = c.get("/api/v1/users?limit=500").json()["items"]
                # The second run added no one.
                self.assertEqual(len(users), len(accounts))
                orgs = c.get("/api/v1/organisations").json()["items"]
                self.assertGreaterEqual(len(orgs), 13)
            finally:
                server.stop(drop=False)
        finally:
            db.drop()
