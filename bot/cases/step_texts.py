"""The sentences of the next steps (`bot.cases.policy`), in every language: one per
situation, so the chat and `python -m bot case show` cannot drift apart.

Each situation has two variants: with the law's provisions (where the GDPR or the UK GDPR
applies; `{period}`, `{complaint}`, `{remedy}` and `{first}` are the provisions of the case's
law on its dates, from `bot/data/laws.yml`) and without any (the assistant never cites a law
that does not apply). A due date counted from a receipt nobody confirmed is followed by the
assumption it rests on (`RECEIPT_NOTES`).
"""

from __future__ import annotations

import datetime
from typing import Any, Callable

from bot.cases.types import NextStep
from bot.i18n import _, format_long_date, gettext
from bot.labels import law_name
from bot.rights import Problem

# One sentence per situation: (with the law's provisions, without any).
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
    "extension_invalid": (
        _("The controller said it needed more time, but an extension counts only if it is "
          "announced within the first month, with reasons ({period}). This one was "
          "not, so the deadline ({deadline}) still counts and has passed. Send a follow-up "
          "letter; you may also complain to the supervisory authority now ({complaint})."),
        _("The controller said it needed more time, but an extension counts only if it is "
          "announced within the first month, with reasons. This one was not, so the deadline "
          "({deadline}) still counts and has passed. Send a follow-up letter; you may also "
          "complain to the supervisory authority now."),
    ),
    "follow_up_problems": (
        _("You reported a problem: {problems}. Send Clearview a follow-up letter that answers "
          "it; you may also complain to the supervisory authority now ({complaint})."),
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
                                 "follow_up_controller_complaint", "extension_invalid"})

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
            value = "; ".join(gettext(language, PROBLEM_REASONS[Problem(p)]) for p in value)
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
