"""Letters beyond the GDPR (issue 16): Switzerland (FADP), Canada (PIPEDA and the provinces),
California (CCPA), Australia (Privacy Act 1988), Brazil (LGPD) and Japan (APPI, with the
art. 171 caveat). Each letter cites its own law and nothing of the GDPR; a right the law does
not give is refused with the reason; every provision cited is in the facts file.

Golden files: tests/unit/golden/law_<code>_<letter>.txt. After a deliberate wording change,
regenerate them with `UPDATE_GOLDEN=1 pytest tests/unit/test_letters_other_laws.py` and review
the diff like code.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.letters import LetterNotSupported, render_letter
from bot.letters.spec import letter_request
from bot.outputs.text import layout
from tests.unit.test_letters import check_golden

ROOT = Path(__file__).resolve().parents[2]
LETTER_DATE = "2026-11-23"
SENT = "2026-09-14"
LAWS = ("CH", "CA", "US-CA", "AU", "BR", "JP")
RIGHTS = ("access", "erasure", "objection")
# What the law gives (bot/data/laws.yml): the rights a letter can rest on.
AVAILABLE = {
    "CH": RIGHTS, "CA": ("access",), "US-CA": RIGHTS, "AU": RIGHTS, "BR": ("access", "erasure"),
    "JP": RIGHTS,
}
# Nothing of the GDPR in these letters (the brief's check), nor of EU guidance.
GDPR_MARKERS = ("GDPR", "Article 15", "2016/679", "EDPB", "RGPD", "Regulation (EU)")
# The provisions each law's letters may cite: each is in the facts file, "Other
# jurisdictions" (the law's own line), or "Enforcement".
ALLOWED = {
    "CH": {"Article 25", "Article 25(2)", "Article 25(6)", "Article 25(7)", "Article 26",
           "Article 30(2)(b)", "Article 30(3)", "Article 32", "Article 18", "Article 19",
           "Articles 30", "Article 30"},
    "CA": {"section 8", "section 8(1)", "section 8(3)", "section 8(4)", "section 8(5)",
           "section 11", "Principle 4.9", "section 32"},
    "US-CA": {"§1798.100", "§1798.105", "§1798.110", "§1798.115", "§1798.120", "§1798.121",
              "§1798.130(a)(2)", "§7021", "§§1798.100", "§§1798.120", "Sections 1798.100",
              "Section 1798.105", "Section 1798.120", "Section 1798.121",
              "Section 1798.130(a)(2)"},
    "AU": {"Principle 12", "Principle 12.4(a)(ii)", "Principle 13", "section 40(1A)"},
    "BR": {"article 18", "article 18 §1", "article 19", "article 3"},
    "JP": {"Article 33", "Article 35", "Article 38", "Article 39", "Article 171"},
}
_CITATION = re.compile(
    r"(Articles? \d+(?:\(\w+\))*|[Ss]ections? \d+(?:\.\d+)?[A-Z]?(?:\(\w+\))*"
    r"|Principle \d+(?:\.\d+)?(?:\(\w+\))*|§§?\d+(?:\.\d+)?(?:\(\w+\))*|article \d+(?: §\d)?)"
)


def spec(code: str, request_type: str, **changes: object) -> dict:
    """A letter for a resident of `code`, e-mailed on the letter's date."""
    base: dict = {
        "request_type": request_type, "country": code, "name": "Jane Doe",
        "email": "jane.doe@example.org", "id_method": "no_photo", "date": LETTER_DATE,
        "sent_by": "email",
    }
    if request_type in ("follow_up", "complaint"):
        base.update({"original_request": "access", "original_sent": SENT,
                     "problems": ["no_answer"], "details": ["no_extension"]})
    base.update(changes)
    return base


def letter(code: str, request_type: str, **changes: object):
    return render_letter(letter_request(spec(code, request_type, **changes)))


def citations(body: str) -> set[str]:
    """The provisions a letter cites, as written ("Article 25(7)", "section 8(3)")."""
    return set(_CITATION.findall(body))


CASES = [(code, right) for code in LAWS for right in AVAILABLE[code]]
COMPLAINTS = {
    "CH": {"authority": "chedoeb"},
    "CA": {"authority": "caopc"},
    "US-CA": {"authority": "uscppa"},
    "AU": {"authority": "auoaic", "controller_complaint_sent": "2026-11-02"},
    "BR": {"authority": "branpd"},
}


@pytest.mark.parametrize(("code", "right"), CASES)
def test_golden_first_letters(code: str, right: str) -> None:
    check_golden(f"law_{code.lower()}_{right}.txt", layout(letter(code, right)))


@pytest.mark.parametrize("code", LAWS)
def test_golden_reminders(code: str) -> None:
    body = layout(letter(code, "follow_up", problems=["no_answer", "partial_answer"],
                         missing_items=["the source (URL) of each image"]))
    check_golden(f"law_{code.lower()}_follow_up.txt", body)


@pytest.mark.parametrize("code", sorted(COMPLAINTS))
def test_golden_complaints(code: str) -> None:
    body = layout(letter(code, "complaint", **COMPLAINTS[code]))
    check_golden(f"law_{code.lower()}_complaint.txt", body)  # CH: in German (the FDPIC)


# --- the law's own provisions, nothing of the GDPR --------------------------------------------


@pytest.mark.parametrize(("code", "right"), CASES)
def test_cites_its_own_law_and_nothing_of_the_gdpr(code: str, right: str) -> None:
    result = letter(code, right)
    body = layout(result)
    for marker in GDPR_MARKERS:
        assert marker not in body, marker
    cited = citations(body)
    assert cited, body
    assert cited <= ALLOWED[code], cited - ALLOWED[code]
    assert result.jurisdiction == code
    assert "DROP" not in body and "Delete Act" not in body  # it does not reach Clearview


@pytest.mark.parametrize("code", LAWS)
def test_reminders_and_complaints_cite_their_own_law_only(code: str) -> None:
    bodies = [layout(letter(code, "follow_up"))]
    if code in COMPLAINTS:
        bodies.append(layout(letter(code, "complaint", **COMPLAINTS[code])))
    for body in bodies:
        for marker in GDPR_MARKERS:
            assert marker not in body, marker
        assert citations(body) <= ALLOWED[code], citations(body) - ALLOWED[code]


@pytest.mark.parametrize(("code", "right"), [(c, r) for c in LAWS for r in RIGHTS
                                             if r not in AVAILABLE[c]])
def test_a_right_the_law_does_not_give_is_refused_with_the_reason(code: str, right: str) -> None:
    with pytest.raises(LetterNotSupported, match=r"no .* letter under") as refused:
        letter(code, right)
    assert "sources" in str(refused.value)  # says what the refusal rests on


def test_illinois_gets_guidance_not_a_letter() -> None:
    for right in RIGHTS:
        with pytest.raises(LetterNotSupported, match=r"BIPA|opt-out"):
            letter("US-IL", right)


# --- each law's points ------------------------------------------------------------------------


def test_switzerland() -> None:
    access = layout(letter("CH", "access"))
    for text in ("Article 25 of the Swiss Federal Act on Data Protection",
                 "within 30 days of receipt of this request (Article 25(7) FADP; Article 18 of "
                 "the Data Protection Ordinance, DPO): if you receive this request on 23 "
                 "November 2026, that is by 23 December 2026",
                 "at most CHF 300", "(Article 26 FADP)", "free of charge (Article 25(6) FADP)"):
        assert text in access, text
    objection = layout(letter("CH", "objection"))
    assert "Article 30(2)(b) FADP" in objection and "Article 30(3) FADP" in objection
    assert "explicit prohibition" in objection and "(Article 32 FADP)" in objection
    erasure = layout(letter("CH", "erasure"))
    assert "I ask for this period myself; it is not a period set by law." in erasure


def test_canada_and_its_provinces() -> None:
    body = layout(letter("CA", "access"))
    for text in ("section 8(1) of the Personal Information Protection and Electronic Documents "
                 "Act (PIPEDA) and Principle 4.9", "within 30 days of receipt",
                 "once, by up to 30 days", "deemed to have refused my request (section 8(5))",
                 "(section 11)", "PIPEDA Findings #2021-001, 2 February 2021"):
        assert text in body, text
    assert "Where" not in body  # no province named: only PIPEDA
    alberta = layout(letter("CA-AB", "access"))
    assert ("Where Alberta's Personal Information Protection Act applies, its period is 45 "
            "days (for a request received on 23 November 2026: 7 January 2027)") in alberta
    assert "I live in Alberta (Canada)" in alberta
    bc = layout(letter("CA-BC", "access"))
    assert "30 days, not counting Saturdays and holidays" in bc
    quebec = layout(letter("CA-QC", "access"))
    assert "Quebec's private-sector privacy Act (P-39.1, section 32)" in quebec


def test_california() -> None:
    access = layout(letter("US-CA", "access"))
    assert "Sections 1798.100, 1798.110 and 1798.115 of the California Civil Code" in access
    assert ("the confirmation is due by 9 December 2026 and the answer by 7 January 2027"
            in access)  # 10 business days; 45 days
    assert "is deemed a 'sale'" in access
    objection = layout(letter("US-CA", "objection"))
    assert "Section 1798.120" in objection and "Section 1798.121" in objection
    assert "sensitive personal information" in objection
    assert "Section 1798.105" in layout(letter("US-CA", "erasure"))


def test_australia() -> None:
    access = layout(letter("AU", "access"))
    assert "Australian Privacy Principle 12" in access
    assert "a reasonable period, which the OAIC says is generally 30 days" in access
    assert "You may not charge me for making this request" in access
    for erasure in (layout(letter("AU", "erasure")), layout(letter("AU", "objection"))):
        assert "not a right to have my information destroyed, and I do not claim one" in erasure
        assert "[2021] AICmr 54" in erasure
    reminder = layout(letter("AU", "follow_up"))
    assert "section 40(1A)" in reminder
    complaint = layout(letter("AU", "complaint", **COMPLAINTS["AU"]))
    assert "On 2 November 2026, I complained to Clearview AI, Inc." in complaint
    with pytest.raises(ValueError, match=r"s\.40\(1A\)"):  # the OAIC requires it first
        letter("AU", "complaint", authority="auoaic")


def test_audit_02_oaic_decision_dates_in_australian_letters() -> None:
    """Audit point 2: determination of 14 Oct 2021 stands; appeal withdrawn August 2023 (not
    2024); no further action on 21 August 2024."""
    body = layout(letter("AU", "access"))
    assert "On 14 October 2021, the Office of the Australian Information Commissioner" in body
    assert "withdrew its appeal in August 2023" in body
    assert "on 21 August 2024 the OAIC decided to take no further action" in body
    assert "The determination stands." in body and "2024" not in body.split("appeal in")[1][:12]


def test_brazil() -> None:
    access = layout(letter("BR", "access"))
    assert "article 18 of Brazil's General Personal Data Protection Law (LGPD" in access
    assert "a complete answer within 15 days: if you receive this request on 23 November " \
        "2026, that is by 8 December 2026" in access
    assert "(article 3)" in access
    petition = letter("BR", "complaint", **COMPLAINTS["BR"])
    assert "article 18 §1" in petition.subject
    assert petition.in_recipient_language is False  # English to the ANPD: say so
    assert "please tell me if you need a translation" in layout(petition)
    assert petition.channels == ()  # its channel is not in our records


def test_japan_asserts_the_act_and_says_it_is_not_settled() -> None:
    for right in RIGHTS:
        body = layout(letter("JP", right))
        assert "(Article 171)" in body and "is not settled" in body
        assert "I assert that the Act applies" in body
        assert "Please answer without delay." in body and "(Article 39)" not in body
        assert "Under Article 39, I may bring a lawsuit two weeks after" in body
    assert "開示請求" in letter("JP", "access").subject
    assert "利用停止等請求" in letter("JP", "erasure").subject
    with pytest.raises(LetterNotSupported, match="no complaint procedure"):
        letter("JP", "complaint", authority="jpppc")


def test_the_japanese_letter_in_japanese() -> None:
    """The chat reaches these letters in another language than English: Japan's in Japanese."""
    result = letter("JP", "access", language="ja")
    body = layout(result)
    assert result.language == "ja"
    assert "個人情報の保護に関する法律（以下「法」といいます。）第33条" in body
    assert "（法第171条）" in body and "確定していない" in body
    assert "適用法令：個人情報の保護に関する法律（平成15年法律第57号）" in body
    check_golden("law_jp_access_ja.txt", body)
    follow_up = layout(letter("JP", "follow_up", language="ja", date="2026-12-23"))
    assert "督促" in follow_up and "法第39条" in follow_up


@pytest.mark.parametrize("code", ["CH", "CA", "US-CA", "AU", "BR"])
def test_other_languages_fall_back_to_english_until_translated(code: str) -> None:
    result = letter(code, "access", language="fr")
    assert result.language == "en"  # no French template for this law yet: English, said so
    copy = render_letter(letter_request(spec(code, "access", language="fr")), reading_copy=True)
    assert copy.language == "en"


def test_no_answer_reminder_waits_for_the_laws_period() -> None:
    """A reminder about a missing answer is refused before the law's period ends: 15 days in
    Brazil, 45 days in California, 45 days in Alberta (the later of PIPEDA and the province)."""
    too_early = {"BR": "2026-09-28", "US-CA": "2026-10-28", "CA-AB": "2026-10-28"}
    for code, day in too_early.items():
        with pytest.raises(ValueError, match="has not passed"):
            letter(code, "follow_up", date=day)
    assert letter("BR", "follow_up", date="2026-09-30")


@pytest.mark.parametrize("code", ["CH", "CA", "US-CA", "AU", "BR"])
def test_cli_writes_each_law_and_nothing_of_the_gdpr(code: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "letter", "--right", "access", "--jurisdiction", code,
         "--name", "Jane Doe", "--email", "jane.doe@example.org", "--id-method", "no-photo",
         "--date", LETTER_DATE, "--sent-by", "email"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    for marker in GDPR_MARKERS:
        assert marker not in result.stdout, marker


def test_letter_dates_are_written_out() -> None:
    for code, right in CASES:
        body = layout(letter(code, right))
        assert re.search(r"\d{4}-\d{2}-\d{2}", body) is None, (code, right)
        assert body.endswith("\n") and "\n\n\n" not in body
        assert all(line == line.rstrip() for line in body.splitlines())


def test_a_date_in_the_past_is_not_a_known_receipt() -> None:
    """Audit point 6 for the other laws too: a first request's receipt is an expectation."""
    body = layout(letter("CH", "access"))
    assert "if you receive this request on 23 November 2026" in body
    reminder = layout(letter("CH", "follow_up"))
    assert "(if you received it on 14 September 2026: by 14 October 2026)" in reminder
    known = layout(letter("CH", "follow_up", received="2026-09-16", receipt_known=True,
                          sent_by="post"))
    assert "which you received on 16 September 2026" in known
    assert datetime.date.fromisoformat(LETTER_DATE)


def test_swiss_letters_in_german_and_the_report_in_the_fdpics_language() -> None:
    """Switzerland in German (an official language; facts file: German, French or Italian):
    the person's own language, and the language the FDPIC's record gives for reports."""
    access = letter("CH", "access", language="de")
    body = layout(access)
    assert access.language == "de"
    assert "gestützt auf Art. 25 des Bundesgesetzes über den Datenschutz (DSG)" in body
    assert "innert 30 Tagen nach Eingang dieses Begehrens (Art. 25 Abs. 7 DSG; Art. 18 der " \
        "Datenschutzverordnung, DSV); geht es Ihnen am 23. November 2026 zu, endet die Frist " \
        "am 23. Dezember 2026" in body
    assert "ß" not in body.replace("Grüße", "")  # Swiss spelling
    assert "Freundliche Grüsse" in body
    for marker in (*GDPR_MARKERS, "DSGVO"):
        assert marker not in body, marker
    check_golden("law_ch_access_de.txt", body)
    objection = layout(letter("CH", "objection", language="de"))
    assert "Art. 30 Abs. 2 Bst. b DSG" in objection and "Art. 30 Abs. 3 DSG" in objection
    report = letter("CH", "complaint", **COMPLAINTS["CH"])  # chat in English
    assert report.language == "de" and report.in_recipient_language is True
    assert "hiermit melde ich Ihnen Clearview AI, Inc." in layout(report)
    copy = render_letter(letter_request(spec("CH", "complaint", **COMPLAINTS["CH"])),
                         reading_copy=True)
    assert copy.language == "en" and copy.reading_copy


LAW_TEMPLATES = sorted(
    str(path.relative_to(ROOT / "bot" / "templates" / "letters"))
    for path in (ROOT / "bot" / "templates" / "letters").glob("*/laws/[!_]*.txt.j2"))


def test_one_template_per_law() -> None:
    assert {p.split("/")[-1] for p in LAW_TEMPLATES if p.startswith("en/")} == {
        "ch.txt.j2", "ca.txt.j2", "us_ca.txt.j2", "au.txt.j2", "br.txt.j2", "jp.txt.j2"}


@pytest.mark.parametrize("name", LAW_TEMPLATES)
def test_law_templates_refuse_a_missing_variable(name: str) -> None:
    from jinja2 import UndefinedError

    from bot.letters.environment import get_environment

    with pytest.raises(UndefinedError):
        get_environment().get_template(name).render(name="Jane Doe")
