#!/usr/bin/env bash
# Installs every Debian package Sanad needs to build, run and test (Debian 12).
# Quick when everything is already there: apt is only asked for what is missing.
set -euo pipefail

packages=(
    build-essential cmake pkg-config git ca-certificates curl
    libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev
    libcsv-dev libxlsxwriter-dev libzip-dev libexpat1-dev libcmocka-dev zlib1g-dev
    clang libclang-rt-14-dev
    postgresql python3 python3-openpyxl
    wrk nginx-light
    nodejs chromium fonts-dejavu-core
)
# Debian's npm, unless one is there already: NodeSource's nodejs has its own (and
# conflicts with the Debian package).
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
