"""What each law gives a person, as data (`bot/data/laws.yml`): one home for the rights a
letter may rest on, the answer periods and how they are counted, what a reminder is, the
complaint route and its prerequisites, and the caveats a letter or the chat must say.

The letters (`bot.letters`), the deadlines (`bot.deadlines`), the command line and the chat
(`bot.guidance.law_guidance`) all read a `Law`; none of them types a provision or a period.
Where the law changed on a date (the UK's Art. 12A from 5 February 2026, s.164A and s.165 DPA
2018 from 19 June 2026), the entries carry that date and the lookups take the day that
decides: the receipt of the request for a period, the letter's date for a reminder or a
complaint.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.jurisdictions import Place, jurisdiction_for

__all__ = [
    "ComplaintRoute",
    "Extension",
    "FollowUpKind",
    "Law",
    "Note",
    "Period",
    "Prerequisite",
    "Remedy",
    "Right",
    "get_law",
    "law_for",
]

DATA_FILE = Path(__file__).with_name("data") / "laws.yml"
UNITS = ("months", "days", "business_days", "days_excluding_saturdays_and_holidays")
RIGHTS = ("access", "erasure", "objection")


@dataclass(frozen=True)
class Extension:
    """How far a controller may extend the period, and how it must say so."""

    length: int
    unit: str
    notice: str
    reasons: bool = False  # it counts only if announced with reasons (GDPR, UK GDPR)


@dataclass(frozen=True)
class Period:
    """An answer period: its length, how it is counted, the provision, when it applies."""

    rule: str  # e.g. "eu-1182-71", "uk-12a", "ca-pipeda-30-days"
    rights: tuple[str, ...]  # the first requests it applies to
    length: int
    unit: str  # one of UNITS
    shift: str  # "sourced" or "assumed": moving a deadline off a weekend or holiday
    provision: str  # English citation, e.g. "Art. 12A UK GDPR"
    basis: str  # one English paragraph citing the rule
    source: str
    received_from: datetime.date | None = None  # applies to requests received on or after
    received_before: datetime.date | None = None  # applies to requests received before
    extension: Extension | None = None
    confirm_receipt: Extension | None = None  # CCPA: receipt confirmed within 10 business days
    deemed_refusal: str | None = None  # PIPEDA s.8(5)
    pause: str | None = None  # UK Art. 12A(5)
    law: str | None = None  # a provincial law's name (Canada)

    def applies(self, request_type: str, received: datetime.date | None) -> bool:
        """True for `request_type` received on `received` (None: the current rule)."""
        if request_type not in self.rights:
            return False
        if received is None:
            return self.received_before is None
        if self.received_from and received < self.received_from:
            return False
        return not (self.received_before and received >= self.received_before)


@dataclass(frozen=True)
class Right:
    """What a law gives for one first request: the provision, or why no letter is written."""

    request_type: str
    available: bool
    provision: str | None = None
    nearest: str | None = None  # the law has no such right: what the letter rests on instead
    reason: str | None = None  # not available: why, in one English paragraph
    alternatives: tuple[str, ...] = ()  # not available: what the person can do instead


@dataclass(frozen=True)
class Prerequisite:
    """Something to do before the regulator takes a complaint."""

    code: str  # "controller_complaint_first"
    provision: str
    required_by_law: bool  # False: the regulator expects it, the law does not require it
    expected_by: str | None = None
    wait_days: int | None = None  # how long to give the controller before going further
    then: str | None = None


@dataclass(frozen=True)
class Remedy:
    """What the person can do if the regulator does not act."""

    provision: str
    what: str
    months: int | None = None


@dataclass(frozen=True)
class ComplaintRoute:
    """How a complaint reaches the regulator under one law, from a given day."""

    kind: str  # "complaint", "report" (no procedure in our sources), "petition" (LGPD)
    authority: str  # registry slug, or "national" (each country's authority, GDPR)
    provision: str | None = None
    since: datetime.date | None = None  # letters dated on or after (None: always)
    prerequisites: tuple[Prerequisite, ...] = ()
    remedy: Remedy | None = None
    where: str | None = None
    source: str = ""


@dataclass(frozen=True)
class FollowUpKind:
    """What a reminder to the controller is under one law, from a given day."""

    kind: str  # "reminder", or "controller_complaint" (UK s.164A, Australia s.40(1A))
    provision: str
    since: datetime.date | None = None  # letters dated on or after
    acknowledge_days: int | None = None  # UK s.164A: acknowledge within 30 days
    source: str = ""


@dataclass(frozen=True)
class Note:
    """A sourced fact a letter or the chat must say about this law (a caveat, a decision)."""

    code: str
    text: str


@dataclass(frozen=True)
class Law:
    """Everything `bot/data/laws.yml` says about one jurisdiction's law."""

    code: str  # the jurisdiction code: "EU", "UK", "CH", "CA", "US-CA", "AU", "BR", "JP", ...
    family: str  # the letter templates: "gdpr", a law's own ("ch"), or "none"
    rights: dict[str, Right]
    periods: tuple[Period, ...] = ()
    provincial: dict[str, Period] = field(default_factory=dict)  # subdivision -> period
    follow_ups: tuple[FollowUpKind, ...] = ()
    complaints: tuple[ComplaintRoute, ...] = ()
    notes: tuple[Note, ...] = ()
    missing: tuple[str, ...] = ()  # facts the sources lack (said, never guessed)
    answer: str | None = None  # the answer period in words where it has no number (Japan)

    @property
    def letters(self) -> bool:
        """True if this law has letter templates at all."""
        return self.family != "none"

    def right(self, request_type: str) -> Right:
        """The right for a first request ("access", "erasure", "objection")."""
        return self.rights[str(getattr(request_type, "value", request_type))]

    def period(self, request_type: str,
               received: datetime.date | None = None) -> Period | None:
        """The answer period for a request received on `received`, or None if the law (as
        our sources give it) sets none for that request."""
        kind = str(getattr(request_type, "value", request_type))
        return next((p for p in self.periods if p.applies(kind, received)), None)

    def provincial_period(self, subdivision: str | None, request_type: str,
                          received: datetime.date | None = None) -> Period | None:
        """A period that may also apply where the person lives (Quebec, Alberta, BC)."""
        period = self.provincial.get(subdivision or "")
        kind = str(getattr(request_type, "value", request_type))
        return period if period and period.applies(kind, received) else None

    def follow_up(self, day: datetime.date) -> FollowUpKind | None:
        """What a reminder dated `day` is under this law."""
        return next((f for f in self.follow_ups if f.since is None or day >= f.since), None)

    def complaint(self, day: datetime.date) -> ComplaintRoute | None:
        """The complaint route for a complaint dated `day`, or None where our sources give
        none (Japan, Illinois, elsewhere)."""
        return next((c for c in self.complaints if c.since is None or day >= c.since), None)

    def note(self, code: str) -> Note | None:
        """A note by its code."""
        return next((n for n in self.notes if n.code == code), None)


def _date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) if value is not None else None


def _extension(raw: dict[str, Any] | None) -> Extension | None:
    if not raw:
        return None
    return Extension(int(raw["length"]), str(raw["unit"]),
                     _text(raw.get("notice") or raw.get("provision")) or "",
                     bool(raw.get("reasons", False)))


def _period(raw: dict[str, Any]) -> Period:
    if raw["unit"] not in UNITS:
        raise ValueError(f"laws.yml: unknown unit {raw['unit']!r}; valid: {UNITS}")
    if raw["shift"] not in ("sourced", "assumed"):
        raise ValueError(f"laws.yml: shift must be sourced or assumed, not {raw['shift']!r}")
    return Period(
        rule=str(raw["rule"]), rights=tuple(raw["rights"]), length=int(raw["length"]),
        unit=str(raw["unit"]), shift=str(raw["shift"]), provision=str(raw["provision"]),
        basis=_text(raw["basis"]) or "", source=_text(raw["source"]) or "",
        received_from=_date(raw.get("received_from")),
        received_before=_date(raw.get("received_before")),
        extension=_extension(raw.get("extension")),
        confirm_receipt=_extension(raw.get("confirm_receipt")),
        deemed_refusal=raw.get("deemed_refusal"), pause=_text(raw.get("pause")),
        law=raw.get("law"),
    )


def _right(kind: str, raw: dict[str, Any]) -> Right:
    return Right(
        request_type=kind, available=bool(raw.get("available", True)),
        provision=raw.get("provision"), nearest=_text(raw.get("nearest")),
        reason=_text(raw.get("reason")), alternatives=tuple(raw.get("alternatives", ())),
    )


def _complaint(raw: dict[str, Any]) -> ComplaintRoute:
    remedy = raw.get("remedy")
    return ComplaintRoute(
        kind=str(raw.get("kind", "complaint")), authority=str(raw["authority"]),
        provision=raw.get("provision"), since=_date(raw.get("from")),
        prerequisites=tuple(
            Prerequisite(code=str(p["code"]), provision=str(p["provision"]),
                         required_by_law=bool(p["required_by_law"]),
                         expected_by=p.get("expected_by"), wait_days=p.get("wait_days"),
                         then=_text(p.get("then")))
            for p in raw.get("prerequisites", [])),
        remedy=Remedy(provision=str(remedy["provision"]), what=_text(remedy["what"]) or "",
                      months=remedy.get("months")) if remedy else None,
        where=raw.get("where"), source=_text(raw.get("source")) or "",
    )


def _law(code: str, raw: dict[str, Any]) -> Law:
    rights = {kind: _right(kind, raw["rights"][kind]) for kind in RIGHTS}
    return Law(
        code=code, family=str(raw["family"]), rights=rights,
        periods=tuple(_period(p) for p in raw.get("periods") or ()),
        provincial={sub: _period(p) for sub, p in (raw.get("provincial") or {}).items()},
        follow_ups=tuple(
            FollowUpKind(kind=str(f["kind"]), provision=str(f["provision"]),
                         since=_date(f.get("from")), acknowledge_days=f.get("acknowledge_days"),
                         source=_text(f.get("source")) or "")
            for f in raw.get("follow_up") or ()),
        complaints=tuple(_complaint(c) for c in raw.get("complaint") or ()),
        notes=tuple(Note(str(n["code"]), _text(n["text"]) or "") for n in raw.get("notes", [])),
        missing=tuple(_text(m) or "" for m in raw.get("missing", [])),
        answer=_text(raw.get("answer")),
    )


@lru_cache(maxsize=1)
def _laws() -> dict[str, Law]:
    """Every law by jurisdiction code, read once; dated entries newest first."""
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    laws = {code: _law(code, entry) for code, entry in raw.items()}
    for law in laws.values():
        for dated in (law.follow_ups, law.complaints):
            dates = [d.since for d in dated]
            if dates != sorted(dates, key=lambda d: d or datetime.date.min, reverse=True):
                raise ValueError(f"laws.yml: {law.code}: dated entries must come newest first")
    return laws


def get_law(code: str) -> Law:
    """The law of a jurisdiction code; KeyError names the valid codes."""
    try:
        return _laws()[code]
    except KeyError:
        raise KeyError(f"no law data for {code!r}; valid: {', '.join(_laws())}") from None


def law_for(place: Place) -> Law:
    """The law of the place's jurisdiction."""
    return get_law(jurisdiction_for(place).code)
