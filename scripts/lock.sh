#!/usr/bin/env bash
# Re-resolve requirements.in into the fully pinned requirements.lock (needs PyPI access).
# Resolves in a throw-away venv so the project's .venv is untouched until `make install`.
set -euo pipefail
cd "$(dirname "$0")/.."
py=$(scripts/find_python.sh)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip<25"
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.in
"$tmp/venv/bin/python" -m pip check
{
  echo "# Fully pinned dependency set (Python 3.10, Linux x86_64), resolved from requirements.in."
  echo "# Regenerate with 'make lock' after changing requirements.in. Installing from this file"
  echo "# with --no-deps skips pip's resolver entirely (no jax/tensorflow backtracking)."
  "$tmp/venv/bin/python" -m pip freeze --all --exclude pip
} > requirements.lock
echo "lock: wrote requirements.lock ($(grep -vc '^#' requirements.lock) packages)"
