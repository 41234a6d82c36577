"""French, German and Dutch follow-up and complaint letters: golden texts plus the legal points
a translation must keep.

Each translated letter must cite exactly the articles and EDPB paragraphs of the English letter
for the same request, read with the citation readers of test_letters_translations_fr_de_nl.py.
A complaint is written in the authority's complaint language (CNIL: French; German Land
authorities: German; Autoriteit Persoonsgegevens: Dutch), whatever the conversation language.

Golden files: tests/unit/golden/<language>_follow_up_*.txt and <language>_complaint_*.txt. After a
deliberate wording change, regenerate them with
`UPDATE_GOLDEN=1 pytest tests/unit/test_followups_translations_fr_de_nl.py` and review the diff.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

import pytest

from bot.deadlines import due_date
from bot.letters import Letter, LetterRequest, render_letter
from bot.letters.environment import TEMPLATE_DIR
from bot.letters.render import template_language, template_name
from bot.outputs.text import layout
from bot.registry import get_authority
from bot.rights import Problem, RequestType
from tests.unit.test_followups import (
    ALL_PROBLEMS,
    ALLOWED_ARTICLES,
    ALLOWED_EDPB_PARAGRAPHS,
    POSTED_RECEIVED,
    SENT,
    make_request,
)
from tests.unit.test_letters import check_golden
from tests.unit.test_letters_translations_fr_de_nl import (
    LANGS,
    NBSP,
    TEMPLATE_SYNTAX,
    _paragraphs,
    parse_en,
)

# What a person would type in their own language when the answer was partial.
MISSING = {
    "fr": ("la source (URL) de chaque image", "les destinataires des résultats de recherche"),
    "de": ("die Herkunft (URL) jedes Bildes", "die Empfänger von Suchergebnissen über mich"),
    "nl": ("de bron (URL) van elke afbeelding", "de ontvangers van zoekresultaten over mij"),
}
# The authority a complaint in each language goes to (its complaint language is that language).
AUTHORITY = {"fr": "frcnil", "de": "debaylda", "nl": "nlap"}
# An EU authority that takes complaints in English: renders the English twin of a complaint.
ENGLISH_AUTHORITY = "iedpc"
# English words and headings that must never survive translation.
ENGLISH_LEFTOVER = re.compile(
    r"\b(Dear|Article|Articles|Yours|Subject:|Applicable law|Please|Reminder|Complaint under"
    r"|Attachments|GDPR|paragraphs?)\b"
)
# Written-out dates: the original request, its deadline, the follow-up's complaint date.
DATES = {
    "fr": ("14 septembre 2026", "14 octobre 2026", "7 décembre 2026", "Le 23 novembre 2026"),
    "de": ("14. September 2026", "14. Oktober 2026", "7. Dezember 2026", "23. November 2026"),
    "nl": ("14 september 2026", "14 oktober 2026", "7 december 2026", "23 november 2026"),
}
# The heading of each situation's point in a complaint, in the order of Problem.
HEADINGS = {
    "fr": dict(zip(Problem, (
        "Prolongation du délai",
        "Absence de réponse",
        "Réponse incomplète",
        "Accès limité",
        "Exigence d'une copie de pièce d'identité",
        "Exigence d'une photographie",
        "Exigences de forme",
        "Paiement exigé",
        "Réponse dans une langue",
        "Refus sans information",
        "Affirmation selon laquelle aucune donnée",
        "Effacement incomplet",
    ), strict=True)),
    "de": dict(zip(Problem, (
        "Verlängerung der Frist",
        "Keine fristgerechte Antwort",
        "Unvollständige Antwort",
        "Zeitlich oder zahlenmäßig beschränkte Auskunft",
        "Verlangen der Kopie eines Ausweisdokuments",
        "Verlangen eines Fotos",
        "Formerfordernisse",
        "Verlangen einer Zahlung",
        "Antwort in einer Sprache",
        "Ablehnung ohne Belehrung",
        "Behauptung, es seien keine Daten vorhanden",
        "Unvollständige Löschung",
    ), strict=True)),
    "nl": dict(zip(Problem, (
        "Verlenging van de termijn",
        "Geen tijdig antwoord",
        "Onvolledig antwoord",
        "Inzage beperkt",
        "Verzoek om een kopie van een identiteitsbewijs",
        "Verzoek om een foto",
        "Vormvereisten",
        "Betaling geëist",
        "Antwoord in een taal",
        "Weigering zonder informatie",
        "Bewering dat er geen gegevens",
        "Onvolledige wissing",
    ), strict=True)),
}
COMPLAINT_SUBJECT = {
    "fr": "Réclamation en vertu de l'article 77 du RGPD contre Clearview AI, Inc.",
    "de": "Beschwerde gemäß Art. 77 DSGVO gegen Clearview AI, Inc.",
    "nl": "Klacht op grond van artikel 77 AVG tegen Clearview AI, Inc.",
}


def recounted(base: LetterRequest, country: str, received: object) -> object:
    """The deadline of `base` counted with `country`'s holidays, its receipt footing kept."""
    assert base.deadline is not None
    return dataclasses.replace(
        due_date(received, "EU", country),  # type: ignore[arg-type]
        receipt=base.deadline.receipt, sent=base.deadline.sent)


def _translated(lang: str, request_type: RequestType) -> bool:
    return (TEMPLATE_DIR / template_name(lang, request_type)).exists()


def follow_up(
    lang: str,
    problems: frozenset[Problem] | set[Problem] = frozenset({Problem.NO_ANSWER}),
    uk: bool = False,
    **changes: object,
) -> LetterRequest:
    """A follow-up in `lang` about an access request sent on SENT."""
    if Problem.PARTIAL_ANSWER in problems:
        changes.setdefault("missing_items", MISSING[lang])
    country = "GB" if uk else LANGS[lang].country
    if country not in ("FR", "DE", "GB"):  # make_request knows these three
        base = make_request(RequestType.FOLLOW_UP, problems, country="FR", language=lang, **changes)
        received = changes.get("received", SENT)
        return dataclasses.replace(
            base, country=country, deadline=recounted(base, country, received)
        )  # type: ignore[arg-type]
    return make_request(RequestType.FOLLOW_UP, problems, country=country, language=lang, **changes)


def complaint(
    lang: str,
    problems: frozenset[Problem] | set[Problem] = frozenset({Problem.NO_ANSWER}),
    authority: str | None = None,
    **changes: object,
) -> LetterRequest:
    """A complaint by a resident of the language's country to the language's authority.

    The conversation language is Japanese: the authority's complaint language must win.
    """
    if Problem.PARTIAL_ANSWER in problems:
        changes.setdefault("missing_items", MISSING[lang])
    country = LANGS[lang].country
    received = changes.get("received", SENT)
    base = make_request(RequestType.COMPLAINT, problems, country="FR", language="ja", **changes)
    return dataclasses.replace(
        base,
        country=country,
        deadline=recounted(base, country, received),  # type: ignore[arg-type]
        authority=get_authority(authority or AUTHORITY[lang]),
    )


def english_twin(req: LetterRequest) -> Letter:
    """The same letter in English: for a complaint, to an authority that takes English."""
    if req.request_type is RequestType.COMPLAINT:
        req = dataclasses.replace(req, authority=get_authority(ENGLISH_AUTHORITY))
    else:
        req = dataclasses.replace(req, language="en")
    letter = render_letter(req)
    assert letter.language == "en"
    return letter


FOLLOW_UP_CASES = {
    f"{lang}_follow_up_{name}.txt": (lang, build)
    for lang in LANGS
    for name, build in (
        ("eu_no_answer", lambda lang: follow_up(lang)),
        (
            "eu_partial_answer",
            lambda lang: follow_up(
                lang,
                {Problem.PARTIAL_ANSWER},
                received=POSTED_RECEIVED,
                authority=get_authority(AUTHORITY[lang]),
            ),
        ),
        ("eu_all", lambda lang: follow_up(lang, ALL_PROBLEMS)),
        (
            "uk_no_answer_erasure",
            lambda lang: follow_up(
                lang,
                uk=True,
                original_request=RequestType.ERASURE,
                authority=get_authority("gbico"),
            ),
        ),
        ("eu_objection", lambda lang: follow_up(lang, original_request=RequestType.OBJECTION)),
    )
}
COMPLAINT_CASES = {
    f"{lang}_complaint_{name}.txt": (lang, build)
    for lang in LANGS
    for name, build in (
        *(
            (problem.value, (lambda p: lambda lang: complaint(lang, {p}))(problem))
            for problem in Problem
        ),
        ("all", lambda lang: complaint(lang, ALL_PROBLEMS)),
        (
            "erasure_posted",
            lambda lang: complaint(
                lang, received=POSTED_RECEIVED, original_request=RequestType.ERASURE
            ),
        ),
    )
}
ALL_CASES = {**FOLLOW_UP_CASES, **COMPLAINT_CASES}


def _param(name: str) -> object:
    return pytest.param(name, id=name.removesuffix(".txt"))


CASE_PARAMS = [_param(name) for name in sorted(ALL_CASES)]


def build(name: str) -> LetterRequest:
    lang, make = ALL_CASES[name]
    return make(lang)


# --- golden texts --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASE_PARAMS)
def test_golden_letters(name: str) -> None:
    check_golden(name, layout(render_letter(build(name))))


# --- same legal content as the English letter ----------------------------------------------------


@pytest.mark.parametrize("name", CASE_PARAMS)
def test_cites_exactly_what_the_english_letter_cites(name: str) -> None:
    lang = ALL_CASES[name][0]
    spec = LANGS[lang]
    req = build(name)
    result = render_letter(req)
    assert result.language == lang
    english_body = layout(english_twin(req))
    cited, cited_en = spec.parse(layout(result)), parse_en(english_body)
    assert set(cited) == set(cited_en), set(cited) ^ set(cited_en)
    assert cited == cited_en  # as often, too
    assert set(cited) <= ALLOWED_ARTICLES
    edpb = spec.parse_edpb(layout(result))
    assert edpb == _paragraphs(r"paragraphs? ([\d\- and]+\d)")(english_body)
    assert set(edpb) <= ALLOWED_EDPB_PARAGRAPHS
    # One paragraph per line, like the English letter: same structure, only the words change.
    # Counted from the salutation: the recipients' address blocks differ in length.
    lines, english_lines = layout(result).splitlines(), english_body.splitlines()
    assert len(lines) - lines.index(spec.salutation) == (
        len(english_lines) - english_lines.index("Dear Sir or Madam,")
    )
    # The subject cites what the English subject cites.
    assert spec.parse(result.subject) == parse_en(english_twin(req).subject)


@pytest.mark.parametrize("name", CASE_PARAMS)
def test_no_template_syntax_or_english_left(name: str) -> None:
    result = render_letter(build(name))
    for syntax in TEMPLATE_SYNTAX:
        assert syntax not in layout(result), syntax
    # Authority names from the registry may carry an English gloss; the letter's own words not.
    text = layout(result).replace("UK GDPR", "")
    for authority in ("frcnil", "debaylda", "nlap", "gbico"):
        text = text.replace(get_authority(authority).name, "")
    assert not ENGLISH_LEFTOVER.findall(text), ENGLISH_LEFTOVER.findall(text)
    assert not ENGLISH_LEFTOVER.findall(result.subject.replace("UK GDPR", ""))
    assert "2026-" not in layout(result)  # every date is written out


@pytest.mark.parametrize("name", CASE_PARAMS)
def test_letter_form(name: str) -> None:
    lang = ALL_CASES[name][0]
    spec = LANGS[lang]
    req = build(name)
    result = render_letter(req)
    lines = layout(result).splitlines()
    assert spec.salutation in lines
    assert lines[-4:] == [spec.closing, "", "Jane Doe", f"{spec.reply_label} jane.doe@example.org"]
    assert DATES[lang][3] in lines  # the letter's date
    assert layout(result).endswith("\n") and "\n\n\n" not in layout(result)
    if req.jurisdiction.code == "EU":
        assert spec.law_title in layout(result) and "GDPR" not in layout(result)
        assert re.search(rf"\b{spec.law}\b", result.subject)
    else:
        assert "UK GDPR" in result.subject and "2016/679" not in layout(result)
        # received after 5 February 2026: Art. 12A UK GDPR (facts file, "United Kingdom since 2026")
        assert spec.cite("12A", "UK GDPR") in layout(result)
    # German continues the salutation's sentence; French and Dutch start a new one.
    first = lines[lines.index(spec.salutation) + 2]
    assert first[0].islower() is (lang == "de"), first


# --- follow-up -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_follow_up_is_in_the_conversation_language(lang: str) -> None:
    assert template_language(lang, RequestType.FOLLOW_UP) == lang
    result = render_letter(follow_up(lang))
    assert result.language == lang
    assert result.recipient_name == "Clearview AI, Inc."
    assert layout(result).splitlines()[0] == "Clearview AI, Inc."


@pytest.mark.parametrize("lang", LANGS)
def test_follow_up_dates_in_the_language(lang: str) -> None:
    result = render_letter(follow_up(lang))
    sent, due, complain_by, _ = DATES[lang]
    assert sent in result.subject
    for date in (sent, due, complain_by):
        assert date in layout(result), date
    # 14 days by default; the person's own choice, not a legal deadline.
    own_choice = {
        "fr": "14 jours après la date de la présente lettre",
        "de": "14 Tage nach dem Datum dieses Schreibens",
        "nl": "14 dagen na de datum van deze brief",
    }[lang]
    assert own_choice in layout(result)


def test_follow_up_received_clause_and_french_first_of_the_month() -> None:
    posted = render_letter(follow_up("fr", {Problem.PARTIAL_ANSWER}, received=POSTED_RECEIVED))
    assert "que vous avez reçue le 17 septembre 2026" in layout(posted)
    assert "a expiré le 19 octobre 2026" in layout(posted)  # 17 October 2026 is a Saturday
    # E-mail: received the day it was sent is an assumption, worded as one, never as a fact.
    emailed = layout(render_letter(follow_up("fr")))
    assert "que vous avez reçue" not in emailed
    assert "(si vous l'avez reçue le 14 septembre 2026\u00a0: au plus tard le 14 octobre 2026)" \
        in emailed
    first = datetime.date(2026, 10, 1)
    body = layout(render_letter(
        follow_up("fr", original_sent=first, deadline=due_date(first, "EU", "FR"), sent_by=None)
    ))
    assert "Le 1er octobre 2026, je vous ai adressé une demande d'accès" in body  # no channel
    assert " 1 octobre" not in body
    de = layout(render_letter(follow_up("de", {Problem.PARTIAL_ANSWER}, received=POSTED_RECEIVED)))
    assert "den Sie am 17. September 2026 erhalten haben" in de
    nl = layout(render_letter(follow_up("nl", {Problem.PARTIAL_ANSWER}, received=POSTED_RECEIVED)))
    assert "dat u op 17 september 2026 hebt ontvangen" in nl


@pytest.mark.parametrize("lang", LANGS)
def test_follow_up_lists_what_is_missing(lang: str) -> None:
    body = layout(render_letter(follow_up(lang, {Problem.PARTIAL_ANSWER})))
    assert "".join(f"\n- {item}" for item in MISSING[lang]) + "\n" in body
    assert LANGS[lang].cite("15(3)", LANGS[lang].law) in body  # access: the first copy is free


@pytest.mark.parametrize("lang", LANGS)
def test_follow_up_names_the_authority_without_the_english_article(lang: str) -> None:
    body = layout(render_letter(follow_up(lang, uk=True, authority=get_authority("gbico"))))
    assert "Information Commissioner’s Office" in body
    assert "The Information" not in body


# --- complaint: the authority's language ---------------------------------------------------------


@pytest.mark.parametrize("conversation", ["fr", "en", "de", "ja"])
def test_complaint_to_the_cnil_is_in_french(conversation: str) -> None:
    cnil = get_authority("frcnil")
    assert cnil.complaint_language == "fr"
    result = render_letter(make_request(country="FR", language=conversation))
    assert result.language == "fr"
    assert result.recipient_name == cnil.name
    assert result.subject == COMPLAINT_SUBJECT["fr"]
    assert "Madame, Monsieur," in layout(result).splitlines()
    assert "Par la présente, j'introduis une réclamation en vertu de l'article 77 du RGPD" in (
        layout(result)
    )
    assert "je réside en France." in layout(result)


@pytest.mark.parametrize("slug", ["debaylda", "deberlbdi", "denrwldi"])
def test_complaint_to_a_german_land_authority_is_in_german(slug: str) -> None:
    authority = get_authority(slug)
    assert authority.complaint_language == "de"
    result = render_letter(complaint("de", authority=slug))
    assert result.language == "de"
    assert result.recipient_name == authority.name
    assert result.subject == COMPLAINT_SUBJECT["de"]
    assert "Sehr geehrte Damen und Herren," in layout(result).splitlines()
    assert "hiermit lege ich gemäß Art. 77 DSGVO Beschwerde gegen Clearview AI, Inc." in (
        layout(result)
    )
    assert "ich wohne in Deutschland." in layout(result)


def test_complaint_to_the_autoriteit_persoonsgegevens_is_in_dutch() -> None:
    result = render_letter(complaint("nl"))
    assert result.language == "nl"
    assert result.subject == COMPLAINT_SUBJECT["nl"]
    assert result.recipient_email == "info@autoriteitpersoonsgegevens.nl"
    assert "Hierbij dien ik op grond van artikel 77 AVG een klacht in" in layout(result)
    assert "ik woon in Nederland." in layout(result)


@pytest.mark.parametrize("lang", LANGS)
def test_complaint_language_follows_the_installed_templates(lang: str) -> None:
    result = render_letter(complaint(lang))
    assert result.language == (lang if _translated(lang, RequestType.COMPLAINT) else "en")


COMPLAINT_LANGS = list(LANGS)


# --- complaint: content --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", COMPLAINT_LANGS)
def test_complaint_citations_and_decisions(lang: str) -> None:
    spec = LANGS[lang]
    body = layout(render_letter(complaint(lang, ALL_PROBLEMS)))
    for ref in ("77", "12(3)", "12(4)", "12(6)", "27", "9(1)", "78(2)"):
        assert spec.cite(ref, spec.law) in body, ref
    order_50 = {"fr": f"décision n°{NBSP}50", "de": "Verfügung Nr. 50", "nl": "beschikking nr. 50"}
    for decision in (
        "SAN-2022-019",
        "35/2022",
        order_50[lang],
        "Autoriteit Persoonsgegevens",
        "Garante per la protezione dei dati personali",
    ):
        assert decision in body, decision
    assert "UKUT" not in body  # the ICO's case only in UK complaints
    amount = {"fr": f"5,2{NBSP}millions", "de": "5,2 Mio. EUR", "nl": "€ 5,2 miljoen"}[lang]
    assert amount.replace(NBSP, " ") in body.replace(NBSP, " ")
    assert "against Clearview" not in body
    assert "Clearview AI, Inc., 418 Broadway STE N, Albany" in body


@pytest.mark.parametrize("lang", COMPLAINT_LANGS)
def test_complaint_problems_are_numbered_in_order(lang: str) -> None:
    body = layout(render_letter(complaint(lang, ALL_PROBLEMS)))
    expected = [h for p, h in HEADINGS[lang].items() if p in ALL_PROBLEMS]
    heads = [
        (int(match.group(1)), heading)
        for line in body.splitlines()
        for heading in expected
        if (match := re.match(rf"^(\d+)\. {re.escape(heading)}", line))
    ]
    assert heads == list(enumerate(expected, 1))
    for problem, heading in HEADINGS[lang].items():
        single = layout(render_letter(complaint(lang, {problem})))
        assert f"\n1. {heading}" in single
        for other in HEADINGS[lang].values():
            if other != heading:
                assert f". {other}" not in single, other


@pytest.mark.parametrize("lang", COMPLAINT_LANGS)
def test_complaint_attachments(lang: str) -> None:
    """The third attachment (the answer received) only when an answer came back."""
    heading = {"fr": f"Pièces jointes{NBSP}:", "de": "Anlagen:", "nl": "Bijlagen:"}[lang]

    def attachments(problems: set[Problem]) -> list[str]:
        lines = layout(render_letter(complaint(lang, problems))).splitlines()
        start = lines.index(heading) + 1
        return lines[start : lines.index("", start)]

    no_answer = attachments({Problem.NO_ANSWER})
    assert [line[:3] for line in no_answer] == ["1. ", "2. "]
    assert LANGS[lang].cite("15", LANGS[lang].law) in no_answer[0]
    assert DATES[lang][0] in no_answer[0]
    partial = attachments({Problem.PARTIAL_ANSWER})
    assert [line[:3] for line in partial] == ["1. ", "2. ", "3. "]
    assert "Clearview AI, Inc." in partial[2]
