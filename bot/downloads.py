"""Download links for a letter (PDF, .eml, .ics, text) that need no storage on the server.

A privacy tool should not keep people's letters, names or e-mail addresses in a database just
so they can click "download". Instead the link itself carries everything needed to write the
letter again: the person's choices, compressed and then encrypted and authenticated with
Fernet (AES-128-CBC + HMAC-SHA256). The server holds only a key. Whoever has the link can
download the letter until the link expires (Fernet's timestamp, checked on every download);
nobody can read or change what is inside without the key, and the link names nobody in clear.

The action server makes links (`download_links`) and the Rasa server answers them
(`components.channels.downloads`); both read the same key (`bot.keys.DOWNLOAD`).

A spec is a plain dict (`LetterSpec`) so that actions can build it from slots without
importing anything else; `letter_request` turns it into a `LetterRequest` the same way the
request form does.
"""

from __future__ import annotations

import datetime
import json
import logging
import zlib
from enum import Enum
from typing import Any, TypedDict

from cryptography.fernet import Fernet, InvalidToken

from bot.deadlines import due_date
from bot.identification import IdMethod
from bot.jurisdictions import Place, jurisdiction_for
from bot.letters import Letter, LetterRequest, render_letter
from bot.registry import get_authority, get_controller
from bot.rights import RequestType
from bot.settings import download_link_seconds

logger = logging.getLogger(__name__)

FORMATS = ("pdf", "eml", "ics", "txt")
# Where `components.channels.downloads` answers: Rasa mounts a custom channel's blueprint
# under /webhooks/<channel name>/ and the channel is called "letters".
DOWNLOAD_PATH = "/webhooks/letters/download"
MAX_TOKEN_LENGTH = 4096  # a real token is a few hundred characters; refuse junk early
_MAX_PLAIN = 16_384  # a spec never inflates beyond this; guards against a crafted payload
_VERSION = 1
_REMINDER_VERSION = "r1"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "eml": "message/rfc822",
    "ics": "text/calendar; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}


class LetterSpec(TypedDict, total=False):
    """What a download needs to write the letter again; the first six keys are required.

    Dates are ISO strings ("2026-11-23"); `datetime.date` values are accepted by
    `make_token` and stored as strings.
    """

    request_type: str  # "access" | "erasure" | "objection"
    country: str  # the `country` slot: "FR", or a subdivision such as "US-IL"
    name: str
    email: str
    id_method: str  # "no_photo" | "public_links" | "photo_search_only"
    date: str  # the letter's date
    controller: str  # registry slug; default "clearview-ai"
    language: str  # the letter's language; default "en"
    public_links: list[str]  # with id_method "public_links"
    received: str  # the day the controller receives it: adds the due date, enables .ics
    reminder_language: str  # language of the .ics reminder text; default `language`
    # Follow-ups and complaints only (see `LetterRequest`):
    original_request: str  # "access" | "erasure" | "objection"
    original_sent: str  # ISO date the first request was sent (its deadline counts from it)
    problems: list[str]  # `bot.rights.Problem` values
    missing_items: list[str]  # with "partial_answer"
    authority: str  # registry slug of the supervisory authority


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
}
_LONG = {short: long for long, short in _SHORT.items()}
_DATE_KEYS = ("date", "received", "original_sent")
_LIST_KEYS = ("public_links", "problems", "missing_items")
DEFAULT_CONTROLLER = "clearview-ai"


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


def letter_request(spec: LetterSpec) -> LetterRequest:
    """The `LetterRequest` the spec describes; ValueError if it names something unknown.

    Built like `actions.request_form.ActionSubmitRequest._send_letter`: the place gives the
    jurisdiction, and the receipt date, if any, gives the deadline the letter states.
    """
    place = Place.from_code(spec["country"])
    jurisdiction = jurisdiction_for(place)
    request_type = RequestType.parse(spec["request_type"])
    original_sent = spec.get("original_sent")
    # A follow-up or complaint states the first request's deadline, counted from its sending.
    received = spec.get("received") if request_type.is_initial else original_sent
    deadline = (
        due_date(
            datetime.date.fromisoformat(_iso(received)),
            jurisdiction.code,
            place.country,
            place.subdivision,
        )
        if received
        else None
    )
    try:
        controller = get_controller(spec.get("controller") or DEFAULT_CONTROLLER)
        authority = get_authority(spec["authority"]) if spec.get("authority") else None
    except KeyError as exc:
        raise ValueError(str(exc)) from None
    return LetterRequest(
        request_type=request_type,
        jurisdiction=jurisdiction,
        controller=controller,
        name=spec["name"],
        email=spec["email"],
        id_method=IdMethod.parse(spec["id_method"]),
        country=place.country,
        date=datetime.date.fromisoformat(_iso(spec["date"])),
        public_links=tuple(spec.get("public_links") or ()),
        language=spec.get("language") or "en",
        deadline=deadline,
        original_request=spec.get("original_request") or None,
        original_sent=(
            datetime.date.fromisoformat(_iso(original_sent)) if original_sent else None
        ),
        problems=frozenset(spec.get("problems") or ()),
        missing_items=tuple(spec.get("missing_items") or ()),
        authority=authority,
    )


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


def _render(letter: Letter, req: LetterRequest, spec: LetterSpec, fmt: str) -> tuple[bytes, str]:
    """The file's bytes and name for one format (each output module imported when used)."""
    stem = _file_stem(req)
    if fmt == "txt":
        from bot.outputs.text import as_text

        return as_text(letter).encode("utf-8"), f"{stem}.txt"
    if fmt == "eml":
        from bot.outputs.eml import as_eml

        return as_eml(letter, req.name, req.email), f"{stem}.eml"
    if fmt == "pdf":
        from bot.outputs.pdf import as_pdf

        return as_pdf(letter, req.name, req.email, None, date=req.date), f"{stem}.pdf"
    from bot.outputs.ics import reminder_ics

    if req.deadline is None:
        raise UnknownFormat("a reminder needs the date the letter is received")
    language = spec.get("reminder_language") or req.language
    data = reminder_ics(letter.subject, req.deadline.due, letter.recipient_name, language)
    return data, f"{req.controller.slug}-answer-due-{req.deadline.due.isoformat()}.ics"


def render_download(spec: LetterSpec, fmt: str) -> tuple[bytes, str, str]:
    """`(content, content_type, filename)` for the letter in `fmt` (pdf, eml, ics or txt).

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
    content, filename = _render(render_letter(req), req, spec, fmt)
    return content, CONTENT_TYPES[fmt], filename


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
