"""What a person can do next with a case, following the sourced facts.

Every rule cites only what `../shared/facts/clearview-and-gdpr.md` says:

- before the deadline: wait. The controller has one month from receipt, extendable by two
  further months only if it says so, with reasons, within the first month (Art. 12(3) GDPR);
- after the deadline without an answer: a follow-up letter reminding it of Art. 12(3) and
  12(4) (a complaint is possible at once too; the reason says so);
- after a follow-up that went unanswered, or on a problem the person reports (a photo or an
  ID demanded, Art. 12(6) and EDPB Guidelines 01/2022 §70-71, §73-74; a partial answer; access
  limited to 12 months or to twice a year, CNIL SAN-2022-019 and EDPB §185): a complaint to
  the supervisory authority (Art. 77);
- after a complaint: Art. 78(2) gives a judicial remedy if the authority does not inform the
  complainant of progress within three months; the assistant prepares no court papers.

The two weeks given to a follow-up (`FOLLOW_UP_WAIT_DAYS`) are this assistant's convention,
not a legal period: the controller is already late, and the reason says so.

Articles are cited as GDPR for the EU/EEA and UK GDPR for the United Kingdom; elsewhere the
reasons cite no article (the assistant never cites a law that does not apply).
"""

from __future__ import annotations

import datetime

from bot.cases.types import Case, CaseStatus, NextStep
from bot.deadlines import add_months
from bot.rights import Problem

FOLLOW_UP_WAIT_DAYS = 14
COMPLAINT_PROGRESS_MONTHS = 3  # Art. 78(2) GDPR

_LAWS = {"EU": "GDPR", "UK": "UK GDPR"}

# Each reported problem, in words the person can quote, with the sources it rests on.
_PROBLEM_REASONS: dict[Problem, tuple[str, tuple[str, ...]]] = {
    Problem.PHOTO_OR_ID_DEMANDED: (
        "a photo or an identity document may be asked for only where there are reasonable "
        "doubts about who you are, and only what is necessary",
        ("Art. 12(6)", "EDPB Guidelines 01/2022 §70-71, §73, §74"),
    ),
    Problem.PARTIAL_ANSWER: (
        "the answer left out part of what you asked for (CNIL found Clearview's answers "
        "partial or missing)",
        ("Art. 15", "Art. 15(3)", "CNIL SAN-2022-019"),
    ),
    Problem.ACCESS_LIMITED: (
        "limiting access to the last 12 months or to twice a year was sanctioned by the CNIL, "
        "and one request a year is never excessive",
        ("CNIL SAN-2022-019", "EDPB Guidelines 01/2022 §185"),
    ),
}


def _cite(case: Case, article: str) -> str:
    """"Art. 12(3) GDPR" where an article applies, else "" (no foreign law cited)."""
    law = _LAWS.get(case.jurisdiction)
    return f"{article} {law}" if law else ""


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


def _paren(text: str) -> str:
    return f" ({text})" if text else ""


def _complaint_for_problems(case: Case, problems: tuple[Problem, ...]) -> NextStep:
    reasons = [_PROBLEM_REASONS[p][0] for p in problems]
    sources = [s for p in problems for s in _PROBLEM_REASONS[p][1]]
    return NextStep(
        kind="complaint",
        until=None,
        reason=(
            "You reported a problem: " + "; ".join(reasons) + ". You can complain to the "
            f"supervisory authority{_paren(_cite(case, 'Art. 77'))}."
        ),
        basis=_basis(case, *dict.fromkeys([*sources, "Art. 77"])),
    )


def _wait_for_deadline(case: Case, deadline: datetime.date) -> NextStep:
    if case.extension_announced:
        reason = (
            f"The controller announced an extension: it has until {deadline.isoformat()} to "
            f"answer{_paren(_cite(case, 'Art. 12(3)'))}."
        )
    else:
        reason = (
            f"The controller has until {deadline.isoformat()} to answer: one month from "
            f"receipt{_paren(_cite(case, 'Art. 12(3)'))}. It may take two further months only "
            "if it tells you so, with reasons, within that month."
        )
    return NextStep(kind="wait", until=deadline, reason=reason,
                    basis=_basis(case, "Art. 12(3)"))


def _follow_up(case: Case, deadline: datetime.date) -> NextStep:
    return NextStep(
        kind="follow_up",
        until=None,
        reason=(
            f"The deadline ({deadline.isoformat()}) has passed without an answer. Send a "
            "follow-up letter: an answer is due within one month at the latest, and a refusal "
            "must say so within that month and mention the right to complain"
            f"{_paren(_cite(case, 'Art. 12(3) and 12(4)'))}. You may also complain to the "
            f"supervisory authority now{_paren(_cite(case, 'Art. 77'))}."
        ),
        basis=_basis(case, "Art. 12(3)", "Art. 12(4)", "Art. 77"),
    )


def _after_follow_up(case: Case, today: datetime.date) -> NextStep:
    deadline = case.deadline
    if deadline is not None and today <= deadline:
        return _wait_for_deadline(case, deadline)
    since = case.status_since(CaseStatus.FOLLOWED_UP) or case.last_activity.date()
    until = since + datetime.timedelta(days=FOLLOW_UP_WAIT_DAYS)
    if today < until:
        return NextStep(
            kind="wait",
            until=until,
            reason=(
                f"A follow-up letter went to the controller on {since.isoformat()}. This "
                f"assistant suggests giving it {FOLLOW_UP_WAIT_DAYS} days, which is not a legal "
                "period: the controller is already late, and you may complain to the "
                f"supervisory authority at any time{_paren(_cite(case, 'Art. 77'))}."
            ),
            basis=_basis(case, "Art. 12(3)", "Art. 77"),
        )
    return NextStep(
        kind="complaint",
        until=None,
        reason=(
            "The follow-up went unanswered: complain to the supervisory authority"
            f"{_paren(_cite(case, 'Art. 77'))}. The Dutch authority's 2024 fine against "
            "Clearview started from two unanswered access requests."
        ),
        basis=_basis(case, "Art. 12(3)", "Art. 77", "Autoriteit Persoonsgegevens 2024-09-03"),
    )


def _after_complaint(case: Case, today: datetime.date) -> NextStep:
    since = case.status_since(CaseStatus.COMPLAINED) or case.last_activity.date()
    until = add_months(since, COMPLAINT_PROGRESS_MONTHS)
    if case.jurisdiction != "EU":
        return NextStep(kind="done", until=None, reason=(
            "The complaint is with the supervisory authority; it will contact you."))
    if today <= until:
        return NextStep(
            kind="wait",
            until=until,
            reason=(
                "The complaint is with the supervisory authority. If it has not informed you "
                f"of its progress by {until.isoformat()} (three months), you have a judicial "
                "remedy (Art. 78(2) GDPR)."
            ),
            basis=("Art. 77 GDPR", "Art. 78(2) GDPR"),
        )
    return NextStep(
        kind="done",
        until=None,
        reason=(
            "Three months have passed since the complaint. If the supervisory authority has "
            "not informed you of its progress, you may go to court (Art. 78(2) GDPR): ask a "
            "lawyer or a digital-rights organisation; this assistant does not prepare that."
        ),
        basis=("Art. 78(2) GDPR",),
    )


def next_step(case: Case, today: datetime.date) -> NextStep:
    """The next thing to do on `case` on `today` (see the module docstring for the rules)."""
    status = case.status
    if status is CaseStatus.CLOSED:
        return NextStep(kind="done", until=None, reason="The case is closed.")
    if status is CaseStatus.COMPLAINED:
        return _after_complaint(case, today)
    if status is CaseStatus.AWAITING_SEND or case.sent is None:
        return NextStep(
            kind="send",
            until=None,
            reason=(
                "The letter has not been sent yet. The deadline runs from the day the "
                f"controller receives it{_paren(_cite(case, 'Art. 12(3)'))}; by e-mail that is "
                "the day you send it. Tell me when you have sent it."
            ),
            basis=_basis(case, "Art. 12(3)"),
        )
    reported = tuple(p for p in case.problems if p is not Problem.NO_ANSWER)
    if reported:
        return _complaint_for_problems(case, reported)
    if status is CaseStatus.ANSWERED:
        return NextStep(
            kind="done",
            until=None,
            reason=(
                "The controller answered. If the answer is incomplete, limits what you get, or "
                "asks for a photo or an identity document, tell me: you can then complain."
            ),
        )
    if status is CaseStatus.FOLLOWED_UP:
        return _after_follow_up(case, today)
    deadline = case.deadline
    if deadline is None:
        return NextStep(
            kind="wait",
            until=None,
            reason=(
                "No legal answer period is known to this assistant for this place; give the "
                "controller a reasonable time and tell me when it answers."
            ),
        )
    if today <= deadline:
        return _wait_for_deadline(case, deadline)
    return _follow_up(case, deadline)
