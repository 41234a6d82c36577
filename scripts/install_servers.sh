#!/usr/bin/env bash
# Make sure the server programs some tests and the scale-out demo start are installed:
#   scripts/install_servers.sh [postgresql] [redis-server] [nginx]
# Quiet and quick when they are there; otherwise installs the missing Debian packages with
# apt-get (root, or sudo without a password) while keeping their init scripts from starting
# system-wide services (port 80, 5432, 6379). Starts nothing itself.
set -euo pipefail

say() { echo "install_servers: $*"; }
die() { echo "install_servers: $*" >&2; exit 1; }

# PostgreSQL's server binaries live outside PATH on Debian; PG_BINDIR overrides.
pg_bindir() {
  local dir
  for dir in ${PG_BINDIR:-} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return 0; fi
  done
  command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1 &&
    dirname "$(command -v postgres)"
}

installed() {
  case "$1" in
    postgresql) pg_bindir >/dev/null ;;
    nginx) command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] ;;
    redis-server) command -v redis-server >/dev/null 2>&1 ;;
    *) die "unknown server '$1' (postgresql, redis-server, nginx)" ;;
  esac
}

missing=()
for package in "$@"; do installed "$package" || missing+=("$package"); done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root=(sudo -n)
else die "please ask an administrator to run: apt-get install ${missing[*]}"; fi
command -v apt-get >/dev/null 2>&1 ||
  die "no apt-get here: install ${missing[*]} with your system's package manager"

say "installing ${missing[*]} (apt-get)"
policy=/usr/sbin/policy-rc.d
placed_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod 755 "$policy"
  placed_policy=1
fi
export DEBIAN_FRONTEND=noninteractive
status=0
"${as_root[@]}" apt-get update -qq >/dev/null 2>&1 || status=$?
[ $status -eq 0 ] && { "${as_root[@]}" apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null 2>&1 || status=$?; }
[ $placed_policy -eq 1 ] && "${as_root[@]}" rm -f "$policy"
[ $status -eq 0 ] || die "apt-get failed (status $status)"
for package in "${missing[@]}"; do
  installed "$package" || die "$package was installed but its programs were not found"
done
say "done"
