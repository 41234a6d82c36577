"""Data-subject request letters (access, erasure, objection) rendered from plain-text templates.

Public API: build a `LetterRequest`, call `render_letter`, get a `Letter`. Wording lives in
`bot/templates/letters/<language>/` so lawyers and translators edit files, not code.
"""

from __future__ import annotations

from bot.letters.model import Letter, LetterNotSupported, LetterRequest
from bot.letters.render import render_letter

__all__ = ["Letter", "LetterNotSupported", "LetterRequest", "render_letter"]
