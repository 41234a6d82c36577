"""The situations as data (bot/data/situations.yml) and the traceability of what their
paragraphs cite.

- every situation of SITUATIONS.md is there, in the order of `Problem`, and rests on quoted
  lines of the facts file (shared/facts/clearview-and-gdpr.md), each quote found there;
- every EDPB paragraph a situation lists is in the facts file's list of v2.1 paragraphs;
- every article and EDPB paragraph printed by a situation's paragraph, in every language, in
  the follow-up and in the complaint, in the variants the paragraph has, is one its situation
  lists (so each citation is traceable to a facts-file line through situations.yml);
- the retired value, the UK's Art. 12A switch, the extension rule and a reply's spelling.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.deadlines import due_date
from bot.identification import IdMethod
from bot.letters import LetterRequest
from bot.letters.context import context as _context
from bot.letters.environment import get_environment
from bot.rights import LEGACY_PROBLEMS, Problem, RequestType, parse_problems
from bot.situations import (
    Reply,
    assess_extension,
    checklist,
    checklist_facts,
    detail_owners,
    parse_reply,
    situation,
    situations,
)
from tests.unit.test_followups import SENT, make_request
from tests.unit.test_letters_translations_fr_de_nl import LANGS
from tests.unit.test_letters_translations_ja_it_es import cited_articles, cited_edpb_paragraphs

ROOT = Path(__file__).resolve().parents[2]
FACTS = next((p for p in (ROOT.parent / "shared" / "facts" / "clearview-and-gdpr.md",
                          Path("/work/shared/facts/clearview-and-gdpr.md")) if p.exists()), None)
LANGUAGES = ("en", "fr", "de", "nl", "it", "es", "ja")
ALL_DETAILS = frozenset(detail_owners())


def normalised(text: str) -> str:
    return " ".join(text.replace("**", "").split())


# --- the data ---------------------------------------------------------------------------


def test_one_situation_per_problem_in_order() -> None:
    assert list(situations()) == list(Problem)
    assert [s.id for s in situations().values()] == [p.value for p in Problem]
    ids = {"no_answer", "extension", "id_document_demanded", "photo_demanded",
           "formalities_demanded", "wrong_language", "fee_or_excessive", "access_limited",
           "partial_answer", "refusal_without_remedies", "not_found", "erasure_incomplete"}
    assert {p.value for p in Problem} == ids  # the ids of SITUATIONS.md, exactly


def test_each_situation_says_what_the_letter_needs() -> None:
    fields = {f.name for f in dataclasses.fields(LetterRequest)}
    for entry in situations().values():
        assert entry.facts and entry.asks and entry.applies_to
        assert set(entry.needs) | set(entry.optional) <= fields, entry.id
        assert entry.next_step in {"follow_up", "complaint", "wait_or_follow_up"}
        assert set(entry.edpb_access_only) <= set(entry.edpb), entry.id
    assert situation("partial_answer").needs == ("missing_items",)
    assert set(situation("extension").needs) >= {"extension_notice_date",
                                                  "extension_reasons_given"}
    assert situation("refusal_without_remedies").needs == ("refusal_reasons_given",)
    assert situation("access_limited").applies_to == (RequestType.ACCESS,)
    assert situation("erasure_incomplete").applies_to == (RequestType.ERASURE,)


def test_checklist_of_an_access_answer() -> None:
    codes = [item.code for item in checklist()]
    assert len(codes) == len(set(codes))
    articles = {item.article for item in checklist()}
    assert {f"15(1)({c})" for c in "abcdefgh"} | {"15(2)", "15(3)"} == articles
    assert {"images", "biometric_data", "image_pages"} <= set(codes)
    assert not set(codes) & ALL_DETAILS


def facts_text() -> str:
    if FACTS is None:
        pytest.skip("the facts file is not next to this checkout")
    return normalised(FACTS.read_text(encoding="utf-8"))


def every_fact() -> Iterator[tuple[str, str]]:
    for entry in situations().values():
        for fact in entry.facts:
            yield entry.id, fact.quote
    for fact in checklist_facts():
        yield "checklist", fact.quote


@pytest.mark.parametrize(("where", "quote"), list(every_fact()))
def test_every_fact_is_quoted_from_the_facts_file(where: str, quote: str) -> None:
    assert normalised(quote) in facts_text(), where


def test_every_edpb_paragraph_is_a_v2_1_paragraph_of_the_facts_file() -> None:
    text = facts_text().replace("–", "-")
    listed = set(re.findall(r"§(\d+(?:-\d+)?)", text))
    for entry in situations().values():
        for paragraph in entry.edpb:
            assert paragraph in listed, (entry.id, paragraph)


# --- what the paragraphs cite ------------------------------------------------------------


def articles_in(lang: str, text: str) -> set[str]:
    if lang in LANGS:
        return set(LANGS[lang].parse(text))
    return cited_articles(lang, text)


def edpb_in(lang: str, text: str) -> set[str]:
    if lang in LANGS:
        return set(LANGS[lang].parse_edpb(text))
    return cited_edpb_paragraphs(lang, text)


def variants(problem: Problem) -> Iterator[LetterRequest]:
    """The requests a situation's paragraph is rendered for: EU and UK, every first request
    it applies to, every identification, with and without its details."""
    entry = situation(problem)
    own = frozenset(d for d, owner in detail_owners().items() if owner is problem)
    for country in ("FR", "GB"):
        for original in entry.applies_to:
            for method in IdMethod:
                for details in {frozenset(), own}:
                    changes: dict[str, object] = {
                        "original_request": original, "id_method": method,
                        "details": details, "country": country,
                        "deadline": due_date(SENT, "UK" if country == "GB" else "EU", country),
                    }
                    if method is IdMethod.PUBLIC_LINKS:
                        changes["public_links"] = ("https://example.org/me",)
                    if problem is Problem.PARTIAL_ANSWER:
                        codes = tuple(i.code for i in checklist())
                        changes["missing_items"] = (
                            (*codes, "the log of searches") if original is RequestType.ACCESS
                            else ("the log of searches",))
                    yield make_request(RequestType.FOLLOW_UP, {problem},
                                       authority=None, **changes)
                    if problem is Problem.EXTENSION:  # announced in time, with reasons
                        yield make_request(
                            RequestType.FOLLOW_UP, {problem, Problem.NO_ANSWER},
                            authority=None, date=datetime.date(2027, 1, 20),
                            extension_notice_date=datetime.date(2026, 10, 2),
                            extension_reasons_given=True, **changes)


def paragraphs(req: LetterRequest, lang: str, problem: Problem) -> dict[str, str]:
    """The follow-up paragraph and the complaint point of `problem`, rendered alone."""
    module = get_environment().get_template(f"{lang}/_situations.txt.j2").make_module(
        _context(req, lang))
    return {"follow-up": str(module.fu(problem.value)), "complaint": str(module.co(problem.value))}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("problem", list(Problem), ids=[p.value for p in Problem])
def test_every_citation_of_a_paragraph_is_listed_for_its_situation(
        lang: str, problem: Problem) -> None:
    entry = situation(problem)
    allowed_articles = set(entry.articles) | {"12"}  # "12A" reads as 12 + A
    if problem is Problem.PARTIAL_ANSWER:
        allowed_articles |= {item.article for item in checklist()}
    seen_articles: set[str] = set()
    for req in variants(problem):
        allowed_edpb = set(entry.edpb_for(req.original_request))
        for which, text in paragraphs(req, lang, problem).items():
            assert "{" not in text and "Undefined" not in text
            articles, edpb = articles_in(lang, text), edpb_in(lang, text)
            assert articles <= allowed_articles, (which, articles - allowed_articles)
            assert edpb <= allowed_edpb, (which, edpb - allowed_edpb)
            seen_articles |= articles
            if "SAN-2022-019" in text:
                assert "cnil_2022" in entry.decisions
    # and what the paragraphs print is what the data says (no stale entry in the data)
    if lang == "en":
        listed = {a for a in entry.articles if a != "12A"}
        assert listed <= seen_articles | {"12(3)"}, listed - seen_articles


def test_the_uk_deadline_article_is_the_laws() -> None:
    """One home for the UK's Art. 12A switch: the law's data (bot/data/laws.yml), by the day
    the request was received; the situation paragraphs print the letters' `period_article`."""
    from bot.laws import get_law

    uk = get_law("UK")
    assert uk.period("access", datetime.date(2026, 2, 4)).provision == "Art. 12(3) UK GDPR"
    assert uk.period("access", datetime.date(2026, 2, 5)).provision == "Art. 12A UK GDPR"
    for received, article in ((datetime.date(2026, 2, 4), "12(3)"),
                              (datetime.date(2026, 2, 5), "12A")):
        req = make_request(RequestType.FOLLOW_UP, {Problem.EXTENSION}, authority=None,
                           country="GB", original_sent=received,
                           deadline=due_date(received, "UK", "GB"),
                           extension_notice_date=received)
        assert _context(req, "en")["period_article"] == article


# --- the rules and spellings ------------------------------------------------------------


def test_the_retired_value_reads_as_both_new_ones() -> None:
    assert LEGACY_PROBLEMS == {
        "photo_or_id_demanded": (Problem.ID_DOCUMENT_DEMANDED, Problem.PHOTO_DEMANDED)}
    assert parse_problems(["photo_or_id_demanded", "no_answer"]) == (
        Problem.NO_ANSWER, Problem.ID_DOCUMENT_DEMANDED, Problem.PHOTO_DEMANDED)
    assert Problem.parse("photo_or_id_demanded") is Problem.ID_DOCUMENT_DEMANDED
    with pytest.raises(ValueError, match="unknown problem 'late'"):
        parse_problems(["late"])


def test_the_extension_rule() -> None:
    received = datetime.date(2026, 9, 14)  # due 14 October, extended 14 December
    valid = assess_extension(datetime.date(2026, 10, 14), True, received, "EU", "FR")
    assert valid.in_time and valid.valid
    assert valid.extended_due == datetime.date(2026, 12, 14)
    late = assess_extension(datetime.date(2026, 10, 15), True, received, "EU", "FR")
    assert late.in_time is False and not late.valid
    bare = assess_extension(datetime.date(2026, 10, 1), False, received, "EU", "FR")
    assert bare.in_time and not bare.valid
    unknown = assess_extension(datetime.date(2026, 10, 1), True, None, "EU", "FR")
    assert unknown.in_time is None and not unknown.valid


def test_a_reply_as_written_on_the_command_line_and_in_a_link() -> None:
    reply = parse_reply("2026-10-02:photo_demanded, not_found")
    assert reply == Reply(datetime.date(2026, 10, 2),
                          (Problem.PHOTO_DEMANDED, Problem.NOT_FOUND))
    assert str(reply) == "2026-10-02:photo_demanded,not_found"
    assert parse_reply(str(reply)) == reply
    for bad, message in (("02/10/2026:not_found", "YYYY-MM-DD"),
                         ("2026-10-02", "at least one problem"),
                         ("2026-10-02:late", "unknown problem")):
        with pytest.raises(ValueError, match=message):
            parse_reply(bad)


def test_facts_to_ask() -> None:
    from bot.situations import facts_to_ask

    assert facts_to_ask(["partial_answer", "extension"]) == (
        "original_sent", "extension_notice_date", "extension_reasons_given", "missing_items")
    assert facts_to_ask(["no_answer"], given={"original_sent"}) == ()
    assert facts_to_ask(["photo_or_id_demanded"]) == ()
    assert facts_to_ask(["refusal_without_remedies"]) == ("refusal_reasons_given",)


@pytest.mark.parametrize("text, named", [
    ("they replied in English and want 25 dollars before sending anything", ["fee_or_excessive"]),
    ("ils disent que ma demande est excessive", ["fee_or_excessive"]),
    ("Sie verlangen eine Gebühr von 20 Euro", ["fee_or_excessive"]),
    ("「明らかに過剰」なので対応しないそうです", ["fee_or_excessive"]),
    ("me contestaron que 'no figuro en su base de datos'", ["not_found"]),
    ("ze zeggen dat ik niet in hun database sta", ["not_found"]),
    ("該当するデータはありませんとの回答でした", ["not_found"]),
    ("they only sent part of my data, no images", []),
    ("I paid attention to the European rules", []),
])
def test_situations_named_in_so_many_words(text: str, named: list) -> None:
    from bot.facts import situations_said

    assert situations_said(text) == named


def test_a_long_story_is_read_clause_by_clause() -> None:
    from bot.patterns import clauses

    assert clauses("Ils ont répondu le 20 novembre, en anglais, et ils veulent 25 dollars.") == [
        "Ils ont répondu le 20 novembre", "en anglais", "et ils veulent 25 dollars"]
    assert clauses("réponse en anglais") == []  # one clause: the message itself
    assert clauses("Hi, ok. They refused.") == []  # "Hi", "ok": too short to tell anything
    assert clauses("私の請求は「明らかに過剰」なので対応しないそうです。説明はありません。") == [
        "私の請求は", "明らかに過剰", "なので対応しないそうです", "説明はありません"]
