"""Download links for a letter (PDF, .eml, .ics, text) that need no storage on the server.

A privacy tool should not keep people's letters, names or e-mail addresses in a database just
so they can click "download". Instead the link itself carries everything needed to write the
letter again: the person's choices, compressed and then encrypted and authenticated with
Fernet (AES-128-CBC + HMAC-SHA256). The server holds only a key. Whoever has the link can
download the letter until the link expires (Fernet's timestamp, checked on every download);
nobody can read or change what is inside without the key, and the link names nobody in clear.

The action server makes links (`download_links`) and the Rasa server answers them
(`components.channels.downloads`); both read the same key (`bot.keys.DOWNLOAD`).

A spec is a plain dict (`bot.letters.spec.LetterSpec`) so that actions can build it from
slots; `bot.letters.spec.letter_request` turns it into a `LetterRequest`, for the chat, the
downloads and the command line alike.
"""

from __future__ import annotations

import datetime
import json
import logging
import zlib
from enum import Enum
from typing import Any, TypedDict

from cryptography.fernet import Fernet, InvalidToken

from bot.letters import LetterRequest, render_letter
from bot.letters.spec import DEFAULT_CONTROLLER, LetterSpec, letter_request
from bot.outputs import CONTENT_TYPES, EXTENSIONS, render
from bot.registry import get_authority, get_controller
from bot.rights import RequestType
from bot.settings import download_link_seconds

logger = logging.getLogger(__name__)

# The formats a letter can be downloaded in (names as `bot.outputs.render` has them).
FORMATS = ("pdf", "eml", "ics", "text")
# Where `components.channels.downloads` answers: Rasa mounts a custom channel's blueprint
# under /webhooks/<channel name>/ and the channel is called "letters".
DOWNLOAD_PATH = "/webhooks/letters/download"
MAX_TOKEN_LENGTH = 4096  # a real token is a few hundred characters; refuse junk early
_MAX_PLAIN = 16_384  # a spec never inflates beyond this; guards against a crafted payload
_VERSION = 1
_REMINDER_VERSION = "r1"

class ReminderSpec(TypedDict, total=False):
    """A calendar reminder without a letter: what a tracked case knows (nothing personal)."""

    subject: str
    due: str  # ISO date; a `datetime.date` is accepted by `make_reminder_token`
    controller: str  # the controller's display name
    language: str


REQUIRED_KEYS = ("request_type", "country", "name", "email", "id_method", "date")
# Short keys keep the encrypted JSON, and so the URL, small. Never give a letter a new meaning:
# links already handed out would be read wrongly.
_SHORT = {
    "request_type": "t",
    "country": "c",
    "name": "n",
    "email": "e",
    "id_method": "i",
    "date": "d",
    "controller": "s",
    "language": "l",
    "public_links": "k",
    "received": "r",
    "reminder_language": "u",
    "original_request": "o",
    "original_sent": "x",
    "problems": "p",
    "missing_items": "m",
    "authority": "a",
    # issue 17: what exactly happened, the extension's facts, the correspondence
    "details": "w",
    "extension_notice_date": "xn",
    "extension_reasons_given": "xr",
    "refusal_reasons_given": "rr",
    "replies": "rp",
    "follow_up_sent": "fs",
    # issue 16: how the request goes or went, what the person said about its receipt, and
    # the complaint to the company that came first
    "sent_by": "h",
    "receipt_known": "q",
    "controller_complaint_sent": "z",
}
_LONG = {short: long for long, short in _SHORT.items()}
_DATE_KEYS = ("date", "received", "original_sent", "extension_notice_date", "follow_up_sent",
              "controller_complaint_sent")
_BOOL_KEYS = ("receipt_known",)
_LIST_KEYS = ("public_links", "problems", "missing_items", "details", "replies")


class InvalidDownloadToken(ValueError):
    """The token is expired, altered, made with another key, or not a token at all.

    One exception for every case on purpose: the download answer must not tell a prober
    which of them it was.
    """


class UnknownFormat(ValueError):
    """A download format other than those in `FORMATS`, or one this letter cannot have."""


# --- tokens ----------------------------------------------------------------------------------


def _iso(value: Any) -> str:
    """A date as "YYYY-MM-DD", checked, whether it came as a date or a string."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return datetime.date.fromisoformat(str(value)).isoformat()


def _compact(spec: LetterSpec) -> dict[str, Any]:
    """The spec with short keys and ISO dates; ValueError for missing or unknown keys."""
    unknown = sorted(set(spec) - set(_SHORT))
    if unknown:
        raise ValueError(f"unknown spec keys: {', '.join(unknown)}")
    missing = [k for k in REQUIRED_KEYS if not spec.get(k)]
    if missing:
        raise ValueError(f"missing spec keys: {', '.join(missing)}")
    out: dict[str, Any] = {"v": _VERSION}
    for key, value in spec.items():
        if value is None or value == [] or value == ():
            continue
        if key in _DATE_KEYS:
            value = _iso(value)
        elif key in _BOOL_KEYS:
            value = bool(value)
        elif key in _LIST_KEYS:
            value = [v.value if isinstance(v, Enum) else str(v) for v in value]
        else:
            value = value.value if isinstance(value, Enum) else str(value)
        out[_SHORT[key]] = value
    return out


def _expand(data: Any) -> LetterSpec:
    """The inverse of `_compact`; ValueError for anything `_compact` could not have made.

    A reminder token comes back as `{"reminder": ReminderSpec}`.
    """
    if isinstance(data, dict) and data.get("v") == _REMINDER_VERSION:
        reminder = {"subject": data["s"], "due": _iso(data["d"]), "controller": data["c"],
                    "language": data["l"]}
        return {"reminder": reminder}  # type: ignore[typeddict-unknown-key]
    if not isinstance(data, dict) or data.get("v") != _VERSION:
        raise ValueError("not a version-1 spec")
    spec: dict[str, Any] = {}
    for short, value in data.items():
        if short == "v":
            continue
        spec[_LONG[short]] = value  # KeyError for an unknown key
    return spec  # type: ignore[return-value]


def make_token(spec: LetterSpec, key: bytes, *, now: int | None = None) -> str:
    """Encrypt `spec` into a URL-safe token stamped with `now` (Unix time; default: now)."""
    return _seal(_compact(spec), key, now)


def make_reminder_token(reminder: ReminderSpec, key: bytes, *, now: int | None = None) -> str:
    """A token for a calendar reminder alone: a tracked case's due date, no letter, no name."""
    data = {
        "v": _REMINDER_VERSION,
        "s": str(reminder["subject"]),
        "d": _iso(reminder["due"]),
        "c": str(reminder["controller"]),
        "l": str(reminder.get("language") or "en"),
    }
    return _seal(data, key, now)


def reminder_link(reminder: ReminderSpec, base_url: str, key: bytes) -> str:
    """The download URL of a reminder-only token (format ics)."""
    return f"{base_url.rstrip('/')}{DOWNLOAD_PATH}/{make_reminder_token(reminder, key)}/ics"


def _seal(data: dict[str, Any], key: bytes, now: int | None) -> str:
    """Deflate and encrypt `data`.

    The JSON is deflated before encryption so that a letter with several links still makes
    a URL most chat clients and mail programs keep whole. The base64 padding ("=") is
    dropped, as some link detectors stop at it.
    """
    plain = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: Fernet authenticates
    packed = packer.compress(plain) + packer.flush()
    fernet = Fernet(key)
    token = fernet.encrypt(packed) if now is None else fernet.encrypt_at_time(packed, now)
    return token.decode("ascii").rstrip("=")


def read_token(
    token: str, key: bytes, max_age_seconds: int | None = None, *, now: int | None = None
) -> LetterSpec:
    """The spec inside `token`; InvalidDownloadToken if it is expired, altered or foreign.

    `now` (Unix time) is for tests; a token stamped more than 60 seconds in the future is
    refused too (Fernet's clock-skew rule).
    """
    if max_age_seconds is None:
        max_age_seconds = download_link_seconds()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidDownloadToken("not a download token")
    try:
        raw = (token + "=" * (-len(token) % 4)).encode("ascii")
        fernet = Fernet(key)
        if now is None:
            packed = fernet.decrypt(raw, ttl=max_age_seconds)
        else:
            packed = fernet.decrypt_at_time(raw, ttl=max_age_seconds, current_time=now)
        unpacker = zlib.decompressobj(-15)
        plain = unpacker.decompress(packed, _MAX_PLAIN)
        if unpacker.unconsumed_tail or not unpacker.eof:
            raise ValueError("spec too large or truncated")
        return _expand(json.loads(plain))
    except (InvalidToken, UnicodeError, zlib.error, ValueError, KeyError, TypeError):
        raise InvalidDownloadToken("download token expired or not valid") from None


# --- letters ---------------------------------------------------------------------------------


def available_formats(spec: LetterSpec) -> tuple[str, ...]:
    """The formats this letter can be downloaded in.

    An .eml needs the controller's e-mail address, and a reminder needs a receipt date.
    """
    if spec.get("authority"):  # a complaint goes to the authority
        email = get_authority(spec["authority"]).email
    else:
        email = get_controller(spec.get("controller") or DEFAULT_CONTROLLER).email
    initial = RequestType.parse(spec["request_type"]).is_initial
    return tuple(
        fmt
        for fmt in FORMATS
        if not (fmt == "eml" and not email)
        and not (fmt == "ics" and not (initial and spec.get("received")))
    )


def _file_stem(req: LetterRequest) -> str:
    """A file name that says what the letter is and names nobody, e.g. for a shared PC."""
    return f"{req.controller.slug}-{req.request_type.value}-request-{req.date.isoformat()}"


def render_download(spec: LetterSpec, fmt: str) -> tuple[bytes, str, str]:
    """`(content, content_type, filename)` for the letter in `fmt` (one of `FORMATS`).

    UnknownFormat for another format; ValueError if the spec cannot make a letter.
    """
    if fmt not in FORMATS:
        raise UnknownFormat(f"unknown download format {fmt!r}; valid: {', '.join(FORMATS)}")
    reminder = spec.get("reminder")  # type: ignore[misc]
    if reminder is not None:
        if fmt != "ics":
            raise UnknownFormat("a reminder token only has the ics format")
        from bot.outputs.ics import reminder_ics

        due = datetime.date.fromisoformat(reminder["due"])
        data = reminder_ics(reminder["subject"], due, reminder["controller"], reminder["language"])
        return data, CONTENT_TYPES["ics"], f"answer-due-{due.isoformat()}.ics"
    req = letter_request(spec)
    if fmt == "ics" and req.deadline is None:
        raise UnknownFormat("a reminder needs the date the letter is received")
    due = req.deadline.due if req.deadline else None
    content = render(render_letter(req), fmt, due=due,
                     reminder_language=spec.get("reminder_language") or req.language)
    data = content.encode("utf-8") if isinstance(content, str) else content
    name = (f"{req.controller.slug}-answer-due-{due.isoformat()}" if fmt == "ics" and due
            else _file_stem(req))
    return data, CONTENT_TYPES[fmt], f"{name}.{EXTENSIONS[fmt]}"


def download_links(
    spec: LetterSpec, base_url: str, key: bytes, *, now: int | None = None
) -> dict[str, str]:
    """`{format: URL}` for every format the letter has, all carrying one token.

    `base_url` is where people reach the Rasa server, e.g. "https://chat.ngo.example". The
    spec is checked here, so a mistake shows up when the links are made, not as a dead link.
    """
    letter_request(spec)
    token = make_token(spec, key, now=now)
    base = base_url.rstrip("/")
    return {fmt: f"{base}{DOWNLOAD_PATH}/{token}/{fmt}" for fmt in available_formats(spec)}
