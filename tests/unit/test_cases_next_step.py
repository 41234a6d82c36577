"""`next_step`: wait until the due date, then a follow-up, then a complaint; a reported
problem leads straight to a complaint (in the UK, to a follow-up first: the ICO expects it);
an extension counts only if announced in time with reasons; after a complaint, Art. 78(2)'s
three months.

Cases are built directly (no database): the rules only read a snapshot.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from typing import Any

import pytest

from bot.cases import (
    FOLLOW_UP_WAIT_DAYS,
    Case,
    CaseEvent,
    CaseStatus,
    CaseStore,
    NextStep,
    Problem,
    next_step,
)
from bot.cases.policy import PROBLEM_REASONS
from bot.deadlines import due_date
from bot.rights import RequestType
from bot.situations import situations

UTC = datetime.timezone.utc
SENT = datetime.date(2027, 3, 5)  # received the same day (e-mail)
DUE = datetime.date(2027, 4, 5)  # EDPB Guidelines 01/2022 §160
EXTENDED = due_date(SENT, "EU", "FR", extended=True).extended_due
assert EXTENDED is not None
DAY = datetime.timedelta(days=1)

# The articles and sources the steps may cite: all in shared/facts/clearview-and-gdpr.md
# ("GDPR provisions", "EDPB Guidelines 01/2022", the enforcement table); a reported problem
# cites what its situation in bot/data/situations.yml lists, with the facts-file line.
ALLOWED_ARTICLES = {"12(3)", "12(4)", "77", "78(2)",
                    "12A"} | {  # UK, requests received from 5 February 2026
    a for s in situations().values() for a in s.articles if a != "12A"}
ALLOWED_EDPB = {f"§{p}" for s in situations().values() for p in s.edpb}
# The UK's complaint to the company first (bot/data/laws.yml: the ICO expects it).
UK_FIRST = "s.164A DPA 2018"


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), UTC)


def event(day: datetime.date, kind: str, **detail: Any) -> CaseEvent:
    return CaseEvent(at=at(day), kind=kind, detail=detail)


def make_case(status: CaseStatus = CaseStatus.AWAITING_ANSWER, *,
              events: tuple[CaseEvent, ...] = (), **fields: Any) -> Case:
    base = Case(
        reference="K7QH-M2XP-9D4R", request_type=RequestType.ACCESS,
        controller="clearview-ai", jurisdiction="EU", place="FR", authority=None,
        letter_language="en", chat_language="en", channel="rest",
        sent=SENT, due=DUE, extended_due=EXTENDED, status=status,
        created=at(SENT), updated=at(SENT), last_activity=at(SENT),
        events=(event(SENT, "opened", request_type="access"),
                event(SENT, "sent", receipt="same_day"), *events),
    )
    return dataclasses.replace(base, **fields)


def followed_up(day: datetime.date) -> Case:
    return make_case(CaseStatus.FOLLOWED_UP, events=(
        event(day, "status", status="followed_up", previous="awaiting_answer"),),
        last_activity=at(day))


def cited(step: NextStep) -> tuple[set[str], set[str]]:
    text = step.reason + " " + " ".join(step.basis)
    articles = set(re.findall(r"Art\. (\d+[A-Z]?(?:\(\d+\))?)", text))
    articles |= set(re.findall(r"Art\. \d+\(\d+\) and (\d+\(\d+\))", text))
    edpb = set(re.findall(r"§[\d-]+", text))
    return articles, edpb


def test_not_sent_yet() -> None:
    case = make_case(CaseStatus.AWAITING_SEND, sent=None, due=None, extended_due=None,
                     events=())
    step = next_step(case, SENT)
    assert step.kind == "send" and step.until is None
    assert "receives it" in step.reason and "e-mail" in step.reason


@pytest.mark.parametrize("today", [SENT, DUE - DAY, DUE])
def test_wait_until_the_due_date(today: datetime.date) -> None:
    step = next_step(make_case(), today)
    assert (step.kind, step.until, step.basis) == ("wait", DUE, ("Art. 12(3) GDPR",))
    assert DUE.isoformat() in step.reason and "two further months" in step.reason


def test_after_the_due_date_a_follow_up() -> None:
    step = next_step(make_case(), DUE + DAY)
    assert step.kind == "follow_up" and step.until is None
    assert "Art. 12(3) GDPR and Art. 12(4) GDPR" in step.reason
    assert "Art. 77 GDPR" in step.reason  # a complaint is possible at once too
    assert step.basis == ("Art. 12(3) GDPR", "Art. 12(4) GDPR", "Art. 77 GDPR")


def test_an_announced_extension_moves_the_deadline() -> None:
    case = make_case(events=(event(DUE - 3 * DAY, "extension"),))
    step = next_step(case, DUE + DAY)
    assert (step.kind, step.until, step.basis) == ("wait", EXTENDED, ("Art. 12(3) GDPR",))
    assert "extension" in next_step(case, DUE + DAY).reason
    assert next_step(case, EXTENDED + DAY).kind == "follow_up"


def test_after_a_follow_up_wait_then_complain() -> None:
    sent_on = DUE + 2 * DAY
    case = followed_up(sent_on)
    wait = next_step(case, sent_on + DAY)
    assert wait.kind == "wait"
    assert wait.until == sent_on + datetime.timedelta(days=FOLLOW_UP_WAIT_DAYS)
    assert "not a legal period" in wait.reason and "Art. 77 GDPR" in wait.reason
    complaint = next_step(case, wait.until)
    assert complaint.kind == "complaint" and complaint.until is None
    assert "Art. 77 GDPR" in complaint.reason
    # The Dutch AP decided on 16 May 2024 (published 3 September 2024): audit point 1.
    assert "Autoriteit Persoonsgegevens 2024-05-16" in complaint.basis


def test_a_follow_up_before_the_due_date_waits_for_the_due_date() -> None:
    step = next_step(followed_up(DUE - 10 * DAY), DUE - 5 * DAY)
    assert step.kind == "wait" and step.until == DUE


@pytest.mark.parametrize(("problem", "article"), [
    (Problem.PHOTO_DEMANDED, "Art. 12(6) GDPR"),
    (Problem.ID_DOCUMENT_DEMANDED, "Art. 12(6) GDPR"),
    (Problem.FEE_OR_EXCESSIVE, "Art. 12(5) GDPR"),
    (Problem.WRONG_LANGUAGE, "Art. 12(1) GDPR"),
    (Problem.REFUSAL_WITHOUT_REMEDIES, "Art. 12(4) GDPR"),
    (Problem.ERASURE_INCOMPLETE, "Art. 19 GDPR"),
    (Problem.FORMALITIES_DEMANDED, "EDPB Guidelines 01/2022 §50, §52, §53, §138, §55"),
    (Problem.PARTIAL_ANSWER, "Art. 15(3) GDPR"),
    (Problem.ACCESS_LIMITED, "CNIL SAN-2022-019"),
])
@pytest.mark.parametrize("status", [CaseStatus.AWAITING_ANSWER, CaseStatus.ANSWERED,
                                    CaseStatus.FOLLOWED_UP])
def test_a_reported_problem_leads_to_a_complaint(problem: Problem, article: str,
                                                 status: CaseStatus) -> None:
    case = make_case(status, events=(event(SENT + 10 * DAY, "problem",
                                           problems=[problem.value]),))
    step = next_step(case, SENT + 11 * DAY)  # even before the due date
    assert step.kind == "complaint"
    assert article in step.basis
    assert "Art. 77 GDPR" in step.basis and "Art. 77 GDPR" in step.reason


def test_several_problems_are_all_named() -> None:
    case = make_case(CaseStatus.ANSWERED, events=(event(SENT, "problem", problems=[
        "photo_or_id_demanded", "access_limited"]),))
    step = next_step(case, DUE)
    assert "reasonable doubts" in step.reason and "twice a year" in step.reason
    assert "EDPB Guidelines 01/2022 §185" in step.basis


def test_no_answer_reported_follows_the_dates() -> None:
    case = make_case(events=(event(DUE - DAY, "problem", problems=["no_answer"]),))
    assert next_step(case, DUE - DAY).kind == "wait"
    assert next_step(case, DUE + DAY).kind == "follow_up"


def test_answered_without_problem_is_done() -> None:
    step = next_step(make_case(CaseStatus.ANSWERED), DUE)
    assert step.kind == "done" and "photo" in step.reason


def test_after_a_complaint_art_78_2() -> None:
    filed = DUE + 30 * DAY
    case = make_case(CaseStatus.COMPLAINED, events=(
        event(filed, "status", status="complained", previous="followed_up"),))
    wait = next_step(case, filed + DAY)
    assert wait.kind == "wait"
    assert wait.until == datetime.date(2027, 8, 5)  # three months after 2027-05-05
    assert "Art. 78(2) GDPR" in wait.reason
    done = next_step(case, wait.until + DAY)
    assert done.kind == "done" and "Art. 78(2) GDPR" in done.reason


def test_closed_is_done() -> None:
    assert next_step(make_case(CaseStatus.CLOSED), DUE + 100 * DAY).kind == "done"


def test_uk_cases_cite_the_uk_gdpr() -> None:
    # Received before 5 February 2026, reminded before 19 June 2026: the old UK rules.
    old_sent, old_due = datetime.date(2026, 1, 5), datetime.date(2026, 2, 5)
    old = make_case(jurisdiction="UK", place="GB", sent=old_sent, due=old_due,
                    extended_due=None)
    wait, follow_up = next_step(old, old_sent), next_step(old, old_due + DAY)
    assert "Art. 12(3) UK GDPR" in wait.reason
    assert "Art. 12(3) UK GDPR and Art. 12(4) UK GDPR" in follow_up.reason
    assert "(Art. 77 UK GDPR)" in follow_up.reason
    # Since then: Art. 12A; the reminder is the s.164A complaint to the controller, and the
    # complaint to the ICO rests on s.165 DPA 2018 (facts file, "United Kingdom since 2026").
    case = make_case(jurisdiction="UK", place="GB")
    wait, follow_up = next_step(case, SENT), next_step(case, DUE + DAY)
    assert "Art. 12A UK GDPR" in wait.reason
    assert follow_up.situation == "follow_up_controller_complaint"
    assert "(s.164A DPA 2018)" in follow_up.reason and "within 30 days" in follow_up.reason
    assert "(s.165 DPA 2018)" in follow_up.reason and "Art. 77" not in follow_up.reason
    assert follow_up.basis == ("s.164A DPA 2018", "s.165 DPA 2018")
    photo = make_case(jurisdiction="UK", place="GB", events=(
        event(SENT, "problem", problems=["photo_or_id_demanded"]),))
    step = next_step(photo, DUE)
    assert step.kind == "follow_up" and step.situation == "follow_up_first"
    assert "Art. 12(6) UK GDPR" in step.basis and UK_FIRST in step.basis
    assert not any("EDPB" in b for b in step.basis)  # EU guidelines, not cited for the UK
    complained = make_case(CaseStatus.COMPLAINED, jurisdiction="UK", place="GB", events=(
        event(DUE, "status", status="complained", previous="followed_up"),))
    waiting = next_step(complained, DUE + DAY)
    assert "78(2)" not in waiting.reason and "(s.166 DPA 2018)" in waiting.reason
    assert "First-tier Tribunal" in waiting.reason and waiting.until == DUE.replace(month=7)
    late = next_step(complained, DUE + 100 * DAY)
    assert late.basis == ("s.166 DPA 2018",) and "not on the merits" in late.reason


def test_no_law_is_cited_where_it_does_not_apply() -> None:
    swiss_due = due_date(SENT, "CH", "CH").due
    case = make_case(jurisdiction="CH", place="CH", due=swiss_due, extended_due=None)
    for today in (SENT, swiss_due + DAY):
        step = next_step(case, today)
        assert "GDPR" not in step.reason and "Art." not in step.reason
        assert not any("GDPR" in b for b in step.basis)
    assert next_step(case, swiss_due + DAY).kind == "follow_up"


def test_no_answer_period_known() -> None:
    case = make_case(jurisdiction="US-IL", place="US-IL", due=None, extended_due=None)
    step = next_step(case, DUE + 100 * DAY)
    assert step.kind == "wait" and step.until is None
    assert "GDPR" not in step.reason


def every_step() -> list[NextStep]:
    steps = []
    for jurisdiction, place in (("EU", "FR"), ("UK", "GB")):
        for status in CaseStatus:
            if not status.stored:
                continue
            for problems in ([], ["photo_or_id_demanded", "partial_answer",
                                  "access_limited"], [p.value for p in PROBLEM_REASONS]):
                events = (event(SENT, "problem", problems=problems),) if problems else ()
                case = make_case(status, jurisdiction=jurisdiction, place=place,
                                 events=events)
                for today in (SENT, DUE + DAY, DUE + 40 * DAY, DUE + 200 * DAY):
                    steps.append(next_step(case, today))
    return steps


def test_every_citation_is_in_the_facts_file() -> None:
    steps = every_step()
    assert {s.kind for s in steps} == {"send", "wait", "follow_up", "complaint", "done"}
    for step in steps:
        articles, edpb = cited(step)
        assert articles <= ALLOWED_ARTICLES, step
        assert edpb <= ALLOWED_EDPB, step


def test_the_store_delegates(tmp_path: Any) -> None:
    store = CaseStore.from_url(f"sqlite:///{tmp_path / 'c.db'}", secret=b"s" * 20)
    try:
        case = store.open_case(owner="x", request_type="access", controller="clearview-ai",
                               place="FR", letter_language="en", chat_language="en",
                               channel="rest", sent=SENT)
        assert store.next_step(case, DUE) == next_step(case, DUE)
        assert store.next_step(case, DUE).until == DUE
    finally:
        store.close()


def test_every_step_is_worded_in_every_language_without_a_missing_value() -> None:
    """The chat and the command line word a step with the same sentence (describe)."""
    from bot.cases.policy import describe
    from bot.i18n import SUPPORTED_LANGUAGES

    for step in every_step():
        for language in SUPPORTED_LANGUAGES:
            for law in ("GDPR", None):
                text = describe(step, law, language)
                assert "{" not in text and text.strip(), (step.situation, language)
        assert describe(step, None, "en", dates=lambda d, _: d.isoformat()) == step.reason \
            or "Art." in step.reason or "DPA 2018" in step.reason


# --- the situations of issue 17 -----------------------------------------------------------


def extension(day: datetime.date, reasons: str | None = "given") -> CaseEvent:
    detail = {"notice": day.isoformat()}
    if reasons:
        detail["reasons"] = reasons
    return event(day, "extension", **detail)


def test_an_extension_in_time_with_reasons_moves_the_deadline() -> None:
    case = make_case(events=(extension(DUE - 3 * DAY),))
    assert case.extension is not None and case.extension.valid
    assert case.deadline == EXTENDED
    step = next_step(case, DUE + DAY)
    assert (step.kind, step.situation, step.until) == ("wait", "wait_extension", EXTENDED)


@pytest.mark.parametrize(("notice", "reasons"), [
    (DUE + DAY, "given"),  # after the first month
    (DUE - 3 * DAY, "not_given"),  # without reasons
])
def test_a_late_or_unreasoned_extension_does_not_count(notice: datetime.date,
                                                        reasons: str) -> None:
    case = make_case(events=(extension(notice, reasons),))
    assert case.extension is not None and not case.extension.valid
    assert case.deadline == DUE
    assert next_step(case, DUE - DAY).situation == "wait_deadline"
    step = next_step(case, DUE + 2 * DAY)
    assert (step.kind, step.situation) == ("follow_up", "extension_invalid")
    assert DUE.isoformat() in step.reason and "within the first month" in step.reason
    assert step.basis == ("Art. 12(3) GDPR", "Art. 77 GDPR")


def test_an_extension_is_a_reported_problem_but_not_a_reason_to_complain() -> None:
    case = make_case(events=(extension(DUE - 3 * DAY),
                             event(DUE - DAY, "problem", problems=["extension"])))
    assert Problem.EXTENSION in case.problems
    assert next_step(case, DUE + DAY).kind == "wait"


def test_uk_after_the_follow_up_the_icos_thirty_days() -> None:
    sent_on = DUE + 2 * DAY
    case = make_case(CaseStatus.FOLLOWED_UP, jurisdiction="UK", place="GB", events=(
        event(SENT + 5 * DAY, "problem", problems=["id_document_demanded"]),
        event(sent_on, "status", status="followed_up", previous="awaiting_answer")),
        last_activity=at(sent_on))
    wait = next_step(case, sent_on + DAY)
    assert (wait.kind, wait.situation) == ("wait", "wait_after_follow_up_first")
    assert wait.until == sent_on + 30 * DAY and "30 days" in wait.reason
    assert wait.basis == (UK_FIRST,)
    complaint = next_step(case, sent_on + 30 * DAY)
    assert complaint.kind == "complaint"


def test_eu_problems_still_lead_to_a_complaint_at_once() -> None:
    case = make_case(events=(event(SENT + 5 * DAY, "problem", problems=["wrong_language"]),))
    step = next_step(case, SENT + 6 * DAY)
    assert (step.kind, step.situation) == ("complaint", "complaint_problems")
    assert "in a language you understand" in step.reason


def test_not_found_leads_to_a_follow_up_offering_a_search_by_face() -> None:
    case = make_case(events=(event(SENT + 5 * DAY, "problem", problems=["not_found"]),))
    step = next_step(case, SENT + 6 * DAY)
    assert (step.kind, step.situation) == ("follow_up", "follow_up_problems")
    assert "searches by face" in step.reason and "Art. 77 GDPR" in step.reason
    followed = make_case(CaseStatus.FOLLOWED_UP, events=(
        event(SENT + 5 * DAY, "problem", problems=["not_found"]),))
    assert next_step(followed, SENT + 6 * DAY).kind == "complaint"
    mixed = make_case(events=(event(SENT, "problem", problems=["not_found", "fee_or_excessive"]),))
    assert next_step(mixed, SENT + DAY).kind == "complaint"


def test_days_waiting_and_how_it_was_sent() -> None:
    case = make_case(events=(event(SENT, "sent", receipt="same_day", sent_by="post"),))
    assert case.days_waiting(SENT + 10 * DAY) == 10
    assert case.sent_by == "post"
    assert make_case(sent=None).days_waiting(SENT) is None
