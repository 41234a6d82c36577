"""What the privacy tracker store leaves on disk, on a real SQLite file.

- the database and its write-ahead log are readable by their owner only, wherever they are;
- a forgotten conversation leaves no byte of itself in the file or in the log;
- a letter's download link is stored without its token;
- a message typed outside a form that may identify someone is not kept in clear.
"""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from cryptography.fernet import Fernet
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.cases.store import make_engine
from bot.downloads import DOWNLOAD_PATH
from bot.privacy import may_identify, strip_tokens
from components.server.tracker_store import PrivacySQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "gAAAAABnSecretTokenThatHoldsANameAndAnEmail0123456789abcdefABCDEF_-"


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture()
def store(tmp_path: Path, domain: Domain, monkeypatch: pytest.MonkeyPatch
          ) -> Iterator[PrivacySQLTrackerStore]:
    monkeypatch.setenv("SEAL_KEY", Fernet.generate_key().decode())
    old = os.umask(0o022)  # the usual umask: new files world-readable unless made private
    try:
        store = PrivacySQLTrackerStore(domain=domain, dialect="sqlite",
                                       db=str(tmp_path / "elsewhere" / "tracker.db"))
    finally:
        os.umask(old)
    yield store
    store.engine.dispose()


def _save(store: PrivacySQLTrackerStore, domain: Domain, sender: str, *events: object) -> None:
    tracker = DialogueStateTracker.from_events(sender, list(events), domain.slots)
    asyncio.run(store.save(tracker))


def _bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def _user(text: str, intent: str = "ask_rights", confidence: float = 0.9) -> UserUttered:
    return UserUttered(text, intent={"name": intent, "confidence": confidence})


def test_database_files_are_readable_by_their_owner_only(
    store: PrivacySQLTrackerStore, domain: Domain, tmp_path: Path,
) -> None:
    _save(store, domain, "s1", ActionExecuted("action_listen"), _user("what are my rights?"))
    path = tmp_path / "elsewhere" / "tracker.db"
    for candidate in (path, Path(f"{path}-wal")):
        assert stat.S_IMODE(candidate.stat().st_mode) == 0o600, candidate
    cases = tmp_path / "other" / "cases.db"
    engine = make_engine(f"sqlite:///{cases}")
    with engine.connect():
        pass
    engine.dispose()
    assert stat.S_IMODE(cases.stat().st_mode) == 0o600


def test_a_forgotten_conversation_leaves_no_byte_in_the_file_or_the_log(
    store: PrivacySQLTrackerStore, domain: Domain, tmp_path: Path,
) -> None:
    marker = "what are my rights under the gdpr, zanzibarquokka?"
    _save(store, domain, "s1", ActionExecuted("action_listen"), _user(marker))
    _save(store, domain, "s2", ActionExecuted("action_listen"), _user("what are my rights?"))
    path = tmp_path / "elsewhere" / "tracker.db"
    assert marker.encode() in _bytes(path)
    assert asyncio.run(store.delete_conversation("s1")) > 0
    assert marker.encode() not in _bytes(path)
    assert b"what are my rights?" in _bytes(path)  # the other conversation is untouched


def test_a_download_link_is_stored_without_its_token(
    store: PrivacySQLTrackerStore, domain: Domain, tmp_path: Path,
) -> None:
    link = f"https://chat.ngo.example{DOWNLOAD_PATH}/{TOKEN}/pdf"
    _save(store, domain, "s1", ActionExecuted("action_listen"),
          BotUttered(f"PDF: {link}", data={"custom": {"links": [{"url": link}]}}))
    stored = _bytes(tmp_path / "elsewhere" / "tracker.db")
    assert TOKEN.encode() not in stored
    assert f"{DOWNLOAD_PATH}/expired/pdf".encode() in stored
    assert strip_tokens(f"see {link} and {link}").count("/expired/") == 2


@pytest.mark.parametrize(("text", "intent", "confidence", "personal"), [
    ("what are my rights?", "ask_rights", 0.9, False),
    ("thanks, bye", "goodbye", 0.6, False),
    ("/affirm", "affirm", 1.0, False),
    ("Jane Doe", "inform", 0.9, True),  # an answer: whatever it says, it may be a name
    ("hi, I'm new here and my name is Jane Doe", "greet", 0.9, True),
    ("je m'appelle Jeanne, quels sont mes droits ?", "ask_rights", 0.9, True),
    ("私の名前は山田です。権利を教えて", "ask_rights", 0.9, True),
    ("I was born on 14/09/1987, what are my rights?", "ask_rights", 0.9, True),
    ("write to me at jane@example.org", "ask_rights", 0.9, True),
    ("what are my rights?", "ask_rights", 0.3, True),  # not understood: may be anything
    ("zxqv blorp", "nlu_fallback", 0.4, True),
])
def test_which_free_text_may_identify_someone(
    text: str, intent: str, confidence: float, personal: bool,
) -> None:
    assert may_identify(text, intent, confidence) is personal


def test_free_text_that_may_identify_someone_is_not_kept_in_clear(
    store: PrivacySQLTrackerStore, domain: Domain, tmp_path: Path,
) -> None:
    _save(store, domain, "s1", ActionExecuted("action_listen"),
          _user("hello, my name is Quintessa Ravensworth", "greet"),
          ActionExecuted("utter_greet"), ActionExecuted("action_listen"),
          _user("what are my rights?"))
    stored = _bytes(tmp_path / "elsewhere" / "tracker.db")
    assert b"Ravensworth" not in stored
    assert b"what are my rights?" in stored


@pytest.mark.parametrize("module", ["actions", "components.server.nlg"])
def test_debug_logging_warns_that_logs_will_hold_personal_data(module: str) -> None:
    code = f"import logging; logging.basicConfig(level=logging.DEBUG); import {module}"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Debug logging is on" in done.stderr
    quiet = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT,
                           capture_output=True, text=True, timeout=300,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "Debug logging is on" not in quiet.stderr
