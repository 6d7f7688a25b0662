#!/usr/bin/env bash
# Builds Sanad into build/ (or the folder given), with the options that follow.
#   scripts/build.sh                      -> build/sanad
#   scripts/build.sh build-asan -DSANAD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)" >/dev/null
