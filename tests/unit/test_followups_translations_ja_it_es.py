"""Japanese, Italian and Spanish follow-up and complaint letters: golden texts, the same legal
points as the English letter in each language's official GDPR wording and citation style, and
the language a complaint is written in.

Golden files are tests/unit/golden/{ja,it,es}_follow_up_*.txt and {ja,it,es}_complaint_*.txt.
After a deliberate wording change, regenerate them with
`UPDATE_GOLDEN=1 pytest tests/unit/test_followups_translations_ja_it_es.py` and review the diff
like code (ideally with a native-speaking lawyer).

A complaint is written in the authority's complaint language, never in one it does not take
(audit of issue 16). No authority takes complaints in Japanese, and the ICO takes them in
English, so the Japanese complaints and the Italian and Spanish UK complaints are rendered here
as reading copies (`render_letter(..., reading_copy=True)`): the same letter in the person's
language, which the chat shows next to the one to send and which exercises every branch of the
templates.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from bot.deadlines import due_date
from bot.jurisdictions import Place, jurisdiction_for
from bot.letters import Letter, LetterRequest, render_letter
from bot.outputs.text import layout
from bot.registry import get_authority
from bot.rights import INITIAL_REQUEST_TYPES, Problem, RequestType
from tests.unit.test_followups import (
    ALL_PROBLEMS,
    ALLOWED_ARTICLES,
    ALLOWED_EDPB_PARAGRAPHS,
    MISSING,
    POSTED_RECEIVED,
    SENT,
    make_request,
)
from tests.unit.test_letters import check_golden
from tests.unit.test_letters_translations_ja_it_es import (
    ENGLISH_LEFTOVERS,
    EU_LAW,
    EU_TITLE,
    JINJA_SYNTAX,
    LANGUAGES,
    LONG_DATES,
    SUPERVISORY_AUTHORITY,
    cite,
    cited_articles,
    cited_edpb_paragraphs,
)

ESCALATIONS = (RequestType.FOLLOW_UP, RequestType.COMPLAINT)
# The date the original request was sent (SENT), as each language writes it.
SENT_DATES = {"ja": "2026年9月14日", "it": "14 settembre 2026", "es": "14 de septiembre de 2026"}
ENGLISH_MONTHS = ("September", "October", "November", "December")
# The authority each language's EU complaint goes to, with the country the person lives in.
# The Garante takes complaints in Italian and the AEPD in Spanish; for Japanese, see above.
EU_COMPLAINT_AUTHORITY = {"ja": ("frcnil", "FR"), "it": ("itgpdp", "IT"), "es": ("esaepa", "ES")}
# The problem headings of a complaint, in the order the English letter numbers them.
PROBLEM_HEADINGS = {
    "ja": (
        "期間の延長",
        "期間内に回答がないこと",
        "回答が不完全であること",
        "時期又は回数の点でのアクセスの制限",
        "身分証明書の写しの要求",
        "顔写真の要求",
        "請求に課された形式的要件",
        "支払の要求又は過剰な請求との主張",
        "私が理解しない言語による回答",
        "救済手段の通知のない拒否",
        "データを保有していないとの主張",
        "不完全な消去",
    ),
    "it": (
        "Proroga del termine",
        "Mancata risposta nei termini",
        "Risposta incompleta",
        "Accesso limitato nel tempo o nel numero",
        "Richiesta della copia di un documento d'identità",
        "Richiesta di una fotografia del mio volto",
        "Requisiti formali imposti alla mia richiesta",
        "Pagamento richiesto o richiesta definita eccessiva",
        "Risposta in una lingua che non comprendo",
        "Rifiuto senza informazioni sui mezzi di ricorso",
        "Affermazione di non detenere alcun dato",
        "Cancellazione incompleta",
    ),
    "es": (
        "Prórroga del plazo",
        "Falta de respuesta en plazo",
        "Respuesta incompleta",
        "Acceso limitado en el tiempo o en número",
        "Exigencia de una copia de un documento de identidad",
        "Exigencia de una fotografía de mi rostro",
        "Requisitos formales impuestos a mi solicitud",
        "Pago exigido o solicitud calificada de excesiva",
        "Respuesta en una lengua que no comprendo",
        "Negativa sin información sobre las vías de recurso",
        "Afirmación de que no se conserva ningún dato",
        "Supresión incompleta",
    ),
}
# Terms as the official text of each language words them (PPC provisional translation for
# Japanese): complaint, supervisory authority, judicial remedy, EU representative, special
# categories, "without undue delay".
OFFICIAL_TERMS = {
    "ja": (
        "監督機関に異議を申立てる",
        "実効的な司法救済",
        "EU域内の代理人",
        "特別な種類の個人データ",
        "不当に遅滞することなく",
        "データ主体",
    ),
    "it": (
        "proporre reclamo a un'autorità di controllo",
        "ricorso giurisdizionale effettivo",
        "rappresentante nell'Unione",
        "categorie particolari di dati personali",
        "senza ingiustificato ritardo",
        "interessato",
    ),
    "es": (
        "presentar una reclamación ante una autoridad de control",
        "tutela judicial efectiva",
        "representante en la Unión",
        "categorías especiales de datos personales",
        "sin dilación indebida",
        "interesado",
    ),
}
ORDER_50 = {"ja": "命令第50号", "it": "provvedimento n. 50", "es": "resolución n.º 50"}
# Words of the complaint subject before "Article 77".
COMPLAINT_SUBJECT = {
    "ja": "GDPR第77条に基づくClearview AI, Inc.に対する異議申立て",
    "it": "Reclamo ai sensi dell'articolo 77 del GDPR nei confronti di Clearview AI, Inc.",
    "es": "Reclamación en virtud del artículo 77 del RGPD contra Clearview AI, Inc.",
}
# "not a legal deadline": the complaint date is the person's own choice.
OWN_CHOICE = {
    "ja": ("本書の日付から14日後", "法定の期限ではなく"),
    "it": ("a 14 giorni dalla data della presente lettera", "non si tratta di un termine di legge"),
    "es": ("14 días después de la fecha de la presente carta", "no se trata de un plazo legal"),
}
# EU mentions in a UK letter must say "of the EU" (as in test_letters_translations_ja_it_es).
BARE_EU_GDPR = {
    "ja": r"(?<!UK )(?<!EUの)GDPR",
    "it": r"(?<!UK )GDPR(?! dell'UE)",
    "es": r"(?<!UK )(?:GDPR|RGPD(?! de la UE))",
}


def render(req: LetterRequest) -> Letter:
    """The letter in the request's language: a reading copy where the authority a complaint
    goes to does not take that language."""
    copy = (req.request_type is RequestType.COMPLAINT and req.authority is not None
            and req.language not in req.authority.complaint_languages)
    return render_letter(req, reading_copy=copy)


def complaint(
    lang: str, problems: frozenset[Problem] = ALL_PROBLEMS, region: str = "eu", **changes: object
) -> LetterRequest:
    """A complaint in `lang` to the authority of EU_COMPLAINT_AUTHORITY (or the ICO)."""
    if region == "uk":
        return make_request(
            problems=problems,
            country="GB",
            language=lang,
            authority=get_authority("gbico"),
            **changes,
        )
    slug, country = EU_COMPLAINT_AUTHORITY[lang]
    authority = get_authority(slug)
    req = make_request(problems=problems, language=lang, authority=authority, **changes)
    jurisdiction = jurisdiction_for(Place(country))
    return dataclasses.replace(
        req,
        country=country,
        jurisdiction=jurisdiction,
        deadline=dataclasses.replace(
            due_date(req.deadline.received, jurisdiction.code, country),
            receipt=req.deadline.receipt, sent=req.deadline.sent),
    )


def follow_up(
    lang: str,
    problems: frozenset[Problem] | set[Problem] = frozenset({Problem.NO_ANSWER}),
    **changes: object,
) -> LetterRequest:
    return make_request(RequestType.FOLLOW_UP, problems, language=lang, **changes)


def english(req: LetterRequest) -> str:
    """The English letter for the same request."""
    return layout(render_letter(dataclasses.replace(req, language="en"), reading_copy=True))


def cases(lang: str) -> dict[str, LetterRequest]:
    """The golden cases of one language, by golden file name."""
    return {
        f"{lang}_follow_up_eu_no_answer.txt": follow_up(lang),
        f"{lang}_follow_up_eu_partial_answer.txt": follow_up(
            lang,
            {Problem.PARTIAL_ANSWER},
            received=POSTED_RECEIVED,
            authority=get_authority("frcnil"),
        ),
        f"{lang}_follow_up_eu_all.txt": follow_up(lang, ALL_PROBLEMS, received=POSTED_RECEIVED),
        f"{lang}_follow_up_uk_no_answer_erasure.txt": follow_up(
            lang,
            country="GB",
            original_request=RequestType.ERASURE,
            authority=get_authority("gbico"),
        ),
        f"{lang}_follow_up_eu_no_answer_objection.txt": follow_up(
            lang, original_request=RequestType.OBJECTION
        ),
        f"{lang}_complaint_eu_all.txt": complaint(lang, received=POSTED_RECEIVED),
        f"{lang}_complaint_eu_no_answer.txt": complaint(lang, frozenset({Problem.NO_ANSWER})),
        f"{lang}_complaint_eu_partial_answer_erasure.txt": complaint(
            lang, frozenset({Problem.PARTIAL_ANSWER}), original_request=RequestType.ERASURE
        ),
        f"{lang}_complaint_uk_all.txt": complaint(lang, region="uk"),
    }


ALL_CASES = {name: req for lang in LANGUAGES for name, req in cases(lang).items()}


def lang_of(name: str) -> str:
    return name.split("_", 1)[0]


# --- golden files -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_golden_letters(name: str) -> None:
    letter = render(ALL_CASES[name])
    assert letter.language == lang_of(name)
    check_golden(name, layout(letter))


# --- the same legal points as the English letter ------------------------------------------------


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_same_citations_as_the_english_letter(name: str) -> None:
    req, lang = ALL_CASES[name], lang_of(name)
    body = layout(render(req))
    en = english(req)
    articles = cited_articles(lang, body)
    assert articles == cited_articles("en", en)
    assert articles <= ALLOWED_ARTICLES, articles - ALLOWED_ARTICLES
    paragraphs = cited_edpb_paragraphs(lang, body)
    assert paragraphs == cited_edpb_paragraphs("en", en)
    assert paragraphs <= ALLOWED_EDPB_PARAGRAPHS
    law = "UK GDPR" if req.jurisdiction.code == "UK" else EU_LAW[lang]
    # A UK request received after 5 February 2026 runs under Art. 12A; from 19 June 2026 the
    # complaint to the ICO rests on s.165 DPA 2018 (facts file, "United Kingdom since 2026").
    for ref in ("12A",) if law == "UK GDPR" else ("12(3)", "77"):
        assert cite(lang, ref, law) in body, ref
    assert "21(2)" not in articles and "§" not in body


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_nothing_left_in_english_or_in_jinja(name: str) -> None:
    req = ALL_CASES[name]
    body = layout(render(req))
    # What the registry and the person supply may be English; the letter's own words may not.
    for value in (*MISSING, req.authority.name if req.authority else ""):
        body = body.replace(value, "") if value else body
    for word in ENGLISH_LEFTOVERS:
        assert word not in body, word
    for syntax in JINJA_SYNTAX:
        assert syntax not in body, syntax


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_dates_are_written_in_the_language(name: str) -> None:
    lang = lang_of(name)
    body = layout(render(ALL_CASES[name]))
    assert LONG_DATES[lang][0] in body.splitlines()  # the letter's date, on its own line
    assert SENT_DATES[lang] in body
    for month in ENGLISH_MONTHS:
        assert month not in body, month
    assert "2026-" not in body


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_body_is_tidy_plain_text(name: str) -> None:
    body = layout(render(ALL_CASES[name]))
    assert body.endswith("\n") and not body.endswith("\n\n")
    assert "\n\n\n" not in body
    assert all(line == line.rstrip() for line in body.splitlines())
    lines = body.splitlines()
    assert lines[-2] == "Jane Doe"
    assert lines[-1].endswith((": jane.doe@example.org", "：jane.doe@example.org"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_official_terms_in_an_eu_complaint(lang: str) -> None:
    body = layout(render(complaint(lang)))
    for term in (*OFFICIAL_TERMS[lang], SUPERVISORY_AUTHORITY[lang], *EU_TITLE[lang]):
        assert term in body, term
    for ref in ("12(4)", "12(6)", "9(1)", "27", "78(2)", "15(3)"):
        assert cite(lang, ref, EU_LAW[lang]) in body, ref
    if lang == "es":
        assert "GDPR" not in body  # the Spanish acronym is RGPD


@pytest.mark.parametrize("lang", LANGUAGES)
def test_complaint_names_the_decisions(lang: str) -> None:
    body = layout(render(complaint(lang)))
    for decision in ("SAN-2022-019", "35/2022", "Autoriteit Persoonsgegevens", ORDER_50[lang]):
        assert decision in body, decision
    assert "[2025] UKUT 319 (AAC)" not in body  # the ICO's case only in UK complaints


@pytest.mark.parametrize("lang", LANGUAGES)
def test_problems_are_numbered_in_the_english_order(lang: str) -> None:
    body = layout(render(complaint(lang)))
    headings = dict(zip(Problem, PROBLEM_HEADINGS[lang], strict=True))
    expected = [h for p, h in headings.items() if p in ALL_PROBLEMS]
    heads = [(str(i), h) for i, h in enumerate(expected, 1)]
    found = re.findall(r"^(\d+)\. (.+?)[。.]", body, re.M)
    assert [f for f in found if f[1] in expected] == heads
    for problem, heading in headings.items():
        single = layout(render(complaint(lang, frozenset({problem}))))
        assert f"\n1. {heading}" in single
        others = [h for h in PROBLEM_HEADINGS[lang] if h != heading]
        assert not any(f". {h}" in single for h in others)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_attachment_of_the_answer_only_when_there_was_one(lang: str) -> None:
    no_answer = layout(render(complaint(lang, frozenset({Problem.NO_ANSWER}))))
    partial = layout(render(complaint(lang, frozenset({Problem.PARTIAL_ANSWER}))))
    assert "\n2. " in no_answer.split("\n\n")[-3] and "\n3. " not in no_answer.split("\n\n")[-3]
    assert "\n3. " in partial.split("\n\n")[-3]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_uk_complaint_cites_uk_gdpr_and_not_78_2(lang: str) -> None:
    letter = render(complaint(lang, region="uk"))
    body = layout(letter)
    # Dated 23 November 2026: s.165 DPA 2018 instead of Art. 77 UK GDPR, Art. 12A for a
    # request received after 5 February 2026, s.166 instead of Art. 78(2).
    assert "Data Protection Act 2018" in letter.subject and "165" in letter.subject
    assert cite(lang, "12A", "UK GDPR") in body and cite(lang, "77", "UK GDPR") not in body
    cited = cited_articles(lang, body)
    # No Art. 78(2) and no EU representative claim (Art. 27 appears only in the Austrian decision).
    assert "78(2)" not in cited and cite(lang, "27", "UK GDPR") not in body
    for part in EU_TITLE[lang]:
        assert part not in body, part
    assert re.search(BARE_EU_GDPR[lang], body) is None
    assert "[2025] UKUT 319 (AAC)" in body


# --- follow-ups ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("original", INITIAL_REQUEST_TYPES)
def test_follow_up_for_each_original_request(lang: str, original: RequestType) -> None:
    letter = render_letter(follow_up(lang, original_request=original))
    ref = {"access": "15", "erasure": "17", "objection": "21(1)"}[original.value]
    assert cite(lang, ref, EU_LAW[lang]) in letter.subject
    assert letter.subject in layout(letter)
    assert SENT_DATES[lang] in letter.subject
    # The EDPB guidelines are on the right of access: cited for access requests only.
    paragraphs = cited_edpb_paragraphs(lang, layout(letter))
    assert ("158" in paragraphs) is (original is RequestType.ACCESS)
    assert ("159" in paragraphs) is (original is RequestType.ACCESS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_follow_up_goes_to_the_controller_in_the_persons_language(lang: str) -> None:
    letter = render_letter(follow_up(lang, authority=get_authority("frcnil")))
    assert letter.language == lang
    assert letter.recipient_name == "Clearview AI, Inc."
    assert letter.recipient_email == "legal-requests@clearview.ai"
    assert "Clearview AI, Inc." in layout(letter).splitlines()[0]
    assert get_authority("frcnil").name in layout(letter)  # named as the next step


@pytest.mark.parametrize("lang", LANGUAGES)
def test_follow_up_lists_what_is_missing_and_the_own_choice_of_date(lang: str) -> None:
    req = follow_up(lang, {Problem.PARTIAL_ANSWER}, received=POSTED_RECEIVED)
    body = layout(render(req))
    assert "".join(f"- {m}\n" for m in MISSING) in body
    assert cite(lang, "15(3)", EU_LAW[lang]) in body
    due = {"ja": "2026年10月19日", "it": "19 ottobre 2026", "es": "19 de octubre de 2026"}[lang]
    assert due in body  # 17 October 2026 is a Saturday
    complaint_by = {"ja": "2026年12月7日", "it": "7 dicembre 2026", "es": "7 de diciembre de 2026"}[
        lang
    ]
    assert complaint_by in body
    for phrase in OWN_CHOICE[lang]:
        assert phrase in body, phrase


# --- the language a complaint is written in -----------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "country", "lang"), [("itgpdp", "IT", "it"), ("esaepa", "ES", "es")]
)
@pytest.mark.parametrize("conversation", ["en", "ja", "it", "es"])
def test_complaint_is_in_the_authoritys_language(
    slug: str, country: str, lang: str, conversation: str
) -> None:
    authority = get_authority(slug)
    assert authority.complaint_language == lang
    req = dataclasses.replace(
        make_request(problems=ALL_PROBLEMS, language=conversation, authority=authority),
        country=country,
    )
    letter = render_letter(req)
    assert letter.language == lang
    assert letter.subject == COMPLAINT_SUBJECT[lang]
    assert letter.recipient_name == authority.name
    assert letter.recipient_address_lines == authority.address_lines
    body = layout(letter)
    assert authority.name in body.splitlines()[0]
    assert {"it": "risiedo in Italia", "es": "resido en España"}[lang] in body
    assert LONG_DATES[lang][0] in body.splitlines()
    for word in ("Dear", "Article", "Yours", "Subject:"):
        assert word not in body, word


def test_a_japanese_complaint_is_only_a_reading_copy() -> None:
    """Never a complaint in a language the authority does not take (audit point 4)."""
    sent = render_letter(complaint("ja"))  # to the CNIL, which takes French
    assert sent.language == "fr" and sent.in_recipient_language is True
    copy = render_letter(complaint("ja"), reading_copy=True)
    assert copy.language == "ja" and copy.reading_copy
    assert copy.subject == COMPLAINT_SUBJECT["ja"]


# --- templates ----------------------------------------------------------------------------------



def test_sent_is_the_date_the_cases_assume() -> None:
    assert SENT.isoformat() == "2026-09-14"
