#!/usr/bin/env bash
# Make sure the PostgreSQL server binaries (initdb, postgres) are installed: the tests start
# a throw-away server of their own (tests/postgres.py). Quiet and quick when they are there;
# otherwise installs Debian's `postgresql` package with apt-get (root, or sudo without a
# password). Starts nothing and creates no cluster of its own.
set -euo pipefail

have_server() {
  if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ] && [ -x "$PG_BINDIR/postgres" ]; then
    return 0
  fi
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then
      return 0
    fi
  done
  command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1
}

if have_server; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "setup_postgres: the PostgreSQL server is not installed and this user cannot install" >&2
  echo "  it; ask an administrator to run: apt-get install postgresql" >&2
  echo "  (or set PG_BINDIR to a folder holding initdb and postgres)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup_postgres: no apt-get here; install the PostgreSQL server (initdb, postgres) with" >&2
  echo "  your system's package manager, or set PG_BINDIR to the folder holding them" >&2
  exit 1
fi

echo "setup_postgres: installing the PostgreSQL server (Debian package postgresql)"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends postgresql >/dev/null
if ! have_server; then
  echo "setup_postgres: postgresql was installed but initdb/postgres were not found" >&2
  exit 1
fi
echo "setup_postgres: done ($(ls -d /usr/lib/postgresql/*/bin | tail -n1))"
