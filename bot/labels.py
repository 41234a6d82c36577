"""The labels code composes into answers: every one a gettext msgid, translated where it is said.

Fixed sentences are domain.yml responses, spoken by name. What is left here are the pieces an
answer is built from (a request's name inside a summary line, a law's name, a download's
label, a button title chosen at run time) and the few texts outside the chat (the command
line). Each table is written once; actions, channels and `python -m bot` read it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.i18n import SUPPORTED_LANGUAGES, _, gettext, ngettext
from bot.identification import IdMethod
from bot.rights import Problem, RequestType

ID_METHOD_LABELS = {
    IdMethod.NO_PHOTO: _("1. No photo"),
    IdMethod.PUBLIC_LINKS: _("2. Links to public pages"),
    IdMethod.PHOTO_SEARCH_ONLY: _("3. One photo, search only"),
}
# A request inside the summary ("- Request: ..."); {law} is the law's short name.
REQUEST_LABELS = {
    RequestType.ACCESS: _("access to your data (Article 15 {law})"),
    RequestType.ERASURE: _("erasure of your data (Article 17 {law})"),
    RequestType.OBJECTION: _("objection to the processing (Article 21(1) {law})"),
    RequestType.FOLLOW_UP: _("a reminder to the company (Article 12(3) and (4) {law})"),
    RequestType.COMPLAINT: _("a complaint to the supervisory authority (Article 77 {law})"),
}
# What a correction changed ("Noted: {field} is now {value}.").
FIELD_NAMES = {
    "country": _("the country"),
    "id_method": _("the identification"),
    "full_name": _("the name"),
    "email": _("the e-mail address"),
}
# The first request a reminder or complaint is about (buttons and summary).
ORIGINAL_LABELS = {
    RequestType.ACCESS: _("Access to my data"),
    RequestType.ERASURE: _("Erasure of my data"),
    RequestType.OBJECTION: _("Objection to the processing"),
}
# A tracked request, inside a sentence ("I am tracking your {request}").
REQUEST_NAMES = {
    RequestType.ACCESS: _("access request"),
    RequestType.ERASURE: _("erasure request"),
    RequestType.OBJECTION: _("objection"),
    RequestType.FOLLOW_UP: _("reminder to Clearview"),
    RequestType.COMPLAINT: _("complaint to the data protection authority"),
}
# Each situation of bot/data/situations.yml as a button or a summary line names it.
PROBLEM_LABELS = {
    Problem.EXTENSION: _("They said they need more time"),
    Problem.NO_ANSWER: _("No answer in time"),
    Problem.PARTIAL_ANSWER: _("An incomplete answer"),
    Problem.ACCESS_LIMITED: _("Access limited to 12 months or twice a year"),
    Problem.ID_DOCUMENT_DEMANDED: _("They asked for a copy of an ID document"),
    Problem.PHOTO_DEMANDED: _("They asked for a photo of my face"),
    Problem.FORMALITIES_DEMANDED: _("They demanded a signature, a form or another channel"),
    Problem.FEE_OR_EXCESSIVE: _("They asked for a fee or called my request excessive"),
    Problem.WRONG_LANGUAGE: _("The answer is in a language I do not understand"),
    Problem.REFUSAL_WITHOUT_REMEDIES: _("They refused without mentioning my right to complain"),
    Problem.NOT_FOUND: _("They say they hold no data about me"),
    Problem.ERASURE_INCOMPLETE: _("My data were not fully erased"),
}
# The usual name of each law in each language ("RGPD", "DSGVO", "AVG").
LAW_NAMES = {"GDPR": _("GDPR"), "UK GDPR": _("UK GDPR")}  # other laws keep their own names

# The lines of the summary before the letter is written.
SUMMARY = {
    "intro": _("Here is your request:"),
    "request": _("- Request: {request}"),
    "where": _("- Where you live: {country} ({law} applies)"),
    "identification": _("- Identification: {method}"),
    "links": _("- Links: {links}"),
    "about": _("- About your request: {original}, sent on {sent}"),
    "problem": _("- What went wrong: {problem}"),
    "missing": _("- Missing from the answer: {items}"),
    "addressed_to": _("- Addressed to: {authority}"),
    "name": _("- Name: {name}"),
    "email": _("- E-mail for the answer: {email}"),
    "question": _("Shall I write the letter?"),
}
# The summary's buttons: confirm, or change one answer.
CONFIRM_BUTTON = _("Yes, write the letter")
CHANGE_BUTTONS = {
    "country": _("Change country"),
    "id_method": _("Change identification"),
    "full_name": _("Change name"),
    "email": _("Change e-mail"),
}

DOWNLOAD_INTRO = _("Download your letter (these links work for {minutes} minutes):")
DOWNLOAD_LABELS = {
    "pdf": _("PDF to print"),
    "eml": _("E-mail file (.eml)"),
    "ics": _("Calendar reminder (.ics)"),
}
DOWNLOAD_LINES = {
    "pdf": _("PDF to print: {url}"),
    "eml": _("E-mail file (.eml) to open in your mail program: {url}"),
    "ics": _("Calendar reminder (.ics) for the due date: {url}"),
}
REMINDER_SUBJECT = _("Reference {reference}")

# How a deadline was counted (bot.deadlines.Deadline.rule), said after a due date.
DEADLINE_RULES = {
    "eu-1182-71": _(
        "(The day it receives your letter is not counted; a deadline on a weekend or public "
        "holiday moves to the next working day: Regulation 1182/71, EDPB Guidelines 01/2022 "
        "§§160-161.)"
    ),
    "uk-ico": _(
        "(The UK regulator, the ICO, counts the month from the day of receipt; a deadline on "
        "a weekend or bank holiday moves to the next working day.)"
    ),
    "uk-12a": _(
        "(Under Article 12A of the UK GDPR, the month runs from the day the request, any "
        "identity information asked for or a fee is received; that day is not counted, and a "
        "deadline on a weekend or bank holiday moves to the next working day.)"
    ),
    "ch-fadp-30-days": _("(The Swiss FADP gives 30 days to answer an access request.)"),
    "ca-pipeda-30-days": _(
        "(PIPEDA gives 30 days from receipt, which the company may extend once by up to 30 "
        "days with notice; no answer in time counts as a refusal.)"
    ),
    "ca-qc-30-days": _("(In Quebec, the private-sector privacy Act gives 30 days.)"),
    "ca-ab-45-days": _("(In Alberta, the Personal Information Protection Act gives 45 days.)"),
    "ca-bc-30-days": _(
        "(In British Columbia, the Personal Information Protection Act gives 30 days, not "
        "counting Saturdays and holidays.)"
    ),
    "us-ca-ccpa-45-days": _(
        "(The CCPA gives 45 days, which the company may extend once by 45 days with notice; it "
        "must confirm receipt within 10 business days.)"
    ),
    "au-app12-30-days": _(
        "(The Privacy Act asks for an answer within a reasonable period, which the OAIC says "
        "is generally 30 days.)"
    ),
    "br-lgpd-15-days": _("(The LGPD gives 15 days for a complete answer.)"),
}

# What each intent means, as a button of a clarifying question.
INTENT_LABELS = {
    "ask_what_is_clearview": _("What is Clearview?"),
    "ask_face_in_database": _("Is my face in Clearview?"),
    "ask_enforcement": _("Has Clearview been fined?"),
    "ask_rights": _("What are my rights?"),
    "request_access": _("Ask Clearview what it holds on me"),
    "request_erasure": _("Have my data deleted"),
    "request_objection": _("Object to the processing"),
    "file_complaint": _("Complain to an authority"),
    "no_response": _("Clearview did not answer"),
    "ask_photo_required": _("Do I have to send a photo?"),
    "ask_deadline": _("When must they answer?"),
    "ask_bot_privacy": _("What do you keep about me?"),
    "forget_me": _("Delete this conversation"),
    "human_handoff": _("Talk to a person"),
}
SOMETHING_ELSE = _("Something else")

# Where the conversations are stored, inside the privacy notice.
STORAGE_LABELS = {
    "sqlite": _("an SQLite database file on the server of {name}"),
    "postgresql": _("a PostgreSQL database run by {name}"),
}

# The hand-off lines after "You can reach a person at {name}.".
HANDOFF_LINES = {
    "email": _("E-mail: {email}"),
    "url": _("Contact page: {url}"),
    "hours": _("Opening hours: {hours}"),
}

# Buttons of the tracking answers.
CASE_BUTTONS = {
    "answered": _("They answered"),
    "report_problem": _("Report a problem with the answer"),
    "follow_up": _("Write the reminder"),
    "complaint": _("Complain to an authority"),
    "prepare_complaint": _("Prepare the complaint"),
}


# The web widget's own labels (web/widget/): its buttons, notes and screen-reader texts. The
# build writes them, translated from the catalogs, into web/widget/src/strings.json
# (`python -m bot.labels OUT.json`), so translators edit only the catalogs.
WIDGET_LABELS = {
    "title": _("Privacy rights assistant"),
    "subtitle": _("Guidance, not legal advice"),
    "open": _("Open the privacy rights assistant"),
    "close": _("Close the assistant"),
    "clear": _("New conversation"),
    "cleared": _("New conversation started. The previous one is no longer shown on this device."),
    "logLabel": _("Conversation with the assistant"),
    "inputLabel": _("Your message"),
    "placeholder": _("Type your answer…"),
    "send": _("Send"),
    "you": _("You:"),
    "bot": _("Assistant:"),
    "typing": _("The assistant is writing…"),
    "connecting": _("Connecting…"),
    "reconnecting": _("Connection lost. Trying again…"),
    "copy": _("Copy letter"),
    "copied": _("Letter copied"),
    "copyFailed": _("Copying failed: select the text and copy it yourself."),
    "letter": _("Your letter"),
    "expired": _("These links have expired. Ask me to write the letter again to get new ones."),
    "notKept": _(
        "Your letter and its download links are not kept on this device. Ask"
        " me to write it again if you need it."
    ),
    "noPhotos": _(
        "This assistant never takes photos or files. There is no need to send"
        " a picture of yourself: please type your answer."
    ),
    "contact": _("Talk to a person"),
    "newTab": _("(opens in a new tab)"),
}


def law_name(law_short: str, language: str) -> str:
    """The law's short name as people of `language` know it ("RGPD" for GDPR in French)."""
    msgid = LAW_NAMES.get(law_short)
    return gettext(language, msgid) if msgid else law_short


def forgotten(language: str, cases: int) -> str:
    """What forget-me says, with the number of tracked requests it deleted (plural forms
    differ per language, so this is one msgid pair, not a response)."""
    return ngettext(
        language,
        "Done: I deleted this whole conversation from the server, including everything "
        "you told me, and {n} tracked request. If you write again, we start from scratch.",
        "Done: I deleted this whole conversation from the server, including everything "
        "you told me, and {n} tracked requests. If you write again, we start from scratch.",
        cases,
    )


def widget_strings() -> dict[str, dict[str, str]]:
    """The web widget's labels in every language, from the catalogs."""
    return {lang: {key: gettext(lang, msgid) for key, msgid in WIDGET_LABELS.items()}
            for lang in SUPPORTED_LANGUAGES}


if __name__ == "__main__":
    # `python -m bot.labels OUT.json`: the widget build writes its strings from the catalogs.
    Path(sys.argv[1]).write_text(
        json.dumps(widget_strings(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
