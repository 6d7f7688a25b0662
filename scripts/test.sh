#!/usr/bin/env bash
# Sets up, builds and runs every test layer:
#   1. unit tests (cmocka), the API suite on SQLite and PostgreSQL, and the browser
#      tests of the web interface in headless Chromium (ctest);
#   2. the same under AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. each libFuzzer harness for a short time (FUZZ_SECONDS, default 20).
# Ends with one line: how many tests passed and failed across the layers.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1

passed=0
failed=0
status=0

# Adds ctest's counts ("... tests failed out of N") from a log to the totals.
count_ctest() {
    local line total bad
    line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$1" | tail -n 1)
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
    bad=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")
    skipped=$(grep -cE "\(Skipped\)$" "$1" || true)
    passed=$((passed + ${total:-0} - ${bad:-0} - skipped))
    failed=$((failed + ${bad:-0}))
}

run_ctest() {
    local dir=$1 log
    log="$dir/ctest.log"
    (cd "$dir" && ctest --output-on-failure --timeout 1200) >"$log" 2>&1
    local rc=$?
    tail -n 25 "$log"
    count_ctest "$log"
    [ $rc -eq 0 ] || status=1
}

echo "== PostgreSQL"
if SANAD_TEST_PG_URL=$(scripts/pg-start.sh); then
    export SANAD_TEST_PG_URL
else
    echo "PostgreSQL could not be started: the PostgreSQL tests cannot run"
    status=1
fi

echo "== build and tests"
scripts/build.sh build || { echo "build failed"; exit 1; }
run_ctest build
echo "browser tests: screenshots and the first-load measure in test-artifacts/web/"

echo "== sanitizer build (ASan + UBSan) and tests"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
scripts/build.sh build-asan -DSANAD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug || { echo "sanitizer build failed"; exit 1; }
run_ctest build-asan

echo "== fuzzing (${FUZZ_SECONDS:-20} s per harness)"
fuzz_log=$(mktemp)
scripts/fuzz.sh "${FUZZ_SECONDS:-20}" | tee "$fuzz_log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
line=$(grep -E "^[0-9]+ passed, [0-9]+ failed" "$fuzz_log" | tail -n 1)
passed=$((passed + $(cut -d' ' -f1 <<<"${line:-0 passed, 0 failed}")))
failed=$((failed + $(cut -d' ' -f3 <<<"${line:-0 passed, 0 failed}")))
rm -f "$fuzz_log"

echo
echo "${passed} passed, ${failed} failed"
exit $status
