"""The letter as plain text, for copying into any mail program or form, and the body of the
e-mail outputs: the recipient block, the date, the subject line and the lines under it, the
body, the signature, each separated by a blank line."""

from __future__ import annotations

from bot.letters import Letter


def layout(letter: Letter) -> str:
    """The letter laid out as text (ends with one newline)."""
    recipient = [letter.addressee, *letter.recipient_address_lines]
    if letter.recipient_email:
        recipient.append(letter.recipient_email)
    blocks = [
        "\n".join(recipient),
        letter.date_line,
        "\n".join([letter.subject_line, *letter.information]),
        letter.content.strip("\n"),
        "\n".join(letter.signature),
    ]
    return "\n\n".join(blocks) + "\n"


def as_text(letter: Letter) -> str:
    """Subject line, a blank line, then the laid-out letter.

    The subject comes first because a person pasting into a web form or a mail program
    needs it separately; the letter repeats it in its own subject line.
    """
    return f"{letter.subject}\n\n{layout(letter)}"
