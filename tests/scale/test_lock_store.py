"""The Redis lock store under contention, against a real, throw-away redis-server.

Two stores with their own connections stand for two Rasa instances. The races are made
certain rather than left to timing: the step between reading the lock and writing it back is
slowed down, which is where Rasa's `RedisLockStore` lets two instances issue the same ticket.
(`make test-scale` installs redis-server if it is missing, as `make scale-demo` does.)
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Iterator, List, Type

import pytest
import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from components.server.lock_store import AtomicRedisLockStore

SLOW = 0.2  # seconds between reading a lock and writing it back, in the slowed stores


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: `make test-scale` installs it (apt-get)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = tempfile.mkdtemp(prefix="lock-store-redis-")
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", folder], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        client = redis.Redis(port=port)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("redis-server did not start")
                time.sleep(0.05)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


def slowed(base: Type[RedisLockStore]) -> Type[RedisLockStore]:
    """`base` with a pause after it has read a lock and before it writes one back."""

    class Slowed(base):  # type: ignore[valid-type, misc]
        def create_lock(self, conversation_id: str) -> TicketLock:
            time.sleep(SLOW)  # runs after "there is no lock yet" was read
            return super().create_lock(conversation_id)

    return Slowed


def store(cls: Type[RedisLockStore], port: int) -> RedisLockStore:
    if issubclass(cls, AtomicRedisLockStore):
        # The way Rasa builds a custom lock store from endpoints.yml.
        return cls(endpoint_config=EndpointConfig(
            url="127.0.0.1", type="components.server.lock_store.AtomicRedisLockStore", port=port,
            db=1, key_prefix="test"))
    return cls(host="127.0.0.1", port=port, db=1, key_prefix="test")


def issue_at_once(cls: Type[RedisLockStore], port: int) -> List[int]:
    """Two instances each issue a ticket for a new conversation at the same moment."""
    conversation = uuid.uuid4().hex
    stores = [store(cls, port), store(cls, port)]
    tickets: List[int] = []
    threads = [threading.Thread(target=lambda s=s: tickets.append(s.issue_ticket(conversation)))
               for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(tickets)


def test_rasas_store_issues_the_same_ticket_twice(redis_port: int) -> None:
    """The race this module exists for: both instances believe it is their turn."""
    assert issue_at_once(slowed(RedisLockStore), redis_port) == [0, 0]


def test_two_instances_get_different_tickets(redis_port: int) -> None:
    assert issue_at_once(slowed(AtomicRedisLockStore), redis_port) == [0, 1]


def test_a_queued_ticket_keeps_the_lock_when_the_first_is_done(redis_port: int) -> None:
    first, second = store(AtomicRedisLockStore, redis_port), store(AtomicRedisLockStore, redis_port)
    conversation = uuid.uuid4().hex
    mine = first.issue_ticket(conversation)
    theirs = second.issue_ticket(conversation)
    first.cleanup(conversation, mine)
    lock = second.get_lock(conversation)
    assert lock is not None and not lock.is_locked(theirs)
    second.cleanup(conversation, theirs)
    assert second.get_lock(conversation) is None


def test_the_lock_key_expires_with_its_last_ticket(redis_port: int) -> None:
    lock_store = store(AtomicRedisLockStore, redis_port)
    conversation = uuid.uuid4().hex
    lock_store.issue_ticket(conversation, lock_lifetime=30)
    ttl = lock_store.red.pttl(lock_store._key(conversation))
    assert 25_000 < ttl <= 30_000


def test_conversation_messages_on_two_instances_never_overlap(redis_port: int) -> None:
    """Two instances, many messages of one conversation each: one at a time, none lost."""
    conversation = uuid.uuid4().hex
    inside = 0
    overlaps = errors = done = 0
    guard = threading.Lock()

    async def messages(lock_store: RedisLockStore) -> None:
        nonlocal inside, overlaps, errors, done
        for _ in range(25):
            try:
                async with lock_store.lock(conversation, wait_time_in_seconds=0.005):
                    with guard:
                        inside += 1
                        overlaps += inside > 1
                    await asyncio.sleep(0.003)  # the message being handled
                    with guard:
                        inside -= 1
                        done += 1
            except LockError:
                errors += 1

    threads = [threading.Thread(target=asyncio.run,
                                args=(messages(store(AtomicRedisLockStore, redis_port)),))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (overlaps, errors, done) == (0, 0, 50)
    assert store(AtomicRedisLockStore, redis_port).get_lock(conversation) is None


def test_a_missing_redis_is_a_lock_error(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    with pytest.raises(LockError):
        store(AtomicRedisLockStore, closed_port).issue_ticket("anyone")
