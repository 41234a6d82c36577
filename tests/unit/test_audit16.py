"""The letter side of issue 16's audit: one test (or a few) per audit point, each failing on the
code the issue started from (commit eb2d0b5) and passing now. Every expectation is a line of
../shared/facts/clearview-and-gdpr.md; the test names carry the audit point's number.

New interfaces are imported inside the tests, so on the old code each test fails on its own
instead of the whole module failing to import.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from typing import Any

import pytest

from bot.deadlines import due_date
from bot.identification import IdMethod
from bot.jurisdictions import Place, jurisdiction_for, resolve_place
from bot.letters import render_letter
from bot.letters.spec import letter_request
from bot.outputs.text import layout
from bot.registry import complaint_authorities, get_authority, get_controller
from bot.rights import INITIAL_REQUEST_TYPES, Problem, RequestType
from tests.unit.test_followups import make_request as escalation
from tests.unit.test_letters import make_request

LANGUAGES = ("en", "fr", "de", "nl", "ja", "it", "es")
# 16 May 2024 as each language writes it.
AP_DECIDED = {"en": "16 May 2024", "fr": "16 mai 2024", "de": "16. Mai 2024",
              "nl": "16 mei 2024", "ja": "2024年5月16日", "it": "16 maggio 2024",
              "es": "16 de mayo de 2024"}


def spec(**changes: Any) -> dict:
    base = {"request_type": "access", "country": "FR", "name": "Jane Doe",
            "email": "jane.doe@example.org", "id_method": "no_photo", "date": "2026-11-23"}
    return {**base, **changes}


def escalation_spec(request_type: str = "complaint", **changes: Any) -> dict:
    return spec(request_type=request_type, original_request="access",
                original_sent="2026-09-14", problems=["no_answer"], **changes)


# --- 1. Dutch AP: decided 16 May 2024, published 3 September 2024 ---------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_audit_01_dutch_ap_decision_date_in_every_template(language: str) -> None:
    erasure = layout(render_letter(make_request(RequestType.ERASURE, language=language)))
    complaint = layout(render_letter(escalation(language=language), reading_copy=True))
    for body in (erasure, complaint):
        assert AP_DECIDED[language] in body, language


def test_audit_01_dutch_ap_decision_date_in_tracking_sources() -> None:
    from bot.cases.policy import next_step
    from tests.unit.test_cases_next_step import DUE, followed_up

    step = next_step(followed_up(DUE + datetime.timedelta(days=2)),
                     DUE + datetime.timedelta(days=30))
    assert "Autoriteit Persoonsgegevens 2024-05-16" in step.basis
    assert not any("2024-09-03" in b for b in step.basis)


# --- 2. Australia: appeal withdrawn August 2023; no further action 21 Aug 2024 ---------------


def test_audit_02_oaic_appeal_withdrawn_in_august_2023() -> None:
    from bot.decisions import fact_values

    values = fact_values("en")
    assert values["oaic_2024_appeal_withdrawn"] == "August 2023"  # not "2023-08", not 2024
    assert values["oaic_2024_date"] == "21 August 2024"
    assert values["oaic_2021_date"] == "14 October 2021"
    assert fact_values("fr")["oaic_2024_appeal_withdrawn"] == "août 2023"
    from bot.guidance import law_guidance

    note = law_guidance(Place("AU"), datetime.date(2026, 11, 23)).law.note(
        "oaic_determination_stands")
    assert note is not None
    assert "withdrew its appeal in August 2023" in note.text
    assert "21 August 2024" in note.text and "stands" in note.text


# --- 3. The UK since 5 February 2026 and 19 June 2026 -----------------------------------------


def test_audit_03_uk_art_12a_depends_on_the_receipt_date() -> None:
    assert due_date(datetime.date(2026, 2, 4), "UK", "GB").rule == "uk-ico"
    new = due_date(datetime.date(2026, 2, 5), "UK", "GB")
    assert new.rule == "uk-12a" and "Art. 12A" in new.basis and "Art. 4A" in new.basis
    after = render_letter(make_request(country="GB"))  # received 23 November 2026
    assert "Article 12A UK GDPR" in layout(after)
    before = datetime.date(2026, 1, 12)
    old = render_letter(make_request(country="GB", date=before,
                                     deadline=due_date(before, "UK", "GB")))
    assert "Article 12(3) UK GDPR" in layout(old) and "12A" not in layout(old)


def test_audit_03_uk_reminder_is_the_s164a_complaint_from_19_june_2026() -> None:
    body = layout(render_letter(escalation(RequestType.FOLLOW_UP, country="GB")))
    assert "under section 164A of the Data Protection Act 2018" in body
    assert "acknowledge this complaint within 30 days" in body
    assert "only" not in body.split("Article 12A UK GDPR,")[1].split("\n")[0]  # the pause
    assert "(Article 12A(5) UK GDPR)" in body  # access: the pause for clarification only
    june = escalation(RequestType.FOLLOW_UP, country="GB", date=datetime.date(2026, 6, 18),
                      original_sent=datetime.date(2026, 5, 1),
                      deadline=due_date(datetime.date(2026, 5, 1), "UK", "GB"))
    assert "164A" not in layout(render_letter(june))  # before 19 June 2026: a reminder


def test_audit_03_ico_complaint_cites_s165_s166_and_the_complaint_to_clearview() -> None:
    req = escalation(country="GB", controller_complaint_sent=datetime.date(2026, 11, 1))
    letter = render_letter(req)
    body = layout(letter)
    assert "section 165 of the Data Protection Act 2018" in letter.subject
    assert "Article 77" not in body and "78(2)" not in body
    assert ("On 1 November 2026, I complained to Clearview AI, Inc. about this under section "
            "164A of the Data Protection Act 2018, before writing to you.") in body
    assert "section 166 of the Data Protection Act 2018" in body
    assert "First-tier Tribunal" in body
    assert letter.recipient_name == "The Information Commissioner’s Office – ICO"
    assert jurisdiction_for(Place("GB")).regulator == "ICO"


def test_audit_03_eu_reminder_quotes_edpb_159_without_only() -> None:
    body = layout(render_letter(escalation(RequestType.FOLLOW_UP)))
    assert "could be suspended while you waited" in body
    assert "or while you asked me to specify a very broad request (paragraph 159" in body
    assert "suspended only" not in body


# --- 4. Complaints in a language the authority takes ------------------------------------------


def _complaint(country: str, slug: str, language: str) -> Any:
    req = escalation(language=language)
    return render_letter(dataclasses.replace(
        req, country=country, authority=get_authority(slug),
        deadline=dataclasses.replace(due_date(req.deadline.received, "EU", country),
                                     receipt=req.deadline.receipt, sent=req.deadline.sent)))


def test_audit_04_belgium_by_the_persons_choice_and_never_japanese() -> None:
    assert _complaint("BE", "beapd", "nl").language == "nl"
    assert _complaint("BE", "beapd", "de").language == "de"
    japanese = _complaint("BE", "beapd", "ja")  # possible on the old code
    assert japanese.language == "fr" and japanese.in_recipient_language is True


def test_audit_04_luxembourg_french_or_german() -> None:
    assert _complaint("LU", "lucnpd", "de").language == "de"
    assert _complaint("LU", "lucnpd", "en").language == "fr"


def test_audit_04_no_template_in_its_language_english_with_a_note() -> None:
    romania = _complaint("RO", "roanspdcp", "ja")
    assert romania.language == "en" and romania.in_recipient_language is False
    assert "I am writing in English; please tell me if you need a translation." in \
        layout(romania)
    cnil = _complaint("FR", "frcnil", "ja")
    assert cnil.language == "fr" and "translation" not in layout(cnil)


# --- 5. What the chat needs to give each person their own law ---------------------------------


def test_audit_05_guidance_gives_each_place_its_own_law() -> None:
    from bot.guidance import law_guidance

    day = datetime.date(2026, 11, 23)
    swiss = law_guidance(Place("CH"), day)
    assert swiss.period is not None and (swiss.period.length, swiss.period.unit) == (30, "days")
    assert "GDPR" not in swiss.period.basis and swiss.authorities[0].slug == "chedoeb"
    uk = law_guidance(Place("GB"), day)
    assert uk.period.provision == "Art. 12A UK GDPR"
    assert uk.complaint.provision == "s.165 DPA 2018"
    assert uk.complaint.remedy.provision == "s.166 DPA 2018"
    assert uk.complaint.prerequisites[0].provision == "s.164A DPA 2018"
    assert uk.complaint.prerequisites[0].required_by_law is False  # the ICO expects it
    australia = law_guidance(Place("AU"), day)
    assert australia.complaint.prerequisites[0].provision == "Privacy Act 1988 s.40(1A)"
    assert australia.complaint.prerequisites[0].required_by_law is True
    germany = law_guidance(Place("DE"), day)
    assert len(germany.authorities) >= 16  # the chat asks for the Land
    assert law_guidance(Place("JP"), day).complaint is None  # no procedure in our sources
    assert "without delay" in law_guidance(Place("JP"), day).answer
    illinois = law_guidance(Place("US", "US-IL"), day)
    assert illinois.letters == () and "opt-out" in illinois.right("access").reason


# --- 6. Receipt is not today ------------------------------------------------------------------


def test_audit_06_a_first_request_is_received_if_at_all_later() -> None:
    letter = render_letter(letter_request(spec(sent_by="email")))
    assert "if you receive it on 23 November 2026, that is by 23 December 2026" in \
        layout(letter)
    assert "counting from receipt on" not in layout(letter)
    from bot.deadlines import deadline_for

    emailed = deadline_for(Place("FR"), sent=datetime.date(2026, 11, 23), sent_by="email")
    assert (emailed.received, emailed.receipt) == (datetime.date(2026, 11, 23), "same_day")
    posted = deadline_for(Place("FR"), sent=datetime.date(2026, 11, 23), sent_by="post",
                          received=datetime.date(2026, 11, 26))
    assert (posted.received, posted.receipt) == (datetime.date(2026, 11, 26), "estimated")
    assert deadline_for(Place("FR"), sent=datetime.date(2026, 11, 23), sent_by="post") is None


def test_audit_06_a_reminder_states_receipt_only_when_the_person_gave_it() -> None:
    assumed = layout(render_letter(letter_request(escalation_spec("follow_up", sent_by="email"))))
    assert "which you received" not in assumed
    assert "(if you received it on 14 September 2026: by 14 October 2026 at the latest)" in \
        assumed
    known = layout(render_letter(letter_request(escalation_spec(
        "follow_up", sent_by="post", received="2026-09-17", receipt_known=True))))
    assert "which you received on 17 September 2026" in known


def test_audit_06_tracking_uses_the_same_rule(tmp_path: Any) -> None:
    from bot.cases import CaseStore
    from bot.cases.policy import describe, law_of

    store = CaseStore.from_url(f"sqlite:///{tmp_path / 'c.db'}", secret=b"s" * 20)
    try:
        case = store.open_case(owner="x", request_type="access", controller="clearview-ai",
                               place="FR", letter_language="en", chat_language="en",
                               channel="rest", sent=datetime.date(2026, 11, 23),
                               sent_by="post", received=datetime.date(2026, 11, 26))
        assert (case.received, case.receipt) == (datetime.date(2026, 11, 26), "estimated")
        assert case.due == datetime.date(2026, 12, 28)  # 26 December 2026 is a Saturday
        step = store.next_step(case, datetime.date(2026, 12, 1))
        text = describe(step, law_of(case), "en")
        assert "This counts from receipt on 26 November 2026, the day you expected" in text
    finally:
        store.close()


# --- 7. Do not assert what nobody said ----------------------------------------------------------


def test_audit_07_no_extension_only_when_the_person_said_so() -> None:
    silent = layout(render_letter(escalation()))
    assert "extension" not in silent
    said = layout(render_letter(escalation(details={"no_extension"})))
    assert "and it did not tell me of any extension of it" in said


def test_audit_07_no_eu_representative_is_dated_and_sourced() -> None:
    body = layout(render_letter(escalation()))
    assert ("on 10 May 2023, the Austrian Data Protection Authority found that it had not "
            "appointed a representative in the Union, as Article 27 GDPR requires") in body
    assert "and has not appointed a representative" not in body


# --- 8. EU territories --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Guadeloupe", "French Guiana", "Martinique", "Réunion",
                                  "Mayotte", "Saint-Martin", "Azores", "Madeira",
                                  "Canary Islands", "Åland"])
def test_audit_08_outermost_regions_and_aland_are_gdpr_places(text: str) -> None:
    place = resolve_place(text)
    assert place is not None and jurisdiction_for(place).code == "EU", text


def test_audit_08_their_authorities_and_northern_cyprus() -> None:
    for code in ("GP", "GF", "MQ", "RE", "YT", "MF"):
        assert [a.slug for a in complaint_authorities(code)] == ["frcnil"], code
    assert [a.slug for a in complaint_authorities("PT-20")] == ["ptcnpd"]  # the Azores
    assert [a.slug for a in complaint_authorities("ES-CN")] == ["esaepa"]  # the Canaries
    north = resolve_place("Northern Cyprus")
    assert north is not None and jurisdiction_for(north).code == "OTHER"
    assert jurisdiction_for(resolve_place("Cyprus")).code == "EU"


# --- 9. Citations ---------------------------------------------------------------------------------


def test_audit_09_erasure_cites_17_1_c_and_d_and_19() -> None:
    body = layout(render_letter(make_request(RequestType.ERASURE)))
    assert "(Article 17(1)(d) GDPR)" in body and "(Article 17(1)(c) GDPR)" in body
    assert "tell me who those recipients are (Article 19 GDPR)" in body


def test_audit_09_art_12_4_names_the_judicial_remedy() -> None:
    for request_type in INITIAL_REQUEST_TYPES:
        body = layout(render_letter(make_request(request_type)))
        assert ("my right to lodge a complaint with a supervisory authority and to seek a "
                "judicial remedy (Articles 12(4) and 77 GDPR)") in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_audit_09_no_art_11_2_in_objection_letters(language: str) -> None:
    body = layout(render_letter(make_request(RequestType.OBJECTION, language=language)))
    assert not re.search(r"11\(2\)|11, (?:paragraphe|paragrafo|apartado|lid) 2|"
                         r"11 Abs\. 2|第11条第2項", body), language
    access = layout(render_letter(make_request(RequestType.ACCESS, language=language)))
    assert re.search(r"11\(2\)|11, (?:paragraphe|paragrafo|apartado|lid) 2|11 Abs\. 2|"
                     r"第11条第2項", access), language
    objection_reminder = layout(render_letter(escalation(
        RequestType.FOLLOW_UP, problems={Problem.NO_ANSWER, Problem.ID_DOCUMENT_DEMANDED,
                                         Problem.PHOTO_DEMANDED},
        original_request=RequestType.OBJECTION, language=language)))
    assert "11(2)" not in objection_reminder and "11 Abs. 2" not in objection_reminder


def test_audit_09_edpb_numbers_of_version_2_1_only() -> None:
    """v1.0 numbers differ: 72->73, 73->74, 75->76, 78->79, 136->138, 140->142."""
    bodies = [layout(render_letter(make_request(t, i))) for t in INITIAL_REQUEST_TYPES
              for i in IdMethod]
    # every situation that can follow an access request (erasure_incomplete follows erasure)
    access_situations = frozenset(Problem) - {Problem.ERASURE_INCOMPLETE}
    bodies.append(layout(render_letter(escalation(problems=access_situations))))
    reminder = layout(render_letter(escalation(
        RequestType.FOLLOW_UP, problems=access_situations - {Problem.PARTIAL_ANSWER})))
    bodies.append(reminder)
    for body in bodies:
        cited = set(re.findall(r"paragraphs? (\d+)", body))
        assert not cited & {"72", "75", "78", "136", "140"}, cited
        assert {"73", "74"} <= cited or "paragraph 159" not in body
    # §159: the clock may pause for identification and for a very broad request, never "only"
    assert "paragraph 159" in reminder and "suspended only" not in reminder


# --- 10. Facts: images not faces, the ICO fine not final, the later decisions, contacts -----------


def test_audit_10_size_in_images_with_year_and_source() -> None:
    from bot.decisions import fact_values

    values = fact_values("en")
    assert values["clearview_size_billions"] == "60"
    assert values["clearview_size_qualifier"] == "up to"
    assert (values["clearview_size_year"], values["clearview_size_kind"]) == (
        "2025", "press report")


def test_audit_10_the_ico_fine_is_not_final_in_uk_letters() -> None:
    for body in (layout(render_letter(make_request(RequestType.ERASURE, country="GB"))),
                 layout(render_letter(escalation(country="GB")))):
        assert "remitted the case on 6 October 2025 ([2025] UKUT 319 (AAC)), so the fine is " \
            "not final" in body


def test_audit_10_enforcement_data_has_the_2025_decisions() -> None:
    from bot.decisions import decisions

    found = decisions()
    assert found["us_settlement_2025"].date == datetime.date(2025, 3, 20)
    assert found["us_settlement_2025"].number == "1:21-cv-00135"
    assert found["bvwg_2025"].number == "W108 2274731-1/11E"
    assert found["ico_2022"].remitted == datetime.date(2025, 10, 6)


def test_audit_10_clearview_contacts_are_dated_and_sourced() -> None:
    clearview = get_controller("clearview-ai")
    current = [c for c in clearview.contacts if c.status == "current"]
    assert [c.value for c in current] == [
        "legal-requests@clearview.ai", "418 Broadway STE N, Albany, NY 12207, USA"]
    assert all(c.checked and c.source for c in current)
    assert "registered-agent" in current[1].note
    ap = next(c for c in clearview.contacts if "99 Wall Street" in c.value)
    assert ap.status == "other" and ap.checked == datetime.date(2024, 5, 16)
    assert "avgtekst" in ap.source
    unverified = {c.value for c in clearview.contacts if c.status == "do_not_use"}
    assert unverified == {"privacy@clearview.ai", "600 Fifth Ave"}


# --- 11. Complaint channels as data; never "-" ---------------------------------------------------


def test_audit_11_channels_of_the_authorities() -> None:
    for slug in ("frcnil", "gbico", "esaepa"):
        authority = get_authority(slug)
        assert [c.kind for c in authority.channels] == ["webform"], slug
        assert authority.channels[0].target == authority.webform and authority.channels_sourced
    assert [c.kind for c in get_authority("nlap").channels] == ["webform", "post"]
    garante = get_authority("itgpdp")
    assert [(c.kind, c.target) for c in garante.channels] == [
        ("pec", "protocollo@pec.gpdp.it"), ("email", "protocollo@gpdp.it")]
    assert garante.email == "protocollo@gpdp.it" and garante.signed


def test_audit_11_a_complaint_letter_carries_its_channels_and_no_dash() -> None:
    garante = _complaint("IT", "itgpdp", "it")
    assert garante.recipient_email == "protocollo@gpdp.it"  # ordinary e-mail, not the PEC
    assert garante.signed and garante.signature[0].startswith("Firma:")
    assert [c.kind for c in garante.channels] == ["pec", "email"]
    cnil = _complaint("FR", "frcnil", "fr")
    assert cnil.recipient_email is None and [c.kind for c in cnil.channels] == ["webform"]
    for letter in (garante, cnil):
        text = layout(letter)
        assert "\n-\n" not in text and "(-)" not in text and " - \n" not in text
        assert all(c.target or c.kind == "post" for c in letter.channels)
