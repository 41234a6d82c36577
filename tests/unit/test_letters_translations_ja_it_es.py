"""Japanese, Italian and Spanish letters: golden texts for every request type and
identification method, plus checks that a translation keeps every legal point of the English
letter in the citation style of that language's official GDPR text.

Golden files are tests/unit/golden/{ja,it,es}_*.txt. After a deliberate wording change,
regenerate them with `UPDATE_GOLDEN=1 pytest tests/unit/test_letters_translations_ja_it_es.py`
and review the diff like code (ideally with a native-speaking lawyer).
"""

from __future__ import annotations

import datetime
import re

import pytest

from bot.deadlines import due_date
from bot.identification import IdMethod
from bot.letters import LetterRequest, render_letter
from bot.letters.render import template_language
from bot.outputs.text import layout
from bot.registry import get_controller
from bot.rights import RequestType
from tests.unit.test_letters import LINKS, check_golden, make_request

LANGUAGES = ("ja", "it", "es")
# The first requests these templates translate (follow-ups and complaints are not yet).
REQUEST_TYPES = (RequestType.ACCESS, RequestType.ERASURE, RequestType.OBJECTION)
CASES = [(lang, rt, im) for lang in LANGUAGES for rt in REQUEST_TYPES for im in IdMethod]

# The law as each language names it in an EU letter; UK letters keep "UK GDPR".
EU_LAW = {"ja": "GDPR", "it": "GDPR", "es": "RGPD"}
# The official title of Regulation (EU) 2016/679 in that language, and its formal name.
EU_TITLE = {
    "ja": ("規則(EU) 2016/679", "一般データ保護規則"),
    "it": ("Regolamento (UE) 2016/679", "regolamento generale sulla protezione dei dati"),
    "es": ("Reglamento (UE) 2016/679", "Reglamento General de Protección de Datos"),
}
LONG_DATES = {
    "ja": ("2026年11月23日", "2026年12月23日", "2027年3月5日", "2027年4月5日"),
    "it": ("23 novembre 2026", "23 dicembre 2026", "5 marzo 2027", "5 aprile 2027"),
    "es": ("23 de noviembre de 2026", "23 de diciembre de 2026", "5 de marzo de 2027",
           "5 de abril de 2027"),
}
# Headings of the nine points of the access letter: Art. 15(1)(a)-(h) and 15(2).
ACCESS_POINTS = {
    "ja": ("取扱いの目的", "個人データの種類", "取得者", "記録保存期間", "私の権利",
           "異議申立て", "情報源", "自動化された意思決定", "移転"),
    "it": ("Finalità", "Categorie di dati", "Destinatari", "Conservazione", "I miei diritti",
           "Reclamo", "Origine", "Processo decisionale automatizzato", "Trasferimenti"),
    "es": ("Fines", "Categorías", "Destinatarios", "Conservación", "Mis derechos",
           "Reclamación", "Origen", "Decisiones automatizadas", "Transferencias"),
}
ACCESS_REFS = ("15(1)(a)", "15(1)(b)", "15(1)(c)", "15(1)(d)", "15(1)(e)", "15(1)(f)",
               "15(1)(g)", "15(1)(h)", "15(2)")
# Names of the rights and key phrases as the official text of each language words them.
OFFICIAL_TERMS = {
    ("ja", RequestType.ACCESS): ("データ主体によるアクセスの権利",),
    ("ja", RequestType.ERASURE): ("消去の権利（「忘れられる権利」）", "異議を述べます",
                                  "取扱いを制限", "やむをえない正当な根拠"),
    ("ja", RequestType.OBJECTION): ("異議を述べる権利", "取扱いを制限", "やむをえない正当な根拠"),
    ("it", RequestType.ACCESS): ("diritto di accesso dell'interessato",),
    ("it", RequestType.ERASURE): ("diritto alla cancellazione («diritto all'oblio»)",
                                  "limitare il trattamento", "motivi legittimi cogenti"),
    ("it", RequestType.OBJECTION): ("diritto di opposizione", "limitare il trattamento",
                                    "motivi legittimi cogenti"),
    ("es", RequestType.ACCESS): ("derecho de acceso del interesado",),
    ("es", RequestType.ERASURE): ("derecho de supresión («el derecho al olvido»)",
                                  "limiten el tratamiento", "motivos legítimos imperiosos"),
    ("es", RequestType.OBJECTION): ("derecho de oposición", "limiten el tratamiento",
                                    "motivos legítimos imperiosos"),
}
SUPERVISORY_AUTHORITY = {
    "ja": "監督機関", "it": "autorità di controllo", "es": "autoridad de control",
}
# Words that would betray an untranslated English sentence.
ENGLISH_LEFTOVERS = ("Dear", "Article", "Yours", "Subject:", "Applicable law", "Please",
                     "E-mail for your reply", "paragraph", "Guidelines", " the ", " and ")
JINJA_SYNTAX = ("{{", "}}", "{%", "%}", "{#", "#}")


def request(lang: str, request_type: RequestType = RequestType.ACCESS,
            id_method: IdMethod = IdMethod.NO_PHOTO, country: str = "FR",
            **changes: object) -> LetterRequest:
    return make_request(request_type, id_method, country, language=lang, **changes)


def cite(lang: str, ref: str, law: str) -> str:
    """`ref` ("15(1)(a)") in the official citation style of `lang`, e.g.
    "articolo 15, paragrafo 1, lettera a), del GDPR" or "GDPR第15条第1項(a)"."""
    number, *sub = ref.replace(")", "").split("(")
    if lang == "ja":
        return f"{law}第{number}条" + (f"第{sub[0]}項" if sub else "") + (
            f"({sub[1]})" if len(sub) > 1 else "")
    word, para, point = {"it": ("articolo", "paragrafo", "lettera"),
                         "es": ("artículo", "apartado", "letra")}[lang]
    text = f"{word} {number}"
    if sub:
        text += f", {para} {sub[0]}" + (f", {point} {sub[1]})" if len(sub) > 1 else "") + ","
    return f"{text} del {law}"


# --- what a letter cites, normalised to the English form "15(1)(a)" ------------------------

# Article numbers may carry a letter: Art. 12A UK GDPR (facts file, "United Kingdom since 2026").
_EN_GROUP = re.compile(r"Articles? ((?:\d+[A-Z]?(?:\(\w+\))*(?:, | and )?)+)")
_LATIN_ITEM = {
    "it": r"(\d+[A-Z]?)(?:, paragrafo (\d+)(?:, lettera ([a-z])\))?)?",
    "es": r"(\d+[A-Z]?)(?:, apartado (\d+)(?:, letra ([a-z])\))?)?",
}
_LATIN_GROUP = {
    lang: re.compile(rf"[Aa]{word} ((?:{item})(?:(?:,? {conj} |, )(?:{item}))*)")
    for lang, word, conj, item in (
        ("it", "rticol[oi]", "e", _LATIN_ITEM["it"]),
        ("es", "rtículos?", "y", _LATIN_ITEM["es"]),
    )
}
# Sections of the UK's Data Protection Act 2018 (s.164A, s.165, s.166) are not GDPR articles,
# as "section 165" is not in English.
_JA_ITEM = re.compile(
    r"(?<!Data Protection Act 2018）)第(\d+[A-Z]?)条(?:第(\d+)項(?:\(([a-z])\))?)?")


def _ref(number: str, para: str | None, point: str | None) -> str:
    return number + (f"({para})" if para else "") + (f"({point})" if point else "")


def cited_articles(lang: str, body: str) -> set[str]:
    if lang == "en":
        cited: set[str] = set()
        for group in _EN_GROUP.findall(body):
            cited.update(re.findall(r"\d+[A-Z]?(?:\(\w+\))*", group))
        return cited
    if lang == "ja":
        return {_ref(*m.groups()) for m in _JA_ITEM.finditer(body)}
    return {
        _ref(*item.groups())
        for group in _LATIN_GROUP[lang].finditer(body)
        for item in re.finditer(_LATIN_ITEM[lang], group.group(1))
    }


def cited_edpb_paragraphs(lang: str, body: str) -> set[str]:
    if lang == "en":
        groups = re.findall(r"paragraphs? ([\d\- and]+\d)", body)
    elif lang == "it":
        groups = re.findall(r"punt[oi] ([\d\- e]+\d)", body)
    elif lang == "es":  # "apartado" also numbers article paragraphs: drop those first
        groups = re.findall(r"apartados? ([\d\- y]+\d)", _LATIN_GROUP["es"].sub("", body))
    else:
        groups = [g.replace("～", "-") for g in re.findall(r"第(\d+(?:～\d+)?)段落", body)]
    return {p for group in groups for p in re.findall(r"\d+(?:-\d+)?", group)}


# --- golden files ---------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "request_type", "id_method"), CASES)
def test_golden_letters(lang: str, request_type: RequestType, id_method: IdMethod) -> None:
    letter = render_letter(request(lang, request_type, id_method))
    assert letter.language == lang
    check_golden(f"{lang}_{request_type.value}_{id_method.value}.txt", layout(letter))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_golden_uk_erasure(lang: str) -> None:
    letter = render_letter(request(lang, RequestType.ERASURE, country="GB"))
    check_golden(f"{lang}_uk_erasure_no_photo.txt", layout(letter))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_golden_erasure_without_optional_blocks(lang: str) -> None:
    req = request(lang, RequestType.ERASURE, include_objection=False, include_restriction=False)
    check_golden(f"{lang}_erasure_no_photo_plain.txt", layout(render_letter(req)))


# --- the language is chosen from the request ------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "used"),
    [("ja", "ja"), ("ja-JP", "ja"), ("JA", "ja"), ("it", "it"), ("it_CH", "it"),
     ("es", "es"), ("es-419", "es")],
)
def test_language_selects_the_templates(asked: str, used: str) -> None:
    assert template_language(asked) == used
    letter = render_letter(request(asked))
    assert letter.language == used
    assert letter.subject in layout(letter)


# --- legal content: same citations as the English letter, in the language's style -----------


@pytest.mark.parametrize(("lang", "request_type", "id_method"), CASES)
def test_translation_keeps_every_legal_point(
    lang: str, request_type: RequestType, id_method: IdMethod
) -> None:
    letter = render_letter(request(lang, request_type, id_method))
    body = layout(letter)
    english = layout(render_letter(request("en", request_type, id_method)))
    law = EU_LAW[lang]

    # The law is named as in that language's official text.
    for part in EU_TITLE[lang]:
        assert part in body, part
    assert cite(lang, {"access": "15", "erasure": "17", "objection": "21(1)"}[
        request_type.value], law) in letter.subject
    if lang == "es":
        assert "GDPR" not in body  # the Spanish acronym is RGPD

    # Same articles and EDPB paragraphs as the English letter: nothing lost, nothing added.
    assert cited_articles(lang, body) == cited_articles("en", english)
    assert cited_edpb_paragraphs(lang, body) == cited_edpb_paragraphs("en", english)

    # Deadline and fees, in the language's citation style.
    for ref in ("12(3)", "12(5)", "12(6)"):
        assert cite(lang, ref, law) in body, ref
    # Art. 11(2) covers Arts. 15-20 only: not in an objection letter (facts file).
    assert (cite(lang, "11(2)", law) in body) is (request_type is not RequestType.OBJECTION)
    assert SUPERVISORY_AUTHORITY[lang] in body

    if request_type is RequestType.ACCESS:
        points = zip(ACCESS_POINTS[lang], ACCESS_REFS, strict=True)
        for number, (heading, ref) in enumerate(points, 1):
            if lang == "ja":
                expected = f"\n{number}. {heading}（{cite(lang, ref, law)}）："
            else:
                expected = f"\n{number}. {heading} ({cite(lang, ref, law)}): "
            assert expected in body, expected
        for ref in ("15(3)", "9(1)", "77"):
            assert cite(lang, ref, law) in body, ref
        assert "SAN-2022-019" in body
    if request_type is not RequestType.ACCESS:
        assert cite(lang, "21(1)", law) in body and cite(lang, "18(1)(d)", law) in body
    # Art. 21(2) is about direct marketing only: never cited, in any form.
    assert "21(2)" not in body and cite(lang, "21(2)", law) not in body
    assert "21" not in cited_articles(lang, body) - {"21(1)"}
    assert "21(2)" not in cited_articles(lang, body)

    # Recipient, date and the person's details.
    assert "Clearview AI, Inc." in body
    for line in get_controller("clearview-ai").address_lines:
        assert line in body.splitlines(), line
    assert "legal-requests@clearview.ai" in body
    letter_date, due = LONG_DATES[lang][:2]
    assert letter_date in body.splitlines()
    assert due in body
    assert "November" not in body and "December" not in body
    assert "Jane Doe" in body.splitlines() and "jane.doe@example.org" in body
    if id_method is IdMethod.PUBLIC_LINKS:
        for link in LINKS:
            assert f"\n- {link}\n" in body

    # Nothing left of the template language or of the English letter.
    for syntax in JINJA_SYNTAX:
        assert syntax not in body, syntax
    for word in ENGLISH_LEFTOVERS:
        assert word not in body, word


@pytest.mark.parametrize(("lang", "request_type"), list(OFFICIAL_TERMS))
def test_official_terms(lang: str, request_type: RequestType) -> None:
    body = layout(render_letter(request(lang, request_type)))
    for term in OFFICIAL_TERMS[(lang, request_type)]:
        assert term in body, term


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("request_type", REQUEST_TYPES)
def test_objection_cites_21_1_never_21_2(lang: str, request_type: RequestType) -> None:
    for id_method in IdMethod:
        letter = render_letter(request(lang, request_type, id_method))
        cited = cited_articles(lang, layout(letter))
        assert "21(2)" not in cited
        if request_type is RequestType.OBJECTION:
            assert cite(lang, "21(1)", EU_LAW[lang]) in letter.subject
            assert "21(1)" in cited and "18(1)(d)" in cited


@pytest.mark.parametrize("lang", LANGUAGES)
def test_erasure_optional_blocks(lang: str) -> None:
    without_objection = render_letter(request(lang, RequestType.ERASURE, include_objection=False))
    cited = cited_articles(lang, layout(without_objection))
    assert "21(1)" not in cited and "18(1)(d)" not in cited
    without_restriction = render_letter(
        request(lang, RequestType.ERASURE, include_restriction=False)
    )
    cited = cited_articles(lang, layout(without_restriction))
    assert "21(1)" in cited and "18(1)(d)" not in cited
    order_50 = {"ja": "命令第50号", "it": "provvedimento n. 50", "es": "resolución n.º 50"}[lang]
    for decision in ("SAN-2022-019", "35/2022", "Autoriteit Persoonsgegevens", order_50):
        assert decision in layout(without_restriction), decision


# --- UK letters ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("request_type", REQUEST_TYPES)
def test_uk_letters_cite_uk_gdpr(lang: str, request_type: RequestType) -> None:
    letter = render_letter(request(lang, request_type, country="GB"))
    english = layout(render_letter(request("en", request_type, country="GB")))
    body = layout(letter)
    assert "UK GDPR" in letter.subject
    assert cite(lang, "12A", "UK GDPR") in body  # received after 5 February 2026
    for part in EU_TITLE[lang]:
        assert part not in body, part
    assert cited_articles(lang, body) == cited_articles("en", english)
    assert cited_edpb_paragraphs(lang, body) == cited_edpb_paragraphs("en", english)
    # The EU GDPR appears only as the law other authorities applied, and says so.
    eu_mentions = {
        "ja": r"(?<!UK )(?<!EUの)GDPR",
        "it": r"(?<!UK )GDPR(?! dell'UE)",
        "es": r"(?<!UK )(?:GDPR|RGPD(?! de la UE))",
    }[lang]
    assert re.search(eu_mentions, body) is None
    if request_type is RequestType.ERASURE:
        assert "[2025] UKUT 319 (AAC)" in body and "Information Commissioner" in body


# --- dates and deadlines ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_deadline_in_the_letters_language(lang: str) -> None:
    received = datetime.date(2027, 3, 5)  # EDPB Guidelines 01/2022 §160: 5 March -> 5 April
    req = request(lang, date=received, deadline=due_date(received, "EU", "FR"))
    body = layout(render_letter(req))
    start, due = LONG_DATES[lang][2:]
    assert start in body.splitlines() and due in body
    assert body.count(start) == 2  # the letter's date and the day of receipt


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_deadline_the_one_month_rule_still_stands(lang: str) -> None:
    body = layout(render_letter(request(lang, deadline=None)))
    assert {"ja": "1か月以内", "it": "entro un mese", "es": "en el plazo de un mes"}[lang] in body
    assert LONG_DATES[lang][1] not in body  # no computed due date
    assert cite(lang, "12(3)", EU_LAW[lang]) in body


# --- input safety and tidiness, as for the English letters ------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hostile_name_stays_literal_and_on_one_line(lang: str) -> None:
    name = "Zoë\r\nBcc: evil@example.com\u202e{{ 7*7 }}{% if x %}"
    letter = render_letter(request(lang, name=name))
    expected = "Zoë Bcc: evil@example.com{{ 7*7 }}{% if x %}"
    lines = layout(letter).splitlines()
    assert expected in lines
    assert "49" not in layout(letter) and "\u202e" not in layout(letter)
    assert len(lines) == len(layout(render_letter(request(lang))).splitlines())



@pytest.mark.parametrize(("lang", "request_type", "id_method"), CASES)
def test_body_is_tidy_plain_text(
    lang: str, request_type: RequestType, id_method: IdMethod
) -> None:
    body = layout(render_letter(request(lang, request_type, id_method)))
    assert body.endswith("\n") and not body.endswith("\n\n")
    assert "\n\n\n" not in body
    assert all(line == line.rstrip() for line in body.splitlines())
    assert body.splitlines()[-2] == "Jane Doe"
    assert body.splitlines()[-1].endswith(": jane.doe@example.org") or body.splitlines()[
        -1
    ].endswith("：jane.doe@example.org")
