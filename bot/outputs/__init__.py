"""A finished `Letter` in the forms people actually send: plain text, a mailto link, an
e-mail file, a printable PDF, and a calendar reminder for the answer's due date.

Each format is its own module so that a deployment that never offers PDFs never imports the
PDF library (and its fonts).
"""

from __future__ import annotations

from bot.outputs.text import as_text

__all__ = ["as_text"]
