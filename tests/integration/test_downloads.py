"""Letter downloads from the running Rasa server: files, private headers, and dead links.

The servers read the download key from $DOWNLOAD_KEY or var/download.key in the repository
(they run with the repository as working directory); `keys.load(keys.DOWNLOAD)` reads the
same one here.
"""

from __future__ import annotations

import io
import time
from email import policy
from email.parser import BytesParser

import pytest
import requests
from icalendar import Calendar
from pypdf import PdfReader

from bot import keys
from bot.downloads import download_links, make_token
from bot.letters.spec import LetterSpec
from components.channels.downloads import NOT_FOUND_TEXT
from tests.integration.conftest import Servers

NAME = "Integration Downloadtester"
EMAIL = "integration.downloads@example.org"
SPEC: LetterSpec = {
    "request_type": "erasure",
    "country": "DE",
    "name": NAME,
    "email": EMAIL,
    "id_method": "no_photo",
    "date": "2026-11-23",
    "received": "2026-11-24",
    "controller": "clearview-ai",
}
PRIVATE = {
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
}


@pytest.fixture(scope="module")
def links(servers: Servers) -> dict[str, str]:
    return download_links(SPEC, servers.rasa_url, keys.load(keys.DOWNLOAD))


def _get(url: str) -> requests.Response:
    return requests.get(url, timeout=60, allow_redirects=False)


def _assert_private(reply: requests.Response) -> None:
    for header, value in PRIVATE.items():
        assert reply.headers.get(header) == value, header


def _assert_not_found(reply: requests.Response) -> None:
    assert reply.status_code == 404
    assert reply.text == NOT_FOUND_TEXT
    assert reply.headers["content-type"].startswith("text/plain")
    _assert_private(reply)


def test_pdf(links: dict[str, str]) -> None:
    reply = _get(links["pdf"])
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/pdf"
    assert reply.headers["content-disposition"] == (
        'attachment; filename="clearview-ai-erasure-request-2026-11-23.pdf"'
    )
    _assert_private(reply)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(reply.content)).pages)
    assert NAME in text
    assert "Article 17" in text


def test_eml(links: dict[str, str]) -> None:
    reply = _get(links["eml"])
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "message/rfc822"
    assert reply.headers["content-disposition"].endswith('.eml"')
    _assert_private(reply)
    msg = BytesParser(policy=policy.default).parsebytes(reply.content)
    assert msg["From"].addresses[0].addr_spec == EMAIL
    assert "Article 17" in msg.get_body().get_content()


def test_ics(links: dict[str, str]) -> None:
    reply = _get(links["ics"])
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/calendar")
    assert reply.headers["content-disposition"].startswith("attachment; filename=")
    _assert_private(reply)
    (event,) = Calendar.from_ical(reply.content).walk("VEVENT")
    assert event.decoded("dtstart").isoformat() >= "2026-12-24"


def test_txt(links: dict[str, str]) -> None:
    reply = _get(links["text"])
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "text/plain; charset=utf-8"
    _assert_private(reply)
    assert NAME in reply.text


def test_tampered_token_is_not_found(links: dict[str, str]) -> None:
    base, token, fmt = links["pdf"].rsplit("/", 2)
    middle = len(token) // 2
    bad = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    _assert_not_found(_get(f"{base}/{bad}/{fmt}"))
    _assert_not_found(_get(f"{base}/not-a-token/{fmt}"))


def test_unknown_format_is_not_found(links: dict[str, str]) -> None:
    base, token, _ = links["pdf"].rsplit("/", 2)
    _assert_not_found(_get(f"{base}/{token}/docx"))


def test_expired_link_is_not_found(servers: Servers, links: dict[str, str]) -> None:
    base = links["pdf"].rsplit("/", 2)[0]
    old = make_token(SPEC, keys.load(keys.DOWNLOAD), now=int(time.time()) - 2 * 3600)
    _assert_not_found(_get(f"{base}/{old}/pdf"))


def test_foreign_key_is_not_found(links: dict[str, str]) -> None:
    from cryptography.fernet import Fernet

    base = links["pdf"].rsplit("/", 2)[0]
    foreign = make_token(SPEC, Fernet.generate_key())
    _assert_not_found(_get(f"{base}/{foreign}/pdf"))


def test_nothing_is_logged(servers: Servers, links: dict[str, str]) -> None:
    for url in links.values():
        _get(url)
    token = links["pdf"].rsplit("/", 2)[1]
    log = "".join(f.read_text(errors="replace") for f in servers.log_dir.glob("rasa-*.log"))
    assert token not in log
    assert NAME not in log
    assert EMAIL not in log
