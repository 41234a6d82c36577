"""Tracking, reminders, complaints and the assistant's own privacy, end to end over REST.

The real servers run with a temporary SQLite tracker store and case store. These tests
search the stored bytes for personal data, restart the servers in the middle of a case, and
go from a tracked request to the reminder and to the complaint.
"""

from __future__ import annotations

import datetime
import re
import sqlite3

import requests

from bot import keys
from bot.cases import CaseStore
from bot.i18n import format_long_date
from tests.integration.conftest import (
    ServerProcesses,
    Servers,
    new_sender,
    payloads,
    texts,
)

REFERENCE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")
NAME = "Zephyrine Quackenbush-Oyelaran"
EMAIL = "zq.oyelaran-7731@example.org"
ADDRESS = "17 Rue des Lilas Penchées, Lyon"
PHONE = "+33 6 71 42 98 03"
# Typed outside any form question: a name and a birth date, before the request starts.
OTHER_NAME = "Ottoline Vanderkamp-Brisebois"
BIRTH_DATE = "14/09/1987"
FERNET_TOKEN = re.compile(rb"gAAAAA[A-Za-z0-9_=-]{40,}")


def decrypted_tokens(blob: bytes) -> list[bytes]:
    """Every Fernet token in `blob` that a key of these servers decrypts (download links and
    sealed events), inflated when it is a download spec."""
    import contextlib
    import zlib

    from cryptography.fernet import Fernet, InvalidToken

    fernets = [Fernet(keys.load(keys.DOWNLOAD)), Fernet(keys.load(keys.SEAL))]
    found = []
    for match in FERNET_TOKEN.finditer(blob):
        token = match.group(0) + b"=" * (-len(match.group(0)) % 4)
        for key in fernets:
            try:
                plain = key.decrypt(token)
            except (InvalidToken, ValueError):
                continue
            with contextlib.suppress(zlib.error):
                plain = zlib.decompressobj(-15).decompress(plain)
            found.append(plain)
    return found


def write_access_letter(
    servers: Servers, sender: str, *, country: str = "France", name: str = "Jane Doe",
    email: str = "jane.doe@example.org",
) -> str:
    """Go through the access form by buttons and plain answers; the replies to the letter."""
    servers.send(sender, "/request_access")
    servers.send(sender, country)
    servers.send(sender, '/inform{"id_method":"no_photo"}')
    servers.send(sender, name)
    servers.send(sender, email)
    return texts(servers.send(sender, "/affirm"))


def track(servers: Servers, sender: str, sent: str) -> str:
    """Accept tracking and give the sending date; the reference."""
    assert "On which day did you send the letter" in texts(servers.send(sender, "/affirm"))
    answer = texts(servers.send(sender, sent))
    assert "I am tracking your access request" in answer
    found = REFERENCE.search(answer)
    assert found, answer
    return found.group(0)


def test_letter_offers_tracking_and_tracking_gives_reference_due_date_and_reminder(
    servers: Servers,
) -> None:
    sender = new_sender()
    letter = write_access_letter(servers, sender)
    assert "Shall I keep track of this request?" in letter
    reference = track(servers, sender, "today")
    store = CaseStore.from_url(f"sqlite:///{servers.tracker_db.parent / 'cases.db'}")
    case = store.find(reference)
    assert case is not None and case.place == "FR" and case.request_type == "access"
    assert case.sent == datetime.date.today()
    # Coming back in the same chat, without the reference, finds the case and says "wait".
    answer = texts(servers.send(sender, "what's the status of my request?"))
    assert reference in answer
    assert format_long_date(case.due, "en") in answer
    assert "The controller has until" in answer  # not passed yet
    # The calendar reminder for the due date downloads as a real iCalendar file.
    replies = servers.send(sender, "/check_case")
    assert reference in texts(replies)


def test_declining_tracking_stores_no_case(servers: Servers) -> None:
    sender = new_sender()
    write_access_letter(servers, sender)
    assert "nothing is stored" in texts(servers.send(sender, "/deny"))
    store = CaseStore.from_url(f"sqlite:///{servers.tracker_db.parent / 'cases.db'}")
    assert store.cases_of(owner=sender) == []


def test_bad_dates_are_refused_in_the_tracking_form(servers: Servers) -> None:
    sender = new_sender()
    write_access_letter(servers, sender)
    servers.send(sender, "/affirm")
    assert "could not read a date" in texts(servers.send(sender, "next Tuesday at noon maybe"))
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    assert "could not read a date" in texts(servers.send(sender, tomorrow))
    assert "I am tracking" in texts(servers.send(sender, "yesterday"))


def test_premature_reminder_is_refused_with_the_due_date(servers: Servers) -> None:
    sender = new_sender()
    write_access_letter(servers, sender)
    reference = track(servers, sender, "today")
    answer = texts(servers.send(sender, "/no_response"))
    assert reference in answer
    assert "The answer is not due yet" in answer
    assert "Here is your letter" not in answer


def test_case_survives_a_restart_then_reminder_and_complaint_from_another_chat(
    servers: Servers, server_processes: ServerProcesses,
) -> None:
    sender = new_sender()
    write_access_letter(servers, sender)
    sent = datetime.date.today() - datetime.timedelta(days=75)
    reference = track(servers, sender, sent.strftime("%d/%m/%Y"))

    server_processes.stop()
    server_processes.start()

    # A new chat (another device): the reference alone finds the case.
    other = new_sender()
    answer = texts(servers.send(other, f"my reference is {reference.lower()}"))
    assert reference in answer
    assert "has passed without an answer" in answer
    replies = servers.send(other, "/no_response")
    assert "I found your request" in texts(replies)
    # The case gave the country, the request and its date: how it went (the tracking did
    # not ask), the name and the e-mail are asked.
    assert "How did you send it" in texts(replies)
    assert "What name should I put on the letter?" in texts(servers.send(other, "by e-mail"))
    servers.send(other, "Jane Doe")
    summary = texts(servers.send(other, "jane.doe@example.org"))
    assert format_long_date(sent, "en") in summary
    letter = texts(servers.send(other, "/affirm"))
    assert "Reminder: my request for access" in letter and "Article 12(3)" in letter
    assert format_long_date(sent, "en") in letter
    store = CaseStore.from_url(f"sqlite:///{servers.tracker_db.parent / 'cases.db'}")
    assert store.find(reference).status.value == "followed_up"

    # Then the complaint: to the CNIL (the only authority in France), in French.
    replies = servers.send(other, "/file_complaint")
    assert "I found your request" in texts(replies)
    # The case recorded the missing answer and how the request went: neither is asked again.
    assert "What went wrong" not in texts(replies)
    assert "What name should I put" in texts(replies)
    servers.send(other, "Jane Doe")
    summary = texts(servers.send(other, "jane.doe@example.org"))
    assert "Commission Nationale de l'Informatique et des Libertés" in summary
    complaint = texts(servers.send(other, "/affirm"))
    assert "Here is your complaint to" in complaint
    assert "article 77" in complaint.lower()
    assert "Clearview" in complaint
    assert store.find(reference).status.value == "complained"


def test_a_bad_answer_leads_to_a_complaint_with_the_problem_and_the_missing_items(
    servers: Servers,
) -> None:
    sender = new_sender()
    write_access_letter(servers, sender, country="Germany")
    sent = datetime.date.today() - datetime.timedelta(days=20)
    reference = track(servers, sender, sent.isoformat())
    replies = servers.send(sender, "/file_complaint")
    assert reference in texts(replies)
    # Germany: the person picks the authority of their Land.
    assert '/inform{"authority":"debaylda"}' in payloads(replies)
    assert "How did you send it" in texts(
        servers.send(sender, '/inform{"authority":"debaylda"}'))
    assert "What went wrong" in texts(servers.send(sender, "per E-Mail"))
    assert "What was missing" in texts(
        servers.send(sender, '/inform{"problem":"partial_answer"}')
    )
    servers.send(sender, "the sources of the images")
    servers.send(sender, "Jane Doe")
    summary = texts(servers.send(sender, "jane.doe@example.org"))
    assert "the sources of the images" in summary
    complaint = texts(servers.send(sender, "/affirm"))
    assert "Bayerisches Landesamt für Datenschutzaufsicht" in complaint
    assert "Art. 77" in complaint  # written in German, the authority's language


def test_no_personal_data_in_the_stores_or_the_logs(
    servers: Servers, server_processes: ServerProcesses,
) -> None:
    sender = new_sender()
    servers.send(sender, f"hi, I'm {OTHER_NAME}, born {BIRTH_DATE}, is my face in there?")
    servers.send(sender, "/request_access")
    servers.send(sender, f"I live at {ADDRESS}, France")
    servers.send(sender, '/inform{"id_method":"public_links"}')
    servers.send(sender, "https://example.net/team/zephyrine-q.jpg")
    # The greeting's "I'm …" filled the name, so the e-mail is asked; the person corrects the
    # name there. Both names were slot values: neither may stay in a store.
    corrected = texts(servers.send(sender, f"my name is {NAME}"))
    assert "Noted: I changed the name" in corrected and "does not look right" not in corrected
    servers.send(sender, EMAIL)
    replies = servers.send(sender, "/affirm")
    letter = texts(replies)
    assert NAME in letter and EMAIL in letter  # the letter itself has them, of course
    links = [link["url"] for r in replies if (r.get("custom") or {}).get("links")
             for link in r["custom"]["links"]]
    assert links and requests.get(links[0], timeout=30).ok  # the links work right now
    track(servers, sender, "today")
    servers.send(sender, f"you can also call me on {PHONE}")
    servers.send(sender, "thanks, bye")

    needles = [NAME, EMAIL, ADDRESS, PHONE, "zephyrine-q.jpg", "Quackenbush", "Lilas",
               OTHER_NAME, "Vanderkamp", BIRTH_DATE]
    tracker_bytes = servers.tracker_db.read_bytes()
    cases_bytes = (servers.tracker_db.parent / "cases.db").read_bytes()
    wal = [p.read_bytes() for p in servers.tracker_db.parent.glob("*.db-wal")]
    logs = b"".join(p.read_bytes() for p in server_processes.log_dir.glob("*.log"))
    files = [("tracker", tracker_bytes), ("cases", cases_bytes), ("logs", logs),
             *(("wal", w) for w in wal)]
    for needle in needles:
        raw = needle.encode()
        escaped = needle.encode("unicode_escape")  # JSON escapes the accented characters
        for name, blob in files:
            assert raw not in blob and escaped not in blob, f"{needle!r} found in {name}"
    # No token that a key of the servers decrypts holds the name or the e-mail: the download
    # links were stored without their tokens, the sealed answers were redacted.
    for name, blob in files:
        for plain in decrypted_tokens(blob):
            assert NAME.encode() not in plain and EMAIL.encode() not in plain, name
    assert b"/webhooks/letters/download/expired/" in tracker_bytes + b"".join(wal)
    # The conversation is still there, only without the personal data.
    assert b"thanks, bye" in tracker_bytes + b"".join(wal)  # WAL: recent pages may be there
    rows = sqlite3.connect(servers.tracker_db).execute(
        "select count(*) from events where sender_id = ?", (sender,)
    ).fetchone()[0]
    assert rows > 20


def test_forget_me_deletes_conversation_and_cases_and_says_so(servers: Servers) -> None:
    sender = new_sender()
    write_access_letter(servers, sender)
    reference = track(servers, sender, "today")
    answer = texts(servers.send(sender, "please delete everything you have about me"))
    assert "1 tracked request" in answer
    rows = sqlite3.connect(servers.tracker_db).execute(
        "select count(*) from events where sender_id = ?", (sender,)
    ).fetchone()[0]
    assert rows == 0
    store = CaseStore.from_url(f"sqlite:///{servers.tracker_db.parent / 'cases.db'}")
    assert store.find(reference) is None


def test_privacy_notice_comes_from_the_configuration(servers: Servers) -> None:
    answer = texts(servers.send(new_sender(), "what do you store about me?"))
    assert "deleted 17 days after your last message" in answer  # test settings
    assert "until 93 days after it is answered" in answer
    assert "SQLite database file" in answer
    assert "Integration Test NGO" in answer


def test_ics_reminder_link_of_a_tracked_case_downloads(servers: Servers) -> None:
    sender = new_sender()
    write_access_letter(servers, sender)
    servers.send(sender, "/affirm")
    replies = servers.send(sender, "today")
    custom = [r["custom"] for r in replies if r.get("custom")]
    assert custom and custom[0]["type"] == "letter_downloads"
    url = custom[0]["links"][0]["url"]
    reply = requests.get(url, timeout=60)
    assert reply.status_code == 200
    assert reply.content.startswith(b"BEGIN:VCALENDAR")


def test_the_running_server_purges_old_conversations_and_closed_cases(servers: Servers) -> None:
    """The retention job of the Rasa server (every 3 s in these tests) applies settings.yml:
    conversations 17 days after their last message, closed cases 93 days after."""
    import time

    old = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=120)
    url = f"sqlite:///{servers.tracker_db.parent / 'cases.db'}"
    past = CaseStore.from_url(url, clock=lambda: old)
    closed = past.open_case(owner="retention-test", request_type="access",
                            controller="clearview-ai", place="FR", letter_language="en",
                            chat_language="en", channel="rest")
    past.set_status(closed.reference, "answered")
    still_open = past.open_case(owner="retention-test", request_type="access",
                                controller="clearview-ai", place="FR", letter_language="en",
                                chat_language="en", channel="rest")
    recent = new_sender()
    servers.send(recent, "hello")
    stale = f"stale-{new_sender()}"
    with sqlite3.connect(servers.tracker_db) as db:
        db.execute(
            "insert into events (sender_id, type_name, timestamp, data) values (?, ?, ?, ?)",
            (stale, "action", old.timestamp(), '{"event": "action", "name": "action_listen"}'),
        )
    deadline = time.monotonic() + 30
    store = CaseStore.from_url(url)
    while time.monotonic() < deadline:
        with sqlite3.connect(servers.tracker_db) as db:
            left = db.execute("select count(*) from events where sender_id = ?",
                              (stale,)).fetchone()[0]
        if left == 0 and store.find(closed.reference) is None:
            break
        time.sleep(1)
    assert left == 0, "the old conversation was not purged"
    assert store.find(closed.reference) is None, "the old closed case was not purged"
    assert store.find(still_open.reference) is not None  # open cases are kept
    with sqlite3.connect(servers.tracker_db) as db:
        assert db.execute("select count(*) from events where sender_id = ?",
                          (recent,)).fetchone()[0] > 0
