"""What a person can do next with a case, following the sourced facts, in words the chat and
the command line share.

Every rule cites only what `../shared/facts/clearview-and-gdpr.md` says:

- before the deadline: wait. The controller has one month from receipt, extendable by two
  further months only if it says so, with reasons, within the first month (Art. 12(3) GDPR);
- after the deadline without an answer: a follow-up letter reminding it of Art. 12(3) and
  12(4) (a complaint is possible at once too; the sentence says so);
- after a follow-up that went unanswered, or on a problem the person reports (a photo or an
  ID demanded, Art. 12(6) and EDPB Guidelines 01/2022 §70-71, §73-74; a partial answer; access
  limited to 12 months or to twice a year, CNIL SAN-2022-019 and EDPB §185): a complaint to
  the supervisory authority (Art. 77);
- after a complaint: Art. 78(2) gives a judicial remedy if the authority does not inform the
  complainant of progress within three months; the assistant prepares no court papers.

The two weeks given to a follow-up (`FOLLOW_UP_WAIT_DAYS`) are this assistant's convention,
not a legal period: the controller is already late, and the sentence says so.

Articles are cited with the law's name where the GDPR or the UK GDPR applies; elsewhere the
sentence has a variant without any article (the assistant never cites a law that does not
apply). The provisions come from the law's data for the case's dates (`bot.laws`): the UK's
Art. 12A for a request received from 5 February 2026; from 19 June 2026 the UK follow-up is
the s.164A DPA 2018 complaint to the controller (acknowledged within 30 days, which the ICO
expects first), the complaint to the ICO rests on s.165 DPA 2018 and s.166 gives the remedy
if the ICO does not act; in Australia the reminder is the complaint to the company that
s.40(1A) requires before the OAIC investigates. A due date counted from a receipt nobody
confirmed is said with the assumption ("This counts from receipt on ...").
`describe` words a step in any language: one sentence per situation, so the chat
and `python -m bot case show` cannot drift apart.
"""

from __future__ import annotations

import datetime
from typing import Any, Callable

from bot.cases.types import Case, CaseStatus, NextStep
from bot.deadlines import add_months
from bot.i18n import _, format_long_date, gettext
from bot.labels import law_name
from bot.laws import get_law
from bot.rights import Problem

FOLLOW_UP_WAIT_DAYS = 14
COMPLAINT_PROGRESS_MONTHS = 3  # Art. 78(2) GDPR; s.166 DPA 2018

_LAWS = {"EU": "GDPR", "UK": "UK GDPR"}
# How the provisions read in a step's sources and sentences ("Art. 12A UK GDPR").
_SHORT = {"s.164A DPA 2018": "s.164A DPA 2018", "s.165 DPA 2018": "s.165 DPA 2018",
          "s.166 DPA 2018": "s.166 DPA 2018"}

# One sentence per situation: (with the law's articles, without any article). {period},
# {complaint} and {remedy} are the provisions of the case's law on its dates (`_refs`).
STEP_TEXTS: dict[str, tuple[str, str]] = {
    "send": (
        _("The letter has not been sent yet. The deadline runs from the day the controller "
          "receives it ({period}); by e-mail that is the day you send it. Tell me when you "
          "have sent it."),
        _("The letter has not been sent yet. The deadline runs from the day the controller "
          "receives it; by e-mail that is the day you send it. Tell me when you have sent "
          "it."),
    ),
    "wait_deadline": (
        _("The controller has until {until} to answer: one month from receipt ({period}). It "
          "may take two further months only if it tells you so, with reasons, within that "
          "month."),
        _("The controller has until {until} to answer."),
    ),
    "wait_extension": (
        _("The controller announced an extension: it has until {until} to answer "
          "({period})."),
        _("The controller announced an extension: it has until {until} to answer."),
    ),
    "follow_up": (
        _("The deadline ({deadline}) has passed without an answer. Send a follow-up letter: "
          "an answer is due within one month at the latest, and a refusal must say so "
          "within that month and mention the right to complain ({period} and Art. 12(4) "
          "{law}). You may also complain to the supervisory authority now ({complaint})."),
        _("The deadline ({deadline}) has passed without an answer. Send a follow-up letter; "
          "you may also complain to the supervisory authority now."),
    ),
    "follow_up_controller_complaint": (
        _("The deadline ({deadline}) has passed without an answer. Complain to the "
          "controller first ({first}): it must acknowledge your complaint within 30 days. "
          "The ICO expects this before you complain to it ({complaint})."),
        _("The deadline ({deadline}) has passed without an answer. Complain to the company "
          "first: the regulator investigates a complaint only after that ({first})."),
    ),
    "wait_after_follow_up": (
        _("A follow-up letter went to the controller on {since}. This assistant suggests "
          "giving it {days} days, which is not a legal period: the controller is already "
          "late, and you may complain to the supervisory authority at any time "
          "({complaint})."),
        _("A follow-up letter went to the controller on {since}. This assistant suggests "
          "giving it {days} days, which is not a legal period: the controller is already "
          "late, and you may complain to the supervisory authority at any time."),
    ),
    "complaint_after_follow_up": (
        _("The follow-up went unanswered: complain to the supervisory authority "
          "({complaint}). The Dutch authority's 2024 fine against Clearview started from two "
          "unanswered access requests."),
        _("The follow-up went unanswered: complain to the supervisory authority."),
    ),
    "complaint_problems": (
        _("You reported a problem: {problems}. You can complain to the supervisory authority "
          "({complaint})."),
        _("You reported a problem: {problems}. You can complain to the supervisory "
          "authority."),
    ),
    "complaint_pending": (
        _("The complaint is with the supervisory authority; it will contact you."),
        _("The complaint is with the supervisory authority; it will contact you."),
    ),
    "wait_complaint": (
        _("The complaint is with the supervisory authority. If it has not informed you of "
          "its progress by {until} (three months), you have a judicial remedy (Art. 78(2) "
          "{law})."),
        _("The complaint is with the supervisory authority; it will contact you."),
    ),
    "wait_complaint_order": (
        _("The complaint is with the ICO. If it takes no appropriate steps or has not told "
          "you of its progress or outcome by {until} (three months), the First-tier Tribunal "
          "can order it to act ({remedy})."),
        _("The complaint is with the supervisory authority; it will contact you."),
    ),
    "complaint_no_news": (
        _("Three months have passed since the complaint. If the supervisory authority has "
          "not informed you of its progress, you may go to court (Art. 78(2) {law}): ask a "
          "lawyer or a digital-rights organisation; this assistant does not prepare that."),
        _("The complaint is with the supervisory authority; it will contact you."),
    ),
    "complaint_no_news_order": (
        _("Three months have passed since the complaint. If the ICO has taken no appropriate "
          "steps or not told you of its progress or outcome, you may ask the First-tier "
          "Tribunal to order it to act ({remedy}); it decides on the procedure, not on the "
          "merits. Ask a lawyer or a digital-rights organisation; this assistant does not "
          "prepare that."),
        _("The complaint is with the supervisory authority; it will contact you."),
    ),
    "answered": (
        _("The controller answered. If the answer is incomplete, limits what you get, or "
          "asks for a photo or an identity document, tell me: you can then complain."),
        _("The controller answered. If the answer is incomplete, limits what you get, or "
          "asks for a photo or an identity document, tell me: you can then complain."),
    ),
    "closed": (_("The case is closed."), _("The case is closed.")),
    "no_period": (
        _("No legal answer period is known to this assistant for this place; give the "
          "controller a reasonable time and tell me when it answers."),
        _("No legal answer period is known to this assistant for this place; give the "
          "controller a reasonable time and tell me when it answers."),
    ),
}

# Said after a date counted from a receipt nobody confirmed (facts file, "Counting the
# deadline": a letter must never state a receipt date as a fact that nobody gave).
RECEIPT_NOTES: dict[str, str] = {
    "same_day": _("This counts from receipt on {received}, the day you sent it by e-mail."),
    "estimated": _("This counts from receipt on {received}, the day you expected your posted "
                   "letter to arrive; tell me if it arrived on another day."),
    "assumed": _("This counts from receipt on {received}, which nobody confirmed; tell me if "
                 "it arrived on another day."),
}
_RECEIPT_SITUATIONS = frozenset({"wait_deadline", "wait_extension", "follow_up",
                                 "follow_up_controller_complaint"})

# Each reported problem, in words the person can quote, with the sources it rests on.
PROBLEM_REASONS: dict[Problem, tuple[str, tuple[str, ...]]] = {
    Problem.PHOTO_OR_ID_DEMANDED: (
        _("a photo or an identity document may be asked for only where there are "
          "reasonable doubts about who you are, and only what is necessary"),
        ("Art. 12(6)", "EDPB Guidelines 01/2022 §70-71, §73, §74"),
    ),
    Problem.PARTIAL_ANSWER: (
        _("the answer left out part of what you asked for (CNIL found Clearview's answers "
          "partial or missing)"),
        ("Art. 15", "Art. 15(3)", "CNIL SAN-2022-019"),
    ),
    Problem.ACCESS_LIMITED: (
        _("limiting access to the last 12 months or to twice a year was sanctioned by the "
          "CNIL, and one request a year is never excessive"),
        ("CNIL SAN-2022-019", "EDPB Guidelines 01/2022 §185"),
    ),
}

DateFormat = Callable[[datetime.date, str], str]


def iso(day: datetime.date, _language: str) -> str:
    return day.isoformat()


def describe(step: NextStep, law: str | None, language: str,
             dates: DateFormat = format_long_date) -> str:
    """The step's sentence in `language`; `law` is the case's law ("GDPR", "UK GDPR") or None
    where no article may be cited. A date counted from an unconfirmed receipt is followed by
    the assumption it rests on."""
    with_law, without = STEP_TEXTS[step.situation]
    values: dict[str, Any] = {}
    for key, value in step.params:
        if isinstance(value, datetime.date):
            value = dates(value, language)
        elif key == "problems":
            value = "; ".join(gettext(language, PROBLEM_REASONS[Problem(p)][0]) for p in value)
        elif key in ("period", "complaint", "remedy", "first") and law:
            value = value.replace("GDPR", law_name("GDPR", language)) \
                if law == "GDPR" else value
        values[key] = value
    if law:
        values["law"] = law_name(law, language)
    text = gettext(language, with_law if law else without, **values)
    receipt = values.get("receipt")
    if step.situation in _RECEIPT_SITUATIONS and receipt in RECEIPT_NOTES:
        text += " " + gettext(language, RECEIPT_NOTES[receipt], received=values["received"])
    return text


def law_of(case: Case) -> str | None:
    """The law whose articles a case's sentences cite ("GDPR", "UK GDPR"), or None."""
    return _LAWS.get(case.jurisdiction)


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
    sources = [s for p in problems for s in PROBLEM_REASONS[p][1]]
    return _step(case, "complaint", "complaint_problems",
                 basis=_basis(case, today, *dict.fromkeys([*sources, "Art. 77"])),
                 today=today, problems=tuple(p.value for p in problems))


def _wait_for_deadline(case: Case, deadline: datetime.date, today: datetime.date) -> NextStep:
    situation = "wait_extension" if case.extension_announced else "wait_deadline"
    return _step(case, "wait", situation, deadline, _basis(case, today, "Art. 12(3)"),
                 today=today, **_receipt(case))


def _follow_up(case: Case, deadline: datetime.date, today: datetime.date) -> NextStep:
    """After the deadline: a reminder, or where the law makes it the first step of a
    complaint, the complaint to the controller (UK s.164A from 19 June 2026; Australia
    s.40(1A))."""
    kind = get_law(case.jurisdiction).follow_up(today)
    if kind is not None and kind.kind == "controller_complaint":
        basis = (kind.provision, *_basis(case, today, "Art. 77"))
        return _step(case, "follow_up", "follow_up_controller_complaint", None,
                     tuple(dict.fromkeys(basis)), today=today, deadline=deadline,
                     first=kind.provision, **_receipt(case))
    return _step(case, "follow_up", "follow_up", None,
                 _basis(case, today, "Art. 12(3)", "Art. 12(4)", "Art. 77"), today=today,
                 deadline=deadline, **_receipt(case))


def _after_follow_up(case: Case, today: datetime.date) -> NextStep:
    deadline = case.deadline
    if deadline is not None and today <= deadline:
        return _wait_for_deadline(case, deadline, today)
    since = case.status_since(CaseStatus.FOLLOWED_UP) or case.last_activity.date()
    until = since + datetime.timedelta(days=FOLLOW_UP_WAIT_DAYS)
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
    reported = tuple(p for p in case.problems if p is not Problem.NO_ANSWER)
    if reported:
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
