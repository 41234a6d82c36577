#!/usr/bin/env bash
# `rasa data validate`, failing on warnings (see scripts/validate.py for the details).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/validate.py
