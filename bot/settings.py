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
    return Path(os.environ.get("ASSISTANT_SETTINGS", DEFAULT_SETTINGS))


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
