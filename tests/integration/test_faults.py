"""Faults, with real servers: the action server killed or frozen mid-conversation, the Rasa
server restarted mid-form, the case database stopped, an action failing; and nothing the
person said in any log when that happens.

These tests have their own pair of servers (`fault_servers`), with the case store on a
throw-away PostgreSQL server (`tests/postgres.py`) that a test can stop and start again, so
killing and restarting processes here never disturbs the other integration tests.

What the person is told while the action server is unreachable comes from
`components/server/action_failure.py`; when an action fails, from `actions/failsafe.py`.
When the case database is down, the tracking action says so itself (`actions/cases.py`) and
offers tracking again. The Rasa server of these tests answers within 5 s
(`SANIC_RESPONSE_TIMEOUT`) so that a frozen action server makes a turn time out.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import threading
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import requests

from bot.cases import CaseStore
from bot.i18n import gettext
from tests.integration.conftest import (
    MODEL,
    ROOT,
    VENV_BIN,
    ServerProcesses,
    Servers,
    _wait,
    free_port,
    new_sender,
    payloads,
    response,
    server_env,
    texts,
)
from tests.postgres import PostgresServer, PostgresUnavailable, _die_with_parent, _run_as

ASK_COUNTRY = (
    "In which country do you live? It decides which law applies (for example the GDPR in "
    "the EU, the UK GDPR in the United Kingdom)."
)
ASK_NAME = "What name should I put on the letter? Clearview needs it to address its answer to you."
ASK_EMAIL = "Which e-mail address"
NO_PHOTO = '/inform{"id_method":"no_photo"}'
REFERENCE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")

RESPONSE_TIMEOUT = 5


def unavailable_text(language: str) -> str:
    return response("utter_notice_unavailable", language)


class FaultServers(ServerProcesses):
    """`ServerProcesses` that can also kill or restart one of the two servers."""

    def _log(self, name: str):
        self.starts += 1
        log = (self.log_dir / f"{name}-{self.starts}.log").open("w")
        self.logs.append(log)
        return log

    def freeze_actions(self) -> None:
        """SIGSTOP the action server: it accepts connections and never answers."""
        self.procs[0].send_signal(signal.SIGSTOP)

    def thaw_actions(self) -> None:
        self.procs[0].send_signal(signal.SIGCONT)

    def kill_actions(self) -> None:
        """SIGKILL the action server, as a crash or an OOM kill would."""
        self.procs[0].kill()
        self.procs[0].wait(timeout=20)

    def start_actions(self) -> None:
        self.procs[0] = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
             "--port", str(self.action_port)],
            cwd=ROOT, env={**self.env, "SANIC_HOST": "127.0.0.1"},
            stdout=self._log("actions"), stderr=subprocess.STDOUT,
        )
        _wait(f"http://127.0.0.1:{self.action_port}/health", self.procs, self.log_dir)

    def restart_rasa(self) -> None:
        """Stop the Rasa server (SIGTERM, as a deployment does) and start it again."""
        self.procs[1].terminate()
        self.procs[1].wait(timeout=30)
        self.start_rasa()

    def start_rasa(self) -> None:
        self.procs[1] = subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "--model", str(MODEL), "--interface", "127.0.0.1",
             "--port", str(self.rasa_port), "--credentials", "credentials.yml",
             "--endpoints", self.endpoints],
            cwd=ROOT, env=self.env, stdout=self._log("rasa"), stderr=subprocess.STDOUT,
        )
        _wait(f"http://127.0.0.1:{self.rasa_port}/", self.procs, self.log_dir)

    def ensure_running(self) -> None:
        if self.procs[0].poll() is not None:
            self.start_actions()
        if self.procs[1].poll() is not None:
            self.start_rasa()

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.procs)


class StoppablePostgres:
    """A throw-away PostgreSQL server that can be stopped and started again on its data."""

    def __init__(self) -> None:
        self.server = PostgresServer.start()
        self.url = self.server.create_database("faults")

    def stop(self) -> None:
        self.server._terminate()

    def start(self) -> None:
        server, account = self.server, _run_as()
        ids = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []} \
            if account else {}
        with open(server.log, "ab") as out:
            server.process = subprocess.Popen(
                [str(server.bindir / "postgres"), "-D", str(server.base / "data"),
                 "-h", "127.0.0.1", "-p", str(server.port), "-k", str(server.base / "sockets"),
                 "-c", "fsync=off", "-c", "max_connections=40"],
                stdout=out, stderr=subprocess.STDOUT, cwd=server.base,
                preexec_fn=_die_with_parent, **ids)
        assert server._wait_ready(), server.log.read_text()[-2000:]

    def close(self) -> None:
        self.server.stop()


@pytest.fixture(scope="module")
def cases_db() -> Iterator[StoppablePostgres]:
    try:
        database = StoppablePostgres()
    except PostgresUnavailable as exc:  # like tests/conftest.py: fail, never skip
        pytest.fail(str(exc), pytrace=False)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture(scope="module")
def fault_processes(tmp_path_factory: pytest.TempPathFactory,
                    cases_db: StoppablePostgres) -> Iterator[FaultServers]:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` (make test does it)")
    work = tmp_path_factory.mktemp("faults")
    rasa_port, action_port = free_port(), free_port()
    log_dir = work / "logs"
    log_dir.mkdir()
    env = server_env(work, rasa_port, action_port, f"faults-{uuid.uuid4().hex[:8]}@ngo.test",
                     CASES_DB_URL=cases_db.url,
                     SANIC_RESPONSE_TIMEOUT=str(RESPONSE_TIMEOUT))
    processes = FaultServers(env, rasa_port, action_port, log_dir)
    processes.start()
    try:
        yield processes
    finally:
        processes.stop()


@pytest.fixture
def faults(fault_processes: FaultServers, cases_db: StoppablePostgres) -> Iterator[Servers]:
    """The fault servers, healthy at the start and put back in order after each test."""
    env = fault_processes.env
    yield Servers(
        rasa_url=f"http://127.0.0.1:{fault_processes.rasa_port}",
        action_url=f"http://127.0.0.1:{fault_processes.action_port}",
        tracker_db=Path(env["TRACKER_DB"]), org_email="", log_dir=fault_processes.log_dir,
    )
    if cases_db.server.process.poll() is not None:
        cases_db.start()
    fault_processes.ensure_running()


def logs(processes: FaultServers) -> str:
    for log in processes.logs:
        log.flush()
    return "\n".join(p.read_text(errors="replace") for p in processes.log_dir.glob("*.log"))


# --- (a) the action server dies in the middle of a conversation --------------------------------

def _to_the_country_question(servers: Servers, language: str = "en") -> str:
    sender = new_sender()
    first = {"en": "I want to know what data Clearview has about me",
             "fr": "je veux savoir ce qu'ils ont sur moi"}[language]
    assert gettext(language, ASK_COUNTRY) in texts(servers.send(sender, first))
    return sender


def test_action_server_killed_mid_form_then_back_the_form_continues(
    faults: Servers, fault_processes: FaultServers,
) -> None:
    sender = _to_the_country_question(faults)
    fault_processes.kill_actions()
    during = faults.send(sender, "France")  # the form's validation cannot run
    assert fault_processes.procs[1].poll() is None, "the Rasa server must not crash"
    assert gettext("en", ASK_NAME) not in texts(during)
    fault_processes.start_actions()
    # The same answer again: the form goes on from where it was.
    replies = faults.send(sender, "France")
    assert NO_PHOTO in payloads(replies), texts(replies)
    assert gettext("en", ASK_NAME) in texts(faults.send(sender, NO_PHOTO))
    assert ASK_EMAIL in texts(faults.send(sender, "Jane Doe"))
    summary = texts(faults.send(sender, "jane.doe@example.org"))
    assert "France (GDPR applies)" in summary and "Name: Jane Doe" in summary


@pytest.mark.parametrize("language", ["en", "fr"])
def test_action_server_killed_the_person_is_told_in_their_language(
    faults: Servers, fault_processes: FaultServers, language: str,
) -> None:
    sender = _to_the_country_question(faults, language)
    fault_processes.kill_actions()
    replies = faults.send(sender, "j'habite en France" if language == "fr" else "France")
    # Exactly one clear message, in the conversation's language (not once per retry).
    assert [r.get("text") for r in replies].count(unavailable_text(language)) == 1, replies
    # Still unavailable: the next message is told again (once), in the same language.
    again = faults.send(sender, "j'habite en France" if language == "fr" else "France")
    assert [r.get("text") for r in again].count(unavailable_text(language)) == 1, again
    fault_processes.start_actions()
    replies = faults.send(sender, "j'habite en France" if language == "fr" else "France")
    assert NO_PHOTO in payloads(replies), texts(replies)
    assert unavailable_text(language) not in texts(replies)


# --- (b) the Rasa server restarts in the middle of a form ---------------------------------------

def test_rasa_server_restarted_mid_form_resumes_from_the_tracker_store(
    faults: Servers, fault_processes: FaultServers,
) -> None:
    sender = _to_the_country_question(faults)
    faults.send(sender, "Belgium")
    assert gettext("en", ASK_NAME) in texts(faults.send(sender, NO_PHOTO))

    fault_processes.restart_rasa()

    # The next answer fills the next slot: the form was restored from the tracker store,
    # including the sealed answers it needs for the letter.
    assert ASK_EMAIL in texts(faults.send(sender, "Jane Doe"))
    summary = texts(faults.send(sender, "jane.doe@example.org"))
    assert "Belgium (GDPR applies)" in summary
    assert "Name: Jane Doe" in summary and "jane.doe@example.org" in summary
    letter = texts(faults.send(sender, "/affirm"))
    assert "Request for access to my personal data under Article 15 GDPR" in letter
    assert "Jane Doe" in letter


# --- (c) the case database is unavailable --------------------------------------------------------

def _letter_and_tracking(servers: Servers, sender: str) -> str:
    servers.send(sender, "/request_access")
    servers.send(sender, "France")
    servers.send(sender, NO_PHOTO)
    servers.send(sender, "Jane Doe")
    servers.send(sender, "jane.doe@example.org")
    assert "Shall I keep track of this request?" in texts(servers.send(sender, "/affirm"))
    answer = texts(servers.send(sender, "/affirm"))
    assert "On which day did you send the letter" in answer
    return answer


def test_case_database_down_clear_message_no_crash_no_lost_case(
    faults: Servers, fault_processes: FaultServers, cases_db: StoppablePostgres,
) -> None:
    sender = new_sender()
    _letter_and_tracking(faults, sender)
    answer = texts(faults.send(sender, "today"))
    reference = REFERENCE.search(answer)
    assert reference, answer

    other = new_sender()
    _letter_and_tracking(faults, other)
    cases_db.stop()
    try:
        # Tracking while the database is down: the person is told, and offered it again.
        replies = faults.send(other, "today")
        assert unavailable_text("en") in texts(replies), replies
        assert "Shall I keep track of this request?" in texts(replies)
        assert not REFERENCE.search(texts(replies))
        # Nothing crashes, and a question still gets its answer.
        assert "biometric" in texts(faults.send(sender, "what is clearview ai?"))
        faults.send(sender, "what's the status of my request?")
        assert fault_processes.alive(), logs(fault_processes)[-3000:]
    finally:
        cases_db.start()

    # The database is back: the case opened before is still there, found by its reference...
    answer = texts(faults.send(new_sender(), f"my reference is {reference.group(0)}"))
    assert reference.group(0) in answer
    assert "The controller has until" in answer  # not passed yet
    # ...and the chat that could not track its letter says yes again and gets its case, once.
    retried = texts(faults.send(other, "/affirm"))
    if not REFERENCE.search(retried):
        assert "On which day did you send the letter" in retried
        retried = texts(faults.send(other, "today"))
    found = REFERENCE.search(retried)
    assert found, retried
    store = CaseStore.from_url(cases_db.url)
    try:
        assert [c.reference for c in store.cases_of(owner=other)] == [found.group(0)]
    finally:
        store.close()


# --- (d) nothing personal in any log, whatever fails --------------------------------------------

LEAK_NAME = "Zebulon Quixotery-Fairweather"
LEAK_EMAIL = "zq.leakcheck-4411@example.org"


def _assert_not_logged(processes: FaultServers, *needles: str) -> None:
    written = logs(processes)
    for needle in needles:
        for form in (needle, needle.lower(), json.dumps(needle)[1:-1]):
            assert form not in written, f"{form!r} is in a log"


def test_a_failing_action_logs_neither_the_name_nor_the_email(
    faults: Servers, fault_processes: FaultServers, cases_db: StoppablePostgres,
) -> None:
    sender = new_sender()
    faults.send(sender, "/request_access")
    faults.send(sender, "France")
    faults.send(sender, NO_PHOTO)
    faults.send(sender, LEAK_NAME)
    summary = texts(faults.send(sender, LEAK_EMAIL))
    assert LEAK_NAME in summary  # the conversation really holds them
    cases_db.stop()  # every query of the case store now raises
    try:
        replies = faults.send(sender, "/check_case")  # looks the case up: the action fails
    finally:
        cases_db.start()
    assert response("utter_action_failed") in texts(replies), replies
    assert "The action action_check_case failed" in logs(fault_processes)
    _assert_not_logged(fault_processes, LEAK_NAME, LEAK_EMAIL)
    # The conversation is as it was: the summary's question still waits for an answer.
    assert "Request for access" in texts(faults.send(sender, "/affirm"))


def test_a_turn_that_times_out_logs_no_one_s_message(
    faults: Servers, fault_processes: FaultServers,
) -> None:
    senders = [new_sender() for _ in range(2)]
    for sender in senders:
        faults.send(sender, "/request_access")
        faults.send(sender, "France")
    fault_processes.freeze_actions()
    statuses: list[int] = []

    def send(sender: str, text: str) -> None:
        reply = requests.post(f"{faults.rasa_url}/webhooks/rest/webhook",
                              json={"sender": sender, "message": text}, timeout=60)
        statuses.append(reply.status_code)

    try:
        threads = [threading.Thread(target=send, args=(sender, text)) for sender, text in
                   zip(senders, (NO_PHOTO, f"my name is {LEAK_NAME}, {LEAK_EMAIL}"),
                       strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        fault_processes.thaw_actions()
    assert statuses == [503, 503], statuses  # Sanic's response timeout, for both
    assert "A REST message took too long" in logs(fault_processes)
    _assert_not_logged(fault_processes, LEAK_NAME, LEAK_EMAIL)


def test_the_servers_answer_normally_after_the_faults(faults: Servers) -> None:
    assert "Hello!" in texts(faults.send(new_sender(), "hello"))
    assert requests.get(faults.rasa_url, timeout=10).ok
