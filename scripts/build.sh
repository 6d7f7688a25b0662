#!/usr/bin/env bash
# Builds Sanad into build/ (or the folder given), with the options that follow.
#   scripts/build.sh                      -> build/sanad
#   scripts/build.sh build-asan -DSANAD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
# Then, when npm is there, the web interface into web/dist (served by `sanad serve`).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)" >/dev/null

# The web interface: node packages from the lockfile (npm ci again only when the
# lockfile changed since the last install), then the Vite build when a source is
# newer than web/dist.
if command -v npm >/dev/null; then
    stamp=web/node_modules/.package-lock.sha256
    lock=$(sha256sum web/package-lock.json | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$lock" ]; then
        (cd web && npm ci --no-audit --no-fund >/dev/null)
        echo "$lock" >"$stamp"
    fi
    if [ ! -f web/dist/index.html ] ||
        [ -n "$(find web/src web/index.html web/package-lock.json web/vite.config.ts web/tsconfig.json \
                    -newer web/dist/index.html -print -quit)" ]; then
        (cd web && npm run build >/dev/null)
    fi
fi
