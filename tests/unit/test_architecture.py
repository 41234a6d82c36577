"""The layering the README promises: bot/ is plain Python that never imports Rasa."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_IN_BOT = ("rasa", "rasa_sdk", "actions", "components")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_bot_imports_nothing_from_rasa_or_the_conversation_layer() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imported_modules(path)
            if name.split(".")[0] in FORBIDDEN_IN_BOT
        )
        for path in (ROOT / "bot").rglob("*.py")
    }
    offenders = {path: names for path, names in offenders.items() if names}
    assert offenders == {}


def test_the_check_sees_imports() -> None:
    """Guard against a vacuous pass: the scanner does find imports in a real module."""
    assert "rasa_sdk" in imported_modules(ROOT / "actions" / "common.py")
