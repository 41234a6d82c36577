"""What can go wrong with a request, as data: `bot/data/situations.yml`, read once.

One `Situation` per `bot.rights.Problem`: the first requests it can follow, the articles and
EDPB paragraphs its letter paragraphs cite, the decisions they name, what the letter asks for,
what the letter needs to know (`needs`, which the chat asks for) and may use (`optional`),
the codes of what exactly happened (`details`), and the facts-file lines it rests on. The
wording is in `bot/templates/letters/<lang>/_situations.txt.j2`; this module is what the
letters, the case policy, the command line and the chat share.

Also here: the checklist of an access answer (what a partial answer can lack), a reply as a
case or a complaint records it (`Reply`: its date and what was wrong with it), which
situations the letters under laws other than the GDPR word (`other_law_situations`), and the
extension rule (`assess_extension`, which the letters and the case store share): an
extension counts only where the law allows one (`bot/data/laws.yml`), if announced within the
first period and, where the law says so (GDPR, UK GDPR), with reasons; the answer is then due
by the extended date (three months from receipt under the GDPR). The article of the answer
period (Art. 12(3), or Art. 12A UK GDPR) is the law's data too (`bot.laws`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.deadlines import due_date
from bot.laws import get_law
from bot.rights import Problem, RequestType, parse_problems

DATA_FILE = Path(__file__).with_name("data") / "situations.yml"


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
    """What the person says about an announced extension, judged against the law's period
    (Art. 12(3) GDPR / Art. 12A UK GDPR; PIPEDA s.8(4); CCPA §1798.130(a)(2)).

    `first_month_ends` is the original due date; `extended_due` the extended one (three
    months from receipt under the GDPR, moved off a weekend or holiday like the due date;
    None where the law allows no extension). The extension counts (`valid`) only if the law
    allows one and it was announced within the first period, with reasons where the law
    requires them (`reasons_required`).
    """

    notice: datetime.date
    reasons_given: bool
    first_month_ends: datetime.date | None
    extended_due: datetime.date | None
    reasons_required: bool = True

    @property
    def in_time(self) -> bool | None:
        """Announced within the first month; None where the due date is not known."""
        if self.first_month_ends is None:
            return None
        return self.notice <= self.first_month_ends

    @property
    def valid(self) -> bool:
        return (bool(self.in_time) and self.extended_due is not None
                and (self.reasons_given or not self.reasons_required))


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


def other_law_situations() -> tuple[Problem, ...]:
    """The situations the letters under laws other than the GDPR and the UK GDPR word (their
    paragraphs state facts and cite no provision); the others' paragraphs cite the GDPR."""
    return parse_problems(_data()["other_laws"])


def extension_needs_reasons(jurisdiction_code: str, request_type: str,
                            received: datetime.date | None) -> bool:
    """Whether the law requires an extension to be announced with reasons (GDPR, UK GDPR):
    the `reasons` of the extension of its period for `request_type` received on `received`."""
    try:
        period = get_law(jurisdiction_code).period(request_type, received)
    except KeyError:
        return True
    return bool(period and period.extension and period.extension.reasons)


def assess_extension(notice: datetime.date, reasons_given: bool, received: datetime.date | None,
                     jurisdiction_code: str, country: str,
                     due: datetime.date | None = None, *, subdivision: str | None = None,
                     request_type: str = "access") -> Extension:
    """The extension as the law of `jurisdiction_code` judges it (bot/data/laws.yml).

    `due` is the first period's end if already known; otherwise it and the extended date are
    counted from `received` (None where no period is modelled or receipt is unknown).
    """
    extended = None
    deadline = None
    for where in (dict.fromkeys([subdivision, None]) if received is not None else ()):
        try:  # a subdivision without its own holiday calendar counts with the country's
            deadline = due_date(received, jurisdiction_code, country, where,  # type: ignore[arg-type]
                                extended=True, request_type=request_type)
            break
        except ValueError:
            continue
    if deadline is not None:
        due = due or deadline.due
        extended = deadline.extended_due
    return Extension(notice=notice, reasons_given=bool(reasons_given), first_month_ends=due,
                     extended_due=extended,
                     reasons_required=extension_needs_reasons(jurisdiction_code, request_type,
                                                              received))


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
