#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the pinned dependencies.
# Idempotent: each step is skipped when its inputs have not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
py=$(scripts/find_python.sh)

if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info[:2]==(3,10) else 1)'; then
  echo "setup: $VENV is not Python 3.10; recreating it"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV with $py"
  "$py" -m venv "$VENV"
fi

stamp="$VENV/.requirements.sha256"
want=$(sha256sum requirements.lock | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing pinned dependencies (first time takes a few minutes)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip<25"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
  "$VENV/bin/python" -m pip check
  echo "$want" > "$stamp"
else
  echo "setup: dependencies up to date"
fi

# Compile the gettext catalogs when a .po is newer than its .mo.
"$VENV/bin/python" -m bot.i18n compile --if-changed

# Servers and tools the tests use: PostgreSQL binaries (the tests start their own throw-away
# server) and, if its script exists, Debian's Chromium plus the web widget build.
scripts/setup_postgres.sh
if [ -x scripts/setup_browser.sh ]; then
  scripts/setup_browser.sh
fi
