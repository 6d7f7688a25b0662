#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz) in build-fuzz with clang and runs each
# for SECONDS (default 30). The seed corpus in tests/fuzz/corpus/<harness> is only
# read: new inputs go to a temporary directory that is removed afterwards. Crash
# inputs go to build-fuzz/artifacts/, libFuzzer's output to build-fuzz/fuzz-<name>.log.
# Exits non-zero when the build fails or any harness crashes.
#
#   scripts/fuzz.sh [SECONDS]
set -u

seconds=${1:-30}
case $seconds in
'' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.." || exit 2
root=$PWD
build=$root/build-fuzz
mkdir -p "$build"

if ! { CC=clang cmake -S . -B build-fuzz -DSANAD_FUZZ=ON -DSANAD_TESTS=OFF \
           -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
       cmake --build build-fuzz -j"$(nproc)"; } >"$build/build.log" 2>&1; then
    echo "fuzz: build failed (build-fuzz/build.log):" >&2
    tail -n 30 "$build/build.log" >&2
    exit 2
fi

mkdir -p "$build/artifacts"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/sanad-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT

passed=0
failed=0
failures=()
for src in tests/fuzz/fuzz_*.c; do
    harness=$(basename "$src" .c)   # fuzz_json_body
    name=${harness#fuzz_}           # json_body
    bin=$build/tests/fuzz/$harness
    log=$build/fuzz-$name.log
    corpus=$root/tests/fuzz/corpus/$harness
    fresh=$scratch/$name
    mkdir -p "$fresh" "$corpus"
    args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
          -artifact_prefix="$build/artifacts/$harness-")
    [ -f "tests/fuzz/$name.dict" ] && args+=(-dict="$root/tests/fuzz/$name.dict")
    if "$bin" "${args[@]}" "$fresh" "$corpus" >"$log" 2>&1; then
        passed=$((passed + 1))
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
        echo "$harness: ok (${execs:-?} runs, ${cov:-cov: ?})"
    else
        failed=$((failed + 1))
        failures+=("$harness")
        echo "$harness: FAILED (log: build-fuzz/fuzz-$name.log)" >&2
        tail -n 40 "$log" >&2
        echo >&2
    fi
done

echo "$passed passed, $failed failed"
if [ "$failed" -gt 0 ]; then
    echo "crashed: ${failures[*]} (inputs in build-fuzz/artifacts/)" >&2
    exit 1
fi
