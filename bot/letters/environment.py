"""The one Jinja2 environment that renders letter templates.

Built lazily once per process and kept: compiling templates is the slow part, and with
`auto_reload=False` each template is compiled on first use and then served from the cache
without touching the disk again. Letters are plain text, so autoescaping is off; user values
are cleaned in `sanitize` instead, and `StrictUndefined` turns a missing variable into an error
rather than a silently blank clause in a legal letter. The decisions a letter cites are the
`decision` global (`bot/data/decisions.yml`: `decision.cnil_2022.number`); `long_date`,
`number` and `millions` format their dates and amounts in the letter's language.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.decisions import decisions, millions
from bot.i18n import format_long_date, format_month, format_number

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "letters"


def _month(value: str | datetime.date, language: str) -> str:
    """A month the data give without a day ("2023-08") as the language writes it."""
    if not isinstance(value, datetime.date):
        year, month = str(value).split("-")[:2]
        value = datetime.date(int(year), int(month), 1)
    return format_month(value, language)


@lru_cache(maxsize=1)
def get_environment() -> Environment:
    """Return the shared environment (created on first call)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["long_date"] = format_long_date
    env.filters["number"] = format_number
    env.filters["millions"] = millions
    env.filters["month"] = _month
    env.globals["decision"] = decisions()
    return env


@lru_cache(maxsize=1)
def available_languages() -> frozenset[str]:
    """Return the languages that have a template folder (e.g. {"en"})."""
    return frozenset(
        p.name for p in TEMPLATE_DIR.iterdir() if p.is_dir() and not p.name.startswith("_")
    )


@lru_cache(maxsize=1)
def available_templates() -> frozenset[str]:
    """Return every template path, e.g. "en/access.txt.j2" (read once per process).

    Translations arrive one file at a time, so a language folder may hold the access letter
    but not yet the complaint; callers check the file, not only the folder.
    """
    return frozenset(get_environment().list_templates())
