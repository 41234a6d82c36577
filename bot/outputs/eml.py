"""The letter as an e-mail file (.eml) the person opens in a mail program and sends.

Built with the standard library's `EmailMessage` and the SMTP policy, which encodes non-ASCII
display names and subjects as RFC 2047 encoded-words and refuses header values containing
CR or LF, so a name or subject cannot split a header or add one. Values are also flattened to
one line first (`clean_text`), so such input gives a usable file instead of an error.
"""

from __future__ import annotations

import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from bot.letters import Letter
from bot.outputs.text import layout


def _address(name: str, email: str) -> Address:
    """A header address from a display name and a single checked addr-spec."""
    local, _, domain = email.rpartition("@")
    return Address(display_name=name, username=local, domain=domain)


def as_eml(letter: Letter, *, now: datetime.datetime | None = None) -> bytes:
    """Return the message as bytes with CRLF line ends; ValueError on an unusable address.

    The Message-ID uses the sender's own domain rather than this machine's host name
    (`make_msgid`'s default), so the file reveals nothing about the server that made it.
    """
    if not letter.recipient_email:
        raise ValueError(f"{letter.recipient_name} has no e-mail address: send the letter by post")
    sender = _address(letter.sender_name, letter.sender_email)
    when = now or datetime.datetime.now(datetime.timezone.utc)
    if when.tzinfo is None:
        when = when.astimezone()
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = sender
    msg["To"] = _address(letter.recipient_name, letter.recipient_email)
    msg["Subject"] = letter.subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid(domain=sender.domain)
    msg.set_content(layout(letter), subtype="plain", charset="utf-8", cte="quoted-printable")
    return msg.as_bytes(policy=policy.SMTP)
