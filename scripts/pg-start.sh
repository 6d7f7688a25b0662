#!/usr/bin/env bash
# Makes a PostgreSQL server available for the tests on a Debian machine: starts
# the packaged cluster of the newest installed major version if it is down,
# creates the login role sanad/sanad (CREATEDB) if it is missing, and prints the
# admin URL the tests take as SANAD_TEST_PG_URL. It prints nothing else but
# errors. The `postgresql` package must already be installed.
set -euo pipefail

die() {
    echo "pg-start: $*" >&2
    exit 1
}

# The cluster's files belong to `postgres`; from root we act as that user.
as_postgres() {
    if [ "$(id -un)" = postgres ]; then
        "$@"
    elif [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        die "run me as root or as postgres"
    fi
}

command -v pg_lsclusters >/dev/null || die "postgresql is not installed (apt-get install postgresql)"

version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null \
          | sort -V | tail -n 1)
[ -n "$version" ] || die "no PostgreSQL server under /usr/lib/postgresql"

cluster_field() {   # $1: column of pg_lsclusters (3 = port, 4 = status)
    pg_lsclusters -h | awk -v v="$version" -v f="$1" '$1 == v && $2 == "main" { print $f }'
}

if [ -z "$(cluster_field 3)" ]; then
    pg_createcluster "$version" main >/dev/null || die "cannot create cluster $version/main"
fi
port=$(cluster_field 3)

# psql and pg_ctl complain when the current directory is unreadable to postgres.
cd /

if [ "$(cluster_field 4)" != online ]; then
    pg_ctlcluster "$version" main start >/dev/null \
        || die "cannot start cluster $version/main (see /var/log/postgresql/)"
fi

for _ in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p "$port"; then
        break
    fi
    sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$port" || die "the server on 127.0.0.1:$port does not answer"

as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres >/dev/null <<'SQL' \
    || die "cannot create the role sanad"
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'sanad') THEN
        ALTER ROLE sanad LOGIN CREATEDB PASSWORD 'sanad';
    ELSE
        CREATE ROLE sanad LOGIN CREATEDB PASSWORD 'sanad';
    END IF;
END
$$;
SQL

url="postgresql://sanad:sanad@127.0.0.1:$port/postgres"
# Debian's pg_hba.conf allows scram-sha-256 over TCP from 127.0.0.1; check that
# the tests will indeed get in.
psql -X -q -At -d "$url" -c 'SELECT 1' >/dev/null 2>&1 \
    || die "cannot log in as sanad over TCP on 127.0.0.1:$port (check pg_hba.conf)"

echo "$url"
