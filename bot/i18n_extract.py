"""Babel extractor for the English response texts in domain.yml (they are msgids).

Registered in babel.cfg, so `pybabel extract` puts every response text and button title into
the catalog template next to the msgids marked in Python.
"""

from __future__ import annotations

from typing import IO, Any, Iterator

import yaml

Extracted = tuple[int, str | None, str, list[str]]


def extract_domain(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict
) -> Iterator[Extracted]:
    """Yield (line, funcname, message, comments) for every response text and button title."""
    domain = yaml.safe_load(fileobj.read().decode("utf-8")) or {}
    for name, variants in (domain.get("responses") or {}).items():
        for variant in variants or []:
            if variant.get("text"):
                yield 0, None, variant["text"], [f"response {name}"]
            for button in variant.get("buttons") or []:
                if button.get("title"):
                    yield 0, None, button["title"], [f"button in {name}"]
