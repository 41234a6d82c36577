#!/usr/bin/env bash
# Build the web widget (web/widget/dist/) and make sure the browser tests can run.
# Used by `make widget`. Idempotent and quiet when everything is already there:
#   - Chromium: Debian's /usr/bin/chromium, installed with apt-get when missing (the
#     browser tests drive it with Playwright; Playwright's own browser downloads are never
#     used). Set SKIP_CHROMIUM=1 to build the widget only (e.g. on a server).
#   - Node.js and npm: installed with apt-get when missing.
#   - npm ci: only when package-lock.json changed since the last install.
#   - the build: only when a source file is newer than dist/widget.js.
set -euo pipefail
cd "$(dirname "$0")/.."

WIDGET=web/widget
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup_browser: run as root or install: $*" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "setup_browser: installing $* with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

if [ "${SKIP_CHROMIUM:-0}" != "1" ] && [ ! -x "$CHROMIUM" ]; then
  apt_install chromium
fi

if ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi

stamp="$WIDGET/node_modules/.package-lock.sha256"
want=$(sha256sum "$WIDGET/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup_browser: installing the widget's npm packages (npm ci)"
  (cd "$WIDGET" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

# The widget's labels in every language, from the catalogs (bot/labels.py WIDGET_LABELS).
strings="$WIDGET/src/strings.json"
if [ ! -f "$strings" ] || [ -n "$(find bot/locale bot/labels.py bot/data/languages.yml -newer "$strings" -print -quit)" ]; then
  .venv/bin/python -m bot.labels "$strings"
fi
out="$WIDGET/dist/widget.js"
if [ ! -f "$out" ] || [ -n "$(find "$WIDGET/src" "$WIDGET/build.mjs" "$WIDGET/package-lock.json" -newer "$out" -print -quit)" ]; then
  (cd "$WIDGET" && node build.mjs)
fi
