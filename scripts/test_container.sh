#!/usr/bin/env bash
# make test-container: build the image, run compose.ci.yaml's stack (Rasa, actions, PostgreSQL,
# Redis) with Podman, check it from outside (tests/container/smoke.py), take it all down.
#
# Where no container registry is reachable (as on the project's machines) the base images are
# local stand-ins made from Debian's packages: container/standin/python-base.sh (debootstrap
# + this machine's Python 3.10) for python:3.10-slim-bookworm, and container/standin/*.Containerfile
# for postgres and redis. With a registry, give the real ones:
#   BASE_IMAGE=docker.io/library/python:3.10-slim-bookworm \
#   POSTGRES_IMAGE=docker.io/library/postgres:15-bookworm REDIS_IMAGE=docker.io/library/redis:7-bookworm
#
# Every container sits on the host network with its server on 127.0.0.1 (free ports chosen
# here), inside this job's own cgroup; whatever the run made (containers, volumes, networks)
# is removed at the end, whether it passed or not. Images are kept for the next run (a warm
# run rebuilds only what changed); CONTAINER_CLEAN=1 removes them too.
#
# Settings: CONTAINER_CACHE (tools and podman's settings; default ~/.cache/clearview-container),
# EXTRA_CA_CERT (a CA bundle pip and npm trust during the build; default the system bundle,
# which holds a TLS-inspecting proxy's CA where there is one), START_TIMEOUT (600 s),
# CONTAINER_TEST_ONE=0 (skip the single-container check, about 25 s), CONTAINER_CLEAN=1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PY:-$ROOT/.venv/bin/python}
CACHE=${CONTAINER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clearview-container}
IMAGE=${ASSISTANT_IMAGE:-localhost/clearview-rights-assistant:test}
STANDIN=localhost/clearview-standin
START_TIMEOUT=${START_TIMEOUT:-600}
PODMAN_COMPOSE_VERSION=1.6.0
STAGES="node widget model"  # the Containerfile's stages that are not the image's ancestors
TITLE=org.opencontainers.image.title=clearview-rights-assistant

started=$SECONDS
phase_start=$SECONDS
timings=()
say() { echo "test-container: $*"; }
die() { echo "test-container: $*" >&2; exit 1; }
phase() {  # phase NAME: the time since the previous phase, recorded under NAME
  timings+=("$1 $((SECONDS - phase_start)) s")
  say "$1: $((SECONDS - phase_start)) s"
  phase_start=$SECONDS
}

# --- tools: podman, runc, debootstrap (Debian); podman-compose (PyPI) -------------------------
# Debian's podman-compose 1.0.3 ignores `network_mode: host` and still exits 0: use PyPI's.
missing=()
for tool in podman runc debootstrap; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || die "please install as root: apt-get install ${missing[*]}"
  say "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
mkdir -p "$CACHE"
compose_venv="$CACHE/podman-compose-$PODMAN_COMPOSE_VERSION"
if [ ! -x "$compose_venv/bin/podman-compose" ]; then
  say "installing podman-compose $PODMAN_COMPOSE_VERSION (PyPI) into $compose_venv"
  rm -rf "$compose_venv"
  "$(scripts/find_python.sh)" -m venv "$compose_venv"
  "$compose_venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "podman-compose==$PODMAN_COMPOSE_VERSION"
fi
COMPOSE=("$compose_venv/bin/podman-compose")

# Podman's defaults ask for more open files and processes than root may raise here, and crun
# refuses this kind of machine's hybrid cgroups: settings of our own, never /etc's.
cat > "$CACHE/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
export CONTAINERS_CONF="$CACHE/containers.conf"

# Containers run inside this job's own cgroup (memory accounted to it, ended with it);
# `podman build` never gets --cgroup-parent (it builds with --isolation=chroot).
cgroup=$(sed -n 's/^[0-9]*:memory://p' /proc/self/cgroup)
[ -n "$cgroup" ] || cgroup=$(sed -n 's/^0:://p' /proc/self/cgroup)
run_args=(--cgroups=no-conmon)
[ -n "$cgroup" ] && [ "$cgroup" != / ] && run_args+=("--cgroup-parent=$cgroup")
phase tools

# --- base images -----------------------------------------------------------------------------
has_image() { podman image exists "$1"; }
BASE_IMAGE=${BASE_IMAGE:-$STANDIN/python:3.10-bookworm}
POSTGRES_IMAGE=${POSTGRES_IMAGE:-$STANDIN/postgres:15-bookworm}
REDIS_IMAGE=${REDIS_IMAGE:-$STANDIN/redis:7-bookworm}
if [[ $BASE_IMAGE == "$STANDIN/"* ]] && ! has_image "$BASE_IMAGE"; then
  nice -n 10 container/standin/python-base.sh "$BASE_IMAGE"
fi
for pair in "postgres $POSTGRES_IMAGE" "redis $REDIS_IMAGE"; do
  read -r what image <<< "$pair"
  if [[ $image == "$STANDIN/"* ]] && ! has_image "$image"; then
    say "building the $what stand-in ($image) from Debian's packages"
    nice -n 10 podman build --isolation=chroot --quiet -f "container/standin/$what.Containerfile" \
      --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$image" container/standin >/dev/null
  fi
done
phase "base images"

# --- the image -------------------------------------------------------------------------------
ca=${EXTRA_CA_CERT-/etc/ssl/certs/ca-certificates.crt}
build_args=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
if [ -n "$ca" ] && [ -f "$ca" ]; then
  build_args+=(--secret "id=extra_ca_cert,src=$ca" --build-arg EXTRA_CA_CERT=/run/secrets/extra_ca_cert)
fi
old_image=$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
say "building $IMAGE (the first build installs the dependencies: several minutes)"
# A failed or interrupted build leaves its working containers behind: remove the new ones.
before=$(podman ps -a --external -q --no-trunc | sort)
build_status=0
nice -n 10 podman build --isolation=chroot --layers --force-rm -f Containerfile \
  "${build_args[@]}" -t "$IMAGE" . > "$CACHE/build.log" 2>&1 || build_status=$?
left=$(comm -13 <(echo "$before") <(podman ps -a --external -q --no-trunc | sort))
[ -z "$left" ] || podman rm -f $left >/dev/null 2>&1 || true
[ $build_status -eq 0 ] || { tail -n 40 "$CACHE/build.log" >&2; die "build failed (log: $CACHE/build.log)"; }
new_image=$(podman image inspect --format '{{.Id}}' "$IMAGE")
if [ -n "$old_image" ] && [ "$old_image" != "$new_image" ]; then
  podman rmi "$old_image" >/dev/null 2>&1 || true  # the previous build of this tag
fi
# Keep the build cache of the stages the image does not descend from (tagged: all cached, a
# second each), then drop what earlier builds left: every image of this Containerfile carries
# its title, so nobody else's images are touched.
for stage in $STAGES; do
  if [ "$old_image" = "$new_image" ] && podman image exists "$IMAGE-$stage"; then continue; fi
  podman build --isolation=chroot --layers --force-rm -f Containerfile "${build_args[@]}" \
    --target "$stage" -t "$IMAGE-$stage" . >/dev/null 2>&1 || true
done
podman image prune -f --filter "label=$TITLE" >/dev/null 2>&1 || true
size=$(podman image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.2f GB", $1/1e9}')
phase "build ($size)"

# --- the image's promises, checked without starting a server ---------------------------------
in_image() { podman run --rm --network none "${run_args[@]}" "$@"; }
user=$(in_image "$IMAGE" id -un)
[ "$user" = assistant ] || die "the image runs as '$user', not as the unprivileged 'assistant'"
in_image "$IMAGE" sh -c '[ -z "$(ls -A /app/var)" ]' ||
  die "the image holds files under /app/var (keys must never be baked in)"
in_image "$IMAGE" sh -c 'test -s models/current.tar.gz && test -s web/widget/dist/widget.js' ||
  die "the image lacks the model or the web widget"
want=$(cat models/current.fingerprint 2>/dev/null || true)
got=$(in_image "$IMAGE" cat models/current.fingerprint)
[ -z "$want" ] || [ "$want" = "$got" ] || die "the image's model fingerprint differs from models/"
# One container needs no setting: the action server's address defaults to the same container.
url=$(in_image "$IMAGE" sh -c 'echo "$ACTION_SERVER_URL"')
[ "$url" = "http://127.0.0.1:5055/webhook" ] || die "default ACTION_SERVER_URL is '$url'"
secret_file=$(mktemp); printf 'from-a-file-0123456789\n' > "$secret_file"; chmod 644 "$secret_file"
got=$(in_image -v "$secret_file:/run/secrets/cases:ro,Z" -e CASES_SECRET_FILE=/run/secrets/cases \
  "$IMAGE" sh -c 'echo "$CASES_SECRET"')
rm -f "$secret_file"
[ "$got" = from-a-file-0123456789 ] || die "CASES_SECRET_FILE was not read"
in_image "$IMAGE" bot --help >/dev/null || die "the command line (bot) does not start"
say "image: runs as assistant, empty var/, model and widget inside, one-container defaults, *_FILE secrets, bot CLI"
phase "image checks"

# --- the stack -------------------------------------------------------------------------------
free_ports() {  # four free loopback ports
  "$compose_venv/bin/python" - <<'EOF'
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}
read -r CI_RASA_PORT CI_ACTIONS_PORT CI_PG_PORT CI_REDIS_PORT <<< "$(free_ports)"
token() { "$compose_venv/bin/python" -c "import secrets; print(secrets.token_urlsafe(${1:-24}))"; }
fernet() { "$compose_venv/bin/python" -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"; }
POSTGRES_PASSWORD=$(token); REDIS_PASSWORD=$(token)
SEAL_KEY=$(fernet); DOWNLOAD_KEY=$(fernet); CASES_SECRET=$(token 32)
export ASSISTANT_IMAGE=$IMAGE POSTGRES_IMAGE REDIS_IMAGE CI_RASA_PORT CI_ACTIONS_PORT CI_PG_PORT \
  CI_REDIS_PORT POSTGRES_PASSWORD REDIS_PASSWORD SEAL_KEY DOWNLOAD_KEY CASES_SECRET
project="clearview-ci-$$"
compose() {
  "${COMPOSE[@]}" --podman-run-args="${run_args[*]}" -p "$project" -f compose.ci.yaml "$@"
}
ours() {  # ours ps|volume|network|pod: the IDs of what this run made
  local label="io.podman.compose.project=$project"
  case "$1" in
    ps) podman ps -a -q --filter "label=$label"
        podman ps -a -q --filter "label=clearview-test=$project" ;;  # the single container
    volume) podman volume ls -q --filter "label=$label" ;;
    network) podman network ls -q --filter "label=$label" ;;
    pod) podman pod ps -q --filter "name=pod_$project" ;;
  esac
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ $status -ne 0 ] && [ -n "$(ours ps)" ]; then
    for service in postgres redis actions rasa; do
      echo "----- $service (last lines) -----" >&2
      podman logs --tail 30 "${project}_${service}_1" >&2 2>&1 || true
    done
  fi
  compose down -v >/dev/null 2>&1 || true
  # Whatever compose left (a failed start), by this run's label.
  local ids
  ids=$(ours ps); [ -z "$ids" ] || podman rm -f -v $ids >/dev/null 2>&1 || true
  ids=$(ours pod); [ -z "$ids" ] || podman pod rm -f $ids >/dev/null 2>&1 || true
  ids=$(ours volume); [ -z "$ids" ] || podman volume rm -f $ids >/dev/null 2>&1 || true
  ids=$(ours network); [ -z "$ids" ] || podman network rm -f $ids >/dev/null 2>&1 || true
  if [ "${CONTAINER_CLEAN:-0}" = 1 ]; then
    podman rmi -f "$IMAGE" $(for stage in $STAGES; do echo "$IMAGE-$stage"; done) >/dev/null 2>&1 || true
    podman image prune -f --filter "label=$TITLE" >/dev/null 2>&1 || true
    podman rmi -f "$STANDIN/postgres:15-bookworm" "$STANDIN/redis:7-bookworm" \
      "$STANDIN/python:3.10-bookworm" >/dev/null 2>&1 || true
  fi
  if [ -n "$(ours ps)$(ours volume)$(ours network)$(ours pod)" ]; then
    echo "test-container: could not remove everything of $project" >&2; status=1
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

container_of() { podman ps -a -q --filter "label=io.podman.compose.project=$project" \
                   --filter "label=io.podman.compose.service=$1"; }
wait_healthy() {  # wait_healthy SERVICE...: until each one's own health check passes
  local deadline=$((SECONDS + START_TIMEOUT)) service id state
  for service in "$@"; do
    id=$(container_of "$service")
    [ -n "$id" ] || die "no container for $service"
    # Podman runs health checks from systemd timers; without systemd, run them here.
    until podman healthcheck run "$id" >/dev/null 2>&1; do
      state=$(podman inspect --format '{{.State.Status}}' "$id")
      [ "$state" = running ] || die "$service stopped ($state) while starting"
      [ $SECONDS -lt $deadline ] || die "$service was not healthy within $START_TIMEOUT s"
      sleep 2
    done
  done
}

say "starting PostgreSQL and Redis (project $project; ports rasa $CI_RASA_PORT, actions $CI_ACTIONS_PORT, postgres $CI_PG_PORT, redis $CI_REDIS_PORT, all on 127.0.0.1)"
compose up -d postgres redis >"$CACHE/compose-up.log" 2>&1 || { cat "$CACHE/compose-up.log" >&2; die "compose up failed"; }
wait_healthy postgres redis
phase "postgres and redis ready"
compose up -d actions rasa >>"$CACHE/compose-up.log" 2>&1 || { cat "$CACHE/compose-up.log" >&2; die "compose up failed"; }
wait_healthy actions rasa
phase "actions and rasa ready"
# Next, the image as `docker run IMAGE` runs it: the default command, no settings (both
# servers in one container, SQLite in its volume); started now, checked after the stack.
# (Not earlier: on 2 cores, two Rasa servers starting together take longer than in turn.)
one=""
if [ "${CONTAINER_TEST_ONE:-1}" = 1 ]; then
  read -r one_rasa one_actions one_demo _ <<< "$(free_ports)"
  one=$(podman run -d "${run_args[@]}" --network host --label "clearview-test=$project" \
    -e HOST=127.0.0.1 -e RASA_PORT="$one_rasa" -e ACTIONS_PORT="$one_actions" \
    -e DEMO_PORT="$one_demo" "$IMAGE")
fi

only_loopback() {  # only_loopback PORT...: nothing listens on these ports beyond loopback
  local wide
  wide=$(ss -Htln 2>/dev/null | awk -v ports=" $* " \
    '{n=split($4,a,":"); port=a[n]; addr=substr($4,1,length($4)-length(port)-1);
      if (index(ports," " port " ") && addr != "127.0.0.1" && addr != "[::1]") print $4}')
  [ -z "$wide" ] || die "listening beyond loopback: $wide"
}
only_loopback "$CI_RASA_PORT" "$CI_ACTIONS_PORT" "$CI_PG_PORT" "$CI_REDIS_PORT"

"$PY" -m bot.i18n compile --if-changed >/dev/null  # the smoke test's expected sentences
PYTHONPATH="$ROOT" "$PY" -m tests.container.smoke \
  --rasa "http://127.0.0.1:$CI_RASA_PORT" \
  --postgres "postgresql://rasa:$POSTGRES_PASSWORD@127.0.0.1:$CI_PG_PORT/rasa" \
  --redis "redis://:$REDIS_PASSWORD@127.0.0.1:$CI_REDIS_PORT/1"
phase smoke

compose down -v >/dev/null 2>&1
label="label=io.podman.compose.project=$project"
[ -z "$(podman ps -a -q --filter "$label")$(ours volume)$(ours network)$(ours pod)" ] ||
  die "compose down left something behind"
phase "down"

# --- the single container started above ------------------------------------------------------
if [ -n "$one" ]; then
  deadline=$((SECONDS + START_TIMEOUT))
  until podman exec "$one" assistant health rasa >/dev/null 2>&1 &&
        podman exec "$one" python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$one_demo/', timeout=4)" >/dev/null 2>&1; do
    [ "$(podman inspect --format '{{.State.Status}}' "$one")" = running ] ||
      { podman logs --tail 30 "$one" >&2; die "the one-container mode stopped while starting"; }
    [ $SECONDS -lt $deadline ] || die "the one-container mode was not up within $START_TIMEOUT s"
    sleep 2
  done
  phase "one container ready"
  only_loopback "$one_rasa" "$one_actions" "$one_demo"
  PYTHONPATH="$ROOT" "$PY" - "http://127.0.0.1:$one_rasa" <<'PYEOF'
import sys

from bot.i18n import gettext
from tests.container.smoke import ASK_COUNTRY, FIRST_MESSAGE, send

texts = send(sys.argv[1], "container-one", FIRST_MESSAGE["en"])
assert gettext("en", ASK_COUNTRY) in texts, texts
print("smoke: ok   one container, default command, no settings: reply in en, demo page up")
PYEOF
  in_var=$(podman exec "$one" ls /app/var)
  for file in tracker.db download.key seal.key; do
    grep -qx "$file" <<< "$in_var" || die "one container: no /app/var/$file (found: $in_var)"
  done
  podman rm -f -v "$one" >/dev/null
  phase "one container"
fi
[ -z "$(ours ps)$(ours volume)$(ours network)$(ours pod)" ] || die "something of $project is left"
say "passed in $((SECONDS - started)) s (${timings[*]/%/;})"
