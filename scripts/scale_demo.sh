#!/usr/bin/env bash
# make scale-demo: the assistant scaled out on one machine, as it would be on several.
#
#   PostgreSQL (tracker store + case store) ─┐
#   Redis (lock store) ──────────────────────┼─ Rasa instance 1 ─┐
#   action server ───────────────────────────┴─ Rasa instance 2 ─┴─ nginx (round-robin)
#
# Installs Debian's nginx, postgresql and redis-server if missing (apt-get; quiet when they are
# there; no system service is started or enabled), then starts everything on 127.0.0.1 in a
# temporary folder, prints the addresses and waits. Ctrl-C (or SIGTERM) stops it all.
#
# Settings (environment; all optional): SCALE_DIR (work folder, default a new temporary one,
# deleted on exit unless SCALE_KEEP=1), NGINX_PORT (8088), RASA_PORT_1 (5006), RASA_PORT_2
# (5007), ACTIONS_PORT (5056), PG_PORT (55432), REDIS_PORT (56379), MODEL
# (models/current.tar.gz). Writes $SCALE_DIR/ready when everything answers
# (tests/scale/test_scale.py waits for it), and $SCALE_DIR/stack.env with the addresses.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
RASA="$ROOT/.venv/bin/rasa"

NGINX_PORT=${NGINX_PORT:-8088}
RASA_PORT_1=${RASA_PORT_1:-5006}
RASA_PORT_2=${RASA_PORT_2:-5007}
ACTIONS_PORT=${ACTIONS_PORT:-5056}
PG_PORT=${PG_PORT:-55432}
REDIS_PORT=${REDIS_PORT:-56379}
MODEL=${MODEL:-$ROOT/models/current.tar.gz}
START_TIMEOUT=${START_TIMEOUT:-400}

say() { echo "scale-demo: $*"; }
die() { echo "scale-demo: $*" >&2; exit 1; }

[ -x "$PY" ] || die "no virtual environment: run 'make install' first"
[ -f "$MODEL" ] || die "no model at $MODEL: run 'make train' first"

# --- packages -------------------------------------------------------------------------------
scripts/install_servers.sh nginx redis-server postgresql
pg_bindir() {
  local dir
  for dir in ${PG_BINDIR:-} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return 0; fi
  done
  return 1
}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
PGBIN=$(pg_bindir)

# --- work folder, accounts, secrets ---------------------------------------------------------
if [ -n "${SCALE_DIR:-}" ]; then mkdir -p "$SCALE_DIR"; WORK=$(cd "$SCALE_DIR" && pwd)
else WORK=$(mktemp -d /tmp/scale-demo.XXXXXX); fi
chmod 755 "$WORK"
rm -f "$WORK/ready"
mkdir -p "$WORK/logs" "$WORK/nginx-tmp"

# PostgreSQL never runs as root: as root, it runs as the `postgres` account (else `nobody`).
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  pg_user=postgres; id postgres >/dev/null 2>&1 || pg_user=nobody
  as_pg=(setpriv --reuid="$pg_user" --regid="$(id -g "$pg_user")" --clear-groups)
  nginx_user="user nobody nogroup;"
else
  nginx_user=""
fi

secret() { "$PY" -c "import secrets; print(secrets.token_urlsafe(${1:-24}))"; }
fernet() { "$PY" -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"; }
if [ ! -f "$WORK/secrets.env" ]; then
  umask 077
  {
    echo "TRACKER_DB_PASSWORD=$(secret)"
    echo "REDIS_PASSWORD=$(secret)"
    # Every instance needs the same keys (README "Deploy"): made once, shared by all.
    echo "SEAL_KEY=$(fernet)"
    echo "DOWNLOAD_KEY=$(fernet)"
    echo "CASES_SECRET=$(secret 32)"
  } > "$WORK/secrets.env"
  umask 022
fi
set -a; . "$WORK/secrets.env"; set +a

pids=()
names=()
cleanup() {
  trap - INT TERM EXIT
  say "stopping..."
  local i
  for (( i=${#pids[@]}-1; i>=0; i-- )); do
    if [ "${names[$i]}" = postgres ]; then
      kill -INT "${pids[$i]}" 2>/dev/null || true  # PostgreSQL's fast shutdown
    else
      kill -TERM "${pids[$i]}" 2>/dev/null || true
    fi
  done
  for (( i=${#pids[@]}-1; i>=0; i-- )); do
    local waited=0
    while kill -0 "${pids[$i]}" 2>/dev/null && [ $waited -lt 150 ]; do
      sleep 0.2; waited=$((waited + 1))
    done
    kill -KILL "${pids[$i]}" 2>/dev/null || true
  done
  rm -f "$WORK/ready"
  if [ -z "${SCALE_DIR:-}" ] && [ "${SCALE_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
  say "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start() {  # start NAME COMMAND...: in the background, logging to $WORK/logs/NAME.log
  local name=$1; shift
  "$@" >"$WORK/logs/$name.log" 2>&1 &
  pids+=($!)
  names+=("$name")
}

wait_for() {  # wait_for WHAT COMMAND...: until COMMAND succeeds; fail if a process died
  local what=$1; shift
  local deadline=$((SECONDS + START_TIMEOUT)) i
  until "$@" >/dev/null 2>&1; do
    for i in "${!pids[@]}"; do
      if ! kill -0 "${pids[$i]}" 2>/dev/null; then
        tail -n 30 "$WORK/logs/${names[$i]}.log" >&2 || true
        die "${names[$i]} stopped while waiting for $what"
      fi
    done
    [ $SECONDS -lt $deadline ] || die "$what did not come up in ${START_TIMEOUT} s"
    sleep 0.5
  done
}

http_ok() { "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1"; }

# --- PostgreSQL -----------------------------------------------------------------------------
PGDATA="$WORK/pgdata"
if [ ! -d "$PGDATA" ]; then
  mkdir -p "$PGDATA" "$WORK/pgsock"
  [ ${#as_pg[@]} -gt 0 ] && chown "$pg_user" "$PGDATA" "$WORK/pgsock"
  printf '%s\n' "$TRACKER_DB_PASSWORD" > "$WORK/pgpass.tmp"
  chmod 644 "$WORK/pgpass.tmp"
  (cd "$WORK" && "${as_pg[@]}" "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 --pwfile="$WORK/pgpass.tmp" -E UTF8 --locale=C \
    --no-instructions >"$WORK/logs/initdb.log" 2>&1) || { cat "$WORK/logs/initdb.log" >&2; die "initdb failed"; }
  rm -f "$WORK/pgpass.tmp"
fi
start postgres "${as_pg[@]}" "$PGBIN/postgres" -D "$PGDATA" -h 127.0.0.1 -p "$PG_PORT" \
  -k "$WORK/pgsock" -c max_connections=60
psql_admin() { "$PGBIN/psql" -h "$WORK/pgsock" -p "$PG_PORT" -U postgres -d postgres -qAtX "$@"; }
wait_for "PostgreSQL" psql_admin -c "select 1"
if [ "$(psql_admin -c "select 1 from pg_roles where rolname = 'rasa'")" != 1 ]; then
  psql_admin -c "create role rasa login password '$TRACKER_DB_PASSWORD'"
  psql_admin -c "create database rasa owner rasa"
fi

# --- Redis ----------------------------------------------------------------------------------
umask 077
cat > "$WORK/redis.conf" <<EOF
bind 127.0.0.1
port $REDIS_PORT
requirepass $REDIS_PASSWORD
save ""
appendonly no
dir $WORK
EOF
umask 022
start redis redis-server "$WORK/redis.conf"
wait_for "Redis" "$PY" -c "import redis, sys; redis.Redis(port=$REDIS_PORT, password=sys.argv[1]).ping()" "$REDIS_PASSWORD"

# --- the assistant --------------------------------------------------------------------------
export PYTHONPATH="$ROOT" RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 \
  SQLALCHEMY_SILENCE_UBER_WARNING=1
export ACTION_SERVER_URL="http://127.0.0.1:$ACTIONS_PORT/webhook"
export TRACKER_DB_HOST=127.0.0.1 TRACKER_DB_PORT=$PG_PORT TRACKER_DB_NAME=rasa TRACKER_DB_USER=rasa
export REDIS_HOST=127.0.0.1 REDIS_PORT REDIS_DB=1
export CASES_DB_URL="postgresql+psycopg2://rasa:$TRACKER_DB_PASSWORD@127.0.0.1:$PG_PORT/rasa"
export TRACKER_DB_URL="$CASES_DB_URL"  # for `python -m bot purge` from cron
export PUBLIC_RASA_URL="http://localhost:$NGINX_PORT"
export ALLOWED_ORIGINS="${ALLOWED_ORIGINS:-http://localhost:8080,http://127.0.0.1:8080}"
export RATE_LIMIT_PER_MINUTE=${RATE_LIMIT_PER_MINUTE:-20}
ENDPOINTS="$ROOT/scale/endpoints.yml"

# The case tables are migrated once, before several processes could race to do it.
"$PY" -c "from bot.cases import CaseStore; CaseStore.from_settings().close()"

SANIC_HOST=127.0.0.1 start actions "$PY" -m rasa_sdk --actions actions --port "$ACTIONS_PORT"
IFS=', ' read -r -a cors <<< "$ALLOWED_ORIGINS"
start_rasa() {  # start_rasa NAME PORT
  start "$1" "$RASA" run --model "$MODEL" --interface 127.0.0.1 --port "$2" \
    --credentials credentials.yml --endpoints "$ENDPOINTS" --cors "${cors[@]}"
}
# The first instance creates Rasa's tables; the second starts once they exist.
start_rasa rasa-1 "$RASA_PORT_1"
events_table() { [ "$(psql_admin -d rasa -c "select to_regclass('public.events') is not null")" = t ]; }
wait_for "the tracker store's tables" events_table
start_rasa rasa-2 "$RASA_PORT_2"
wait_for "the action server" http_ok "http://127.0.0.1:$ACTIONS_PORT/health"
wait_for "Rasa instance 1" http_ok "http://127.0.0.1:$RASA_PORT_1/"
wait_for "Rasa instance 2" http_ok "http://127.0.0.1:$RASA_PORT_2/"

# --- nginx ----------------------------------------------------------------------------------
mkdir -p "$WORK/nginx-tmp"
sed -e "s#@WORK@#$WORK#g" -e "s#@USER_LINE@#$nginx_user#" -e "s#@NGINX_PORT@#$NGINX_PORT#" \
    -e "s#@RASA_PORT_1@#$RASA_PORT_1#g" -e "s#@RASA_PORT_2@#$RASA_PORT_2#g" \
    "$ROOT/scale/nginx.conf.template" > "$WORK/nginx.conf"
"$NGINX" -t -q -c "$WORK/nginx.conf" -p "$WORK" -e "$WORK/nginx-error.log" \
  || die "nginx configuration test failed"
start nginx "$NGINX" -c "$WORK/nginx.conf" -p "$WORK" -e "$WORK/nginx-error.log" -g "daemon off;"
wait_for "nginx" http_ok "http://127.0.0.1:$NGINX_PORT/"

cat > "$WORK/stack.env" <<EOF
SCALE_DIR=$WORK
NGINX_URL=http://127.0.0.1:$NGINX_PORT
RASA_URL_1=http://127.0.0.1:$RASA_PORT_1
RASA_URL_2=http://127.0.0.1:$RASA_PORT_2
ACTION_SERVER_URL=$ACTION_SERVER_URL
TRACKER_DB_URL=$CASES_DB_URL
REDIS_URL=redis://:$REDIS_PASSWORD@127.0.0.1:$REDIS_PORT/1
EOF
chmod 600 "$WORK/stack.env"
touch "$WORK/ready"
cat <<EOF

Scale-out demo is up (work folder $WORK, logs in logs/):
  through nginx (round-robin):  http://127.0.0.1:$NGINX_PORT/webhooks/rest/webhook
  Rasa instance 1:              http://127.0.0.1:$RASA_PORT_1/
  Rasa instance 2:              http://127.0.0.1:$RASA_PORT_2/
  action server:                $ACTION_SERVER_URL
  PostgreSQL (tracker + cases): 127.0.0.1:$PG_PORT, database rasa, user rasa
  Redis (lock store):           127.0.0.1:$REDIS_PORT, db 1
Try: curl -s localhost:$NGINX_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"hello"}'
Press Ctrl-C to stop everything.
EOF

while true; do
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      tail -n 20 "$WORK/logs/${names[$i]}.log" >&2 || true
      die "${names[$i]} stopped"
    fi
  done
  sleep 2
done
