"""French, German and Dutch letters: golden texts plus the legal points a translation must keep.

Each translated letter must cite exactly the articles and EDPB paragraphs of the English letter
for the same request, in the citation style of that language's official GDPR text, under the
language's own name for the law (RGPD / DSGVO / AVG; "UK GDPR" stays as it is).

Golden files: tests/unit/golden/<language>_<eu|uk>_<request>_<id method>.txt. After a
deliberate wording change, regenerate them with
`UPDATE_GOLDEN=1 pytest tests/unit/test_letters_translations_fr_de_nl.py` and review the diff.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from bot.deadlines import due_date
from bot.identification import IdMethod
from bot.letters import render_letter
from bot.letters.environment import available_templates
from bot.letters.render import template_language, template_name
from bot.outputs.text import layout
from bot.rights import RequestType
from tests.unit.test_letters import LINKS, check_golden, make_request

INITIAL = (RequestType.ACCESS, RequestType.ERASURE, RequestType.OBJECTION)
NBSP = "\u00a0"


# --- citations, parsed into the English notation ("15(1)(a)") ------------------------------------


def _canonical(number: str, paragraph: str | None, point: str | None) -> str:
    return number + (f"({paragraph})" if paragraph else "") + (f"({point})" if point else "")


def _parser(items: str, part: str, intro: str, joiners: str) -> Callable[[str], Counter[str]]:
    """Build a parser: `intro` then one or more `items` joined by `joiners`."""
    group = re.compile(rf"{intro}({items}(?:(?:{joiners}){items})*)")
    one = re.compile(part)

    def parse(body: str) -> Counter[str]:
        found: Counter[str] = Counter()
        for match in group.finditer(body):
            found.update(_canonical(*m.groups()) for m in one.finditer(match.group(1)))
        return found

    return parse


parse_fr = _parser(
    items=r"\d+[A-Z]?(?:, paragraphe \d+(?:, point [a-z]\))?)?",
    part=r"(\d+[A-Z]?)(?:, paragraphe (\d+)(?:, point ([a-z])\))?)?",
    intro=r"\barticles? ",
    joiners=r",? et |, ",
)
parse_de = _parser(
    items=r"\d+[A-Z]?(?: Abs\. \d+)?(?: lit\. [a-z])?",
    part=r"(\d+[A-Z]?)(?: Abs\. (\d+))?(?: lit\. ([a-z]))?",
    intro=r"\bArt\. ",
    joiners=r", | und (?:Art\. )?",
)
parse_nl = _parser(
    items=r"\d+[A-Z]?(?:, lid \d+(?:, onder [a-z]\))?)?",
    part=r"(\d+[A-Z]?)(?:, lid (\d+)(?:, onder ([a-z])\))?)?",
    intro=r"\bartikel(?:en)? ",
    joiners=r",? en |, ",
)


def parse_en(body: str) -> Counter[str]:
    """The same reading of English citations as test_letters.py."""
    found: Counter[str] = Counter()
    for group in re.findall(r"Articles? ((?:\d+[A-Z]?(?:\(\w+\))*(?:, | and )?)+)", body):
        found.update(re.findall(r"\d+[A-Z]?(?:\(\w+\))*", group))
    return found


def _paragraphs(pattern: str) -> Callable[[str], Counter[str]]:
    group = re.compile(pattern)

    def parse(body: str) -> Counter[str]:
        found: Counter[str] = Counter()
        for match in group.finditer(body):
            found.update(re.findall(r"\d+(?:-\d+)?", match.group(1)))
        return found

    return parse


def _cite_fr(ref: str, law: str) -> str:
    n, *rest = ref.replace(")", "").split("(")
    text = f"article {n}"
    if rest:
        text += f", paragraphe {rest[0]}"
        if len(rest) > 1:
            text += f", point {rest[1]})"
        text += ","
    return f"{text} du {law}"


def _cite_de(ref: str, law: str) -> str:
    n, *rest = ref.replace(")", "").split("(")
    words = ["Art.", n]
    if rest:
        words += ["Abs.", rest[0]]
    if len(rest) > 1:
        words += ["lit.", rest[1]]
    return " ".join([*words, law])


def _cite_nl(ref: str, law: str) -> str:
    n, *rest = ref.replace(")", "").split("(")
    text = f"artikel {n}"
    if rest:
        text += f", lid {rest[0]}"
        if len(rest) > 1:
            text += f", onder {rest[1]})"
        text += ","
    return f"{text} {law}"


@dataclass(frozen=True)
class Lang:
    code: str
    country: str  # a country of residence where the language is spoken
    law: str  # the EU GDPR's name in the language
    eu_law_in_uk_letter: str  # how a UK letter names the EU GDPR the other authorities applied
    law_title: str
    date: str  # LETTER_DATE (23 November 2026)
    due: str  # a month later
    salutation: str
    closing: str
    reply_label: str
    in_uk: str
    points: tuple[str, ...]  # the nine headings of the access letter
    cite: Callable[[str, str], str]
    parse: Callable[[str], Counter[str]]
    parse_edpb: Callable[[str], Counter[str]]
    never: tuple[str, ...]  # Art. 21(2) written in the language's style


LANGS = {
    "fr": Lang(
        code="fr", country="FR", law="RGPD", eu_law_in_uk_letter="du RGPD de l'Union européenne",
        law_title="Règlement (UE) 2016/679 (règlement général sur la protection des données)",
        date="Le 23 novembre 2026", due="23 décembre 2026", salutation="Madame, Monsieur,",
        closing="Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations "
        "distinguées.",
        reply_label=f"Adresse électronique pour votre réponse{NBSP}:", in_uk="au Royaume-Uni",
        points=("Finalités", "Catégories", "Destinataires", "Durée de conservation",
                "Mes droits", "Réclamation", "Source", "Prise de décision automatisée",
                "Transferts"),
        cite=_cite_fr, parse=parse_fr,
        parse_edpb=_paragraphs(r"\bpoints? (\d+(?:-\d+)?(?: et \d+(?:-\d+)?)*)"),
        never=("article 21, paragraphe 2",),
    ),
    "de": Lang(
        code="de", country="DE", law="DSGVO", eu_law_in_uk_letter="der EU-DSGVO",
        law_title="Verordnung (EU) 2016/679 (Datenschutz-Grundverordnung)",
        date="23. November 2026", due="23. Dezember 2026",
        salutation="Sehr geehrte Damen und Herren,", closing="Mit freundlichen Grüßen",
        reply_label="E-Mail-Adresse für Ihre Antwort:", in_uk="im Vereinigten Königreich",
        points=("Verarbeitungszwecke", "Kategorien", "Empfänger", "Speicherdauer",
                "Meine Rechte", "Beschwerde", "Herkunft", "Automatisierte Entscheidungsfindung",
                "Übermittlungen"),
        cite=_cite_de, parse=parse_de,
        parse_edpb=_paragraphs(r"\bRn\. (\d+(?:-\d+)?(?: und \d+(?:-\d+)?)*)"),
        never=("Art. 21 Abs. 2",),
    ),
    "nl": Lang(
        code="nl", country="NL", law="AVG", eu_law_in_uk_letter="van de AVG van de Europese Unie",
        law_title="Verordening (EU) 2016/679 (algemene verordening gegevensbescherming)",
        date="23 november 2026", due="23 december 2026", salutation="Geachte heer, mevrouw,",
        closing="Met vriendelijke groet,", reply_label="E-mailadres voor uw antwoord:",
        in_uk="in het Verenigd Koninkrijk",
        points=("Verwerkingsdoeleinden", "Categorieën", "Ontvangers", "Bewaartermijn",
                "Mijn rechten", "Klacht", "Bron", "Geautomatiseerde besluitvorming",
                "Doorgiften"),
        cite=_cite_nl, parse=parse_nl,
        parse_edpb=_paragraphs(r"\brandnummers? (\d+(?:-\d+)?(?: en \d+(?:-\d+)?)*)"),
        never=("artikel 21, lid 2",),
    ),
}
ACCESS_POINTS = ("15(1)(a)", "15(1)(b)", "15(1)(c)", "15(1)(d)", "15(1)(e)", "15(1)(f)",
                 "15(1)(g)", "15(1)(h)", "15(2)")
# English words and template syntax that must never survive translation.
ENGLISH_LEFTOVER = re.compile(
    r"\b(Dear|Yours|Article|Articles|Subject|Applicable|Sir|Madam|Please|please|the|and|your"
    r"|paragraphs?|Guidelines|GDPR)\b"
)
TEMPLATE_SYNTAX = ("{{", "}}", "{%", "%}", "{#", "#}", "None", "Undefined")


def letter(lang: str, request_type: RequestType, id_method: IdMethod = IdMethod.NO_PHOTO,
           uk: bool = False, **changes: object):
    country = "GB" if uk else LANGS[lang].country
    return render_letter(make_request(request_type, id_method, country, language=lang, **changes))


def english(request_type: RequestType, id_method: IdMethod, country: str, **changes: object):
    return render_letter(make_request(request_type, id_method, country, language="en", **changes))


ALL_CASES = [
    (lang, uk, rt, im)
    for lang in LANGS
    for uk in (False, True)
    for rt in INITIAL
    for im in IdMethod
]
GOLDEN_CASES = [
    (lang, uk, rt, im) for lang, uk, rt, im in ALL_CASES if not uk or im is IdMethod.NO_PHOTO
]


def _case_id(case: tuple) -> str:
    lang, uk, rt, im = case
    return f"{lang}-{'uk' if uk else 'eu'}-{rt.value}-{im.value}"


# --- golden texts --------------------------------------------------------------------------------


@pytest.mark.parametrize("case", GOLDEN_CASES, ids=_case_id)
def test_golden_translated_letters(case: tuple) -> None:
    lang, uk, request_type, id_method = case
    region = "uk" if uk else "eu"
    body = layout(letter(lang, request_type, id_method, uk))
    check_golden(f"{lang}_{region}_{request_type.value}_{id_method.value}.txt", body)


@pytest.mark.parametrize("lang", LANGS)
def test_golden_erasure_without_optional_blocks(lang: str) -> None:
    body = layout(letter(lang, RequestType.ERASURE, include_objection=False,
                  include_restriction=False))
    check_golden(f"{lang}_eu_erasure_no_photo_plain.txt", body)


# --- the language is actually used ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_templates_exist_and_are_chosen(lang: str) -> None:
    for request_type in INITIAL:
        assert template_name(lang, request_type) in available_templates()
        assert template_language(lang, request_type) == lang
        assert template_language(f"{lang}-BE", request_type) == lang
        assert letter(lang, request_type).language == lang


# --- same legal content as the English letter ----------------------------------------------------


@pytest.mark.parametrize("case", ALL_CASES, ids=_case_id)
def test_cites_exactly_what_the_english_letter_cites(case: tuple) -> None:
    lang, uk, request_type, id_method = case
    spec = LANGS[lang]
    country = "GB" if uk else spec.country
    body = layout(letter(lang, request_type, id_method, uk))
    english_body = layout(english(request_type, id_method, country))
    cited, cited_en = spec.parse(body), parse_en(english_body)
    assert set(cited) == set(cited_en), set(cited) ^ set(cited_en)
    assert cited == cited_en  # also as often, e.g. 21(1) twice in an objection letter
    assert spec.parse_edpb(body) == _paragraphs(r"paragraphs? ([\d\- and]+\d)")(english_body)
    # One paragraph per line, like the English letter: same structure, only the words change.
    assert len(body.splitlines()) == len(english_body.splitlines())


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("include_objection", "include_restriction"),
                         [(False, False), (False, True), (True, False)])
def test_erasure_optional_blocks_follow_english(
    lang: str, include_objection: bool, include_restriction: bool
) -> None:
    flags = {"include_objection": include_objection, "include_restriction": include_restriction}
    body = layout(letter(lang, RequestType.ERASURE, **flags))
    cited = LANGS[lang].parse(body)
    reference = english(RequestType.ERASURE, IdMethod.NO_PHOTO, LANGS[lang].country, **flags)
    assert cited == parse_en(layout(reference))
    assert ("21(1)" in cited) is include_objection
    assert "18(1)(d)" not in cited  # Art. 18(1)(d) only goes with an objection


# --- the law's name ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ALL_CASES, ids=_case_id)
def test_law_is_named_in_the_language(case: tuple) -> None:
    lang, uk, request_type, id_method = case
    spec = LANGS[lang]
    result = letter(lang, request_type, id_method, uk)
    body = layout(result)
    if uk:
        assert "UK GDPR" in result.subject
        assert spec.cite("12A", "UK GDPR") in body  # received after 5 February 2026
        assert "GDPR" not in body.replace("UK GDPR", "")
        assert "2016/679" not in body
        if request_type is RequestType.ERASURE:  # the other authorities applied the EU GDPR
            assert spec.eu_law_in_uk_letter in body
    else:
        assert re.search(rf"\b{spec.law}\b", result.subject)
        assert spec.cite("12(3)", spec.law) in body
        assert "GDPR" not in body
        assert spec.law_title in body


# --- access --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_access_covers_every_point_in_the_local_citation_style(lang: str) -> None:
    spec = LANGS[lang]
    body = layout(letter(lang, RequestType.ACCESS))
    for number, (heading, ref) in enumerate(zip(spec.points, ACCESS_POINTS, strict=True), 1):
        assert f"\n{number}. {heading} ({spec.cite(ref, spec.law)})" in body, heading
    for ref in ("15", "15(3)", "12(3)", "12(5)", "9(1)", "77"):
        assert spec.cite(ref, spec.law) in body, ref
    assert "SAN-2022-019" in body


def test_citation_style_examples() -> None:
    """The styles named in the brief, spelled out once."""
    assert "article 15, paragraphe 1, point a), du RGPD" in layout(letter("fr", RequestType.ACCESS))
    assert "Art. 15 Abs. 1 lit. a DSGVO" in layout(letter("de", RequestType.ACCESS))
    assert "artikel 15, lid 1, onder a), AVG" in layout(letter("nl", RequestType.ACCESS))
    assert "articles 12, paragraphe 4, et 77 du RGPD" in layout(letter("fr", RequestType.ACCESS))
    assert "Art. 12 Abs. 4 und Art. 77 DSGVO" in layout(letter("de", RequestType.ACCESS))
    assert "artikelen 12, lid 4, en 77 AVG" in layout(letter("nl", RequestType.ACCESS))


# --- objection and erasure -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("id_method", list(IdMethod))
def test_objection_uses_21_1_never_21_2(lang: str, id_method: IdMethod) -> None:
    spec = LANGS[lang]
    result = letter(lang, RequestType.OBJECTION, id_method)
    assert spec.cite("21(1)", spec.law) in result.subject
    cited = spec.parse(layout(result))
    assert cited["21(1)"] >= 2 and "18(1)(d)" in cited
    assert not any(ref.startswith("21(2)") for ref in cited)
    for wrong in spec.never:
        assert wrong not in layout(result)


@pytest.mark.parametrize("lang", LANGS)
def test_erasure_keeps_the_decisions(lang: str) -> None:
    body = layout(letter(lang, RequestType.ERASURE))
    order_50 = {"fr": f"décision n°{NBSP}50", "de": "Verfügung Nr. 50", "nl": "beschikking nr. 50"}
    for decision in ("SAN-2022-019", "35/2022", order_50[lang], "Autoriteit Persoonsgegevens",
                     "Garante per la protezione dei dati personali"):
        assert decision in body, decision
    assert "UKUT" not in body
    uk_body = layout(letter(lang, RequestType.ERASURE, uk=True))
    assert "[2025] UKUT 319 (AAC)" in uk_body and "Information Commissioner" in uk_body


# --- letter form ---------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ALL_CASES, ids=_case_id)
def test_recipient_date_salutation_and_closing(case: tuple) -> None:
    lang, uk, request_type, id_method = case
    spec = LANGS[lang]
    result = letter(lang, request_type, id_method, uk)
    lines = layout(result).splitlines()
    assert lines[0] == "Clearview AI, Inc."
    assert "418 Broadway STE N" in lines and "legal-requests@clearview.ai" in lines
    assert result.recipient_email == "legal-requests@clearview.ai"
    assert spec.date in lines
    assert spec.salutation in lines
    assert lines[-4:] == [spec.closing, "", "Jane Doe", f"{spec.reply_label} jane.doe@example.org"]
    assert spec.due in layout(result)  # the computed deadline, in the same language


@pytest.mark.parametrize("case", ALL_CASES, ids=_case_id)
def test_no_template_syntax_or_english_left(case: tuple) -> None:
    lang, uk, request_type, id_method = case
    body = layout(letter(lang, request_type, id_method, uk))
    for syntax in TEMPLATE_SYNTAX:
        assert syntax not in body, syntax
    leftover = ENGLISH_LEFTOVER.findall(body.replace("UK GDPR", ""))
    assert not leftover, leftover


@pytest.mark.parametrize("lang", LANGS)
def test_deadline_dates_in_the_language(lang: str) -> None:
    received = datetime.date(2027, 3, 5)  # EDPB Guidelines 01/2022 §160: 5 March -> 5 April
    body = layout(letter(lang, RequestType.ACCESS, date=received,
                  deadline=due_date(received, "EU", LANGS[lang].country)))
    expected = {"fr": ("5 mars 2027", "5 avril 2027"), "de": ("5. März 2027", "5. April 2027"),
                "nl": ("5 maart 2027", "5 april 2027")}[lang]
    for date in expected:
        assert date in body
    without = layout(letter(lang, RequestType.ACCESS, deadline=None))
    assert LANGS[lang].due not in without


def test_french_first_of_the_month() -> None:
    first = datetime.date(2027, 3, 1)
    deadline = due_date(first, "EU", "FR")
    body = layout(letter("fr", RequestType.ACCESS, date=first, deadline=deadline))
    assert "Le 1er mars 2027" in body.splitlines()
    assert "1er avril 2027" in body and " 1 mars" not in body


@pytest.mark.parametrize(
    ("lang", "country", "phrase"),
    [
        ("fr", "FR", "je réside en France."), ("fr", "NL", "je réside aux Pays-Bas."),
        ("fr", "PT", "je réside au Portugal."), ("fr", "MT", "je réside à Malte."),
        ("fr", "GB", "je réside au Royaume-Uni."),
        ("de", "AT", "ich wohne in Österreich."), ("de", "NL", "ich wohne in den Niederlanden."),
        ("de", "SK", "ich wohne in der Slowakei."),
        ("de", "GB", "ich wohne im Vereinigten Königreich."),
        ("nl", "BE", "ik woon in België."), ("nl", "GB", "ik woon in het Verenigd Koninkrijk."),
    ],
)
def test_country_of_residence_reads_naturally(lang: str, country: str, phrase: str) -> None:
    body = layout(render_letter(make_request(RequestType.ACCESS, country=country, language=lang)))
    assert phrase in body


@pytest.mark.parametrize("lang", LANGS)
def test_links_and_hostile_name_render_literally(lang: str) -> None:
    name = "Zoë {{ 7*7 }} {% if x %}"
    body = layout(letter(lang, RequestType.ACCESS, IdMethod.PUBLIC_LINKS, name=name))
    for link in LINKS:
        assert f"\n- {link}\n" in body
    assert name in body.splitlines()
    assert "49" not in body


@pytest.mark.parametrize("lang", LANGS)
def test_german_letter_body_starts_lowercase_after_salutation(lang: str) -> None:
    """German continues the salutation's sentence; French and Dutch start a new one."""
    for request_type in INITIAL:
        lines = layout(letter(lang, request_type)).splitlines()
        first = lines[lines.index(LANGS[lang].salutation) + 2]
        assert first[0].islower() is (lang == "de"), first
