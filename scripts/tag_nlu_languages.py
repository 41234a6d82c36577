"""Mark every intent block of data/nlu/<lang>/ and tests/nlu/<lang>/ with its language.

components/nlu/language.py learns to recognise languages from these labels. Idempotent; run it
after adding examples (make nlu-tag), and tests/unit/test_nlu_data.py checks it was run.
Usage: python scripts/tag_nlu_languages.py [lang ...]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INTENT_LINE = re.compile(r"^- intent: \S+\s*$")


def tag(path: Path, language: str) -> bool:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out: list[str] = []
    changed = False
    for i, line in enumerate(lines):
        out.append(line)
        if INTENT_LINE.match(line):
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if not following.startswith("  metadata:"):
                out.append(f"  metadata:\n    language: {language}\n")
                changed = True
    if changed:
        path.write_text("".join(out), encoding="utf-8")
    return changed


def main(languages: list[str]) -> int:
    for folder in (ROOT / "data" / "nlu", ROOT / "tests" / "nlu"):
        for lang_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            if languages and lang_dir.name not in languages:
                continue
            for path in sorted(lang_dir.glob("*.yml")):
                if tag(path, lang_dir.name):
                    print(f"tagged {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
