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
apply). `describe` words a step in any language: one sentence per situation, so the chat
and `python -m bot case show` cannot drift apart.
"""

from __future__ import annotations

import datetime
from typing import Any, Callable

from bot.cases.types import Case, CaseStatus, NextStep
from bot.deadlines import add_months
from bot.i18n import _, format_long_date, gettext
from bot.labels import law_name
from bot.rights import Problem

FOLLOW_UP_WAIT_DAYS = 14
COMPLAINT_PROGRESS_MONTHS = 3  # Art. 78(2) GDPR

_LAWS = {"EU": "GDPR", "UK": "UK GDPR"}

# One sentence per situation: (with the law's articles, without any article).
STEP_TEXTS: dict[str, tuple[str, str]] = {
    "send": (
        _("The letter has not been sent yet. The deadline runs from the day the controller "
          "receives it (Art. 12(3) {law}); by e-mail that is the day you send it. Tell me "
          "when you have sent it."),
        _("The letter has not been sent yet. The deadline runs from the day the controller "
          "receives it; by e-mail that is the day you send it. Tell me when you have sent "
          "it."),
    ),
    "wait_deadline": (
        _("The controller has until {until} to answer: one month from receipt (Art. 12(3) "
          "{law}). It may take two further months only if it tells you so, with reasons, "
          "within that month."),
        _("The controller has until {until} to answer."),
    ),
    "wait_extension": (
        _("The controller announced an extension: it has until {until} to answer "
          "(Art. 12(3) {law})."),
        _("The controller announced an extension: it has until {until} to answer."),
    ),
    "follow_up": (
        _("The deadline ({deadline}) has passed without an answer. Send a follow-up letter: "
          "an answer is due within one month at the latest, and a refusal must say so "
          "within that month and mention the right to complain (Art. 12(3) and 12(4) "
          "{law}). You may also complain to the supervisory authority now (Art. 77 {law})."),
        _("The deadline ({deadline}) has passed without an answer. Send a follow-up letter; "
          "you may also complain to the supervisory authority now."),
    ),
    "wait_after_follow_up": (
        _("A follow-up letter went to the controller on {since}. This assistant suggests "
          "giving it {days} days, which is not a legal period: the controller is already "
          "late, and you may complain to the supervisory authority at any time (Art. 77 "
          "{law})."),
        _("A follow-up letter went to the controller on {since}. This assistant suggests "
          "giving it {days} days, which is not a legal period: the controller is already "
          "late, and you may complain to the supervisory authority at any time."),
    ),
    "complaint_after_follow_up": (
        _("The follow-up went unanswered: complain to the supervisory authority (Art. 77 "
          "{law}). The Dutch authority's 2024 fine against Clearview started from two "
          "unanswered access requests."),
        _("The follow-up went unanswered: complain to the supervisory authority."),
    ),
    "complaint_problems": (
        _("You reported a problem: {problems}. You can complain to the supervisory authority "
          "(Art. 77 {law})."),
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
    "complaint_no_news": (
        _("Three months have passed since the complaint. If the supervisory authority has "
          "not informed you of its progress, you may go to court (Art. 78(2) {law}): ask a "
          "lawyer or a digital-rights organisation; this assistant does not prepare that."),
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
    where no article may be cited."""
    with_law, without = STEP_TEXTS[step.situation]
    values: dict[str, Any] = {}
    for key, value in step.params:
        if isinstance(value, datetime.date):
            value = dates(value, language)
        elif key == "problems":
            value = "; ".join(gettext(language, PROBLEM_REASONS[Problem(p)][0]) for p in value)
        values[key] = value
    if law:
        values["law"] = law_name(law, language)
    return gettext(language, with_law if law else without, **values)


def law_of(case: Case) -> str | None:
    """The law whose articles a case's sentences cite ("GDPR", "UK GDPR"), or None."""
    return _LAWS.get(case.jurisdiction)


def _step(case: Case, kind: str, situation: str, until: datetime.date | None = None,
          basis: tuple[str, ...] = (), **params: Any) -> NextStep:
    """A step and its English reason; `until` is also offered to the sentence."""
    if until is not None:
        params = {"until": until, **params}
    step = NextStep(kind=kind, until=until, situation=situation,  # type: ignore[arg-type]
                    params=tuple(params.items()), basis=basis)
    reason = describe(step, law_of(case), "en", dates=iso)
    return NextStep(kind=step.kind, until=until, situation=situation, params=step.params,
                    reason=reason, basis=basis)


def _basis(case: Case, *items: str) -> tuple[str, ...]:
    """The sources of a step: articles only where the GDPR or UK GDPR applies, EDPB
    guidelines only for the EU/EEA."""
    law = _LAWS.get(case.jurisdiction)
    out = []
    for item in items:
        if item.startswith("Art. "):
            if law:
                out.append(f"{item} {law}")
        elif not item.startswith("EDPB") or case.jurisdiction == "EU":
            out.append(item)
    return tuple(out)


def _complaint_for_problems(case: Case, problems: tuple[Problem, ...]) -> NextStep:
    sources = [s for p in problems for s in PROBLEM_REASONS[p][1]]
    return _step(case, "complaint", "complaint_problems",
                 basis=_basis(case, *dict.fromkeys([*sources, "Art. 77"])),
                 problems=tuple(p.value for p in problems))


def _wait_for_deadline(case: Case, deadline: datetime.date) -> NextStep:
    situation = "wait_extension" if case.extension_announced else "wait_deadline"
    return _step(case, "wait", situation, deadline, _basis(case, "Art. 12(3)"))


def _after_follow_up(case: Case, today: datetime.date) -> NextStep:
    deadline = case.deadline
    if deadline is not None and today <= deadline:
        return _wait_for_deadline(case, deadline)
    since = case.status_since(CaseStatus.FOLLOWED_UP) or case.last_activity.date()
    until = since + datetime.timedelta(days=FOLLOW_UP_WAIT_DAYS)
    if today < until:
        return _step(case, "wait", "wait_after_follow_up", until,
                     _basis(case, "Art. 12(3)", "Art. 77"), since=since,
                     days=FOLLOW_UP_WAIT_DAYS)
    return _step(case, "complaint", "complaint_after_follow_up", None,
                 _basis(case, "Art. 12(3)", "Art. 77",
                        "Autoriteit Persoonsgegevens 2024-09-03"))


def _after_complaint(case: Case, today: datetime.date) -> NextStep:
    since = case.status_since(CaseStatus.COMPLAINED) or case.last_activity.date()
    until = add_months(since, COMPLAINT_PROGRESS_MONTHS)
    if case.jurisdiction != "EU":
        return _step(case, "done", "complaint_pending")
    if today <= until:
        return _step(case, "wait", "wait_complaint", until,
                     ("Art. 77 GDPR", "Art. 78(2) GDPR"))
    return _step(case, "done", "complaint_no_news", None, ("Art. 78(2) GDPR",))


def next_step(case: Case, today: datetime.date) -> NextStep:
    """The next thing to do on `case` on `today` (see the module docstring for the rules)."""
    status = case.status
    if status is CaseStatus.CLOSED:
        return _step(case, "done", "closed")
    if status is CaseStatus.COMPLAINED:
        return _after_complaint(case, today)
    if status is CaseStatus.AWAITING_SEND or case.sent is None:
        return _step(case, "send", "send", None, _basis(case, "Art. 12(3)"))
    reported = tuple(p for p in case.problems if p is not Problem.NO_ANSWER)
    if reported:
        return _complaint_for_problems(case, reported)
    if status is CaseStatus.ANSWERED:
        return _step(case, "done", "answered")
    if status is CaseStatus.FOLLOWED_UP:
        return _after_follow_up(case, today)
    deadline = case.deadline
    if deadline is None:
        return _step(case, "wait", "no_period")
    if today <= deadline:
        return _wait_for_deadline(case, deadline)
    return _step(case, "follow_up", "follow_up", None,
                 _basis(case, "Art. 12(3)", "Art. 12(4)", "Art. 77"), deadline=deadline)
