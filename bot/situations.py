"""What can go wrong with a request, as data: `bot/data/situations.yml`, read once.

One `Situation` per `bot.rights.Problem`: the first requests it can follow, the articles and
EDPB paragraphs its letter paragraphs cite, the decisions they name, what the letter asks for,
what the letter needs to know (`needs`, which the chat asks for) and may use (`optional`),
the codes of what exactly happened (`details`), and the facts-file lines it rests on. The
wording is in `bot/templates/letters/<lang>/_situations.txt.j2`; this module is what the
letters, the case policy, the command line and the chat share.

Also here: the checklist of an access answer (what a partial answer can lack), a reply as a
case or a complaint records it (`Reply`: its date and what was wrong with it), and the
extension rule (`assess_extension`): an extension counts only if announced, with reasons,
within the first month, and then the answer is due three months from receipt.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.deadlines import due_date
from bot.rights import Problem, RequestType, parse_problems

DATA_FILE = Path(__file__).with_name("data") / "situations.yml"
CHANNELS = ("email", "post")  # how a request was sent


@dataclass(frozen=True)
class FactRef:
    """A line of the facts file a situation rests on: where it stood, and its words."""

    line: int
    quote: str


@dataclass(frozen=True)
class Situation:
    """One situation of `situations.yml` (see that file for the meaning of each field)."""

    problem: Problem
    applies_to: tuple[RequestType, ...]
    articles: tuple[str, ...]
    edpb: tuple[str, ...]
    edpb_access_only: tuple[str, ...]
    decisions: tuple[str, ...]
    asks: str
    needs: tuple[str, ...]
    optional: tuple[str, ...]
    details: tuple[str, ...]
    next_step: str
    facts: tuple[FactRef, ...]

    @property
    def id(self) -> str:
        return self.problem.value

    def edpb_for(self, original_request: RequestType | None) -> tuple[str, ...]:
        """The EDPB paragraphs a letter about `original_request` may cite."""
        if original_request is RequestType.ACCESS:
            return self.edpb
        return tuple(p for p in self.edpb if p not in self.edpb_access_only)


@dataclass(frozen=True)
class ChecklistItem:
    """One thing an access answer must contain (`code`), and the provision it rests on."""

    code: str
    article: str


@dataclass(frozen=True)
class Reply:
    """A reply of the controller: the day it came and what was wrong with it."""

    date: datetime.date
    problems: tuple[Problem, ...]

    def __str__(self) -> str:
        """The command-line and download-link form, "2026-10-02:photo_demanded,not_found"."""
        return f"{self.date.isoformat()}:{','.join(p.value for p in self.problems)}"


@dataclass(frozen=True)
class Extension:
    """What the person says about an announced extension, judged against Art. 12(3)/12A.

    `first_month_ends` is the original due date; `extended_due` three months from receipt
    (moved off a weekend or holiday like the due date). The extension counts (`valid`) only
    if announced within the first month and with reasons.
    """

    notice: datetime.date
    reasons_given: bool
    first_month_ends: datetime.date | None
    extended_due: datetime.date | None

    @property
    def in_time(self) -> bool | None:
        """Announced within the first month; None where the due date is not known."""
        if self.first_month_ends is None:
            return None
        return self.notice <= self.first_month_ends

    @property
    def valid(self) -> bool:
        return bool(self.in_time) and self.reasons_given


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in values or ())


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def situations() -> dict[Problem, Situation]:
    """Every situation, in the order of `Problem` (the order of the letters' paragraphs)."""
    raw = _data()["situations"]
    if set(raw) != {p.value for p in Problem}:
        raise ValueError(f"{DATA_FILE.name} must describe exactly the values of Problem")
    found = {}
    for problem in Problem:
        entry = raw[problem.value]
        found[problem] = Situation(
            problem=problem,
            applies_to=tuple(RequestType.parse(t) for t in entry["applies_to"]),
            articles=_strings(entry.get("articles")),
            edpb=_strings(entry.get("edpb")),
            edpb_access_only=_strings(entry.get("edpb_access_only")),
            decisions=_strings(entry.get("decisions")),
            asks=str(entry["asks"]),
            needs=_strings(entry.get("needs")),
            optional=_strings(entry.get("optional")),
            details=_strings(entry.get("details")),
            next_step=str(entry["next_step"]),
            facts=tuple(FactRef(int(f["line"]), str(f["quote"])) for f in entry["facts"]),
        )
    return found


def situation(problem: Problem | str) -> Situation:
    """The situation of `problem` (a `Problem` or its value)."""
    return situations()[Problem.parse(getattr(problem, "value", problem))]


@lru_cache(maxsize=1)
def checklist() -> tuple[ChecklistItem, ...]:
    """What an access answer must contain, in the order a letter lists it."""
    return tuple(ChecklistItem(str(i["code"]), str(i["article"])) for i in _data()["checklist"])


def checklist_facts() -> tuple[FactRef, ...]:
    return tuple(FactRef(int(f["line"]), str(f["quote"])) for f in _data()["checklist_facts"])


def checklist_codes() -> tuple[str, ...]:
    return tuple(item.code for item in checklist())


@lru_cache(maxsize=1)
def detail_owners() -> dict[str, Problem]:
    """Each detail code and the situation it belongs to (codes are unique across them)."""
    owners: dict[str, Problem] = {}
    for problem, entry in situations().items():
        for code in entry.details:
            if code in owners:
                raise ValueError(f"detail code {code!r} is used by two situations")
            owners[code] = problem
    return owners


def parse_details(values: Any) -> frozenset[str]:
    """Detail codes, checked; ValueError naming the valid ones."""
    codes = frozenset(str(v).strip() for v in values or ())
    unknown = sorted(codes - set(detail_owners()))
    if unknown:
        raise ValueError(f"unknown detail {unknown[0]!r}; valid: {', '.join(detail_owners())}")
    return codes


def parse_reply(value: Reply | str) -> Reply:
    """A reply from "YYYY-MM-DD:problem[,problem...]"; ValueError if it is not one."""
    if isinstance(value, Reply):
        return value
    day, _, problems = str(value).strip().partition(":")
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError:
        raise ValueError(
            f"a reply is YYYY-MM-DD:problem[,problem...], not {str(value)[:40]!r}"
        ) from None
    found = parse_problems(p.strip() for p in problems.split(",") if p.strip())
    if not found:
        raise ValueError("a reply names at least one problem (what was wrong with it)")
    return Reply(date=date, problems=found)


def parse_channel(value: str | None) -> str | None:
    """How a request was sent ("email", "post"), or None; ValueError otherwise."""
    if value in (None, ""):
        return None
    channel = str(value).strip().lower().replace("-", "")
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {value!r}; valid: {', '.join(CHANNELS)}")
    return channel


def uk_article_12a_from() -> datetime.date:
    value = _data()["uk_article_12a_from"]
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def deadline_article(jurisdiction_code: str, received: datetime.date | None) -> str:
    """The article a letter cites for the answer period: Art. 12A UK GDPR for UK requests
    received from 5 Feb 2026 (or, receipt unknown, sent from then: never earlier), else
    Art. 12(3)."""
    if jurisdiction_code == "UK" and received is not None and received >= uk_article_12a_from():
        return "12A"
    return "12(3)"


def assess_extension(notice: datetime.date, reasons_given: bool, received: datetime.date | None,
                     jurisdiction_code: str, country: str,
                     due: datetime.date | None = None) -> Extension:
    """The extension as Art. 12(3) GDPR / Art. 12A UK GDPR judge it.

    `due` is the first month's end if already known; otherwise it and the extended date are
    counted from `received` (None where no period is modelled or receipt is unknown).
    """
    extended = None
    if received is not None:
        try:
            deadline = due_date(received, jurisdiction_code, country, extended=True)
        except ValueError:
            deadline = None
        if deadline is not None:
            due = due or deadline.due
            extended = deadline.extended_due
    return Extension(notice=notice, reasons_given=bool(reasons_given), first_month_ends=due,
                     extended_due=extended)


def facts_to_ask(problems: Any, given: Any = ()) -> tuple[str, ...]:
    """What the letter about `problems` still needs: the `needs` of their situations (fields
    of `LetterRequest`) that are not among the names in `given`, in situation order, once
    each. The chat asks for these, and only these, before writing the letter."""
    wanted: dict[str, None] = {}
    for problem in parse_problems(problems):
        for field in situations()[problem].needs:
            wanted.setdefault(field, None)
    known = set(given)
    return tuple(field for field in wanted if field not in known)
