"""Download tokens: they round-trip, expire, resist tampering, hide the person, and render."""

from __future__ import annotations

import base64
import io
import time
from email import policy
from email.parser import BytesParser

import pytest
from cryptography.fernet import Fernet
from icalendar import Calendar
from pypdf import PdfReader

from bot.deadlines import due_date
from bot.downloads import (
    DOWNLOAD_PATH,
    FORMATS,
    InvalidDownloadToken,
    UnknownFormat,
    available_formats,
    download_links,
    make_token,
    read_token,
    render_download,
)
from bot.letters.spec import LetterSpec, letter_request

T0 = 1_800_000_000  # a fixed "now" for the expiry tests


@pytest.fixture
def spec() -> LetterSpec:
    return {
        "request_type": "access",
        "country": "FR",
        "name": "Jane Doe",
        "email": "jane.doe@example.org",
        "id_method": "no_photo",
        "date": "2026-11-23",
        "received": "2026-11-23",
        "controller": "clearview-ai",
        "language": "en",
    }


@pytest.fixture
def key() -> bytes:
    return Fernet.generate_key()


def _flip(token: str, index: int) -> str:
    """`token` with one base64 character changed."""
    char = "A" if token[index] != "A" else "B"
    return token[:index] + char + token[index + 1 :]


def test_round_trip(spec: LetterSpec, key: bytes) -> None:
    assert read_token(make_token(spec, key), key) == spec


def test_round_trip_with_links_dates_and_enums(key: bytes) -> None:
    import datetime

    from bot.identification import IdMethod
    from bot.rights import RequestType

    spec: LetterSpec = {
        "request_type": RequestType.ERASURE,  # type: ignore[typeddict-item]
        "country": "US-IL",
        "name": "Zoë Ünal-Łukasik",
        "email": "zoe@example.org",
        "id_method": IdMethod.PUBLIC_LINKS,  # type: ignore[typeddict-item]
        "date": datetime.date(2026, 3, 1),  # type: ignore[typeddict-item]
        "public_links": ["https://example.org/a", "https://example.org/b?x=1"],
    }
    back = read_token(make_token(spec, key), key)
    assert back == {
        "request_type": "erasure",
        "country": "US-IL",
        "name": "Zoë Ünal-Łukasik",
        "email": "zoe@example.org",
        "id_method": "public_links",
        "date": "2026-03-01",
        "public_links": ["https://example.org/a", "https://example.org/b?x=1"],
    }


def test_token_is_url_safe_and_short(spec: LetterSpec, key: bytes) -> None:
    links = [f"https://example.org/photos/{i}/profile" for i in range(5)]
    token = make_token({**spec, "id_method": "public_links", "public_links": links}, key)
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert len(token) < 600


@pytest.mark.parametrize("index", [0, 10, 40, 100, -5])
def test_tampered_token_is_rejected(spec: LetterSpec, key: bytes, index: int) -> None:
    token = make_token(spec, key)
    with pytest.raises(InvalidDownloadToken):
        read_token(_flip(token, index), key)


@pytest.mark.parametrize("junk", ["", "abc", "gAAAA", "x" * 5000, "ünïcode", "a/b"])
def test_junk_is_rejected(key: bytes, junk: str) -> None:
    with pytest.raises(InvalidDownloadToken):
        read_token(junk, key)


def test_expired_token_is_rejected(spec: LetterSpec, key: bytes) -> None:
    token = make_token(spec, key, now=T0)
    assert read_token(token, key, 3600, now=T0 + 3599) == spec
    with pytest.raises(InvalidDownloadToken):
        read_token(token, key, 3600, now=T0 + 3601)


def test_old_token_is_rejected_at_real_time(spec: LetterSpec, key: bytes) -> None:
    old = make_token(spec, key, now=int(time.time()) - 7200)
    with pytest.raises(InvalidDownloadToken):
        read_token(old, key, 3600)


def test_token_from_the_future_is_rejected(spec: LetterSpec, key: bytes) -> None:
    token = make_token(spec, key, now=T0 + 600)
    with pytest.raises(InvalidDownloadToken):
        read_token(token, key, 3600, now=T0)


def test_wrong_key_is_rejected(spec: LetterSpec, key: bytes) -> None:
    token = make_token(spec, key)
    with pytest.raises(InvalidDownloadToken):
        read_token(token, Fernet.generate_key())


def test_token_does_not_show_the_person(spec: LetterSpec, key: bytes) -> None:
    token = make_token(spec, key)
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    for secret in ("Jane", "Doe", "jane.doe", "example.org"):
        assert secret not in token
        assert secret.encode() not in raw
        assert secret.lower().encode() not in raw.lower()


def test_make_token_refuses_bad_specs(spec: LetterSpec, key: bytes) -> None:
    with pytest.raises(ValueError, match="unknown spec keys: nickname"):
        make_token({**spec, "nickname": "J"}, key)  # type: ignore[typeddict-unknown-key]
    with pytest.raises(ValueError, match="missing spec keys: email"):
        make_token({**spec, "email": ""}, key)
    with pytest.raises(ValueError):
        make_token({**spec, "date": "23/11/2026"}, key)


def test_letter_request_matches_the_form(spec: LetterSpec) -> None:
    req = letter_request(spec)
    assert req.jurisdiction.code == "EU"
    assert req.controller.slug == "clearview-ai"
    assert req.deadline == due_date(req.date, "EU", "FR")
    assert letter_request({**spec, "country": "GB"}).jurisdiction.code == "UK"
    with pytest.raises(ValueError):
        letter_request({**spec, "controller": "nobody"})
    with pytest.raises(ValueError):
        letter_request({**spec, "id_method": "selfie"})


def test_pdf_parses(spec: LetterSpec) -> None:
    content, content_type, filename = render_download(spec, "pdf")
    assert content_type == "application/pdf"
    assert filename == "clearview-ai-access-request-2026-11-23.pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Jane Doe" in text
    assert "Article 15" in text


def test_eml_parses(spec: LetterSpec) -> None:
    content, content_type, filename = render_download(spec, "eml")
    assert content_type == "message/rfc822"
    assert filename.endswith(".eml")
    msg = BytesParser(policy=policy.default).parsebytes(content)
    assert msg["From"].addresses[0].addr_spec == "jane.doe@example.org"
    assert msg["To"].addresses[0].addr_spec == letter_request(spec).controller.email
    assert "Jane Doe" in msg.get_body().get_content()


def test_ics_parses(spec: LetterSpec) -> None:
    content, content_type, filename = render_download(
        {**spec, "reminder_language": "fr"}, "ics"
    )
    assert content_type.startswith("text/calendar")
    due = due_date(letter_request(spec).date, "EU", "FR").due
    assert filename == f"clearview-ai-answer-due-{due.isoformat()}.ics"
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == due
    assert "Jane" not in content.decode()  # the reminder names the company, not the person


def test_txt_is_the_letter(spec: LetterSpec) -> None:
    content, content_type, _ = render_download(spec, "text")
    assert content_type == "text/plain; charset=utf-8"
    assert "Jane Doe" in content.decode("utf-8")


def test_unknown_format_and_missing_receipt(spec: LetterSpec) -> None:
    with pytest.raises(UnknownFormat):
        render_download(spec, "docx")
    no_receipt = {k: v for k, v in spec.items() if k != "received"}
    with pytest.raises(UnknownFormat):
        render_download(no_receipt, "ics")  # type: ignore[arg-type]
    assert "ics" not in available_formats(no_receipt)  # type: ignore[arg-type]


def test_download_links(spec: LetterSpec, key: bytes) -> None:
    links = download_links(spec, "https://chat.ngo.example/", key)
    assert set(links) == set(FORMATS)
    tokens = set()
    for fmt, url in links.items():
        prefix = f"https://chat.ngo.example{DOWNLOAD_PATH}/"
        assert url.startswith(prefix)
        token, last = url[len(prefix) :].split("/")
        assert last == fmt
        tokens.add(token)
    (token,) = tokens
    assert read_token(token, key) == spec
    with pytest.raises(ValueError):
        download_links({**spec, "country": "not a country"}, "https://x.example", key)


def test_channel_path_matches() -> None:
    from components.channels.downloads import LetterDownloadsInput

    assert f"/webhooks/{LetterDownloadsInput.name()}/download" == DOWNLOAD_PATH
    assert LetterDownloadsInput.from_credentials({}).ttl_seconds == 3600  # type: ignore
    assert LetterDownloadsInput(ttl_seconds=60).ttl_seconds == 60




def test_round_trip_of_what_issue_16_added(key: bytes) -> None:
    """How the request goes, what the person said about its receipt and an extension (the
    detail `no_extension`), and when they complained to the company: kept as typed."""
    import datetime

    spec: LetterSpec = {
        "request_type": "complaint", "country": "AU", "name": "Jane Doe",
        "email": "jane.doe@example.org", "id_method": "no_photo", "date": "2026-11-23",
        "original_request": "access", "original_sent": "2026-09-14",
        "problems": ["no_answer"], "authority": "auoaic", "sent_by": "post",
        "received": "2026-09-17", "receipt_known": True, "details": ["no_extension"],
        "controller_complaint_sent": datetime.date(2026, 11, 2),  # type: ignore[typeddict-item]
    }
    back = read_token(make_token(spec, key), key)
    assert back["details"] == ["no_extension"] and back["receipt_known"] is True
    assert back["controller_complaint_sent"] == "2026-11-02" and back["sent_by"] == "post"
    req = letter_request(back)
    assert req.details == {"no_extension"} and req.deadline is not None
    assert req.deadline.receipt == "given" and req.deadline.received.day == 17
    text, _type, _name = render_download(back, "text")
    assert "On 2 November 2026, I complained to Clearview AI, Inc." in text.decode()
