"""The compose stack's smoke test, run by scripts/test_container.sh against compose.ci.yaml.

    python -m tests.container.smoke --rasa URL --postgres URL --redis URL

Over loopback, from outside the containers, as a person and an administrator would see it:
  - a reply in two languages (English, then French detected from the message), which needs
    the Rasa server, the model, the action server (the form) and the catalogs;
  - every turn's events stored in PostgreSQL (Rasa's `events` table), and the case store's
    tables migrated there too (its URL made by the image's entry point);
  - the Redis lock store taking the conversation's lock (seen with MONITOR while a message is
    handled: the ticket written under clearview:lock:<sender>).
Prints one line per check; exits non-zero on the first failure.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import uuid

import psycopg2
import redis
import requests

from bot.i18n import gettext

# The assistant's first question of a request (as tests/integration/test_languages.py).
ASK_COUNTRY = (
    "In which country do you live? It decides which law applies (for example the GDPR in "
    "the EU, the UK GDPR in the United Kingdom)."
)
FIRST_MESSAGE = {
    "en": "I want to know what data Clearview has about me",
    "fr": "je veux savoir ce qu'ils ont sur moi",
}


def send(rasa: str, sender: str, message: str) -> list[str]:
    reply = requests.post(f"{rasa}/webhooks/rest/webhook",
                          json={"sender": sender, "message": message}, timeout=120)
    reply.raise_for_status()
    return [r.get("text") or "" for r in reply.json()]


def check(ok: bool, what: str, detail: object = "") -> None:
    print(f"smoke: {'ok  ' if ok else 'FAIL'} {what}{f' ({detail})' if detail and not ok else ''}",
          flush=True)
    if not ok:
        sys.exit(1)


def lock_commands(redis_url: str, prefix: str, action) -> list[str]:
    """Run `action()` while MONITOR records Redis commands; those that name `prefix`."""
    seen: list[str] = []
    ready = threading.Event()
    stop = threading.Event()
    client = redis.Redis.from_url(redis_url)

    def watch() -> None:
        with client.monitor() as monitor:
            ready.set()
            for command in monitor.listen():
                if prefix in command["command"]:
                    seen.append(command["command"])
                if stop.is_set():
                    return

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    ready.wait(10)
    time.sleep(0.2)
    try:
        action()
    finally:
        stop.set()
        client.ping()  # one more command wakes the monitor so that it sees `stop`
        thread.join(10)
    return seen


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rasa", required=True)
    parser.add_argument("--postgres", required=True, help="postgresql://user:pw@host:port/db")
    parser.add_argument("--redis", required=True, help="redis://:pw@host:port/db")
    args = parser.parse_args()

    senders = {language: f"container-smoke-{language}-{uuid.uuid4().hex[:8]}"
               for language in ("en", "fr")}
    replies: dict[str, list[str]] = {}

    def converse(language: str) -> None:
        started = time.monotonic()
        replies[language] = send(args.rasa, senders[language], FIRST_MESSAGE[language])
        expected = gettext(language, ASK_COUNTRY)
        check(expected in replies[language],
              f"reply in {language} in {time.monotonic() - started:.1f} s: {expected[:48]}...",
              replies[language])

    # The first message of the run, with the lock store watched.
    lock = f"clearview:lock:{senders['en']}"
    seen = lock_commands(args.redis, lock, lambda: converse("en"))
    check(any(c.upper().startswith("SET") for c in seen),
          f"the Redis lock store took the lock {lock}", seen or "no command")
    converse("fr")

    with psycopg2.connect(args.postgres) as db, db.cursor() as cursor:
        for language, sender in senders.items():
            cursor.execute("SELECT type_name FROM events WHERE sender_id = %s", (sender,))
            types = [row[0] for row in cursor.fetchall()]
            check("user" in types and "bot" in types,
                  f"{len(types)} events of the {language} conversation in PostgreSQL", types)
        # The Rasa server's first retention run (in the background, at start) migrates it.
        deadline = time.monotonic() + 90
        while True:
            cursor.execute("SELECT to_regclass('public.case_store_version') IS NOT NULL")
            migrated = cursor.fetchone()[0]
            db.commit()
            if migrated or time.monotonic() > deadline:
                break
            time.sleep(1)
        check(migrated, "the case store migrated on PostgreSQL (the URL the entry point made)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
