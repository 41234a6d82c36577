"""Output formats: each one is parsed back with a real parser and compared with the letter.

mailto with urllib.parse, .eml with the stdlib e-mail parser, PDF with pypdf, .ics with
icalendar. The person's values were cleaned to one line where they entered (LetterRequest);
here hostile characters that remain legal in a value (quotes, "&bcc=", "?", "#", emoji) must
stay inside their own field, and a name with CR/LF arrives flattened.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from bot.identification import IdMethod
from bot.jurisdictions import Place, jurisdiction_for
from bot.letters import Letter, LetterRequest, render_letter
from bot.outputs.eml import as_eml
from bot.outputs.ics import reminder_ics
from bot.outputs.mailto import MAX_URL_LENGTH, encode_address, mailto_link
from bot.outputs.pdf import as_pdf
from bot.outputs.text import as_text, layout
from bot.registry import get_controller
from bot.rights import RequestType

HOSTILE = 'Zoë "Z" O\'Brien & co?x=1#frag 100% 🙂 Bcc: evil@example.com&bcc=evil@example.com'
JAPANESE = "「個人データへのアクセス請求」"


def request(name: str = "Zoë Müller", place: str | None = None) -> LetterRequest:
    return LetterRequest(
        request_type=RequestType.ACCESS,
        jurisdiction=jurisdiction_for(Place("FR")),
        controller=get_controller("clearview-ai"),
        name=name,
        email="zoe@example.org",
        id_method=IdMethod.NO_PHOTO,
        country="FR",
        date=datetime.date(2026, 11, 23),
        place=place,
    )


@pytest.fixture(scope="module")
def letter() -> Letter:
    """A real English access letter for a resident of France."""
    return render_letter(request(place="Paris"))


def short_letter(subject: str = "Subject", body: str = "Hello\n", **changes: object) -> Letter:
    """A hand-built letter (no template), for exact round trips."""
    fields: dict[str, object] = dict(
        subject=subject,
        content=body,
        recipient_name="Clearview AI, Inc.",
        recipient_email="legal-requests@clearview.ai",
        recipient_address_lines=("418 Broadway STE N", "Albany", "NY 12207", "USA"),
        language="en",
        request_type=RequestType.ACCESS,
        date=datetime.date(2026, 11, 23),
        sender_name="Zoë Müller",
        sender_email="zoe@example.org",
        addressee="Clearview AI, Inc.",
        subject_line=f"Subject: {subject}",
        date_line="23 November 2026",
        information=("Applicable law: the GDPR",),
        signature=("Zoë Müller", "E-mail for your reply: zoe@example.org"),
    )
    fields.update(changes)
    return Letter(**fields)  # type: ignore[arg-type]


def japanese_letter() -> Letter:
    """A Japanese letter built directly, its fields as the Japanese templates word them."""
    body = ("拝啓\n\n"
            + "一般データ保護規則第15条に基づき、私の個人データへのアクセスを請求します。" * 3
            + "\n\n敬具\n")
    return short_letter(JAPANESE, body, language="ja", addressee="Clearview AI, Inc. 御中",
                        subject_line="件名：" + JAPANESE, sender_name="山田 花子",
                        date_line="東京、2026年11月23日",
                        signature=("山田 花子",), place="東京")


# --- text ---------------------------------------------------------------------------------


def test_text_is_subject_blank_line_body(letter: Letter) -> None:
    text = as_text(letter)
    assert text.startswith(letter.subject + "\n\n")
    assert text.endswith(layout(letter))


def test_the_text_layout_places_every_field() -> None:
    assert layout(short_letter("S", "Dear Sir,\n\nText.\n\nYours,\n")) == (
        "Clearview AI, Inc.\n418 Broadway STE N\nAlbany\nNY 12207\nUSA\n"
        "legal-requests@clearview.ai\n\n23 November 2026\n\nSubject: S\n"
        "Applicable law: the GDPR\n\nDear Sir,\n\nText.\n\nYours,\n\nZoë Müller\n"
        "E-mail for your reply: zoe@example.org\n")


# --- mailto -------------------------------------------------------------------------------


def parse_mailto(url: str) -> tuple[str, dict[str, list[str]]]:
    """(decoded address, decoded header fields) as a mail client would read them."""
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert parts.fragment == ""  # a "#" in a value must not start a fragment
    return unquote(parts.path), parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)


@pytest.mark.parametrize(
    "body",
    [
        "Dear \"Sir\" or 'Madam',\nline two & more ? # 50% ü é ß 🙂\r\nend\n",
        HOSTILE + "\n",
        "a=b&c=d\n",
    ],
)
def test_mailto_round_trip(body: str) -> None:
    result = mailto_link(short_letter("Ré: access & erasure? #1 100%", body))
    assert not result.body_omitted and result.copy_text is None
    address, fields = parse_mailto(result.url)
    assert address == "legal-requests@clearview.ai"
    assert set(fields) == {"subject", "body"}
    assert fields["subject"] == ["Ré: access & erasure? #1 100%"]
    sent = layout(short_letter("Ré: access & erasure? #1 100%", body))
    assert fields["body"] == ["\r\n".join(sent.splitlines())]


def test_mailto_encoding_is_strict() -> None:
    url = mailto_link(short_letter("a b", "x y\nz")).url
    assert "subject=a%20b" in url and "x%20y%0D%0Az" in url
    assert "+" not in url and " " not in url


def test_mailto_subject_cannot_add_headers() -> None:
    result = mailto_link(short_letter(HOSTILE, "body\n"))
    _, fields = parse_mailto(result.url)
    assert set(fields) == {"subject", "body"}
    assert "&bcc=evil@example.com" in fields["subject"][0]


@pytest.mark.parametrize(
    "address", ["a@b.org,evil@example.com", "a@b.org?bcc=evil@example.com", "a b@c.org",
                "a@b.org\r\nbcc:x@y.z", "Name <a@b.org>"],
)
def test_mailto_refuses_address_that_is_not_one_address(address: str) -> None:
    letter = dataclasses.replace(short_letter(), recipient_email=address)
    with pytest.raises(ValueError):
        mailto_link(letter)


def test_mailto_address_percent_encodes_reserved() -> None:
    assert encode_address("a+b%c@example.org") == "a%2Bb%25c@example.org"


def test_mailto_long_body_falls_back_to_copy(letter: Letter) -> None:
    result = mailto_link(letter)  # a real access letter is well over 2,000 characters
    assert result.body_omitted
    assert len(result.url) <= MAX_URL_LENGTH
    address, fields = parse_mailto(result.url)
    assert address == "legal-requests@clearview.ai"
    assert set(fields) == {"subject"} and fields["subject"] == [letter.subject]
    assert result.copy_text == as_text(letter)


def test_mailto_without_recipient_address() -> None:
    with pytest.raises(ValueError, match="post"):
        mailto_link(dataclasses.replace(short_letter(), recipient_email=None))


# --- eml ----------------------------------------------------------------------------------


def parse_eml(data: bytes) -> EmailMessage:
    """Parse as a mail program would, with the modern policy."""
    return BytesParser(policy=policy.default).parsebytes(data)


@pytest.mark.parametrize(
    "name", ["Zoë Müller", 'Jane "JD" Doe', "山田 花子 🙂", "Eve\r\nBcc: evil@example.com"]
)
def test_eml_round_trip(name: str) -> None:
    subject = "Demande d'accès \"urgent\" 🙂 Bcc: evil@example.com"
    body = "Bonjour,\n\nligne accentuée: é à ü 🙂\n日本語\n"
    cleaned = request(name=name).name  # what the letter carries: one line
    letter = short_letter(subject, body, sender_name=cleaned)
    data = as_eml(letter,
                  now=datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone.utc))
    assert b"\r\n" in data and b"\nBcc:" not in data and b"\r\nBcc:" not in data
    msg = parse_eml(data)
    for header in ("To", "From", "Subject", "Date", "Message-ID"):
        assert len(msg.get_all(header)) == 1, header
    assert msg.get_all("Bcc") is None
    sender = msg["From"].addresses[0]
    assert sender.addr_spec == "zoe@example.org"
    assert sender.display_name == " ".join(name.split())  # CR/LF flattened to a space
    assert msg["To"].addresses[0].addr_spec == "legal-requests@clearview.ai"
    assert msg["To"].addresses[0].display_name == "Clearview AI, Inc."
    assert msg["Subject"] == " ".join(subject.split())
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    assert msg["Content-Transfer-Encoding"] in ("quoted-printable", "8bit")
    assert msg.get_content().replace("\r\n", "\n") == layout(letter)
    assert msg["Message-ID"].endswith("@example.org>")  # not this machine's host name
    assert msg["Date"].datetime == datetime.datetime(2026, 11, 23, 10, 0,
                                                     tzinfo=datetime.timezone.utc)


def test_eml_non_ascii_headers_are_rfc2047(letter: Letter) -> None:
    data = as_eml(letter)
    headers = data.split(b"\r\n\r\n", 1)[0]
    headers.decode("ascii")  # every header is 7-bit
    assert b"=?utf-8?" in headers


def test_a_bad_sender_address_never_reaches_a_letter() -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(request(), email="jane@example.org, evil@example.com")


# --- pdf ----------------------------------------------------------------------------------


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_has_subject_recipient_pages(letter: Letter) -> None:
    data = as_pdf(letter)
    assert data.startswith(b"%PDF-")
    pages, text = pdf_text(data)
    assert pages >= 2
    flat = " ".join(text.split())
    assert letter.subject in flat
    for line in ("Clearview AI, Inc.", *letter.recipient_address_lines):
        assert line in text
    assert "Zoë Müller" in text and "zoe@example.org" in text
    assert "Paris, 23 November 2026" in text
    for page in range(1, pages + 1):
        assert f"{page} / {pages}" in text
    assert flat.count("Dear Sir or Madam") == 1
    assert flat.count(letter.subject) == 1  # laid out once, never parsed back from a text


def test_pdf_renders_japanese() -> None:
    letter = japanese_letter()
    data = as_pdf(letter)
    _, text = pdf_text(data)
    flat = "".join(text.split())
    assert JAPANESE in flat
    assert "山田花子" in flat and "一般データ保護規則第15条" in flat
    assert "2026年11月23日" in flat


def test_pdf_twice_in_a_row_is_the_same_size(letter: Letter) -> None:
    """The per-process font cache must give every document fresh font state."""
    first = as_pdf(letter)
    second = as_pdf(letter)
    assert abs(len(first) - len(second)) < 200  # only the creation date differs
    assert pdf_text(first)[1] == pdf_text(second)[1]
    mixed = as_pdf(japanese_letter())
    assert JAPANESE in "".join(pdf_text(mixed)[1].split())


# --- ics ----------------------------------------------------------------------------------


def test_ics_round_trip() -> None:
    subject = "Request, with; commas\nand a very long subject " + "x" * 120
    data = reminder_ics(subject, datetime.date(2027, 4, 5), "Clearview AI, Inc.", "en")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == datetime.date(2027, 4, 5)
    assert not isinstance(event.decoded("dtstart"), datetime.datetime)  # all-day
    assert event.get("uid") and event.get("dtstamp")
    assert "Clearview AI, Inc." in str(event["summary"])
    description = str(event["description"])
    assert "Request, with; commas and a very long subject" in description
    assert "5 April 2027" in description
    alarms = list(event.walk("VALARM"))
    assert len(alarms) == 1
    assert str(alarms[0]["action"]) == "DISPLAY"
    assert alarms[0].decoded("trigger") == datetime.timedelta(days=-1)


def test_ics_uids_differ() -> None:
    one = Calendar.from_ical(reminder_ics("s", datetime.date(2027, 1, 1), "C", "en"))
    two = Calendar.from_ical(reminder_ics("s", datetime.date(2027, 1, 1), "C", "en"))
    assert one.walk("VEVENT")[0]["uid"] != two.walk("VEVENT")[0]["uid"]
