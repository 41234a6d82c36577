"""The case store on real databases: a SQLite file and a real PostgreSQL server.

Opening, sending and due dates (EDPB Guidelines 01/2022 §160: received 5 March, due 5 April),
problems and statuses, finding a case again (also from a new store on the same database,
as after a restart), forget-me, deletion, statistics, and the rule that nothing personal
gets in.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.orm import Session

import bot.cases.engine as engine_module
import bot.cases.store as store_module
from bot.cases import (
    Case,
    CaseNotFound,
    CaseStatus,
    CaseStore,
    InvalidReference,
    PersonalDataRefused,
    Problem,
    parse_reference,
)
from bot.cases.models import CaseRow, EventRow
from bot.deadlines import due_date
from bot.rights import RequestType
from bot.settings import cases_db_url

UTC = datetime.timezone.utc
SECRET = b"test-secret-0123456789abcdef"
SENDER = "a1b2c3-sender-of-jane@example.org"  # sender ids can be anything, even an address
OTHER = "another-sender"
CASE = {
    "request_type": "access",
    "controller": "clearview-ai",
    "place": "FR",
    "letter_language": "en",
    "chat_language": "fr",
    "channel": "rest",
}


class Clock:
    """A settable UTC clock for the store."""

    def __init__(self, now: datetime.datetime) -> None:
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime.datetime(2027, 3, 5, 9, 30, tzinfo=UTC))


@pytest.fixture
def store(db_url: str, clock: Clock) -> Iterator[CaseStore]:
    s = CaseStore.from_url(db_url, secret=SECRET, clock=clock)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(tmp_path: Path, clock: Clock) -> Iterator[CaseStore]:
    s = CaseStore.from_url(f"sqlite:///{tmp_path / 'cases.db'}", secret=SECRET, clock=clock)
    yield s
    s.close()


def open_case(store: CaseStore, owner: str = SENDER, **overrides: object) -> Case:
    return store.open_case(owner=owner, **{**CASE, **overrides})  # type: ignore[arg-type]


def count(store: CaseStore, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


# --- opening and sending ---------------------------------------------------------------------


def test_open_case_returns_a_frozen_snapshot(store: CaseStore, clock: Clock) -> None:
    case = open_case(store)
    assert isinstance(case, Case)
    assert parse_reference(case.reference) and len(case.reference) == 14
    assert case.request_type is RequestType.ACCESS
    assert (case.controller, case.place, case.jurisdiction) == ("clearview-ai", "FR", "EU")
    assert (case.letter_language, case.chat_language, case.channel) == ("en", "fr", "rest")
    assert case.authority is None
    assert case.status is CaseStatus.AWAITING_SEND
    assert case.sent is case.due is case.extended_due is None
    assert case.created == case.updated == case.last_activity == clock.now
    assert [(e.kind, e.detail) for e in case.events] == [("opened", {"request_type": "access"})]
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.status = CaseStatus.CLOSED  # type: ignore[misc]


def test_record_sent_edpb_examples(store: CaseStore) -> None:
    """EDPB Guidelines 01/2022 §160: received 5 March -> 5 April; 31 August -> 30 September."""
    case = open_case(store)
    case = store.record_sent(case.reference, datetime.date(2027, 3, 5))  # by e-mail
    assert case.sent == datetime.date(2027, 3, 5)
    assert case.due == datetime.date(2027, 4, 5)
    assert case.extended_due == due_date(datetime.date(2027, 3, 5), "EU", "FR",
                                         extended=True).extended_due
    assert case.status is CaseStatus.AWAITING_ANSWER
    assert case.events[-1].kind == "sent" and case.events[-1].detail == {"receipt": "same_day"}

    other = store.record_sent(open_case(store).reference, datetime.date(2026, 8, 31))
    assert other.due == datetime.date(2026, 9, 30)


def test_open_case_with_sent_date(store: CaseStore) -> None:
    case = open_case(store, sent=datetime.date(2027, 3, 5))
    assert case.status is CaseStatus.AWAITING_ANSWER
    assert case.due == datetime.date(2027, 4, 5)
    assert [e.kind for e in case.events] == ["opened", "sent"]


def test_posted_letter_counts_from_receipt(sqlite_store: CaseStore) -> None:
    case = open_case(sqlite_store)
    case = sqlite_store.record_sent(case.reference, datetime.date(2026, 8, 28),
                                    received=datetime.date(2026, 8, 31))
    assert case.sent == datetime.date(2026, 8, 28)
    assert case.due == datetime.date(2026, 9, 30)
    assert case.events[-1].detail == {"receipt": "given"}
    with pytest.raises(ValueError, match="received before"):
        sqlite_store.record_sent(case.reference, datetime.date(2026, 9, 2),
                                 received=datetime.date(2026, 9, 1))


@pytest.mark.parametrize(("place", "jurisdiction", "country", "subdivision"), [
    ("DE-BY", "EU", "DE", "DE-BY"),
    ("GB", "UK", "GB", None),
    ("UK", "UK", "GB", None),
    ("CH", "CH", "CH", None),
])
def test_due_dates_follow_the_place(sqlite_store: CaseStore, place: str, jurisdiction: str,
                                    country: str, subdivision: str | None) -> None:
    sent = datetime.date(2026, 9, 3)
    case = open_case(sqlite_store, place=place, sent=sent)
    expected = due_date(sent, jurisdiction, country, subdivision, extended=True)
    assert case.jurisdiction == jurisdiction
    assert (case.due, case.extended_due) == (expected.due, expected.extended_due)


def test_no_due_date_where_no_answer_period_is_modelled(sqlite_store: CaseStore) -> None:
    case = open_case(sqlite_store, place="US-IL", sent=datetime.date(2026, 9, 3))
    assert case.jurisdiction == "US-IL"
    assert case.due is None and case.extended_due is None
    assert case.status is CaseStatus.AWAITING_ANSWER


def test_a_case_starts_with_a_first_request(sqlite_store: CaseStore) -> None:
    for request_type in ("follow_up", "complaint"):
        with pytest.raises(ValueError, match="access, erasure or objection"):
            open_case(sqlite_store, request_type=request_type)
    assert open_case(sqlite_store, request_type=RequestType.OBJECTION).request_type is \
        RequestType.OBJECTION


@pytest.mark.parametrize(("field", "value", "message"), [
    ("request_type", "rectification", "unknown request type"),
    ("controller", "no-such-controller", "unknown controller"),
    ("place", "ZZ-XX-1", "ISO 3166"),
    ("letter_language", "xx", "unknown letter language"),
    ("chat_language", "EN", "unknown chat language"),
    ("channel", "REST API", "channel"),
    ("authority", "no-such-authority", "unknown authority"),
])
def test_open_case_validates_every_code(sqlite_store: CaseStore, field: str, value: str,
                                        message: str) -> None:
    with pytest.raises(ValueError, match=message):
        open_case(sqlite_store, **{field: value})
    assert count(sqlite_store, "cases") == 0


def test_authority_from_the_registry(sqlite_store: CaseStore) -> None:
    assert open_case(sqlite_store, authority="frcnil").authority == "frcnil"


# --- finding ---------------------------------------------------------------------------------


def test_find_is_tolerant(store: CaseStore) -> None:
    case = open_case(store)
    compact = case.reference.replace("-", "")
    typed = " ".join(compact[i:i + 4] for i in range(0, 12, 4)).lower()
    typed = typed.replace("0", "o").replace("1", "l")
    assert store.find(typed) == case
    assert store.find(case.reference) == case
    assert store.find("0000-0000-0000") is None
    assert store.find("not a reference") is None
    assert store.get(case.reference) == case
    with pytest.raises(CaseNotFound):
        store.get("0000-0000-0000")
    with pytest.raises(InvalidReference):
        store.get("nope")


def test_cases_of_most_recent_first(store: CaseStore, clock: Clock) -> None:
    first = open_case(store)
    clock.advance(days=1)
    second = open_case(store, request_type="erasure")
    clock.advance(days=1)
    open_case(store, owner=OTHER)
    assert [c.reference for c in store.cases_of(SENDER)] == [second.reference, first.reference]
    clock.advance(days=1)
    store.record_problem(first.reference, [Problem.PARTIAL_ANSWER])  # activity moves it up
    assert [c.reference for c in store.cases_of(SENDER)] == [first.reference, second.reference]
    assert store.cases_of("nobody-at-all") == []


def test_a_new_store_on_the_same_url_finds_the_case(db_url: str, clock: Clock) -> None:
    """As after a restart: a new engine, a new process-level store, the same database."""
    before = CaseStore.from_url(db_url, secret=SECRET, clock=clock)
    case = before.record_sent(open_case(before).reference, datetime.date(2027, 3, 5))
    before.close()
    after = CaseStore.from_url(db_url, secret=SECRET, clock=clock)
    try:
        assert after.find(case.reference) == case
        assert after.cases_of(SENDER) == [case]
    finally:
        after.close()
    # a different secret cannot link the sender to the case any more
    stranger = CaseStore.from_url(db_url, secret=b"another-secret-9876543210", clock=clock)
    try:
        assert stranger.cases_of(SENDER) == []
        assert stranger.find(case.reference) == case
    finally:
        stranger.close()


def test_the_engine_is_created_once_per_store(tmp_path: Path, clock: Clock,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = engine_module.create_engine

    def counting(url: str, **kwargs: object) -> object:
        calls.append(url)
        return real(url, **kwargs)

    monkeypatch.setattr(engine_module, "create_engine", counting)
    store = CaseStore.from_url(f"sqlite:///{tmp_path / 'c.db'}", secret=SECRET, clock=clock)
    try:
        case = open_case(store)
        store.record_sent(case.reference, datetime.date(2027, 3, 5))
        store.record_problem(case.reference, ["access_limited"])
        store.set_status(case.reference, CaseStatus.COMPLAINED)
        store.find(case.reference)
        store.cases_of(SENDER)
        store.stats()
        store.purge_finished(clock.now)
        store.delete(case.reference)
        store.forget_owner(SENDER)
        assert len(calls) == 1
        assert store.engine.url.drivername == "sqlite"
    finally:
        store.close()


def test_from_settings_is_one_store_per_process(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'cases.db'}"
    monkeypatch.setenv("CASES_DB_URL", url)
    monkeypatch.setenv("CASES_SECRET", SECRET.decode())
    monkeypatch.setattr(store_module, "_SHARED", {})
    first = CaseStore.from_settings()
    try:
        assert CaseStore.from_settings() is first
        assert (tmp_path / "sub" / "cases.db").exists()  # the folder is created
        assert open_case(first).status is CaseStatus.AWAITING_SEND
    finally:
        first.close()


def test_default_url_is_var_cases_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASES_DB_URL", raising=False)
    assert cases_db_url().endswith("/var/cases.db")
    assert cases_db_url().startswith("sqlite:///")


# --- history: problems, statuses -------------------------------------------------------------


def test_record_problem(store: CaseStore, clock: Clock) -> None:
    case = open_case(store, sent=datetime.date(2027, 3, 5))
    clock.advance(days=3)
    case = store.record_problem(case.reference, [Problem.PHOTO_DEMANDED, "access_limited"])
    assert case.problems == (Problem.ACCESS_LIMITED, Problem.PHOTO_DEMANDED)
    assert case.events[-1].detail == {"problems": ["access_limited", "photo_demanded"]}
    assert case.last_activity == clock.now
    case = store.record_problem(case.reference, ["access_limited", "partial_answer"])
    assert case.problems == (Problem.ACCESS_LIMITED, Problem.PHOTO_DEMANDED,
                             Problem.PARTIAL_ANSWER)
    with pytest.raises(ValueError, match="unknown problem"):
        store.record_problem(case.reference, ["asked_for_my_passport_number"])
    with pytest.raises(ValueError, match="at least one"):
        store.record_problem(case.reference, [])
    assert store.find(case.reference) == case  # the refused calls changed nothing


def test_set_status_records_an_event(store: CaseStore, clock: Clock) -> None:
    case = open_case(store, sent=datetime.date(2027, 3, 5))
    clock.advance(days=40)
    case = store.set_status(case.reference, CaseStatus.FOLLOWED_UP)
    assert case.status is CaseStatus.FOLLOWED_UP
    assert case.events[-1].kind == "status"
    assert case.events[-1].detail == {"status": "followed_up", "previous": "awaiting_answer"}
    assert case.status_since(CaseStatus.FOLLOWED_UP) == clock.now.date()
    assert case.updated == case.last_activity == clock.now
    case = store.set_status(case.reference, "complained")
    assert case.status is CaseStatus.COMPLAINED


def test_set_status_refusals(sqlite_store: CaseStore) -> None:
    case = open_case(sqlite_store)
    with pytest.raises(ValueError, match="derived"):
        sqlite_store.set_status(case.reference, CaseStatus.OVERDUE)
    with pytest.raises(ValueError, match="record_sent"):
        sqlite_store.set_status(case.reference, CaseStatus.AWAITING_ANSWER)
    with pytest.raises(ValueError, match="unknown case status"):
        sqlite_store.set_status(case.reference, "lost")
    with pytest.raises(CaseNotFound):
        sqlite_store.set_status("0000-0000-0000", CaseStatus.CLOSED)
    assert sqlite_store.find(case.reference) == case


def test_overdue_is_derived_not_stored(sqlite_store: CaseStore) -> None:
    case = open_case(sqlite_store, sent=datetime.date(2027, 3, 5))
    assert case.current(datetime.date(2027, 4, 5)) is CaseStatus.AWAITING_ANSWER
    assert case.current(datetime.date(2027, 4, 6)) is CaseStatus.OVERDUE
    with sqlite_store.engine.connect() as conn:
        stored = conn.execute(select(CaseRow.status)).scalars().all()
    assert stored == ["awaiting_answer"]
    case = sqlite_store.record_extension(case.reference)
    assert case.extension_announced and case.deadline == case.extended_due
    assert case.current(datetime.date(2027, 4, 6)) is CaseStatus.AWAITING_ANSWER


# --- deleting --------------------------------------------------------------------------------


def test_delete(store: CaseStore) -> None:
    case = open_case(store, sent=datetime.date(2027, 3, 5))
    keep = open_case(store)
    store.record_problem(case.reference, ["no_answer"])
    assert store.delete(case.reference.lower()) is True
    assert store.find(case.reference) is None
    assert store.delete(case.reference) is False
    assert count(store, "cases") == 1
    assert count(store, "case_events") == 1  # only the kept case's "opened"
    assert store.find(keep.reference) == keep
    with pytest.raises(InvalidReference):
        store.delete("jane@example.org")


def test_forget_owner(store: CaseStore) -> None:
    for _ in range(3):
        open_case(store, sent=datetime.date(2027, 3, 5))
    other = open_case(store, owner=OTHER)
    assert store.forget_owner(SENDER) == 3
    assert store.cases_of(SENDER) == []
    assert store.forget_owner(SENDER) == 0
    assert store.cases_of(OTHER) == [other]
    assert count(store, "cases") == 1 and count(store, "case_events") == 1


# --- statistics ------------------------------------------------------------------------------


def test_stats(store: CaseStore, clock: Clock) -> None:
    assert store.stats() == {"request_type": {}, "jurisdiction": {}, "chat_language": {},
                             "status": {}, "week": {}}
    clock.now = datetime.datetime(2026, 11, 17, 12, tzinfo=UTC)  # ISO week 2026-W47
    open_case(store)
    open_case(store, request_type="erasure", place="DE-BY", chat_language="de")
    clock.now = datetime.datetime(2026, 11, 23, 8, tzinfo=UTC)  # a Monday: 2026-W48
    c = open_case(store, owner=OTHER, place="GB", chat_language="en",
                  sent=datetime.date(2026, 11, 23))
    store.set_status(c.reference, CaseStatus.ANSWERED)
    stats = store.stats()
    assert stats == {
        "request_type": {"access": 2, "erasure": 1},
        "jurisdiction": {"EU": 2, "UK": 1},
        "chat_language": {"de": 1, "en": 1, "fr": 1},
        "status": {"answered": 1, "awaiting_send": 2},
        "week": {"2026-W47": 2, "2026-W48": 1},
    }
    recent = store.stats(since=datetime.date(2026, 11, 20))
    assert recent["week"] == {"2026-W48": 1} and recent["request_type"] == {"access": 1}
    assert c.reference not in repr(stats)


# --- nothing personal ------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["name", "email", "address", "phone", "photo", "photo_url",
                                   "sender_id", "public_links"])
def test_personal_fields_are_not_accepted(sqlite_store: CaseStore, field: str) -> None:
    with pytest.raises(TypeError):
        open_case(sqlite_store, **{field: "Jane Doe <jane@example.org>"})


@pytest.mark.parametrize(("field", "value"), [
    ("channel", "jane@example.org"),
    ("controller", "jane@example.org"),
    ("place", "Jane Doe, 1 rue de Rivoli, Paris"),
    ("authority", "https://example.org/photo.jpg"),
])
def test_free_text_is_refused_in_code_fields(sqlite_store: CaseStore, field: str,
                                             value: str) -> None:
    with pytest.raises(ValueError) as info:
        open_case(sqlite_store, **{field: value})
    assert value not in str(info.value)  # errors do not repeat what might be personal


@pytest.mark.parametrize(("kind", "detail"), [
    ("problem", {"email": "jane@example.org"}),
    ("problem", {"problems": ["jane@example.org"]}),
    ("problem", {"problems": "photo_or_id_demanded"}),
    ("status", {"status": "closed", "note": "Jane called"}),
    ("letter", {"request_type": "Jane Doe"}),
    ("sent", {"receipt": "+33 1 23 45 67 89"}),
    ("note", {}),
    ("problem", ["photo_or_id_demanded"]),
])
def test_event_details_outside_the_allow_list_are_refused(sqlite_store: CaseStore, kind: str,
                                                         detail: object) -> None:
    case = open_case(sqlite_store)
    with pytest.raises(PersonalDataRefused) as info:
        sqlite_store.record_event(case.reference, kind, detail)  # type: ignore[arg-type]
    assert "jane" not in str(info.value).lower() and "+33" not in str(info.value)
    assert sqlite_store.find(case.reference) == case


def test_allowed_event_details(sqlite_store: CaseStore) -> None:
    case = open_case(sqlite_store)
    case = sqlite_store.record_event(case.reference, "letter",
                                     {"request_type": RequestType.FOLLOW_UP, "format": "pdf"})
    assert case.events[-1].detail == {"request_type": "follow_up", "format": "pdf"}


def test_the_database_holds_no_sender_id(store: CaseStore) -> None:
    case = open_case(store, sent=datetime.date(2027, 3, 5))
    store.record_problem(case.reference, ["photo_or_id_demanded"])
    dump = []
    with store.engine.connect() as conn:
        for table in ("cases", "case_events"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                dump.extend(str(v) for v in row)
    assert not any(SENDER in v or "jane" in v for v in dump)
    with store.engine.connect() as conn:
        owner = conn.execute(select(CaseRow.owner)).scalar_one()
    assert len(owner) == 64 and int(owner, 16) >= 0


def test_the_schema_has_only_the_expected_columns(store: CaseStore) -> None:
    """A guard: adding a column means deciding it is not personal data (and a migration)."""
    columns = {t: {c["name"] for c in inspect(store.engine).get_columns(t)}
               for t in ("cases", "case_events")}
    assert columns == {
        "cases": {"id", "reference", "owner", "request_type", "controller", "jurisdiction",
                  "place", "authority", "letter_language", "chat_language", "channel", "sent",
                  # issue 16: the day the period counts from (a date, no personal data)
                  "received",
                  "due", "extended_due", "status", "created", "updated", "last_activity"},
        "case_events": {"id", "case_id", "at", "kind", "detail"},
    }


# --- the owner secret ------------------------------------------------------------------------


def test_secret_file_is_created_private_and_reused(tmp_path: Path, clock: Clock,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASES_SECRET", raising=False)
    key = tmp_path / "var" / "cases.key"
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    first = CaseStore.from_url(url, key_file=key, clock=clock)
    assert not key.exists()  # created on first use, not before
    case = open_case(first)
    first.close()
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    second = CaseStore.from_url(url, key_file=key, clock=clock)
    try:
        assert second.cases_of(SENDER) == [case]
    finally:
        second.close()


def test_reference_collision_draws_again(sqlite_store: CaseStore,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    first = open_case(sqlite_store)
    draws = iter([parse_reference(first.reference), "ABCDEFGHJKMN"])
    monkeypatch.setattr(store_module, "new_reference", lambda: next(draws))
    second = open_case(sqlite_store)
    assert second.reference == "ABCD-EFGH-JKMN"
    assert count(sqlite_store, "cases") == 2


def test_timestamps_are_utc_on_every_database(store: CaseStore, clock: Clock) -> None:
    clock.now = datetime.datetime(2027, 3, 5, 23, 30, tzinfo=datetime.timezone(
        datetime.timedelta(hours=-5)))
    case = open_case(store)
    again = store.find(case.reference)
    assert again is not None and again.created.tzinfo == UTC
    assert again.created == datetime.datetime(2027, 3, 6, 4, 30, tzinfo=UTC)


def test_a_plain_engine_sees_the_migrated_tables(db_url: str, clock: Clock) -> None:
    CaseStore.from_url(db_url, secret=SECRET, clock=clock).close()
    engine = create_engine(db_url, future=True)
    try:
        names = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"cases", "case_events", "case_store_version"} <= names


# --- the situations of issue 17: replies, the retired value, the extension's facts ------------


def test_record_problem_with_the_reply_date(store: CaseStore, clock: Clock) -> None:
    case = open_case(store, sent=datetime.date(2027, 3, 5))
    case = store.record_problem(case.reference, ["not_found", "wrong_language"],
                                reply_date=datetime.date(2027, 3, 20))
    assert case.events[-1].detail == {"problems": ["wrong_language", "not_found"],
                                      "reply": "2027-03-20"}
    (report,) = case.reports
    assert report.reply == datetime.date(2027, 3, 20)
    assert report.problems == (Problem.WRONG_LANGUAGE, Problem.NOT_FOUND)
    with pytest.raises(ValueError, match="reply_date must be a date"):
        store.record_problem(case.reference, ["not_found"], reply_date="2027-03-20")  # type: ignore[arg-type]


def test_a_retired_problem_is_stored_as_its_replacements(store: CaseStore) -> None:
    case = open_case(store, sent=datetime.date(2027, 3, 5))
    case = store.record_problem(case.reference, ["photo_or_id_demanded"])
    assert case.events[-1].detail == {"problems": ["id_document_demanded", "photo_demanded"]}
    assert case.problems == (Problem.ID_DOCUMENT_DEMANDED, Problem.PHOTO_DEMANDED)


def test_a_stored_retired_problem_still_reads(store: CaseStore) -> None:
    """Events written before the situations were split keep their old value."""
    case = open_case(store, sent=datetime.date(2027, 3, 5))
    with Session(store.engine, future=True) as session, session.begin():
        for row in session.execute(select(EventRow).where(EventRow.kind == "sent")).scalars():
            row.kind, row.detail = "problem", {"problems": ["photo_or_id_demanded"]}
    case = store.get(case.reference)
    assert case.problems == (Problem.ID_DOCUMENT_DEMANDED, Problem.PHOTO_DEMANDED)


def test_record_extension_with_its_facts(store: CaseStore) -> None:
    case = open_case(store, sent=datetime.date(2027, 3, 5))  # due 2027-04-05
    assert case.extended_due == datetime.date(2027, 6, 7)  # 5 June is a Saturday
    late = store.record_extension(case.reference, notice=datetime.date(2027, 4, 20),
                                  reasons_given=True)
    assert late.events[-1].detail == {"notice": "2027-04-20", "reasons": "given"}
    assert late.extension is not None and not late.extension.valid
    assert late.deadline == datetime.date(2027, 4, 5)
    assert Problem.EXTENSION in late.problems
    in_time = store.record_extension(case.reference, notice=datetime.date(2027, 3, 30),
                                     reasons_given=True)
    assert in_time.extension is not None and in_time.extension.valid
    assert in_time.deadline == datetime.date(2027, 6, 7)
    no_reasons = store.record_extension(case.reference, notice=datetime.date(2027, 3, 30),
                                        reasons_given=False)
    assert no_reasons.extension is not None and not no_reasons.extension.valid
    assert no_reasons.deadline == datetime.date(2027, 4, 5)


def test_how_the_request_was_sent(store: CaseStore) -> None:
    case = open_case(store, sent=datetime.date(2027, 3, 5), sent_by="email")
    assert case.sent_by == "email"
    case = store.record_sent(case.reference, datetime.date(2027, 3, 6),
                             received=datetime.date(2027, 3, 9), sent_by="post")
    assert case.sent_by == "post"
    # a posted letter's delivery day is the person's estimate unless they say they know it
    assert case.events[-1].detail == {"receipt": "estimated", "sent_by": "post"}
    with pytest.raises(ValueError, match="unknown channel"):
        store.record_sent(case.reference, datetime.date(2027, 3, 6), sent_by="pigeon")
