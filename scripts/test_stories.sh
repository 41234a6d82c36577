#!/usr/bin/env bash
# Conversation tests: NLU and dialogue predictions on tests/stories/*.yml must all match.
set -euo pipefail
cd "$(dirname "$0")/.."
out=results/stories
rm -rf "$out"
.venv/bin/rasa test core --model models/current.tar.gz --stories tests/stories \
  --fail-on-prediction-errors --out "$out" --quiet
echo "test-stories: all conversation tests passed (report in $out)"
