"""Run `rasa data validate --fail-on-warnings` and also fail on any warning Rasa only prints.

Rasa reports responses "not used in any story or rule" without failing. Responses that a
form asks (`utter_ask_<slot>`), an action sends by name (`response="utter_..."`) or a channel
or server part renders itself (`utter_notice_*`) are used;
any other unused response is dead text, and this check fails on it, as on every other warning.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNUSED_RE = re.compile(r"The utterance '(utter_\w+)' is not used in any story or rule")
WARNING_RE = re.compile(r"UserWarning: (.*)")


def responses_sent_by_code() -> set[str]:
    """Response names sent by actions or asked by forms, found in the source."""
    names: set[str] = set()
    for path in [*(ROOT / "actions").rglob("*.py"), *(ROOT / "components").rglob("*.py")]:
        names |= set(re.findall(r"[\"'](utter_\w+)[\"']", path.read_text(encoding="utf-8")))
    domain = (ROOT / "domain.yml").read_text(encoding="utf-8")
    # Asked by forms (utter_ask_<slot>) and said on a refused answer (utter_invalid_<slot>,
    # actions/form_base.py), by convention.
    names |= set(re.findall(r"^  (utter_(?:ask|invalid)_\w+):", domain, flags=re.M))
    names.add("utter_default")  # Rasa's own fallback action sends it
    return names


def main() -> int:
    cmd = [
        str(ROOT / ".venv/bin/rasa"), "data", "validate", "--fail-on-warnings",
        "--config", "config.yml", "--domain", "domain.yml", "--data", "data",
    ]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    allowed = responses_sent_by_code()
    problems = []
    for line in output.splitlines():
        warning = WARNING_RE.search(line)
        if not warning:
            continue
        unused = UNUSED_RE.search(line)
        if unused and unused.group(1) in allowed:
            continue
        problems.append(warning.group(1))
    if proc.returncode != 0 or problems:
        print(output[-6000:])
        for problem in problems:
            print(f"validate: warning treated as an error: {problem}")
        return 1
    print("validate: rasa data validate passed with no warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
