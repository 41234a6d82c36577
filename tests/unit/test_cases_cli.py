"""`python -m bot purge | stats | case show | case delete`, through `bot.cli.main(argv)` and
once as a real subprocess. Bad input exits 2, an unknown reference exits 1."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from bot.cases import CaseStatus, CaseStore
from bot.cli import main
from bot.retention import tracker_events

ROOT = Path(__file__).resolve().parents[2]
UTC = datetime.timezone.utc
SECRET = b"cli-test-secret-0123456789"
SENDER = "cli-sender-42"


class Clock:
    def __init__(self, now: datetime.datetime) -> None:
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cases_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cases.db'}"


@pytest.fixture
def reference(cases_url: str) -> str:
    store = CaseStore.from_url(cases_url, secret=SECRET)
    try:
        case = store.open_case(owner=SENDER, request_type="erasure", controller="clearview-ai",
                               place="DE-BY", letter_language="de", chat_language="en",
                               channel="socketio", sent=datetime.date(2027, 3, 5))
        store.record_problem(case.reference, ["photo_or_id_demanded"])
        return case.reference
    finally:
        store.close()


def test_case_show(cases_url: str, reference: str, capsys: pytest.CaptureFixture[str]) -> None:
    typed = reference.lower().replace("-", " ")
    code, out, err = run(["case", "show", typed, "--cases-db", cases_url], capsys)
    assert code == 0, err
    assert f"reference: {reference}" in out
    assert "request: erasure to clearview-ai" in out
    assert "place: DE-BY (jurisdiction EU)" in out
    assert "sent: 2027-03-05" in out and "due: 2027-04-05" in out
    assert "problems: id_document_demanded, photo_demanded" in out  # the retired value, split
    assert "problem  problems=id_document_demanded,photo_demanded" in out
    assert "(0 days ago)" not in out and "days ago)" in out
    assert "next step: complaint" in out and "Art. 77 GDPR" in out
    assert SENDER not in out and "owner" not in out


def test_case_show_unknown_and_bad(cases_url: str, reference: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["case", "show", "0000-0000-0000", "--cases-db", cases_url], capsys)
    assert code == 1 and "no case with reference 0000-0000-0000" in err
    code, _, err = run(["case", "show", "hello", "--cases-db", cases_url], capsys)
    assert code == 2 and "not a case reference" in err
    code, _, err = run(["case", "show"], capsys)
    assert code == 2
    code, _, err = run(["case", "frobnicate", reference], capsys)
    assert code == 2 and "invalid choice" in err


def test_case_delete(cases_url: str, reference: str,
                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["case", "delete", reference, "--cases-db", cases_url], capsys)
    assert code == 0, err
    assert f"deleted case {reference}" in out
    code, _, err = run(["case", "delete", reference, "--cases-db", cases_url], capsys)
    assert code == 1 and "no case" in err
    code, _, _ = run(["case", "show", reference, "--cases-db", cases_url], capsys)
    assert code == 1


def test_stats(cases_url: str, reference: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["stats", "--cases-db", cases_url, "--format", "json"], capsys)
    assert code == 0, err
    stats = json.loads(out)
    assert stats["request_type"] == {"erasure": 1}
    assert stats["jurisdiction"] == {"EU": 1} and stats["chat_language"] == {"en": 1}
    assert sum(stats["week"].values()) == 1
    code, out, _ = run(["stats", "--cases-db", cases_url], capsys)
    assert code == 0
    assert "request_type:" in out and "erasure" in out and reference not in out
    code, out, _ = run(["stats", "--cases-db", cases_url, "--since", "2999-01-01"], capsys)
    assert code == 0 and "(none)" in out
    code, _, err = run(["stats", "--cases-db", cases_url, "--format", "xml"], capsys)
    assert code == 2 and "table, json" in err
    code, _, err = run(["stats", "--cases-db", "not a url"], capsys)
    assert code == 2 and "not a database URL" in err


def make_tracker(path: Path, rows: list[tuple[str, float]]) -> str:
    url = f"sqlite:///{path}"
    engine = create_engine(url, future=True)
    tracker_events.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(tracker_events.insert(), [
            {"sender_id": s, "type_name": "user", "timestamp": ts} for s, ts in rows])
    engine.dispose()
    return url


def count_events(url: str) -> int:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(tracker_events))
                       .scalar_one())
    finally:
        engine.dispose()


def test_purge(tmp_path: Path, cases_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    now = datetime.datetime.now(UTC)
    old, recent = (now - datetime.timedelta(days=45)).timestamp(), now.timestamp() - 60
    tracker = make_tracker(tmp_path / "tracker.db",
                           [("gone", old), ("gone", old + 5), ("kept", old), ("kept", recent)])
    store = CaseStore.from_url(cases_url, secret=SECRET,
                               clock=Clock(now - datetime.timedelta(days=200)))
    try:
        for status in (CaseStatus.CLOSED, CaseStatus.AWAITING_SEND):
            case = store.open_case(owner=SENDER, request_type="access",
                                   controller="clearview-ai", place="FR",
                                   letter_language="en", chat_language="en", channel="rest")
            if status is CaseStatus.CLOSED:
                store.set_status(case.reference, status)
    finally:
        store.close()
    argv = ["purge", "--cases-db", cases_url, "--tracker-db", tracker]
    code, out, err = run([*argv, "--dry-run"], capsys)
    assert code == 0, err
    assert "would delete: 1 case(s) with 2 history entries" in out
    assert "would delete: 1 conversation(s) with 2 events" in out
    assert count_events(tracker) == 4
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert "deleted: 1 case(s)" in out and "deleted: 1 conversation(s)" in out
    assert count_events(tracker) == 2
    code, out, _ = run(argv, capsys)
    assert "deleted: 0 case(s)" in out and "deleted: 0 conversation(s)" in out


def test_purge_without_databases_creates_none(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    cases, tracker = tmp_path / "cases.db", tmp_path / "tracker.db"
    code, out, err = run(["purge", "--cases-db", f"sqlite:///{cases}",
                          "--tracker-db", f"sqlite:///{tracker}"], capsys)
    assert code == 0, err
    assert "deleted: 0 case(s)" in out
    assert not cases.exists() and not tracker.exists()


def test_purge_needs_a_tracker_url_for_other_dialects(
        cases_url: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("TRACKER_DB_URL", raising=False)
    monkeypatch.setenv("TRACKER_DIALECT", "postgresql")
    code, _, err = run(["purge", "--cases-db", cases_url], capsys)
    assert code == 2 and "--tracker-db" in err


def test_commands_do_not_create_the_owner_secret(cases_url: str, reference: str,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    """Showing, counting and deleting need no sender id, so no secret is read or made."""
    import dataclasses

    from bot import keys

    monkeypatch.delenv(keys.CASES.env, raising=False)
    monkeypatch.setattr(keys, "CASES", dataclasses.replace(keys.CASES, file=tmp_path / "never.key"))
    for argv in (["case", "show", reference], ["stats"], ["case", "delete", reference]):
        assert run([*argv, "--cases-db", cases_url], capsys)[0] == 0
    assert not (tmp_path / "never.key").exists()


def test_subprocess(cases_url: str, reference: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "case", "show", reference, "--cases-db", cases_url],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"reference: {reference}" in result.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "bot", "case", "delete", "??", "--cases-db", cases_url],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and "not a case reference" in bad.stderr
