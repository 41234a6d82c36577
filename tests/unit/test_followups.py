"""Follow-up and complaint letters: golden texts, the citations and facts they must carry, the
recipient of a complaint, the cleaning of what the person types, and the combinations refused.

Golden files live in tests/unit/golden/ (prefixes follow_up_ and complaint_). After a deliberate
wording change, regenerate them with `UPDATE_GOLDEN=1 pytest tests/unit/test_followups.py` and
review the diff like code.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

import pytest

from bot.deadlines import due_date
from bot.identification import IdMethod
from bot.jurisdictions import Place, get_jurisdiction, jurisdiction_for
from bot.letters import Letter, LetterNotSupported, LetterRequest, render_letter
from bot.letters import render as render_module
from bot.letters.environment import TEMPLATE_DIR
from bot.letters.render import template_language, template_name
from bot.outputs.text import layout
from bot.registry import Authority, get_authority, get_controller
from bot.rights import INITIAL_REQUEST_TYPES, Problem, RequestType
from bot.situations import checklist, situations
from tests.unit.test_letters import check_golden

LETTER_DATE = datetime.date(2026, 11, 23)
SENT = datetime.date(2026, 9, 14)  # a Monday; by e-mail, so received the same day
POSTED_RECEIVED = datetime.date(2026, 9, 17)  # the same request sent by post
MISSING = ("the source (URL) of each image", "the recipients of search results about me")
# Complaints go in the authority's complaint language; the English letters are tested with
# authorities that take complaints in English (Ireland's DPC, the UK's ICO). The French and
# German complaints are tested in test_followups_translations_fr_de_nl.py.
AUTHORITIES = {"FR": "frcnil", "DE": "debaylda", "GB": "gbico", "IE": "iedpc"}

# Every article and EDPB paragraph the new letters may cite. Each is in the project's facts
# file (shared/facts/clearview-and-gdpr.md): "GDPR provisions" (9(1), 11(2), 12(3), 12(4),
# 12(6), 15, 17, 21(1), 27, 77, 78(2)), the enforcement table (CNIL: 6, 12, 15, 17, 31; DSB:
# 5, 6, 9, 27) and "EDPB Guidelines 01/2022" (22, 65, 70-71, 73, 74, 158, 159, 185). 15(3) is
# also in the facts file; the request labels repeat the articles of the original letters.
# The situation paragraphs add what bot/data/situations.yml lists for them, each with the
# facts-file line it rests on (tests/unit/test_situations.py checks those).
SITUATION_ARTICLES = {a for s in situations().values() for a in s.articles} | {
    item.article for item in checklist()}
SITUATION_EDPB = {p for s in situations().values() for p in s.edpb}
ALLOWED_ARTICLES = SITUATION_ARTICLES | {
    "5",
    "6",
    "9",
    "9(1)",
    "11(2)",
    "12",
    "12(3)",
    "12(4)",
    "12(6)",
    "15",
    "15(3)",
    "17",
    "21(1)",
    "27",
    "31",
    "77",
    "78(2)",
    # The UK's answer period and its pause since 5 February 2026 (facts file, "United Kingdom
    # since 2026").
    "12A",
    "12A(5)",
}
ALLOWED_EDPB_PARAGRAPHS = SITUATION_EDPB | {"22", "65", "70-71", "73", "74", "158", "159", "185"}
# What each situation needs besides the problem itself (bot/data/situations.yml `needs`).
# An extension announced after the first month (due 14 October 2026) and without reasons:
# the letters say it did not extend the period.
EXTENSION_NOTICE = datetime.date(2026, 10, 20)
SITUATION_FACTS: dict[Problem, dict[str, object]] = {
    Problem.EXTENSION: {"extension_notice_date": EXTENSION_NOTICE,
                        "extension_reasons_given": False},
    Problem.REFUSAL_WITHOUT_REMEDIES: {"refusal_reasons_given": False},
    Problem.ERASURE_INCOMPLETE: {"original_request": RequestType.ERASURE},
}


def make_request(
    request_type: RequestType = RequestType.COMPLAINT,
    problems: frozenset[Problem] | set[Problem] = frozenset({Problem.NO_ANSWER}),
    country: str | None = None,
    received: datetime.date = SENT,
    **changes: object,
) -> LetterRequest:
    """A follow-up or complaint about an access request sent on SENT, letter dated LETTER_DATE.

    A complaint goes to the authority of `country` in AUTHORITIES; a follow-up names none
    unless `authority` is passed. missing_items are filled in when the answer was partial.
    """
    is_complaint = request_type is RequestType.COMPLAINT
    country = country or ("IE" if is_complaint else "FR")
    jurisdiction = jurisdiction_for(Place(country))
    authority = (get_authority(AUTHORITIES[country])
                 if is_complaint and "authority" not in changes else None)
    # SENT by e-mail: received that day is an assumption the letter words as one; the posted
    # request's delivery on POSTED_RECEIVED is a date the person gave, so the letter states it.
    deadline = due_date(received, jurisdiction.code, country)
    deadline = dataclasses.replace(
        deadline, sent=SENT, receipt="same_day" if received == SENT else "given")
    fields: dict[str, object] = {
        "request_type": request_type,
        "jurisdiction": jurisdiction,
        "controller": get_controller("clearview-ai"),
        "name": "Jane Doe",
        "email": "jane.doe@example.org",
        "id_method": IdMethod.NO_PHOTO,
        "country": country,
        "date": LETTER_DATE,
        "deadline": deadline,
        "sent_by": "email" if received == SENT else "post",
        "original_request": RequestType.ACCESS,
        "original_sent": SENT,
        "problems": frozenset(problems),
        "missing_items": MISSING if Problem.PARTIAL_ANSWER in problems else (),
        "authority": authority,
    }
    for problem in problems:
        fields.update(SITUATION_FACTS.get(Problem.parse(problem), {}))
    fields.update(changes)
    return LetterRequest(**fields)  # type: ignore[arg-type]


def citations(body: str) -> tuple[set[str], set[str]]:
    """Articles and EDPB paragraphs cited in `body`, read as test_letters.py reads them."""
    articles: set[str] = set()
    for group in re.findall(r"Articles? ((?:\d+[A-Z]?(?:\(\w+\))*(?:, | and )?)+)", body):
        articles.update(re.findall(r"\d+[A-Z]?(?:\(\w+\))*", group))
    paragraphs: set[str] = set()
    for group in re.findall(r"paragraphs? ([\d\- and]+\d)", body):
        paragraphs.update(re.findall(r"\d+(?:-\d+)?", group))
    return articles, paragraphs


# Every situation an access request can meet (an incomplete erasure follows an erasure request).
ALL_PROBLEMS = frozenset(Problem) - {Problem.ERASURE_INCOMPLETE}
FOLLOW_UP_CASES = {
    "follow_up_eu_no_answer.txt": make_request(RequestType.FOLLOW_UP),
    "follow_up_eu_partial_answer.txt": make_request(
        RequestType.FOLLOW_UP,
        {Problem.PARTIAL_ANSWER},
        received=POSTED_RECEIVED,
        authority=get_authority("frcnil"),
    ),
    "follow_up_uk_no_answer_erasure.txt": make_request(
        RequestType.FOLLOW_UP,
        country="GB",
        original_request=RequestType.ERASURE,
        authority=get_authority("gbico"),
    ),
}
COMPLAINT_CASES = {
    **{
        f"complaint_{region}_{problem.value}.txt": make_request(problems={problem}, country=country)
        for region, country in (("eu_ie_dpc", "IE"), ("uk_ico", "GB"))
        for problem in Problem
    },
    "complaint_eu_ie_dpc_all.txt": make_request(problems=ALL_PROBLEMS),
    "complaint_uk_ico_all.txt": make_request(problems=ALL_PROBLEMS, country="GB"),
}
ALL_CASES = {**FOLLOW_UP_CASES, **COMPLAINT_CASES}


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_golden_letters(name: str) -> None:
    check_golden(name, layout(render_letter(ALL_CASES[name])))


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_every_citation_is_in_the_facts_file(name: str) -> None:
    articles, paragraphs = citations(layout(render_letter(ALL_CASES[name])))
    assert articles and articles <= ALLOWED_ARTICLES, articles - ALLOWED_ARTICLES
    assert paragraphs <= ALLOWED_EDPB_PARAGRAPHS, paragraphs - ALLOWED_EDPB_PARAGRAPHS
    assert "§" not in layout(render_letter(ALL_CASES[name]))  # cited only as "paragraph N"


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_body_is_tidy_plain_text(name: str) -> None:
    body = layout(render_letter(ALL_CASES[name]))
    assert body.endswith("\n") and not body.endswith("\n\n")
    assert "\n\n\n" not in body
    assert all(line == line.rstrip() for line in body.splitlines())
    assert body.splitlines()[-2:] == ["Jane Doe", "E-mail for your reply: jane.doe@example.org"]
    assert "2026-" not in body  # every date is written out


# --- follow-up ----------------------------------------------------------------------------------


def test_follow_up_no_answer() -> None:
    letter = render_letter(make_request(RequestType.FOLLOW_UP))
    body = layout(letter)
    assert letter.request_type is RequestType.FOLLOW_UP
    assert letter.subject == (
        "Reminder: my request for access to my personal data under Article 15 GDPR, "
        "sent on 14 September 2026"
    )
    assert "On 14 September 2026, I sent you by e-mail a request for access" in body
    assert "which you received" not in body  # e-mail: received that day is only assumed
    assert "Under Article 12(3) GDPR, you had to answer" in body
    assert "(if you received it on 14 September 2026: by 14 October 2026 at the latest)" in body
    assert "paragraph 158" in body and "paragraph 159" in body
    assert "That period has passed without an answer to my request" in body
    assert "Please answer my request in full without further delay." in body
    assert "you must tell me your reasons" in body and "(Articles 12(4) and 77 GDPR)" in body
    assert "still missing" not in body and "Article 12(6)" not in body


def test_follow_up_partial_answer_lists_what_is_missing() -> None:
    req = make_request(RequestType.FOLLOW_UP, {Problem.PARTIAL_ANSWER}, received=POSTED_RECEIVED)
    body = layout(render_letter(req))
    assert "On 14 September 2026, I sent you by post a request for access" in body
    assert "which you received on 17 September 2026" in body  # the person gave that date
    assert "The period for a complete answer ended on 19 October 2026." in body  # 17 Oct: Sat
    assert "Your answer to my request is incomplete." in body
    assert "The following is still missing:\n" + "".join(f"- {m}\n" for m in MISSING) in body
    assert "Please complete your answer without further delay." in body
    assert "paragraph 22" in body and "Article 15(3) GDPR" in body  # access: first copy free
    assert "without an answer" not in body


def test_partial_answer_before_the_deadline_says_it_ends() -> None:
    early = datetime.date(2026, 10, 1)
    body = layout(render_letter(
        make_request(RequestType.FOLLOW_UP, {Problem.PARTIAL_ANSWER}, date=early)
    ))
    assert ("The period for a complete answer ends on 14 October 2026 if you received my "
            "request on 14 September 2026.") in body


def test_follow_up_announces_a_complaint_as_the_persons_own_choice() -> None:
    body = layout(render_letter(make_request(RequestType.FOLLOW_UP)))
    assert "If I have not received a complete answer by 7 December 2026" in body
    assert "with a supervisory authority under Article 77 GDPR" in body
    assert "14 days from the date of this letter" in body
    assert "it is not a legal deadline" in body
    named = layout(render_letter(
        make_request(
            RequestType.FOLLOW_UP,
            authority=get_authority("gbico"),
            country="GB",
            complaint_after_days=10,
        )
    ))
    assert "by 3 December 2026, I intend to lodge a complaint with the Information " in named
    assert "The Information" not in named  # "the", not "The", inside a sentence
    assert "10 days from the date of this letter" in named


def test_follow_up_goes_to_the_controller() -> None:
    letter = render_letter(make_request(RequestType.FOLLOW_UP, authority=get_authority("frcnil")))
    assert letter.recipient_name == "Clearview AI, Inc."
    assert letter.recipient_email == "legal-requests@clearview.ai"
    assert letter.recipient_webform is None
    assert layout(letter).splitlines()[0] == "Clearview AI, Inc."


def test_follow_up_for_each_original_request() -> None:
    labels = {
        RequestType.ACCESS: "request for access to my personal data under Article 15 GDPR",
        RequestType.ERASURE: "request for erasure of my personal data under Article 17 GDPR",
        RequestType.OBJECTION: (
            "objection to the processing of my personal data under Article 21(1) GDPR"
        ),
    }
    assert set(labels) == set(INITIAL_REQUEST_TYPES)
    for original, label in labels.items():
        letter = render_letter(make_request(RequestType.FOLLOW_UP, original_request=original))
        article = "an" if original is RequestType.OBJECTION else "a"
        assert label in letter.subject
        assert f"I sent you by e-mail {article} {label}" in layout(letter)
        # The EDPB guidelines are on the right of access: cited for access requests only.
        assert ("paragraph 158" in layout(letter)) is (original is RequestType.ACCESS)
        assert ("paragraph 159" in layout(letter)) is (original is RequestType.ACCESS)


def test_follow_up_extra_problems() -> None:
    problems = {Problem.NO_ANSWER, Problem.ID_DOCUMENT_DEMANDED, Problem.PHOTO_DEMANDED,
                Problem.ACCESS_LIMITED}
    body = layout(render_letter(make_request(RequestType.FOLLOW_UP, problems)))
    assert "Under Article 12(6) GDPR" in body and "Article 11(2) GDPR" in body
    assert "paragraphs 65 and 70-71" in body and "paragraph 73" in body
    assert "paragraph 74" in body and "paragraph 76" in body
    assert "SAN-2022-019" in body and "paragraph 185" in body


def test_a_follow_up_may_answer_any_situation() -> None:
    """Not only silence or an incomplete answer: any reply the person reports."""
    for problem in (Problem.NOT_FOUND, Problem.WRONG_LANGUAGE, Problem.FEE_OR_EXCESSIVE):
        assert render_letter(make_request(RequestType.FOLLOW_UP, {problem}))


# --- complaint ----------------------------------------------------------------------------------


@pytest.mark.parametrize("country", sorted(AUTHORITIES))
def test_complaint_is_addressed_to_the_authority(country: str) -> None:
    authority = get_authority(AUTHORITIES[country])
    letter = render_letter(make_request(country=country))
    assert letter.request_type is RequestType.COMPLAINT
    assert letter.recipient_name == authority.name
    assert letter.recipient_address_lines == authority.address_lines
    assert letter.recipient_email == authority.email
    assert letter.recipient_webform == authority.webform
    header = [authority.name, *authority.address_lines]
    if authority.email:
        header.append(authority.email)
    lines = layout(letter).splitlines()
    assert lines[: len(header)] == header
    assert "legal-requests@clearview.ai" not in layout(letter)  # the controller is not written to
    assert "Clearview AI, Inc., 418 Broadway STE N, Albany" in layout(letter)


def test_recipients_of_real_authorities() -> None:
    cnil = render_letter(make_request(country="FR"))
    assert cnil.recipient_address_lines[0] == "3 Place de Fontenoy"
    assert (
        cnil.recipient_email is None and cnil.recipient_webform == "https://www.cnil.fr/fr/plaintes"
    )
    ico = render_letter(make_request(country="GB"))
    assert ico.recipient_address_lines[0] == "Wycliffe House"


def test_eu_complaint_citations() -> None:
    letter = render_letter(make_request(problems=ALL_PROBLEMS))
    body = layout(letter)
    assert letter.subject == "Complaint under Article 77 GDPR against Clearview AI, Inc."
    for cited in (
        "I hereby lodge a complaint under Article 77 GDPR",
        "Under Article 12(3) GDPR, it had to answer",
        "(Article 12(4) GDPR)",
        "I note that under Article 78(2) GDPR, I may seek an effective judicial remedy",
        "within three months",
        "Under Article 12(6) GDPR",
        "the Austrian Data Protection Authority found that it had not appointed a "
        "representative in the Union, as Article 27 GDPR requires",
        "special category of personal data under Article 9(1) GDPR",
    ):
        assert cited in body, cited
    assert "On 14 September 2026, I sent Clearview AI, Inc. by e-mail a request for access" in body
    assert "(if it received my request on 14 September 2026: by 14 October 2026);" in body


def test_complaint_names_the_decisions_from_the_facts_file() -> None:
    body = layout(render_letter(make_request()))
    for decision in (
        "order no. 50 of 10 February 2022",
        "decision 35/2022 of 13 July 2022",
        "SAN-2022-019 of 17 October 2022",
        "decision of 10 May 2023",
        "Autoriteit Persoonsgegevens (Netherlands), decision of 16 May 2024 (published on "
        "3 September 2024)",
        "two unanswered access requests",
    ):
        assert decision in body, decision
    assert "[2025] UKUT 319 (AAC)" not in body  # the ICO's case only in UK complaints


# The heading each situation's point starts with in an English complaint.
HEADINGS = {
    Problem.EXTENSION: "Extension of the period.",
    Problem.NO_ANSWER: "No answer in time.",
    Problem.PARTIAL_ANSWER: "Incomplete answer.",
    Problem.ACCESS_LIMITED: "Access limited in time or in number.",
    Problem.ID_DOCUMENT_DEMANDED: "Demand for a copy of an identity document.",
    Problem.PHOTO_DEMANDED: "Demand for a photograph of my face.",
    Problem.FORMALITIES_DEMANDED: "Formal requirements imposed on my request.",
    Problem.FEE_OR_EXCESSIVE: "Fee demanded or request called excessive.",
    Problem.WRONG_LANGUAGE: "Answer in a language I do not understand.",
    Problem.REFUSAL_WITHOUT_REMEDIES: "Refusal without information on remedies.",
    Problem.NOT_FOUND: "Claim that no data are held.",
    Problem.ERASURE_INCOMPLETE: "Incomplete erasure.",
}


@pytest.mark.parametrize("problem", list(Problem))
def test_each_problem_has_its_own_paragraph(problem: Problem) -> None:
    assert set(HEADINGS) == set(Problem)
    body = layout(render_letter(make_request(problems={problem})))
    assert f"\n1. {HEADINGS[problem]} " in body
    for other, heading in HEADINGS.items():
        if other is not problem:
            assert heading not in body, other
    if problem is Problem.NO_ANSWER:
        assert "1. No answer in time. Clearview AI, Inc. did not answer my request by " \
               "14 October 2026" in body
    if problem is Problem.ID_DOCUMENT_DEMANDED:
        for paragraph in ("paragraph 73", "paragraph 74", "paragraph 76", "paragraph 79"):
            assert paragraph in body
        assert "government-issued ID" in body
        assert "identification data that are not necessary" in body
    if problem is Problem.PHOTO_DEMANDED:
        assert "paragraphs 65 and 70-71" in body and "government-issued ID" in body
    if problem is Problem.ACCESS_LIMITED:
        assert "SAN-2022-019" in body and "twelve months" in body and "paragraph 185" in body


def test_all_problems_are_numbered_in_order() -> None:
    body = layout(render_letter(make_request(problems=ALL_PROBLEMS)))
    heads = re.findall(r"^(\d+)\. (.+?\.) ", body, re.M)
    expected = [HEADINGS[p] for p in Problem if p in ALL_PROBLEMS]
    assert [h for _, h in heads if h in expected] == expected
    assert [int(n) for n, h in heads if h in expected] == list(range(1, len(expected) + 1))
    assert "The answer I received after the deadline does not cover my whole request." in body
    # The privacy-policy finding is told once, with the identity document.
    assert body.count("government-issued ID") == 1


def test_attachments() -> None:
    no_answer = layout(render_letter(make_request()))
    assert (
        "Attachments:\n1. my request for access to my personal data under Article 15 GDPR, "
        "sent on 14 September 2026;\n2. proof that I sent it"
    ) in no_answer
    assert "3. the answer I received" not in no_answer  # nothing came back to attach
    partial = layout(render_letter(make_request(problems={Problem.PARTIAL_ANSWER})))
    assert "3. the answer I received from Clearview AI, Inc." in partial


def test_uk_complaint_to_the_ico() -> None:
    letter = render_letter(make_request(problems=ALL_PROBLEMS, country="GB"))
    body = layout(letter)
    # Dated 23 November 2026: s.165 DPA 2018 (Art. 77 UK GDPR is omitted since 19 June 2026),
    # Art. 12A for a request received after 5 February 2026, s.166 instead of Art. 78(2).
    assert letter.subject == ("Complaint under section 165 of the Data Protection Act 2018 "
                              "against Clearview AI, Inc.")
    assert "Article 12A UK GDPR" in body and "Article 12(4) UK GDPR" in body
    assert "Article 77" not in body and "section 166 of the Data Protection Act 2018" in body
    assert "Applicable law: UK GDPR and the Data Protection Act 2018" in body
    assert "Regulation (EU) 2016/679" not in body
    # UK GDPR is not the facts file's GDPR: no Art. 78(2), no EU representative claim.
    assert "78(2)" not in body and "representative in the Union" not in body
    assert "paragraphs 65 and 70-71, on the corresponding EU rule" in body
    assert "[2025] UKUT 319 (AAC)" in body
    assert "Articles 6, 12, 15, 17 and 31 of the EU GDPR" in body
    assert re.search(r"Articles? [\d(), and]+ GDPR", body.replace("UK GDPR", "")) is None


def test_german_land_authority() -> None:
    letter = render_letter(make_request(problems=ALL_PROBLEMS, country="DE"))
    assert letter.recipient_name == "Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)"
    assert letter.recipient_email == "poststelle@lda.bayern.de"
    assert letter.language == "de"  # the authority's complaint language
    assert "Art. 78 Abs. 2 DSGVO" in layout(letter)


# --- language -----------------------------------------------------------------------------------


@pytest.mark.parametrize("country", sorted(AUTHORITIES))
def test_complaint_language_is_the_authoritys_when_translated(country: str) -> None:
    authority = get_authority(AUTHORITIES[country])
    assert authority.complaint_language
    translated = (
        TEMPLATE_DIR / template_name(authority.complaint_language, RequestType.COMPLAINT)
    ).exists()
    letter = render_letter(make_request(country=country, language="ja"))
    assert letter.language == (authority.complaint_language if translated else "en")


def test_template_language_needs_the_file_not_only_the_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(render_module, "available_languages", lambda: frozenset({"en", "fr"}))
    monkeypatch.setattr(
        render_module, "available_templates", lambda: frozenset({"fr/access.txt.j2"})
    )
    assert template_language("fr") == "fr"
    assert template_language("fr-BE", RequestType.ACCESS) == "fr"
    assert template_language("fr", RequestType.COMPLAINT) == "en"
    monkeypatch.setattr(
        render_module, "available_templates", lambda: frozenset({"fr/complaint.txt.j2"})
    )
    assert template_language("fr", RequestType.COMPLAINT) == "fr"


def test_complaint_ignores_the_conversation_language_and_follow_up_keeps_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []
    original = render_module.template_language

    def spy(language: str, request_type: RequestType | None = None,
            family: str = "gdpr") -> str:
        seen.append(language)
        return original(language, request_type, family)

    monkeypatch.setattr(render_module, "template_language", spy)
    render_letter(make_request(country="FR", language="ja"))  # CNIL: complaints in French
    render_letter(make_request(RequestType.FOLLOW_UP, language="ja"))
    assert seen == ["fr", "ja"]


# --- user input ---------------------------------------------------------------------------------


def test_missing_items_are_cleaned() -> None:
    hostile = (
        "my photos\r\nBcc: evil@example.com",
        "  ",
        "sources \U0001f600\u202e{{ 7*7 }}",
        "my photos Bcc: evil@example.com",  # the same item once cleaned
        "family \U0001f469\u200d\U0001f469\u200d\U0001f467\u2028done\x00",
    )
    req = make_request(RequestType.FOLLOW_UP, {Problem.PARTIAL_ANSWER}, missing_items=hostile)
    body = layout(render_letter(req))
    expected = [
        "- my photos Bcc: evil@example.com",
        "- sources \U0001f600{{ 7*7 }}",
        "- family \U0001f469\u200d\U0001f469\u200d\U0001f467 done",
    ]
    start = body.splitlines().index("The following is still missing:") + 1
    assert body.splitlines()[start : start + 4] == [*expected, ""]
    for bad in ("\r", "\u2028", "\u202e", "\x00", "49"):
        assert bad not in body


def test_missing_items_are_capped() -> None:
    long_item = "x" * 1000
    body = layout(render_letter(
        make_request(RequestType.FOLLOW_UP, {Problem.PARTIAL_ANSWER}, missing_items=(long_item,))
    ))
    assert f"- {'x' * 300}\n" in body and "x" * 301 not in body
    with pytest.raises(ValueError, match="at most 20"):
        render_letter(
            make_request(
                RequestType.FOLLOW_UP,
                {Problem.PARTIAL_ANSWER},
                missing_items=tuple(f"item {i}" for i in range(21)),
            )
        )


def test_conversation_strings_are_accepted() -> None:
    req = make_request(problems=["no_answer", "photo_or_id_demanded"], original_request="erasure")
    # The retired value of the old button reads as both of the situations it covered.
    assert req.problems == {Problem.NO_ANSWER, Problem.ID_DOCUMENT_DEMANDED,
                            Problem.PHOTO_DEMANDED}
    assert req.original_request is RequestType.ERASURE
    assert "request for erasure of my personal data" in layout(render_letter(req))
    with pytest.raises(ValueError, match="unknown problem 'late'; valid: extension, no_answer"):
        make_request(problems=["late"])


# --- refused combinations -----------------------------------------------------------------------


def _refused(match: str, **kwargs: object) -> None:
    with pytest.raises(ValueError, match=match):
        render_letter(make_request(**kwargs))  # type: ignore[arg-type]


def test_complaint_needs_an_authority() -> None:
    _refused("needs the supervisory authority", authority=None)


def test_follow_ups_need_the_original_request() -> None:
    for request_type in (RequestType.FOLLOW_UP, RequestType.COMPLAINT):
        _refused(
            "needs original_request and original_sent",
            request_type=request_type,
            original_request=None,
        )
        _refused(
            "needs original_request and original_sent",
            request_type=request_type,
            original_sent=None,
        )
    _refused("must be access, erasure or objection", original_request=RequestType.FOLLOW_UP)
    _refused("must be access, erasure or objection", original_request=RequestType.COMPLAINT)


def test_dates_must_be_possible() -> None:
    _refused("after the date of the letter", original_sent=LETTER_DATE + datetime.timedelta(1))
    _refused(
        "receipt before the request was sent",
        deadline=due_date(SENT - datetime.timedelta(days=1), "EU", "FR"),
    )
    _refused(
        r"NO_ANSWER: the deadline \(2026-10-14\) has not passed", date=datetime.date(2026, 10, 14)
    )
    # Without a computed deadline, one month after sending is the earliest it can end.
    _refused(
        r"NO_ANSWER: the deadline \(2026-10-14\) has not passed",
        date=datetime.date(2026, 10, 10),
        deadline=None,
    )
    assert render_letter(make_request(date=datetime.date(2026, 10, 15)))


def test_problems_must_fit_the_letter() -> None:
    _refused("at least one problem", problems=frozenset())
    _refused(
        "ERASURE_INCOMPLETE is about an erasure request",
        problems={Problem.ERASURE_INCOMPLETE},
        original_request=RequestType.ACCESS,
    )
    _refused("EXTENSION needs extension_notice_date", problems={Problem.EXTENSION},
             extension_notice_date=None)
    _refused("REFUSAL_WITHOUT_REMEDIES needs refusal_reasons_given",
             problems={Problem.REFUSAL_WITHOUT_REMEDIES}, refusal_reasons_given=None)
    _refused("extension_notice_date is only used with Problem.EXTENSION",
             extension_notice_date=SENT)
    _refused("detail 'signature' is only used with Problem.FORMALITIES_DEMANDED",
             details={"signature"})
    _refused("unknown detail 'stamp'", problems={Problem.FORMALITIES_DEMANDED},
             details={"stamp"})
    _refused("'sources' is a point of an access answer",
             problems={Problem.PARTIAL_ANSWER}, original_request=RequestType.ERASURE,
             missing_items=("sources",))
    _refused(
        "PARTIAL_ANSWER needs missing_items", problems={Problem.PARTIAL_ANSWER}, missing_items=()
    )
    _refused("only listed with Problem.PARTIAL_ANSWER", missing_items=("x",))
    _refused(
        "ACCESS_LIMITED is about an access request",
        problems={Problem.ACCESS_LIMITED},
        original_request=RequestType.OBJECTION,
    )
    _refused(  # nothing is left of the items once cleaned: the same as none given
        "PARTIAL_ANSWER needs missing_items",
        problems={Problem.PARTIAL_ANSWER},
        missing_items=(" \r\n", "\u202e"),
    )


def test_authority_must_match_the_jurisdiction() -> None:
    _refused("'gbico' does not hear GDPR complaints", authority=get_authority("gbico"))
    _refused(
        "'frcnil' does not hear UK GDPR complaints", country="GB", authority=get_authority("frcnil")
    )
    _refused("'chedoeb' does not hear GDPR", authority=get_authority("chedoeb"))
    _refused(
        "does not hear",
        request_type=RequestType.FOLLOW_UP,
        country="GB",
        authority=get_authority("debaylda"),
    )
    # Art. 77: where one lives, works, or where the infringement happened - any EU authority.
    assert render_letter(make_request(authority=get_authority("debaylda")))


def test_complaint_after_days_is_bounded() -> None:
    for days in (0, 61):
        _refused(
            "complaint_after_days must be 1-60",
            request_type=RequestType.FOLLOW_UP,
            complaint_after_days=days,
        )


@pytest.mark.parametrize("request_type", INITIAL_REQUEST_TYPES)
def test_first_requests_refuse_follow_up_fields(request_type: RequestType) -> None:
    jurisdiction = jurisdiction_for(Place("FR"))
    base = LetterRequest(
        request_type=request_type,
        jurisdiction=jurisdiction,
        controller=get_controller("clearview-ai"),
        name="Jane Doe",
        email="jane.doe@example.org",
        id_method=IdMethod.NO_PHOTO,
        country="FR",
        date=LETTER_DATE,
    )
    assert isinstance(render_letter(base), Letter)  # defaults still make a first request
    cnil: Authority = get_authority("frcnil")
    for field, value in (
        ("original_request", RequestType.ACCESS),
        ("original_sent", SENT),
        ("problems", frozenset({Problem.NO_ANSWER})),
        ("missing_items", ("x",)),
        ("details", frozenset({"signature"})),
        ("extension_notice_date", SENT),
        ("extension_reasons_given", False),
        ("refusal_reasons_given", True),
        ("controller_complaint_sent", SENT),
        ("replies", ("2026-10-02:not_found",)),
        ("follow_up_sent", SENT),
        ("authority", cnil),
    ):
        with pytest.raises(ValueError, match="only used in follow-up and complaint letters"):
            render_letter(LetterRequest(**{**base.__dict__, field: value}))


@pytest.mark.parametrize("code", ["US-IL", "OTHER"])
def test_no_complaint_letter_where_the_gdpr_does_not_apply(code: str) -> None:
    with pytest.raises(LetterNotSupported, match=code):
        render_letter(
            make_request(jurisdiction=get_jurisdiction(code), authority=get_authority("chedoeb"))
        )
    with pytest.raises(LetterNotSupported, match=code):
        render_letter(make_request(RequestType.FOLLOW_UP, jurisdiction=get_jurisdiction(code)))


def test_request_type_values() -> None:
    assert RequestType.parse("follow_up") is RequestType.FOLLOW_UP
    assert RequestType.parse("complaint") is RequestType.COMPLAINT
    assert not RequestType.FOLLOW_UP.is_initial and not RequestType.COMPLAINT.is_initial
    assert all(t.is_initial for t in INITIAL_REQUEST_TYPES)
