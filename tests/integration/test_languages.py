"""Conversations in French, Japanese and Dutch reach the letter; the language is detected,
kept, switched on request, and taken from a channel's hint.

Expected sentences come from the gettext catalogs (`bot.i18n.gettext`), so the tests check
that the right language is spoken without copying translations into the test.
"""

from __future__ import annotations

import pytest

from bot.i18n import gettext
from tests.integration.conftest import Servers, new_sender, payloads, texts

ASK_COUNTRY = (
    "In which country do you live? It decides which law applies (for example the GDPR in "
    "the EU, the UK GDPR in the United Kingdom)."
)
ASK_NAME = "What name should I put on the letter? Clearview needs it to address its answer to you."
TRANSLATION_INTRO = (
    "So that you know what it says, here is the same letter in your language. Send the one "
    "above: it is in the recipient's language."
)
SWITCHED = "All right, let's continue in English."
OFFER_TRACKING = (
    "Shall I keep track of this request? I would store only the request type, your country, "
    "the dates and a reference code, never your name or e-mail, so that you can come back "
    "for a reminder or a complaint."
)

CONVERSATIONS = {
    # language: (first message, country answer, name, e-mail, the law in the letter)
    "fr": ("je veux savoir ce qu'ils ont sur moi", "j'habite en France", "Camille Martin",
           "camille.martin@example.fr", "RGPD"),
    "ja": ("開示請求をしたい", "ドイツに住んでいます", "山田花子", "hanako.yamada@example.jp",
           "GDPR"),
    "nl": ("ik wil weten wat ze over mij hebben", "ik woon in Nederland", "Jan Jansen",
           "jan.jansen@example.nl", "AVG"),
}


@pytest.mark.parametrize("language", sorted(CONVERSATIONS))
def test_conversation_in_the_users_language_reaches_the_letter(
    servers: Servers, language: str,
) -> None:
    first, country, name, email, law = CONVERSATIONS[language]
    sender = new_sender()
    assert gettext(language, ASK_COUNTRY) in texts(servers.send(sender, first))
    replies = servers.send(sender, country)
    assert '/inform{"id_method":"no_photo"}' in payloads(replies)
    assert gettext(language, ASK_NAME) in texts(
        servers.send(sender, '/inform{"id_method":"no_photo"}')
    )
    servers.send(sender, name)
    summary = texts(servers.send(sender, email))
    assert name in summary and email in summary
    replies = servers.send(sender, "/affirm")
    answer = texts(replies)
    # The letter to Clearview is in English, its language...
    assert "Request for access to my personal data under Article 15 GDPR" in answer
    # ...followed by the same letter in the person's language, to read.
    assert gettext(language, TRANSLATION_INTRO) in answer
    letters = [r["custom"] for r in replies if (r.get("custom") or {}).get("type") == "letter"]
    assert len(letters) == 2 and letters[1]["translation"] is True
    assert law in letters[1]["subject"]
    assert letters[1]["subject"] in answer.split(gettext(language, TRANSLATION_INTRO))[1]
    assert gettext(language, OFFER_TRACKING) in answer


def test_the_session_language_does_not_flip_on_short_or_neutral_messages(
    servers: Servers,
) -> None:
    sender = new_sender()
    assert gettext("de", ASK_COUNTRY) in texts(
        servers.send(sender, "Ich möchte wissen, welche Daten Clearview über mich hat")
    )
    servers.send(sender, "/stop")
    for neutral in ("ok", "Clearview", "GDPR"):
        servers.send(sender, neutral)
    # Still German: the next question is answered in German.
    assert gettext("de", ASK_COUNTRY) in texts(servers.send(sender, "/request_access"))


def test_switching_language_on_request_and_by_button(servers: Servers) -> None:
    sender = new_sender()
    servers.send(sender, "hello")
    assert gettext("fr", SWITCHED) in texts(servers.send(sender, "parlons français"))
    assert gettext("fr", ASK_COUNTRY) in texts(servers.send(sender, "/request_access"))
    # A language button works in the middle of the form, and the form goes on.
    replies = servers.send(sender, '/switch_language{"language":"it"}')
    assert gettext("it", SWITCHED) in texts(replies)
    assert gettext("it", ASK_COUNTRY) in texts(replies)


def test_an_unknown_language_gets_the_list_of_languages(servers: Servers) -> None:
    replies = servers.send(new_sender(), "can we speak Klingon?")
    assert '/switch_language{"language":"ja"}' in payloads(replies)


def test_the_channel_hint_sets_the_language_of_a_new_conversation(servers: Servers) -> None:
    replies = servers.send(new_sender(), "/request_access", language="es-MX")
    assert gettext("es", ASK_COUNTRY) in texts(replies)
