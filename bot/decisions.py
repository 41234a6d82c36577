"""Decisions against Clearview (`bot/data/decisions.yml`): each fact written once.

Letters get them as `decisions.<key>` (with the `long_date`, `number` and `millions`
filters of `bot.letters.environment`), the chat's answers as `{<key>_<field>}` values that
`components/server/nlg.py` fills in the conversation's language (`fact_values`). A month
given without a day ("2023-08": Clearview withdrew its Australian appeal in August 2023) is
said as a month ("August 2023", "août 2023"). The controller's reported size comes along as
`clearview_size_*` values (always images, never faces; `bot/data/controllers/`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.i18n import format_long_date, format_month, format_number
from bot.registry import get_controller

DATA_FILE = Path(__file__).with_name("data") / "decisions.yml"
_KNOWN = ("authority", "country", "date", "number", "published", "fine", "currency", "source")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")  # a month without a day, as the source gives it
SIZE_CONTROLLER = "clearview-ai"


@dataclass(frozen=True)
class Decision:
    """One decision: who decided, when, what number, what fine; `extra` holds the rest
    (an announcement date, a penalty, a withdrawn appeal) as the data file gives it."""

    key: str
    authority: str
    country: str
    date: datetime.date
    source: str
    number: str | None = None
    published: datetime.date | None = None
    fine: int | None = None
    currency: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        """`decision.announced` and the like, from `extra` (templates read them so)."""
        extra = self.__dict__.get("extra") or {}
        if name in extra:
            return extra[name]
        raise AttributeError(f"decision {self.__dict__.get('key')!r} has no {name!r}")


@lru_cache(maxsize=1)
def decisions() -> dict[str, Decision]:
    """Every decision by key, read once."""
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    found = {}
    for key, fields in raw.items():
        extra = {k: v for k, v in fields.items() if k not in _KNOWN}
        found[key] = Decision(key=key, extra=extra,
                              **{k: v for k, v in fields.items() if k in _KNOWN})
    return found


def millions(amount: int | float, language: str) -> str:
    """An amount in millions, as the language writes the number ("20", "5.2", "5,2")."""
    value = amount / 1_000_000
    return format_number(int(value) if value == int(value) else value, language)


def fact_values(language: str) -> dict[str, str]:
    """`{<key>_<field>}` for the chat's answers, formatted for `language` (a copy: the
    values are formatted once per language, not for every response the chat sends)."""
    return dict(_fact_values(language))


@lru_cache(maxsize=16)
def _fact_values(language: str) -> dict[str, str]:
    """Formatting every decision's dates and sums with Babel was 7 % of the Rasa server's
    time per message in `make bench`'s profile; the data does not change while it runs."""
    values: dict[str, str] = {}
    for key, decision in decisions().items():
        fields = {"authority": decision.authority, "number": decision.number,
                  "date": decision.date, "published": decision.published,
                  "fine": decision.fine, **decision.extra}
        for name, value in fields.items():
            if value is None:
                continue
            month = _MONTH.match(str(value)) if isinstance(value, str) else None
            if isinstance(value, datetime.date):
                value = format_long_date(value, language)
            elif month:
                value = format_month(datetime.date(int(month[1]), int(month[2]), 1), language)
            elif name == "fine" or name.endswith(("_value", "_up_to")):
                values[f"{key}_{name}_millions"] = millions(value, language)
                value = format_number(value, language)
            values[f"{key}_{name}"] = str(value)
    values.update(size_values(language))
    return values


def size_values(language: str) -> dict[str, str]:
    """`{clearview_size_billions}`, `{clearview_size_year}`, `{clearview_size_qualifier}`: the
    latest reported number of images (facts file: "up to 60 billion images", 2025, a press
    report), for answers that must say "images", the year and the kind of source."""
    reports = get_controller(SIZE_CONTROLLER).size_reports
    if not reports:
        return {}
    latest = max(reports, key=lambda r: r.year)
    billions = latest.images / 1_000_000_000
    return {
        "clearview_size_billions": format_number(
            int(billions) if billions == int(billions) else billions, language),
        "clearview_size_year": str(latest.year),
        "clearview_size_qualifier": latest.qualifier,
        "clearview_size_kind": latest.kind,
        "clearview_size_source": latest.source,
    }
