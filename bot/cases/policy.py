"""What a person can do next with a case, following the sourced facts, in words the chat and
the command line share.

Every rule cites only what `../shared/facts/clearview-and-gdpr.md` says:

- before the deadline: wait. The controller has one month from receipt, extendable by two
  further months only if it says so, with reasons, within the first month (Art. 12(3) GDPR);
- after the deadline without an answer: a follow-up letter reminding it of Art. 12(3) and
  12(4) (a complaint is possible at once too; the sentence says so);
- an extension announced late or without reasons does not move the deadline (Art. 12(3)):
  after the first month, a follow-up letter that says so (the rule is `bot.situations`', with
  the law's data);
- after a follow-up that went unanswered, or on a problem the person reports (one of the
  situations of `bot/data/situations.yml`, whose articles, EDPB paragraphs and decisions are
  the step's sources): a complaint to the supervisory authority (Art. 77). A reply a letter
  can put right (situations.yml `next_step: follow_up`) gets a follow-up first. Where the
  law's complaint route has the prerequisite of a complaint to the company first
  (`bot/data/laws.yml`: the UK's s.164A DPA 2018, which the ICO expects, from 19 June 2026;
  Australia's s.40(1A)), a follow-up letter comes first, and after it the wait the route
  gives (the ICO: 30 days);
- after a complaint: Art. 78(2) gives a judicial remedy if the authority does not inform the
  complainant of progress within three months (UK: s.166 DPA 2018); the assistant prepares
  no court papers.

The two weeks given to a follow-up (`FOLLOW_UP_WAIT_DAYS`) are this assistant's convention,
not a legal period: the controller is already late, and the sentence says so.

Articles are cited with the law's name where the GDPR or the UK GDPR applies; elsewhere the
sentence has a variant without any article (the assistant never cites a law that does not
apply). The provisions come from the law's data for the case's dates (`bot.laws`): the UK's
Art. 12A for a request received from 5 February 2026; from 19 June 2026 the UK follow-up is
the s.164A DPA 2018 complaint to the controller, the complaint to the ICO rests on s.165 DPA
2018 and s.166 gives the remedy if the ICO does not act; in Australia the reminder is the
complaint to the company that s.40(1A) requires before the OAIC investigates. The sentences
are `bot.cases.step_texts`' (`describe` words a step in any language).
"""

from __future__ import annotations

import datetime
from typing import Any

from bot.cases.step_texts import PROBLEM_REASONS, RECEIPT_NOTES, STEP_TEXTS, describe, iso
from bot.cases.types import Case, CaseStatus, NextStep
from bot.deadlines import add_months
from bot.laws import Prerequisite, get_law
from bot.rights import Problem
from bot.situations import situation

__all__ = ["FOLLOW_UP_WAIT_DAYS", "PROBLEM_REASONS", "STEP_TEXTS", "describe", "law_of",
           "next_step", "problem_sources"]

FOLLOW_UP_WAIT_DAYS = 14
COMPLAINT_PROGRESS_MONTHS = 3  # Art. 78(2) GDPR; s.166 DPA 2018
CONTROLLER_FIRST = "controller_complaint_first"  # the prerequisite's code in laws.yml
# Situations that are about the period, not about what came back: the dates decide.
_PERIOD = (Problem.NO_ANSWER, Problem.EXTENSION)

_LAWS = {"EU": "GDPR", "UK": "UK GDPR"}
_DECISION_LABELS = {"cnil_2022": "CNIL SAN-2022-019"}


def problem_sources(problem: Problem) -> tuple[str, ...]:
    """The sources of a reported problem, from its situation: "Art. 12(6)", "EDPB Guidelines
    01/2022 §73, §74", "CNIL SAN-2022-019" (articles get the law's name in `_basis`)."""
    entry = situation(problem)
    sources = [f"Art. {a}" for a in entry.articles if a != "12A"]  # 12A: UK letters only
    if entry.edpb:
        sources.append("EDPB Guidelines 01/2022 " + ", ".join(f"§{p}" for p in entry.edpb))
    sources += [_DECISION_LABELS[key] for key in entry.decisions]
    return tuple(sources)


def law_of(case: Case) -> str | None:
    """The law whose articles a case's sentences cite ("GDPR", "UK GDPR"), or None."""
    return _LAWS.get(case.jurisdiction)


def _controller_first(case: Case, day: datetime.date) -> Prerequisite | None:
    """The complaint to the company that the law's complaint route on `day` puts first (UK
    s.164A DPA 2018 from 19 June 2026, expected by the ICO; Australia s.40(1A)), or None."""
    try:
        route = get_law(case.jurisdiction).complaint(day)
    except KeyError:
        return None
    return next((p for p in (route.prerequisites if route else ()) if p.code == CONTROLLER_FIRST),
                None)


def _refs(case: Case, today: datetime.date) -> dict[str, str]:
    """The provisions a case's sentences cite on `today`: the period of its request (by the
    day it counts from), the complaint route and remedy (by today), as bot/data/laws.yml
    gives them; empty where no GDPR article may be cited."""
    if case.jurisdiction not in _LAWS:
        return {}
    law = get_law(case.jurisdiction)
    period = law.period(case.request_type.value, case.counted_from)
    route = law.complaint(today)
    refs = {"period": period.provision if period else f"Art. 12(3) {_LAWS[case.jurisdiction]}"}
    if route is not None and route.provision:
        refs["complaint"] = route.provision
    if route is not None and route.remedy:
        refs["remedy"] = route.remedy.provision
    return refs


def _receipt(case: Case) -> dict[str, Any]:
    """The receipt a due date counts from, when nobody confirmed it (for the note)."""
    if case.receipt in RECEIPT_NOTES and case.counted_from is not None:
        return {"received": case.counted_from, "receipt": case.receipt}
    return {}


def _step(case: Case, kind: str, situation: str, until: datetime.date | None = None,
          basis: tuple[str, ...] = (), today: datetime.date | None = None,
          **params: Any) -> NextStep:
    """A step and its English reason; `until` is also offered to the sentence, and the case's
    provisions on `today` (`_refs`)."""
    if until is not None:
        params = {"until": until, **params}
    params = {**params, **_refs(case, today or datetime.date.today())}
    step = NextStep(kind=kind, until=until, situation=situation,  # type: ignore[arg-type]
                    params=tuple(params.items()), basis=basis)
    reason = describe(step, law_of(case), "en", dates=iso)
    return NextStep(kind=step.kind, until=until, situation=situation, params=step.params,
                    reason=reason, basis=basis)


def _basis(case: Case, today: datetime.date, *items: str) -> tuple[str, ...]:
    """The sources of a step: articles only where the GDPR or UK GDPR applies (the period,
    complaint and remedy provisions as the case's law gives them on its dates), EDPB
    guidelines only for the EU/EEA."""
    law = _LAWS.get(case.jurisdiction)
    refs = _refs(case, today)
    named = {"Art. 12(3)": refs.get("period"), "Art. 77": refs.get("complaint"),
             "Art. 78(2)": refs.get("remedy")}
    out = []
    for item in items:
        if item.startswith("Art. "):
            if law:
                out.append(named.get(item) or f"{item} {law}")
        elif not item.startswith("EDPB") or case.jurisdiction == "EU":
            out.append(item)
    return tuple(dict.fromkeys(out))


def _complaint_for_problems(case: Case, problems: tuple[Problem, ...],
                            today: datetime.date) -> NextStep:
    sources = [s for p in problems for s in problem_sources(p)]
    values = tuple(p.value for p in problems)
    first = _controller_first(case, today)
    if first is not None and case.status is not CaseStatus.FOLLOWED_UP:
        return _step(case, "follow_up", "follow_up_first",
                     basis=tuple(dict.fromkeys((*_basis(case, today, *sources),
                                                first.provision))),
                     today=today, problems=values)
    if (case.status is not CaseStatus.FOLLOWED_UP
            and all(situation(p).next_step == "follow_up" for p in problems)):
        # A reply a letter can put right (situations.yml `next_step`): "we hold nothing" to a
        # request without a face, which the follow-up answers by offering a search by face.
        return _step(case, "follow_up", "follow_up_problems",
                     basis=_basis(case, today, *dict.fromkeys([*sources, "Art. 77"])),
                     today=today, problems=values)
    return _step(case, "complaint", "complaint_problems",
                 basis=_basis(case, today, *dict.fromkeys([*sources, "Art. 77"])),
                 today=today, problems=values)


def _wait_for_deadline(case: Case, deadline: datetime.date, today: datetime.date) -> NextStep:
    extension = case.extension
    kind = "wait_extension" if extension and extension.valid else "wait_deadline"
    return _step(case, "wait", kind, deadline, _basis(case, today, "Art. 12(3)"),
                 today=today, **_receipt(case))


def _follow_up(case: Case, deadline: datetime.date, today: datetime.date) -> NextStep:
    """After the deadline: a reminder, or where the law makes it the first step of a
    complaint, the complaint to the controller (UK s.164A from 19 June 2026; Australia
    s.40(1A)). An extension that does not count is said to be one."""
    kind = get_law(case.jurisdiction).follow_up(today)
    if kind is not None and kind.kind == "controller_complaint":
        basis = (kind.provision, *_basis(case, today, "Art. 77"))
        return _step(case, "follow_up", "follow_up_controller_complaint", None,
                     tuple(dict.fromkeys(basis)), today=today, deadline=deadline,
                     first=kind.provision, **_receipt(case))
    extension = case.extension
    if extension is not None and not extension.valid:
        return _step(case, "follow_up", "extension_invalid", None,
                     _basis(case, today, "Art. 12(3)", "Art. 77"), today=today,
                     deadline=deadline, **_receipt(case))
    return _step(case, "follow_up", "follow_up", None,
                 _basis(case, today, "Art. 12(3)", "Art. 12(4)", "Art. 77"), today=today,
                 deadline=deadline, **_receipt(case))


def _after_follow_up(case: Case, today: datetime.date) -> NextStep:
    deadline = case.deadline
    if deadline is not None and today <= deadline:
        return _wait_for_deadline(case, deadline, today)
    since = case.status_since(CaseStatus.FOLLOWED_UP) or case.last_activity.date()
    first = _controller_first(case, since)
    wait = first.wait_days if first is not None else None
    until = since + datetime.timedelta(days=wait or FOLLOW_UP_WAIT_DAYS)
    if today < until and first is not None and wait:
        return _step(case, "wait", "wait_after_follow_up_first", until, (first.provision,),
                     today=today, since=since, days=wait)
    if today < until:
        return _step(case, "wait", "wait_after_follow_up", until,
                     _basis(case, today, "Art. 12(3)", "Art. 77"), today=today, since=since,
                     days=FOLLOW_UP_WAIT_DAYS)
    # The Dutch AP's decision of 16 May 2024 (published 3 September 2024).
    return _step(case, "complaint", "complaint_after_follow_up", None,
                 _basis(case, today, "Art. 12(3)", "Art. 77",
                        "Autoriteit Persoonsgegevens 2024-05-16"), today=today)


def _after_complaint(case: Case, today: datetime.date) -> NextStep:
    """Three months after the complaint: Art. 78(2) GDPR in the EU, s.166 DPA 2018 in the UK
    (the First-tier Tribunal can order the ICO to act); elsewhere nothing sourced."""
    since = case.status_since(CaseStatus.COMPLAINED) or case.last_activity.date()
    until = add_months(since, COMPLAINT_PROGRESS_MONTHS)
    if case.jurisdiction not in _LAWS:
        return _step(case, "done", "complaint_pending", today=today)
    route = get_law(case.jurisdiction).complaint(since)
    remedy = route.remedy.provision if route and route.remedy else None
    eu = case.jurisdiction == "EU"
    basis = ("Art. 77 GDPR", "Art. 78(2) GDPR") if eu else tuple(
        p for p in ((route.provision if route else None), remedy) if p)
    if today <= until:
        return _step(case, "wait", "wait_complaint" if eu else "wait_complaint_order", until,
                     basis, today=today)
    return _step(case, "done", "complaint_no_news" if eu else "complaint_no_news_order", None,
                 basis[-1:], today=today)


def next_step(case: Case, today: datetime.date) -> NextStep:
    """The next thing to do on `case` on `today` (see the module docstring for the rules)."""
    status = case.status
    if status is CaseStatus.CLOSED:
        return _step(case, "done", "closed", today=today)
    if status is CaseStatus.COMPLAINED:
        return _after_complaint(case, today)
    if status is CaseStatus.AWAITING_SEND or case.sent is None:
        return _step(case, "send", "send", None, _basis(case, today, "Art. 12(3)"), today=today)
    reported = tuple(p for p in case.problems if p not in _PERIOD)
    # After the follow-up the route expects first, its wait (the ICO's 30 days) comes first.
    first = _controller_first(case, case.status_since(CaseStatus.FOLLOWED_UP) or today)
    waiting_first = status is CaseStatus.FOLLOWED_UP and bool(first and first.wait_days)
    if reported and not waiting_first:
        return _complaint_for_problems(case, reported, today)
    if status is CaseStatus.ANSWERED:
        return _step(case, "done", "answered", today=today)
    if status is CaseStatus.FOLLOWED_UP:
        return _after_follow_up(case, today)
    deadline = case.deadline
    if deadline is None:
        return _step(case, "wait", "no_period", today=today)
    if today <= deadline:
        return _wait_for_deadline(case, deadline, today)
    return _follow_up(case, deadline, today)
