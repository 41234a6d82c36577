#!/usr/bin/env bash
# Train a model only when the training inputs changed since the last model.
# The fingerprint is a hash of config.yml, domain.yml and everything under data/.
set -euo pipefail
cd "$(dirname "$0")/.."

MODEL=models/current.tar.gz
STAMP=models/current.fingerprint
inputs=(config.yml domain.yml data)
[ -d components/nlu ] && inputs+=(components/nlu)

fingerprint=$(find "${inputs[@]}" -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.py' -o -name '*.txt' \) -print0 \
  | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)

if [ -f "$MODEL" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$fingerprint" ]; then
  echo "train: model is up to date ($MODEL)"
  exit 0
fi

echo "train: training data changed; training $MODEL"
start=$(date +%s)
.venv/bin/rasa train --config config.yml --domain domain.yml --data data \
  --out models --fixed-model-name current --quiet
echo "$fingerprint" > "$STAMP"
echo "train: done in $(( $(date +%s) - start )) s"
