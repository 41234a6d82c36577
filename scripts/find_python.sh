#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter, or explain how to get one and fail.
# Rasa Open Source 3.6 (the last open release) supports Python 3.8-3.10 only; we use 3.10.
set -euo pipefail

is_310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
else
  root=${PYENV_ROOT:-$HOME/.pyenv}
fi
for p in $(ls -d "$root"/versions/3.10.*/bin/python 2>/dev/null | sort -V -r); do candidates+=("$p"); done
for p in /usr/local/bin/python3.10 /usr/bin/python3.10 /opt/homebrew/bin/python3.10; do
  [ -x "$p" ] && candidates+=("$p")
done

for c in "${candidates[@]}"; do
  # A pyenv shim may exist without the version being installed: check by running it.
  if is_310 "$c"; then echo "$c"; exit 0; fi
done

cat >&2 <<'MSG'
No Python 3.10 found. Rasa Open Source 3.6 (the last open release) runs on Python 3.8-3.10 only.
Install one of these ways, then run the command again:
  - pyenv:   pyenv install 3.10      (https://github.com/pyenv/pyenv)
  - Debian/Ubuntu: sudo apt-get install python3.10 python3.10-venv   (deadsnakes PPA on Ubuntu)
  - macOS:   brew install python@3.10
Or point to an interpreter explicitly:  make run PYTHON=/path/to/python3.10
MSG
exit 1
