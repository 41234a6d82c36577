"""A finished `Letter` in the forms people actually send: plain text, a mailto link, an
e-mail file, a printable PDF, and a calendar reminder for the answer's due date.

`render(letter, format)` is the one entry point, with one set of format names (`FORMATS`),
for the command line, the download links and the channels. Each format is its own module,
imported when used, so a deployment that never offers PDFs never loads the PDF library.
"""

from __future__ import annotations

import datetime

from bot.letters import Letter

FORMATS = ("text", "eml", "mailto", "pdf", "ics")
BINARY = frozenset({"eml", "pdf", "ics"})
CONTENT_TYPES = {
    "text": "text/plain; charset=utf-8",
    "eml": "message/rfc822",
    "pdf": "application/pdf",
    "ics": "text/calendar; charset=utf-8",
    "mailto": "text/plain; charset=utf-8",
}
EXTENSIONS = {"text": "txt", "eml": "eml", "pdf": "pdf", "ics": "ics", "mailto": "txt"}


def render(letter: Letter, fmt: str, *, due: datetime.date | None = None,
           reminder_language: str | None = None) -> str | bytes:
    """`letter` in `fmt`; ValueError for an unknown format or one it cannot have (an .ics
    needs the due date; e-mail formats need the recipient's address)."""
    if fmt == "text":
        from bot.outputs.text import as_text

        return as_text(letter)
    if fmt == "mailto":
        from bot.outputs.mailto import mailto_link

        result = mailto_link(letter)
        return result.url if not result.body_omitted else f"{result.url}\n\n{result.copy_text}"
    if fmt == "eml":
        from bot.outputs.eml import as_eml

        return as_eml(letter)
    if fmt == "pdf":
        from bot.outputs.pdf import as_pdf

        return as_pdf(letter)
    if fmt == "ics":
        from bot.outputs.ics import reminder_ics

        if due is None:
            raise ValueError("a calendar reminder needs the date the answer is due")
        return reminder_ics(letter.subject, due, letter.recipient_name,
                            reminder_language or letter.language)
    raise ValueError(f"unknown format {fmt!r}; valid: {', '.join(FORMATS)}")


__all__ = ["BINARY", "CONTENT_TYPES", "EXTENSIONS", "FORMATS", "render"]
