"""The letter as plain text, for copying into any mail program or form."""

from __future__ import annotations

from bot.letters import Letter


def as_text(letter: Letter) -> str:
    """Subject line, a blank line, then the body (which ends with one newline).

    The subject comes first because a person pasting into a web form or a mail program
    needs it separately; the body already repeats it in its own subject line.
    """
    return f"{letter.subject}\n\n{letter.body}"
