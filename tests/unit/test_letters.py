"""Letters: golden texts for every request type and identification method, plus the legal
points and the input-safety rules that must never regress.

Golden files live in tests/unit/golden/. After a deliberate wording change, regenerate them
with `UPDATE_GOLDEN=1 pytest tests/unit/test_letters.py` and review the diff like code.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError

from bot.deadlines import due_date
from bot.identification import IdMethod
from bot.jurisdictions import Place, get_jurisdiction, jurisdiction_for
from bot.letters import Letter, LetterNotSupported, LetterRequest, render_letter
from bot.letters.environment import get_environment
from bot.letters.render import template_name
from bot.letters.sanitize import clean_name
from bot.outputs.text import layout
from bot.registry import get_controller
from bot.rights import INITIAL_REQUEST_TYPES, RequestType

GOLDEN_DIR = Path(__file__).parent / "golden"
LETTER_DATE = datetime.date(2026, 11, 23)
LINKS = ("https://example.org/team/jane-doe", "http://news.example/2024/story?id=7")

# Every article cited in a letter, each one present in the project's facts file
# (shared/facts/clearview-and-gdpr.md). A new citation must be added there first.
ALLOWED_ARTICLES = {
    "5", "6", "9", "9(1)", "11(2)", "12", "12(3)", "12(4)", "12(5)", "12(6)", "15", "15(3)",
    "17", "18(1)(d)", "21(1)", "27", "31", "77",
    # Erasure grounds and recipients (facts file, "GDPR provisions": Art. 17(1)(c), (d), 19);
    # the UK's answer period since 5 February 2026 (facts file, "United Kingdom since 2026").
    "17(1)(c)", "17(1)(d)", "19", "12A",
    # The points of Art. 15(1) and 15(2), cited from the GDPR's own text (Regulation (EU)
    # 2016/679); the foundation issue requires the access letter to cover each of them.
    "15(1)(a)", "15(1)(b)", "15(1)(c)", "15(1)(d)", "15(1)(e)", "15(1)(f)", "15(1)(g)",
    "15(1)(h)", "15(2)",
}
ALLOWED_EDPB_PARAGRAPHS = {"22", "65", "70-71", "74", "79", "185"}


def make_request(
    request_type: RequestType = RequestType.ACCESS,
    id_method: IdMethod = IdMethod.NO_PHOTO,
    country: str = "FR",
    **changes: object,
) -> LetterRequest:
    """A realistic request from a resident of `country`, with the computed deadline."""
    jurisdiction = jurisdiction_for(Place(country))
    fields: dict[str, object] = {
        "request_type": request_type,
        "jurisdiction": jurisdiction,
        "controller": get_controller("clearview-ai"),
        "name": "Jane Doe",
        "email": "jane.doe@example.org",
        "id_method": id_method,
        "country": country,
        "date": LETTER_DATE,
        "public_links": LINKS if id_method is IdMethod.PUBLIC_LINKS else (),
        "deadline": due_date(LETTER_DATE, jurisdiction.code, country),
    }
    fields.update(changes)
    return LetterRequest(**fields)  # type: ignore[arg-type]


def check_golden(name: str, text: str) -> None:
    """Compare `text` with golden/<name>; write it instead when UPDATE_GOLDEN=1."""
    path = GOLDEN_DIR / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"missing golden file {path}; run with UPDATE_GOLDEN=1 and review it")
    assert text == path.read_text(encoding="utf-8"), f"letter differs from {path}"


GOLDEN_CASES = [("FR", rt, im) for rt in INITIAL_REQUEST_TYPES for im in IdMethod] + [
    ("GB", RequestType.ACCESS, im) for im in IdMethod
]


@pytest.mark.parametrize(("country", "request_type", "id_method"), GOLDEN_CASES)
def test_golden_letters(country: str, request_type: RequestType, id_method: IdMethod) -> None:
    letter = render_letter(make_request(request_type, id_method, country))
    region = "uk" if country == "GB" else "eu"
    check_golden(f"{region}_{request_type.value}_{id_method.value}.txt", layout(letter))


def test_golden_erasure_without_optional_blocks() -> None:
    req = make_request(RequestType.ERASURE, include_objection=False, include_restriction=False)
    check_golden("eu_erasure_no_photo_plain.txt", layout(render_letter(req)))


# --- access ----------------------------------------------------------------------------------


def test_access_letter_covers_every_point_of_article_15() -> None:
    body = layout(render_letter(make_request(RequestType.ACCESS)))
    points = [
        ("1. Purposes", "15(1)(a)"), ("2. Categories", "15(1)(b)"), ("3. Recipients", "15(1)(c)"),
        ("4. Retention", "15(1)(d)"), ("5. My rights", "15(1)(e)"), ("6. Complaint", "15(1)(f)"),
        ("7. Sources", "15(1)(g)"), ("8. Automated decision-making", "15(1)(h)"),
        ("9. Transfers", "15(2)"),
    ]
    for point, article in points:
        assert f"\n{point} (Article {article} GDPR): " in body, point
    assert "under Article 15 GDPR" in body
    for cited in ("Article 15(3) GDPR", "Article 12(3) GDPR", "Article 12(5) GDPR",
                  "Article 9(1) GDPR", "Article 77 GDPR"):
        assert cited in body, cited
    assert "biometric template" in body and "face vector" in body
    assert "law-enforcement authority or other client" in body
    assert "the address (URL) of the page where it was collected" in body


def test_access_letter_rejects_clearviews_limits_with_sources() -> None:
    body = layout(render_letter(make_request(RequestType.ACCESS)))
    assert "I note that the CNIL found" in body
    assert "SAN-2022-019" in body
    assert "twelve months" in body and "two a year" in body
    assert "one request a year is never excessive" in body
    assert "paragraph 185" in body


def test_recipient_block_and_subject() -> None:
    letter = render_letter(make_request(RequestType.ACCESS))
    assert isinstance(letter, Letter)
    assert letter.subject == "Request for access to my personal data under Article 15 GDPR"
    assert letter.recipient_name == "Clearview AI, Inc."
    assert letter.recipient_email == "legal-requests@clearview.ai"
    assert letter.recipient_address_lines[0].startswith("418 Broadway")
    lines = layout(letter).splitlines()
    assert lines[0] == "Clearview AI, Inc."
    assert "418 Broadway" in layout(letter) and "legal-requests@clearview.ai" in layout(letter)
    assert "23 November 2026" in lines
    assert f"Subject: {letter.subject}" in lines
    assert "Applicable law: Regulation (EU) 2016/679 (General Data Protection Regulation)" in lines
    assert letter.request_type is RequestType.ACCESS and letter.language == "en"


def test_deadline_in_plain_words() -> None:
    received = datetime.date(2027, 3, 5)  # EDPB Guidelines 01/2022 §160: 5 March -> 5 April
    req = make_request(date=received, deadline=due_date(received, "EU", "FR"))
    body = layout(render_letter(req))
    # A first request is not received yet: the due date is conditional on its receipt.
    assert "if you receive it on 5 March 2027, that is by 5 April 2027 at the latest" in body


def test_without_deadline_the_one_month_rule_still_stands() -> None:
    body = layout(render_letter(make_request(deadline=None)))
    assert "at the latest within one month of receipt" in body
    assert "if you receive it on" not in body


# --- objection and erasure --------------------------------------------------------------------


@pytest.mark.parametrize("id_method", list(IdMethod))
def test_objection_uses_21_1_never_21_2(id_method: IdMethod) -> None:
    letter = render_letter(make_request(RequestType.OBJECTION, id_method))
    assert "Article 21(1) GDPR" in letter.subject
    assert "I object, under Article 21(1) GDPR" in layout(letter)
    assert "compelling legitimate grounds" in layout(letter)
    assert "Article 18(1)(d) GDPR" in layout(letter)
    assert "21(2)" not in layout(letter)


def test_erasure_grounds_and_authorities() -> None:
    body = layout(render_letter(make_request(RequestType.ERASURE)))
    assert "under Article 17 GDPR" in body
    for decision in ("SAN-2022-019", "order no. 50", "decision 35/2022",
                     "Autoriteit Persoonsgegevens"):
        assert decision in body, decision
    assert "Article 21(1) GDPR" in body and "Article 18(1)(d) GDPR" in body
    # Art. 17(1)(d): unlawfully processed; (c): after the objection; Art. 19: the recipients.
    assert "have been unlawfully processed (Article 17(1)(d) GDPR)" in body
    assert "on this ground as well (Article 17(1)(c) GDPR)" in body
    assert "tell me who those recipients are (Article 19 GDPR)" in body
    assert "21(2)" not in body


def test_erasure_optional_blocks() -> None:
    without_objection = render_letter(make_request(RequestType.ERASURE, include_objection=False))
    assert "21(1)" not in layout(without_objection)
    # Art. 18(1)(d) presupposes an objection, so it goes with it.
    assert "18(1)(d)" not in layout(without_objection)
    without_restriction = render_letter(
        make_request(RequestType.ERASURE, include_restriction=False)
    )
    assert "21(1)" in layout(without_restriction)
    assert "18(1)(d)" not in layout(without_restriction)


# --- UK -------------------------------------------------------------------------------------


@pytest.mark.parametrize("request_type", list(INITIAL_REQUEST_TYPES))
def test_uk_letters_cite_uk_gdpr_only(request_type: RequestType) -> None:
    letter = render_letter(make_request(request_type, country="GB"))
    assert "UK GDPR" in letter.subject
    assert "Article 12A UK GDPR" in layout(letter)  # received after 5 February 2026
    assert "Regulation (EU) 2016/679" not in layout(letter)
    assert "I live in the United Kingdom." in layout(letter)
    assert re.search(r"Articles? [\d(), and]+ GDPR", layout(letter).replace("UK GDPR", "")) is None


def test_uk_erasure_mentions_the_ico_decision() -> None:
    body = layout(render_letter(make_request(RequestType.ERASURE, country="GB")))
    assert "Information Commissioner" in body and "[2025] UKUT 319 (AAC)" in body
    assert "of the EU GDPR" in body  # other authorities applied the EU law, said so plainly


# --- citations stay inside the facts file -----------------------------------------------------


@pytest.mark.parametrize(("country", "request_type", "id_method"), GOLDEN_CASES)
def test_every_citation_is_in_the_facts_file(
    country: str, request_type: RequestType, id_method: IdMethod
) -> None:
    body = layout(render_letter(make_request(request_type, id_method, country)))
    cited: set[str] = set()
    for group in re.findall(r"Articles? ((?:\d+[A-Z]?(?:\(\w+\))*(?:, | and )?)+)", body):
        cited.update(re.findall(r"\d+[A-Z]?(?:\(\w+\))*", group))
    assert cited and cited <= ALLOWED_ARTICLES, cited - ALLOWED_ARTICLES
    paragraphs: set[str] = set()
    for group in re.findall(r"paragraphs? ([\d\- and]+\d)", body):
        paragraphs.update(re.findall(r"\d+(?:-\d+)?", group))
    assert paragraphs <= ALLOWED_EDPB_PARAGRAPHS, paragraphs - ALLOWED_EDPB_PARAGRAPHS


# --- identification ---------------------------------------------------------------------------


def test_identification_paragraphs_differ_by_method() -> None:
    no_photo = layout(render_letter(make_request(id_method=IdMethod.NO_PHOTO)))
    links = layout(render_letter(make_request(id_method=IdMethod.PUBLIC_LINKS)))
    photo = layout(render_letter(make_request(id_method=IdMethod.PHOTO_SEARCH_ONLY)))
    for body in (no_photo, links, photo):
        assert "Article 12(6) GDPR" in body and "Article 11(2) GDPR" in body
        assert "paragraphs 65 and 70-71" in body and "paragraph 74" in body
    assert "I am not sending a photograph" in no_photo and "attach" not in no_photo
    for link in LINKS:
        assert f"\n- {link}\n" in links
    assert "solely to search your database" in links
    assert "I attach one photograph" in photo
    assert "do not add it to your database or index" in photo
    assert "paragraph 79" in photo and "confirm that deletion" in photo


def test_public_links_needs_a_link() -> None:
    with pytest.raises(ValueError, match="at least one link"):
        render_letter(make_request(id_method=IdMethod.PUBLIC_LINKS, public_links=()))


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "ftp://example.org/me.jpg",
        "file:///etc/passwd",
        "example.org/me",
        "https://",
        "https://user:secret@example.org/",
        "https://example.org/a b",
        "data:text/html,<b>hi</b>",
    ],
)
def test_non_http_or_tricky_links_are_rejected(link: str) -> None:
    with pytest.raises(ValueError):
        render_letter(make_request(id_method=IdMethod.PUBLIC_LINKS, public_links=(LINKS[0], link)))


def test_links_are_cleaned_and_deduplicated() -> None:
    req = make_request(
        id_method=IdMethod.PUBLIC_LINKS,
        public_links=(" https://example.org/me\r\n", "https://example.org/me", "HTTPS://b.example/"),
    )
    body = layout(render_letter(req))
    assert body.count("- https://example.org/me\n") == 1
    assert "\n- HTTPS://b.example/\n" in body


# --- user input cannot break the letter ------------------------------------------------------


def test_hostile_name_renders_on_one_line() -> None:
    name = 'Zoë "Zo" O\'Brien\r\nBcc: evil@example.com\u2028😀\u202e{{ 7*7 }}\t{% if x %}'
    letter = render_letter(make_request(name=name))
    expected = 'Zoë "Zo" O\'Brien Bcc: evil@example.com 😀{{ 7*7 }} {% if x %}'
    lines = layout(letter).splitlines()
    assert expected in lines  # the signature line, intact
    assert f"My name is {expected} and I live in France." in layout(letter)
    text = layout(letter)
    assert "\r" not in text and "\u2028" not in text and "\u202e" not in text
    assert "49" not in layout(letter)
    baseline = layout(render_letter(make_request())).splitlines()
    assert len(lines) == len(baseline)


@pytest.mark.parametrize("name", ["<b>Claire</b> Martin", "Claire <script>x</script>", "Claire >"])
def test_a_name_with_markup_is_refused_not_stripped(name: str) -> None:
    """Signing "<b>Claire</b>" would print the tags; removing them would sign a name the
    person did not type. The form asks again instead (bot.answers.parse_name)."""
    with pytest.raises(ValueError, match="markup"):
        clean_name(name)
    with pytest.raises(ValueError):
        render_letter(make_request(name=name))


def test_emoji_sequences_keep_their_joiners() -> None:
    family = "\U0001F469\u200d\U0001F469\u200d\U0001F467"
    assert clean_name(f"Ana {family}") == f"Ana {family}"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_name_is_one_line_or_refused(raw: str) -> None:
    try:
        name = clean_name(raw)
    except ValueError as exc:
        assert "empty" in str(exc) or ("markup" in str(exc) and ("<" in raw or ">" in raw))
        return
    assert name and len(name) <= 120
    assert name == name.strip() and "  " not in name
    assert not any(ch in name for ch in "\r\n\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00")
    body = layout(render_letter(make_request(name=raw)))
    assert name in body.splitlines()


@pytest.mark.parametrize(
    "email", ["", "not-an-address", "a@b", "jane@example.org, boss@example.org",
              "Jane <jane@example.org>", "jane@exa mple.org", "a@b@example.org"],
)
def test_bad_email_is_rejected(email: str) -> None:
    with pytest.raises(ValueError):
        render_letter(make_request(email=email))


def test_email_with_line_break_is_cleaned_not_injected() -> None:
    with pytest.raises(ValueError):
        render_letter(make_request(email="jane@example.org\r\nBcc: evil@example.com"))
    letter = render_letter(make_request(email="  jane@example.org\n"))
    assert "E-mail for your reply: jane@example.org" in layout(letter).splitlines()


# --- support and environment ------------------------------------------------------------------


@pytest.mark.parametrize("code", ["OTHER", "US-IL"])
def test_no_letter_where_the_gdpr_does_not_apply(code: str) -> None:
    with pytest.raises(LetterNotSupported, match=code):
        render_letter(make_request(jurisdiction=get_jurisdiction(code)))
    assert issubclass(LetterNotSupported, ValueError)


TEMPLATE_ROOT = Path(__file__).resolve().parents[2] / "bot" / "templates" / "letters"
LETTER_TEMPLATES = sorted(
    str(path.relative_to(TEMPLATE_ROOT)) for path in TEMPLATE_ROOT.glob("*/[!_]*.txt.j2")
)


def test_every_language_has_every_request_type() -> None:
    assert len(LETTER_TEMPLATES) == 7 * len(RequestType)


@pytest.mark.parametrize("name", LETTER_TEMPLATES)
def test_strict_undefined_raises_on_a_missing_variable(name: str) -> None:
    template = get_environment().get_template(name)
    with pytest.raises(UndefinedError):
        template.render()
    with pytest.raises(UndefinedError):
        template.render(name="Jane Doe")


def test_environment_and_templates_are_built_once() -> None:
    env = get_environment()
    assert env is get_environment()
    assert env.autoescape is False and env.keep_trailing_newline
    name = template_name("en", RequestType.ERASURE)
    assert env.get_template(name) is env.get_template(name)


def test_unknown_language_falls_back_to_english() -> None:
    letter = render_letter(make_request(language="pt-BR"))
    assert letter.language == "en"
    with pytest.raises(ValueError):
        render_letter(make_request(language="../../etc"))


def test_letter_request_is_frozen() -> None:
    req = make_request()
    with pytest.raises(dataclasses.FrozenInstanceError):
        req.name = "Someone Else"  # type: ignore[misc]


def test_body_is_tidy_plain_text() -> None:
    for request_type in INITIAL_REQUEST_TYPES:
        body = layout(render_letter(make_request(request_type)))
        assert body.endswith("\n") and not body.endswith("\n\n")
        assert "\n\n\n" not in body
        assert all(line == line.rstrip() for line in body.splitlines())
        assert body.splitlines()[-2:] == ["Jane Doe", "E-mail for your reply: jane.doe@example.org"]
