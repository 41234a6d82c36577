#!/usr/bin/env bash
# The image's entry point (installed as /usr/local/bin/assistant). One image, several roles:
#
#   all              the action server (on 127.0.0.1) and the Rasa server in one container, as
#                    `make run` does (scripts/run.py, with the demo page on DEMO_PORT 8080);
#                    conversations and cases in SQLite under /app/var. The default.
#   rasa [ARGS]      the Rasa server alone; ARGS go to `rasa run` (e.g. --enable-api ...)
#   actions          the action server alone
#   health rasa|actions   exit 0 when that server answers on 127.0.0.1 (health checks)
#   bot ARGS         the command line: python -m bot purge | stats | case show REF ...
#   anything else    run as given (e.g. bash, python)
#
# Settings (environment; every one optional):
#   HOST             address the servers bind to (default 0.0.0.0, as a container needs)
#   RASA_PORT        5005      ACTIONS_PORT  5055
#   RASA_ENDPOINTS   endpoints.yml (SQLite, no lock store); compose.yaml uses
#                    scale/endpoints.yml (PostgreSQL tracker store, Redis lock store)
#   ACTION_SERVER_URL  default http://127.0.0.1:$ACTIONS_PORT/webhook (same container)
#   ALLOWED_ORIGINS  pages that may embed the chat (also Rasa's --cors), comma-separated
#   TRACKER_DB_HOST, _PORT, _NAME, _USER, _PASSWORD   PostgreSQL for scale/endpoints.yml; when
#                    set and CASES_DB_URL / TRACKER_DB_URL are not, both are made from them
#   NAME_FILE        for each secret NAME below: read NAME from that file (Docker/Podman
#                    secrets, /run/secrets/...) unless NAME itself is set
# Everything else (keys, limits, Telegram, Slack...) is read by the assistant itself: README
# "Deploy".
set -euo pipefail
cd /app

SECRETS=(SEAL_KEY DOWNLOAD_KEY CASES_SECRET TRACKER_DB_PASSWORD REDIS_PASSWORD CASES_DB_URL
         TRACKER_DB_URL TELEGRAM_TOKEN TELEGRAM_SECRET SLACK_TOKEN SLACK_SIGNING_SECRET)
for name in "${SECRETS[@]}"; do
  file_var="${name}_FILE"
  if [ -n "${!file_var:-}" ]; then
    if [ -n "${!name:-}" ]; then
      echo "assistant: both $name and $file_var are set; using $name" >&2
    else
      [ -r "${!file_var}" ] || { echo "assistant: $file_var: cannot read ${!file_var}" >&2; exit 1; }
      value=$(cat -- "${!file_var}")
      export "$name=$value"
    fi
    unset "$file_var"
  fi
done

export HOST=${HOST:-0.0.0.0}
export RASA_PORT=${RASA_PORT:-5005}
export ACTIONS_PORT=${ACTIONS_PORT:-5055}
export ACTION_SERVER_URL=${ACTION_SERVER_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}
export RASA_TELEMETRY_ENABLED=false  # a privacy tool reports nobody's sessions anywhere

# The case store and `bot purge` on the tracker store's PostgreSQL, from the same settings
# (the password URL-quoted, so any character may be in it).
if [ -n "${TRACKER_DB_HOST:-}" ] && { [ -z "${CASES_DB_URL:-}" ] || [ -z "${TRACKER_DB_URL:-}" ]; }; then
  url=$(python -c '
import os
from urllib.parse import quote
e = os.environ
print("postgresql+psycopg2://%s:%s@%s:%s/%s" % (
    quote(e.get("TRACKER_DB_USER", ""), safe=""), quote(e.get("TRACKER_DB_PASSWORD", ""), safe=""),
    e["TRACKER_DB_HOST"], e.get("TRACKER_DB_PORT") or "5432", quote(e.get("TRACKER_DB_NAME", ""), safe="")))')
  export CASES_DB_URL=${CASES_DB_URL:-$url} TRACKER_DB_URL=${TRACKER_DB_URL:-$url}
fi

cors() {  # ALLOWED_ORIGINS as separate --cors values
  local origins=${ALLOWED_ORIGINS:-http://localhost:8080,http://127.0.0.1:8080}
  # shellcheck disable=SC2086
  IFS=', ' read -r -a list <<< "$origins"
  printf '%s\n' "${list[@]}"
}

health() {  # health rasa|actions
  local url
  case "${1:-}" in
    rasa) url="http://127.0.0.1:$RASA_PORT/" ;;
    actions) url="http://127.0.0.1:$ACTIONS_PORT/health" ;;
    *) echo "usage: assistant health rasa|actions" >&2; return 2 ;;
  esac
  exec python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=4)' "$url"
}

role=${1:-all}
[ $# -gt 0 ] && shift
case "$role" in
  all)
    exec python scripts/run.py "$@"
    ;;
  rasa)
    export TRACKER_DIALECT=${TRACKER_DIALECT:-sqlite} TRACKER_DB=${TRACKER_DB:-/app/var/tracker.db}
    mapfile -t origins < <(cors)
    exec rasa run --model "${MODEL:-models/current.tar.gz}" \
      --interface "$HOST" --port "$RASA_PORT" \
      --credentials "${RASA_CREDENTIALS:-credentials.yml}" \
      --endpoints "${RASA_ENDPOINTS:-endpoints.yml}" \
      --cors "${origins[@]}" "$@"
    ;;
  actions)
    export SANIC_HOST=${SANIC_HOST:-$HOST}  # rasa_sdk's bind address
    exec python -m rasa_sdk --actions actions --port "$ACTIONS_PORT" "$@"
    ;;
  health)
    health "$@"
    ;;
  bot)
    exec python -m bot "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
