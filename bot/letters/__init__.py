"""Data-subject letters (access, erasure, objection, follow-up, complaint) from templates.

Public API: build a `LetterRequest`, call `render_letter`, get a `Letter`. Wording lives in
`bot/templates/letters/<language>/` so lawyers and translators edit files, not code.
"""

from __future__ import annotations

from bot.letters.checks import check_request
from bot.letters.model import Letter, LetterNotSupported, LetterRequest
from bot.letters.render import render_letter
from bot.rights import Problem

__all__ = [
    "Letter",
    "LetterNotSupported",
    "LetterRequest",
    "Problem",
    "check_request",
    "render_letter",
]
