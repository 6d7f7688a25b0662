#!/usr/bin/env python3
# Entry point of the black-box API suite: runs unittest discovery over tests/api
# against the real server and prints a final line "N passed, M failed[, K skipped]".
# Exits 1 on any failure or error, 77 (skipped, for ctest) when the PostgreSQL
# backend is asked for without SANAD_TEST_PG_URL.
#
#   SANAD_BIN=build/sanad SANAD_TEST_BACKEND=sqlite python3 tests/api/run.py [-v] [pattern]
import os
import shutil
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402


class CountingResult(unittest.TextTestResult):
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


def main(argv):
    verbosity = 2 if "-v" in argv else 1
    args = [a for a in argv if a != "-v"]
    pattern = args[0] if args else "test_*.py"

    backend = harness.BACKEND
    if backend not in ("sqlite", "postgres"):
        print("run.py: SANAD_TEST_BACKEND must be sqlite or postgres, not %r" % backend)
        return 2
    if backend == "postgres":
        if not harness.PG_URL:
            print("run.py: skipped: SANAD_TEST_BACKEND=postgres needs SANAD_TEST_PG_URL "
                  "(an admin URL such as postgresql://sanad:sanad@127.0.0.1:5432/postgres; "
                  "scripts/pg-start.sh prints one)")
            return 77
        if not shutil.which("psql"):
            print("run.py: the postgres backend needs psql on PATH")
            return 1
    if not os.access(harness.BIN, os.X_OK):
        print("run.py: no server binary at %s (build it, or set SANAD_BIN)" % harness.BIN)
        return 1
    print("run.py: %s on %s" % (harness.BIN, backend))

    loader = unittest.TestLoader()
    suite = loader.discover(HERE, pattern=pattern, top_level_dir=HERE)
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=verbosity,
                                     resultclass=CountingResult)
    started = time.monotonic()
    result = runner.run(suite)
    elapsed = time.monotonic() - started
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    line = "%d passed, %d failed" % (result.passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print("run.py: %s backend, %.1f s" % (backend, elapsed))
    print(line)
    return 1 if failed or not result.wasSuccessful() else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
