"""Deployment settings an NGO edits without touching code (settings.yml at the repo root).

The path can be overridden with ASSISTANT_SETTINGS, which the tests use to prove the
assistant answers from configuration rather than from hard-coded text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETTINGS = REPO_ROOT / "settings.yml"


@dataclass(frozen=True)
class Organisation:
    """The NGO that deploys the assistant: who a person reaches for human help."""

    name: str
    email: str | None
    url: str | None
    hours: str | None = None


@dataclass(frozen=True)
class Retention:
    """How long data is kept (`bot.retention.purge` deletes what is older)."""

    conversations_days: int = 30  # a conversation whose last message is older goes
    closed_cases_days: int = 180  # an answered or closed case with no activity since goes


@dataclass(frozen=True)
class Settings:
    organisation: Organisation
    default_controller: str
    retention: Retention = Retention()


def _retention(raw: object, path: str) -> Retention:
    """The `retention:` block; every value a whole number of days, at least 1."""
    if raw is None:
        return Retention()
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: retention must be a mapping")
    unknown = sorted(set(raw) - {"conversations_days", "closed_cases_days"})
    if unknown:
        raise ValueError(f"{path}: unknown retention setting(s): {', '.join(unknown)}")
    values = {}
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{path}: retention.{key} must be a whole number of days >= 1")
        values[key] = value
    return Retention(**values)


def settings_path() -> Path:
    return Path(env("ASSISTANT_SETTINGS") or DEFAULT_SETTINGS)


@lru_cache(maxsize=4)
def _load(path: str) -> Settings:
    with open(path, encoding="utf-8") as f:
        raw = yaml.safe_load(f) or {}
    org = raw.get("organisation") or {}
    if not org.get("name"):
        raise ValueError(f"{path}: organisation.name is required")
    return Settings(
        organisation=Organisation(
            name=str(org["name"]),
            email=org.get("email"),
            url=org.get("url"),
            hours=org.get("hours"),
        ),
        default_controller=str(raw.get("default_controller", "clearview-ai")),
        retention=_retention(raw.get("retention"), path),
    )


def load_settings() -> Settings:
    """Settings from the configured file, parsed once per path."""
    return _load(str(settings_path()))


# --- the environment -----------------------------------------------------------------------
# Every environment variable the assistant reads is read here (rasa-demo's actions/config.py
# habit); deployment values (keys, URLs, limits) come from the environment, the NGO's own
# words from settings.yml.


def env(name: str, default: str = "") -> str:
    """One environment variable, stripped; `default` when unset or empty."""
    return os.environ.get(name, "").strip() or default


def env_number(name: str, default: float) -> float:
    """A numeric environment variable; a clear error instead of a crash deep in a channel."""
    raw = env(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"${name} must be a number, not {raw!r}") from None
    if value < 0:
        raise ValueError(f"${name} must be zero or more, not {raw!r}")
    return value


@dataclass(frozen=True)
class Limits:
    """What one person, one address and everybody together may send (README "Deploy").

    Zero turns a rate off. The message limit is in characters: 4,096 is Telegram's own
    limit, twenty times the longest of the 20,600 messages in the training and held-out data
    (208 characters; 99% are under 135), and room for five long links in one answer. A
    request body holds that many characters even as JSON escapes, with room to spare.
    """

    message_chars: int = 4096
    request_bytes: int = 64 * 1024
    per_sender_minute: float = 20
    per_sender_burst: int = 10
    per_address_minute: float = 120
    per_address_burst: int = 60
    new_conversations_minute: float = 60
    new_conversations_burst: int = 30
    new_conversations_per_address_minute: float = 10
    new_conversations_per_address_burst: int = 10


# The environment that turns every rate off (tests and the benchmark, where many simulated
# people share one address and type faster than people do).
NO_RATE_LIMITS = {
    "RATE_LIMIT_PER_MINUTE": "0",
    "RATE_LIMIT_PER_ADDRESS_MINUTE": "0",
    "RATE_LIMIT_NEW_CONVERSATIONS_MINUTE": "0",
    "RATE_LIMIT_NEW_CONVERSATIONS_PER_ADDRESS_MINUTE": "0",
}


def limits() -> Limits:
    """The limits, from the environment (RATE_LIMIT_*, MAX_MESSAGE_CHARS) over the defaults."""
    d = Limits()
    return Limits(
        message_chars=int(env_number("MAX_MESSAGE_CHARS", d.message_chars)) or d.message_chars,
        request_bytes=d.request_bytes,
        per_sender_minute=env_number("RATE_LIMIT_PER_MINUTE", d.per_sender_minute),
        per_sender_burst=int(env_number("RATE_LIMIT_BURST", d.per_sender_burst)) or 1,
        per_address_minute=env_number("RATE_LIMIT_PER_ADDRESS_MINUTE", d.per_address_minute),
        per_address_burst=int(env_number("RATE_LIMIT_PER_ADDRESS_BURST", d.per_address_burst))
        or 1,
        new_conversations_minute=env_number(
            "RATE_LIMIT_NEW_CONVERSATIONS_MINUTE", d.new_conversations_minute),
        new_conversations_burst=int(env_number(
            "RATE_LIMIT_NEW_CONVERSATIONS_BURST", d.new_conversations_burst)) or 1,
        new_conversations_per_address_minute=env_number(
            "RATE_LIMIT_NEW_CONVERSATIONS_PER_ADDRESS_MINUTE",
            d.new_conversations_per_address_minute),
        new_conversations_per_address_burst=int(env_number(
            "RATE_LIMIT_NEW_CONVERSATIONS_PER_ADDRESS_BURST",
            d.new_conversations_per_address_burst)) or 1,
    )


def trusted_proxies() -> frozenset[str]:
    """Addresses whose X-Forwarded-For is believed (the reverse proxy in front)."""
    return frozenset(
        a.strip() for a in env("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if a.strip()
    )


def public_url() -> str:
    """Where people reach the Rasa server (download and reminder links point there)."""
    return env("PUBLIC_RASA_URL", "http://localhost:5005").rstrip("/")


def tracker_dialect() -> str:
    """The tracker store's SQL dialect, as endpoints.yml gives it to Rasa."""
    return env("TRACKER_DIALECT", "sqlite")


def tracker_db_url() -> str | None:
    """The tracker store as `scripts/run.py` configures it, for jobs outside the Rasa server.

    `$TRACKER_DB_URL` (any SQLAlchemy URL) if set; else SQLite at `$TRACKER_DB` (default
    `var/tracker.db`) when the dialect is sqlite; else None (another dialect needs a URL).
    """
    url = env("TRACKER_DB_URL")
    if url:
        return url
    if tracker_dialect() != "sqlite":
        return None
    return f"sqlite:///{env('TRACKER_DB') or REPO_ROOT / 'var' / 'tracker.db'}"


def cases_db_url() -> str:
    """The case store (`CASES_DB_URL`), SQLite under var/ by default."""
    return env("CASES_DB_URL") or f"sqlite:///{REPO_ROOT / 'var' / 'cases.db'}"


def download_link_seconds() -> int:
    """How long a letter's download links work (`DOWNLOAD_LINK_SECONDS`, default one hour):
    the Rasa server refuses older tokens, and the chat says how long they work."""
    return int(env_number("DOWNLOAD_LINK_SECONDS", 3600)) or 3600


def retention_interval_seconds() -> float:
    """How often the Rasa server applies the retention settings (`RETENTION_INTERVAL_SECONDS`)."""
    return env_number("RETENTION_INTERVAL_SECONDS", 3600) or 3600
