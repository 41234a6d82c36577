"""A `mailto:` link (RFC 6068) that opens the person's mail program with the letter filled in.

Every value is percent-encoded as UTF-8 with nothing but RFC 3986 unreserved characters left
as they are, so a subject or body containing "&bcc=", "?", "#", "%" or a line break stays
inside its own field and cannot add a header. Line breaks in the body are sent as CRLF
(%0D%0A) as RFC 6068 section 5 requires; the subject is one line.

Length: RFC 6068 sets no limit, but real software does. Browsers and mail clients are known
to cut or refuse long mailto URLs (Internet Explorer and several Outlook versions stop near
2,083 characters; some Windows and Android handlers at about 2,000), and a cut letter is
worse than none because the person may send it without noticing. So above
`MAX_URL_LENGTH` the link carries only the address and subject, and the caller shows the
letter for copying instead (`MailtoResult.body_omitted`, `MailtoResult.copy_text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from bot.letters import Letter
from bot.letters.sanitize import clean_email
from bot.outputs.text import as_text, layout

MAX_URL_LENGTH = 2000


@dataclass(frozen=True)
class MailtoResult:
    """A mailto URL and, when the body did not fit, the text to copy by hand."""

    url: str
    body_omitted: bool
    copy_text: str | None  # the full letter (as_text) when body_omitted, else None


def _encode(value: str) -> str:
    """Percent-encode UTF-8, keeping only unreserved characters (A-Z a-z 0-9 - . _ ~)."""
    return quote(value, safe="", encoding="utf-8", errors="strict")


def _crlf(text: str) -> str:
    """Normalise every line break to CRLF, as RFC 6068 wants for the body."""
    return "\r\n".join(text.splitlines())


def encode_address(address: str) -> str:
    """Encode one recipient for the `to` part; ValueError if it is not a single address.

    The address is checked with the letters' strict e-mail rule first: a comma, a space or a
    display name would let one "address" become several recipients.
    """
    try:
        cleaned = clean_email(address)
    except ValueError:
        cleaned = None
    if cleaned != address:
        raise ValueError(f"not a single plain e-mail address: {address!r}")
    local, _, domain = address.rpartition("@")
    return f"{_encode(local)}@{_encode(domain)}"


def mailto_link(letter: Letter, max_length: int = MAX_URL_LENGTH) -> MailtoResult:
    """Build the link for `letter`; ValueError if the controller has no e-mail address."""
    if not letter.recipient_email:
        raise ValueError(f"{letter.recipient_name} has no e-mail address: send the letter by post")
    base = f"mailto:{encode_address(letter.recipient_email)}"
    with_subject = f"{base}?subject={_encode(letter.subject)}"
    full = f"{with_subject}&body={_encode(_crlf(layout(letter)))}"
    if len(full) <= max_length:
        return MailtoResult(url=full, body_omitted=False, copy_text=None)
    return MailtoResult(url=with_subject, body_omitted=True, copy_text=as_text(letter))
