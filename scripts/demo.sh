#!/usr/bin/env bash
# Sets up, builds and starts Sanad on SQLite (sanad.db in the repository) with
# demo data, at http://127.0.0.1:8080 (SANAD_LISTEN changes it). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
export SANAD_DB=${SANAD_DB:-sqlite:sanad.db}
export SANAD_LISTEN=${SANAD_LISTEN:-127.0.0.1:8080}
build/sanad demo
echo
echo "Sanad is starting at http://${SANAD_LISTEN} (database ${SANAD_DB}); Ctrl-C stops it."
exec build/sanad serve
