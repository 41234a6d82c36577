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
class Settings:
    organisation: Organisation
    default_controller: str


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
    )


def load_settings() -> Settings:
    """Settings from the configured file, parsed once per path."""
    return _load(str(settings_path()))
