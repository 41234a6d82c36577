"""A follow-up or a complaint built from a case: the request date, how it was sent, each reply
and what was wrong with it, the extension and the reminder come from the case; the name and
the e-mail address (which the case never holds) from the person."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cases import CaseStatus, CaseStore, escalation_fields
from bot.letters import render_letter
from bot.letters.spec import letter_request
from bot.outputs.text import layout

UTC = datetime.timezone.utc
SENT = datetime.date(2026, 9, 14)
TODAY = datetime.date(2026, 11, 23)
PERSON = {"name": "Jane Doe", "email": "jane@example.org", "id_method": "no_photo",
          "date": TODAY.isoformat()}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    clock = lambda: datetime.datetime(2026, 11, 23, 9, tzinfo=UTC)  # noqa: E731
    s = CaseStore.from_url(f"sqlite:///{tmp_path / 'c.db'}", secret=b"s" * 24, clock=clock)
    yield s
    s.close()


def a_case(store: CaseStore) -> str:
    case = store.open_case(owner="x", request_type="access", controller="clearview-ai",
                           place="FR", letter_language="fr", chat_language="fr",
                           channel="rest", authority="frcnil")
    store.record_sent(case.reference, SENT, sent_by="email")
    store.record_problem(case.reference, ["photo_or_id_demanded"],
                         reply_date=datetime.date(2026, 10, 2))
    store.record_extension(case.reference, notice=datetime.date(2026, 10, 20),
                           reasons_given=False)
    store.record_problem(case.reference, ["no_answer"])
    store.set_status(case.reference, CaseStatus.FOLLOWED_UP)
    return case.reference


def test_a_complaint_carries_the_case_facts(store: CaseStore) -> None:
    case = store.get(a_case(store))
    fields = escalation_fields(case, "complaint")
    assert fields == {
        "request_type": "complaint", "country": "FR", "controller": "clearview-ai",
        "language": "fr", "original_request": "access", "original_sent": "2026-09-14",
        "problems": ["id_document_demanded", "photo_demanded", "extension", "no_answer"],
        "authority": "frcnil", "extension_notice_date": "2026-10-20",
        "extension_reasons_given": False, "sent_by": "email",
        "replies": ["2026-10-02:id_document_demanded,photo_demanded"],
        "follow_up_sent": "2026-11-23",
    }
    body = layout(render_letter(letter_request({**fields, **PERSON})))  # type: ignore[typeddict-item]
    assert "Réclamation en vertu de l'article 77 du RGPD" in body  # to the CNIL, in French
    assert "- 14 septembre 2026\u00a0: ma demande d'accès" in body
    assert "envoyée par courrier électronique" in body
    assert "- 2 octobre 2026\u00a0: une réponse de Clearview AI, Inc. (voir les griefs 3 et 4 " \
           "ci-dessous)" in body
    assert "- 23 novembre 2026\u00a0: ma relance adressée à Clearview AI, Inc." in body
    assert "1. Prolongation du délai. Le 20 octobre 2026" in body


def test_a_follow_up_takes_no_correspondence(store: CaseStore) -> None:
    case = store.get(a_case(store))
    fields = escalation_fields(case, "follow_up")
    assert not {"replies", "follow_up_sent"} & set(fields)
    assert fields["sent_by"] == "email"  # how it went: the reminder says so too
    assert "Jane Doe" in layout(render_letter(letter_request({**fields, **PERSON})))  # type: ignore[typeddict-item]
    with pytest.raises(ValueError, match="not of a first request"):
        escalation_fields(case, "access")


def test_the_facts_survive_a_download_link(store: CaseStore) -> None:
    """The chat hands letters out as links carrying the spec: the new keys travel too."""
    from cryptography.fernet import Fernet

    from bot.downloads import make_token, read_token

    spec = {**escalation_fields(store.get(a_case(store)), "complaint"), **PERSON}
    key = Fernet.generate_key()
    back = read_token(make_token(spec, key), key)  # type: ignore[arg-type]
    assert back["replies"] == spec["replies"]
    assert back["extension_reasons_given"] in (False, "False")
    assert layout(render_letter(letter_request(back))) == layout(
        render_letter(letter_request(spec)))  # type: ignore[arg-type]
