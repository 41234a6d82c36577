#!/usr/bin/env bash
# Make sure the PostgreSQL server binaries (initdb, postgres) are installed: the tests start
# a throw-away server of their own (tests/postgres.py). Starts nothing, creates no cluster.
exec "$(dirname "$0")/install_servers.sh" postgresql
