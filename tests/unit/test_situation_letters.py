"""The follow-up letter for every situation in every language, and complaints that recount
them: golden texts, the same legal content as the English letter, and what each situation's
paragraph must and must not say.

Golden files: tests/unit/golden/situations/<lang>_follow_up_<case>.txt (every situation of
bot/data/situations.yml, plus variants: an extension in time, links or a photo offered, the
details of what happened) and <lang>_complaint_<case>.txt (all the situations of an access
request with the correspondence, and an incomplete erasure). The single-situation complaints
are in test_followups.py (English, to Ireland's DPC and the ICO) and
test_followups_translations_fr_de_nl.py. After a deliberate wording change, regenerate with
`UPDATE_GOLDEN=1 pytest tests/unit/test_situation_letters.py` and review the diff.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections import Counter
from collections.abc import Callable

import pytest

from bot.identification import IdMethod
from bot.letters import LetterRequest, render_letter
from bot.outputs.text import layout
from bot.registry import get_authority
from bot.rights import Problem, RequestType
from tests.unit.test_followups import ALL_PROBLEMS, LETTER_DATE, make_request
from tests.unit.test_followups_translations_ja_it_es import render
from tests.unit.test_letters import check_golden
from tests.unit.test_situations import articles_in, edpb_in

LANGUAGES = ("en", "fr", "de", "nl", "it", "es", "ja")
# Where a person writing in the language lives (Japan is outside the GDPR: a resident of
# France writing in Japanese), and the authority a complaint in the language goes to.
COUNTRY = {"en": "IE", "fr": "FR", "de": "DE", "nl": "NL", "it": "IT", "es": "ES", "ja": "FR"}
AUTHORITY = {"en": "iedpc", "fr": "frcnil", "de": "debaylda", "nl": "nlap", "it": "itgpdp",
             "es": "esaepa", "ja": "frcnil"}
# Checklist codes, worded by each template, and one item as the person would type it.
CODES = ("sources", "images", "biometric_data", "image_pages")
TYPED = {"en": "the log of searches that found me", "fr": "le journal des recherches",
         "de": "das Protokoll der Suchen", "nl": "het logboek van de zoekopdrachten",
         "it": "il registro delle ricerche", "es": "el registro de las búsquedas",
         "ja": "検索の記録"}
LINKS = ("https://example.org/jane", "https://example.com/team")
LATER = datetime.date(2027, 1, 20)  # after an extended period (14 December 2026)
IN_TIME = {"extension_notice_date": datetime.date(2026, 10, 2), "extension_reasons_given": True}
ERASURE_DETAILS = frozenset({"search_results_only", "photo_not_deleted", "recipients_not_named"})
CORRESPONDENCE = {
    "sent_by": "email",
    "replies": ("2026-10-02:id_document_demanded,photo_demanded",
                "2026-10-20:extension",
                "2026-11-05:partial_answer,access_limited,not_found"),
    "follow_up_sent": datetime.date(2026, 10, 26),
}


def _problems(*names: str) -> frozenset[Problem]:
    return frozenset(Problem(n) for n in names)


# case -> (problems, request changes)
FOLLOW_UP_CASES: dict[str, tuple[frozenset[Problem], dict[str, object]]] = {
    **{p.value: (frozenset({p}), {}) for p in Problem},
    "extension_in_time_then_no_answer": (_problems("extension", "no_answer"),
                                         {**IN_TIME, "date": LATER}),
    "not_found_links": (_problems("not_found"),
                        {"id_method": IdMethod.PUBLIC_LINKS, "public_links": LINKS}),
    "photo_search_only": (_problems("photo_demanded"),
                          {"id_method": IdMethod.PHOTO_SEARCH_ONLY}),
    "details": (_problems("access_limited", "formalities_demanded", "fee_or_excessive"),
                {"details": frozenset({"twelve_months", "signature", "channel",
                                       "called_excessive"})}),
    "erasure_details": (_problems("erasure_incomplete"), {"details": ERASURE_DETAILS}),
}
COMPLAINT_CASES: dict[str, tuple[frozenset[Problem], dict[str, object]]] = {
    "access_all": (ALL_PROBLEMS, CORRESPONDENCE),
    "erasure": (_problems("erasure_incomplete"), {
        "details": ERASURE_DETAILS, "sent_by": "post",
        "replies": ("2026-10-09:erasure_incomplete",)}),
}


def build(lang: str, kind: RequestType, problems: frozenset[Problem],
          changes: dict[str, object]) -> LetterRequest:
    fields = dict(changes)
    if Problem.PARTIAL_ANSWER in problems:
        fields.setdefault("missing_items", (*CODES, TYPED[lang]))
    if kind is RequestType.COMPLAINT:
        # No authority takes Japanese: the Japanese complaint is the person's reading copy of
        # the one sent to the CNIL in French (`render`).
        fields["authority"] = get_authority(AUTHORITY[lang])
    else:
        fields["authority"] = None
    return make_request(kind, problems, country=COUNTRY[lang], language=lang, **fields)


def english_twin(req: LetterRequest) -> LetterRequest:
    if req.request_type is RequestType.COMPLAINT:
        return dataclasses.replace(req, authority=get_authority("iedpc"), language="en")
    return dataclasses.replace(req, language="en")


CASES: dict[str, Callable[[], LetterRequest]] = {}
for _lang in LANGUAGES:
    for _name, (_problems_, _changes) in FOLLOW_UP_CASES.items():
        CASES[f"situations/{_lang}_follow_up_{_name}.txt"] = (
            lambda lang=_lang, p=_problems_, c=_changes: build(lang, RequestType.FOLLOW_UP, p, c))
    for _name, (_problems_, _changes) in COMPLAINT_CASES.items():
        CASES[f"situations/{_lang}_complaint_{_name}.txt"] = (
            lambda lang=_lang, p=_problems_, c=_changes: build(lang, RequestType.COMPLAINT, p, c))
NAMES = [pytest.param(n, id=n.removeprefix("situations/").removesuffix(".txt")) for n in CASES]


def lang_of(name: str) -> str:
    return name.removeprefix("situations/")[:2]


@pytest.mark.parametrize("name", NAMES)
def test_golden_letters(name: str) -> None:
    letter = render(CASES[name]())
    assert letter.language == lang_of(name)
    check_golden(name, layout(letter))


def test_every_situation_in_every_language_has_a_golden_follow_up() -> None:
    for lang in LANGUAGES:
        for problem in Problem:
            assert f"situations/{lang}_follow_up_{problem.value}.txt" in CASES


@pytest.mark.parametrize("name", [n for n in NAMES if lang_of(n.values[0]) != "en"])
def test_same_legal_content_as_the_english_letter(name: str) -> None:
    lang = lang_of(name)
    req = CASES[name]()
    body, english = layout(render(req)), layout(render_letter(english_twin(req)))
    if lang in ("fr", "de", "nl"):  # these parsers count every citation
        assert Counter(articles_in(lang, body)) == Counter(articles_in("en", english))
    assert articles_in(lang, body) == articles_in("en", english)
    assert edpb_in(lang, body) == edpb_in("en", english)
    # One paragraph per line, as in English: counted from the letter's last line, since the
    # recipients' address blocks differ.
    tail = body.split("\n\n", 3)[-1].count("\n")
    english_tail = english.split("\n\n", 3)[-1].count("\n")
    assert abs(tail - english_tail) <= 1  # the salutation's block may differ by one line
    assert body.count("\n- ") == english.count("\n- ")  # the same lists, item for item


@pytest.mark.parametrize("name", NAMES)
def test_no_template_syntax_and_no_english_left_in_a_translation(name: str) -> None:
    body = layout(render(CASES[name]()))
    for syntax in ("{{", "}}", "{%", "%}", "{#", "#}", "None", "Undefined"):
        assert syntax not in body
    if lang_of(name) != "en":
        words = re.findall(r"\b(Please|Under|Article|paragraphs?|you|your|the)\b",
                           body.replace("UK GDPR", ""))
        assert not words, words


# --- what the paragraphs say, in English -------------------------------------------------


def english(name: str) -> str:
    return layout(render_letter(CASES[f"situations/en_{name}.txt"]()))


def test_extension_late_and_without_reasons() -> None:
    body = english("follow_up_extension")
    assert "On 20 October 2026, you told me that you needed more time to answer my request, " \
           "without giving any reasons." in body
    # the receipt is the sending day by e-mail, which nobody confirmed: said as an assumption
    assert "that is by 14 October 2026 (if you received my request on 14 September 2026). " \
           "Your notice came after that date and gave no reasons: the period was not " \
           "extended, and it ended on 14 October 2026." in body


def test_extension_in_time_with_reasons_then_silence() -> None:
    body = english("follow_up_extension_in_time_then_no_answer")
    assert "and gave your reasons. Under Article 12(3) GDPR, the period for answering may be " \
           "extended by two further months where necessary" in body
    assert "The period for answering was therefore extended to 14 December 2026 (if you " \
           "received my request on 14 September 2026)." in body
    assert "That extended period has passed without an answer to my request." in body
    assert "you did not tell me of any extension" not in body


def test_a_valid_extension_is_no_reason_for_a_reminder_before_it_ends() -> None:
    with pytest.raises(ValueError, match="announced in time and with reasons"):
        render_letter(build("en", RequestType.FOLLOW_UP, _problems("extension"), IN_TIME))
    with pytest.raises(ValueError, match=r"NO_ANSWER: the deadline \(2026-12-14\)"):
        render_letter(build("en", RequestType.FOLLOW_UP, _problems("extension", "no_answer"),
                            IN_TIME))


def test_uk_extension_cites_article_12a() -> None:
    req = make_request(RequestType.FOLLOW_UP, {Problem.EXTENSION}, country="GB")
    body = layout(render_letter(req))
    assert "Under Article 12A UK GDPR, the period for answering may be extended by two " \
           "further months where the complexity or number of requests requires it" in body
    old = make_request(RequestType.FOLLOW_UP, {Problem.EXTENSION}, country="GB",
                       original_sent=datetime.date(2026, 1, 5), deadline=None)
    with pytest.raises(ValueError, match="needs the deadline"):
        render_letter(old)


def test_partial_answer_lists_checklist_items_with_their_article() -> None:
    body = english("follow_up_partial_answer")
    assert "The following is still missing:\n" \
           "- all available information on the source of my personal data " \
           "(Article 15(1)(g) GDPR)\n" \
           "- a copy of each image of me (Article 15(3) GDPR)\n" \
           "- the biometric data derived from each image of me, such as templates or face " \
           "vectors (Article 15(3) GDPR)\n" \
           "- the address (URL) of the page where each image of me was found, and the date " \
           "it was collected (Article 15(1)(g) GDPR)\n" \
           "- the log of searches that found me\n" in body


def test_identity_document_and_photo() -> None:
    document = english("follow_up_id_document_demanded")
    for paragraph in ("paragraph 73", "paragraph 74", "paragraph 76", "paragraph 79"):
        assert paragraph in document
    assert "the rest of the document may be blacked out" in document
    assert "a person cannot be found in it by name" in document
    photo = english("follow_up_photo_demanded")
    assert "paragraphs 65 and 70-71" in photo and "paragraph 73" not in photo
    assert "a different matter from a photograph demanded to confirm who I am" in photo
    assert "links to public pages that show my face" in photo  # the offer, as nothing was sent
    given = english("follow_up_photo_search_only")
    assert "I attach one photograph of my face, solely so that you can carry out that search" \
        in given and "paragraph 79" in given


def test_not_found_explains_the_search_by_face() -> None:
    offer = english("follow_up_not_found")
    assert "Your index is searched by face: a person cannot be found in it by name." in offer
    assert "Please tell me which of the two you need." in offer
    links = english("follow_up_not_found_links")
    assert "".join(f"- {link}\n" for link in LINKS) in links
    assert "Please search again with those images and tell me the result." in links


def test_details_say_exactly_what_happened() -> None:
    body = english("follow_up_details")
    assert "You restricted my access to data collected in the twelve months before my " \
           "request." in body
    assert "You asked me to sign my request and to send it by another channel " \
           "(for example by post)." in body
    assert "You called my request manifestly unfounded or excessive." in body
    assert "paragraphs 175-195" in body and "paragraph 185" in body
    generic = english("follow_up_fee_or_excessive")
    assert "You asked me to pay for acting on my request, or called it manifestly " \
           "unfounded or excessive." in generic


def test_erasure_incomplete() -> None:
    body = english("follow_up_erasure_details")
    assert "Article 17 GDPR entitles me to the erasure of my personal data, not only to " \
           "their removal from search results" in body
    assert "the photograph I provided solely for the search" in body
    assert "Under Article 19 GDPR, you must inform each of them of the erasure" in body
    assert "paragraph 22" not in body  # the EDPB guidelines on access: not for an erasure


def test_refusal_without_remedies() -> None:
    body = english("follow_up_refusal_without_remedies")
    assert "You refused to act on my request without giving me your reasons, and did not " \
           "inform me of my right to lodge a complaint with a supervisory authority and to " \
           "seek a judicial remedy." in body
    assert "Under Article 12(4) GDPR" in body


def test_wrong_language_cites_paragraph_142_for_access_only() -> None:
    assert "paragraph 142" in english("follow_up_wrong_language")
    objection = layout(render_letter(make_request(
        RequestType.FOLLOW_UP, {Problem.WRONG_LANGUAGE}, original_request=RequestType.OBJECTION)))
    assert "Article 12(1) GDPR" in objection and "paragraph 142" not in objection
    assert "Article 11(2)" not in objection


def test_a_complaint_recounts_the_correspondence() -> None:
    body = english("complaint_access_all")
    assert "The correspondence so far:\n" \
           "- 14 September 2026: my request for access to my personal data under Article 15 " \
           "GDPR, sent by e-mail\n" \
           "- 2 October 2026: an answer from Clearview AI, Inc. (see points 5 and 6 below)\n" \
           "- 20 October 2026: an answer from Clearview AI, Inc. (see point 1 below)\n" \
           "- 26 October 2026: my reminder to Clearview AI, Inc.\n" \
           "- 5 November 2026: an answer from Clearview AI, Inc. (see points 3, 4 and 11 " \
           "below)\n" in body
    assert "\n5. Demand for a copy of an identity document." in body
    assert "\n11. Claim that no data are held." in body
    posted = english("complaint_erasure")
    assert "Article 17 GDPR, sent by post\n- 9 October 2026" in posted


def test_a_reply_must_fit_the_letter() -> None:
    with pytest.raises(ValueError, match=r"names Problem\.NOT_FOUND"):
        render_letter(build("en", RequestType.COMPLAINT, _problems("no_answer"),
                            {"replies": ("2026-10-02:not_found",)}))
    with pytest.raises(ValueError, match="cannot describe it"):
        render_letter(build("en", RequestType.COMPLAINT, _problems("no_answer"),
                            {"replies": ("2026-10-02:no_answer",)}))
    with pytest.raises(ValueError, match="between original_sent"):
        render_letter(build("en", RequestType.COMPLAINT, _problems("not_found"),
                            {"replies": ("2026-01-02:not_found",)}))
    with pytest.raises(ValueError, match="only used in complaint letters"):
        render_letter(build("en", RequestType.FOLLOW_UP, _problems("not_found"),
                            {"follow_up_sent": datetime.date(2026, 10, 26)}))
    assert LETTER_DATE.isoformat() == "2026-11-23"
