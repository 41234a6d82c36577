"""What a person can do next with a case, following the sourced facts, in words the chat and
the command line share.

Every rule cites only what `../shared/facts/clearview-and-gdpr.md` says:

- before the deadline: wait. The controller has one month from receipt, extendable by two
  further months only if it says so, with reasons, within the first month (Art. 12(3) GDPR);
- after the deadline without an answer: a follow-up letter reminding it of Art. 12(3) and
  12(4) (a complaint is possible at once too; the sentence says so);
- an extension announced late or without reasons does not move the deadline (Art. 12(3)):
  after the first month, a follow-up letter that says so;
- after a follow-up that went unanswered, or on a problem the person reports (one of the
  situations of `bot/data/situations.yml`, whose articles, EDPB paragraphs and decisions are
  the step's sources): a complaint to the supervisory authority (Art. 77). Where the
  authority expects a complaint to the company first (the ICO; the OAIC, s.40(1A)), a
  follow-up letter comes first, and after it the ICO's 30 days;
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
from bot.situations import situation

FOLLOW_UP_WAIT_DAYS = 14
COMPLAINT_PROGRESS_MONTHS = 3  # Art. 78(2) GDPR
# Authorities that expect a complaint to the company before one to them, by jurisdiction,
# with the source (facts file: "United Kingdom since 2026" and "Australia"). To move into the
# jurisdiction data once it holds complaint routes.
CONTROLLER_FIRST: dict[str, str] = {
    "UK": "ICO: complain to the organisation first, follow up after 30 days "
          "(ico.org.uk/make-a-complaint/data-protection-complaints/what-to-expect)",
    "AU": "Privacy Act 1988 s.40(1A)",
}
CONTROLLER_FIRST_WAIT_DAYS = {"UK": 30}  # the ICO: follow up after 30 days
# Situations that are about the period, not about what came back: the dates decide.
_PERIOD = (Problem.NO_ANSWER, Problem.EXTENSION)

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
    "extension_invalid": (
        _("The controller said it needed more time, but an extension counts only if it is "
          "announced within the first month, with reasons (Art. 12(3) {law}). This one was "
          "not, so the deadline ({deadline}) still counts and has passed. Send a follow-up "
          "letter; you may also complain to the supervisory authority now (Art. 77 {law})."),
        _("The controller said it needed more time, but an extension counts only if it is "
          "announced within the first month, with reasons. This one was not, so the deadline "
          "({deadline}) still counts and has passed. Send a follow-up letter; you may also "
          "complain to the supervisory authority now."),
    ),
    "follow_up_problems": (
        _("You reported a problem: {problems}. Send Clearview a follow-up letter that answers "
          "it; you may also complain to the supervisory authority now (Art. 77 {law})."),
        _("You reported a problem: {problems}. Send Clearview a follow-up letter that answers "
          "it; you may also complain to the supervisory authority now."),
    ),
    "follow_up_first": (
        _("You reported a problem: {problems}. The supervisory authority expects you to "
          "complain to the company first: send Clearview a follow-up letter, and complain to "
          "the authority if that does not resolve it."),
        _("You reported a problem: {problems}. The supervisory authority expects you to "
          "complain to the company first: send Clearview a follow-up letter, and complain to "
          "the authority if that does not resolve it."),
    ),
    "wait_after_follow_up_first": (
        _("A follow-up letter went to the controller on {since}. The supervisory authority "
          "expects you to give the company {days} days to answer before you complain to it."),
        _("A follow-up letter went to the controller on {since}. The supervisory authority "
          "expects you to give the company {days} days to answer before you complain to it."),
    ),
    "no_period": (
        _("No legal answer period is known to this assistant for this place; give the "
          "controller a reasonable time and tell me when it answers."),
        _("No legal answer period is known to this assistant for this place; give the "
          "controller a reasonable time and tell me when it answers."),
    ),
}

# Each reported problem in words the person can quote; its sources are those of its situation
# in bot/data/situations.yml (`problem_sources`). The period situations (no answer, an
# extension) are worded by the steps themselves.
PROBLEM_REASONS: dict[Problem, str] = {
    Problem.PARTIAL_ANSWER: _(
        "the answer left out part of what you asked for (CNIL found Clearview's answers "
        "partial or missing)"),
    Problem.ACCESS_LIMITED: _(
        "limiting access to the last 12 months or to twice a year was sanctioned by the "
        "CNIL, and one request a year is never excessive"),
    Problem.ID_DOCUMENT_DEMANDED: _(
        "an identity document may be asked for only where there are reasonable doubts about "
        "who you are; even then a copy may be blacked out and must be deleted after the check"),
    Problem.PHOTO_DEMANDED: _(
        "a photo or an identity document may be asked for only where there are reasonable "
        "doubts about who you are, and only what is necessary"),
    Problem.FORMALITIES_DEMANDED: _(
        "the law demands no signature, form, channel or particular address for a request"),
    Problem.FEE_OR_EXCESSIVE: _(
        "acting on a request is free of charge, and one request a year is never excessive"),
    Problem.WRONG_LANGUAGE: _(
        "the answer must be intelligible, in a language you understand"),
    Problem.REFUSAL_WITHOUT_REMEDIES: _(
        "a refusal must give its reasons and mention your right to complain and to go to court"),
    Problem.NOT_FOUND: _(
        "Clearview searches by face, not by name: an answer after a search by name proves "
        "nothing"),
    Problem.ERASURE_INCOMPLETE: _(
        "erasure means deleting the data, not hiding them from search results, and the "
        "recipients must be told"),
}
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
            value = "; ".join(gettext(language, PROBLEM_REASONS[Problem(p)]) for p in value)
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
    sources = [s for p in problems for s in problem_sources(p)]
    if case.jurisdiction in CONTROLLER_FIRST and case.status is not CaseStatus.FOLLOWED_UP:
        return _step(case, "follow_up", "follow_up_first",
                     basis=(*_basis(case, *dict.fromkeys(sources)),
                            CONTROLLER_FIRST[case.jurisdiction]),
                     problems=tuple(p.value for p in problems))
    if (case.status is not CaseStatus.FOLLOWED_UP
            and all(situation(p).next_step == "follow_up" for p in problems)):
        # A reply a letter can put right (situations.yml `next_step`): "we hold nothing" to a
        # request without a face, which the follow-up answers by offering a search by face.
        return _step(case, "follow_up", "follow_up_problems",
                     basis=_basis(case, *dict.fromkeys([*sources, "Art. 77"])),
                     problems=tuple(p.value for p in problems))
    return _step(case, "complaint", "complaint_problems",
                 basis=_basis(case, *dict.fromkeys([*sources, "Art. 77"])),
                 problems=tuple(p.value for p in problems))


def _wait_for_deadline(case: Case, deadline: datetime.date) -> NextStep:
    extension = case.extension
    kind = "wait_extension" if extension and extension.valid else "wait_deadline"
    return _step(case, "wait", kind, deadline, _basis(case, "Art. 12(3)"))


def _after_follow_up(case: Case, today: datetime.date) -> NextStep:
    deadline = case.deadline
    if deadline is not None and today <= deadline:
        return _wait_for_deadline(case, deadline)
    since = case.status_since(CaseStatus.FOLLOWED_UP) or case.last_activity.date()
    first = CONTROLLER_FIRST_WAIT_DAYS.get(case.jurisdiction)
    until = since + datetime.timedelta(days=first or FOLLOW_UP_WAIT_DAYS)
    if today < until and first:
        return _step(case, "wait", "wait_after_follow_up_first", until,
                     (CONTROLLER_FIRST[case.jurisdiction],), since=since, days=first)
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
    reported = tuple(p for p in case.problems if p not in _PERIOD)
    if reported and not (status is CaseStatus.FOLLOWED_UP
                         and case.jurisdiction in CONTROLLER_FIRST_WAIT_DAYS):
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
    extension = case.extension
    if extension is not None and not extension.valid:
        return _step(case, "follow_up", "extension_invalid", None,
                     _basis(case, "Art. 12(3)", "Art. 77"), deadline=deadline)
    return _step(case, "follow_up", "follow_up", None,
                 _basis(case, "Art. 12(3)", "Art. 12(4)", "Art. 77"), deadline=deadline)
