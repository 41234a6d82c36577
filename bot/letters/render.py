"""Turn a `LetterRequest` into a `Letter` using the per-language templates.

The wording lives in `bot/templates/letters/<language>/`; this module only checks that a
letter may be written and hands the templates plain variables: the person's values were
cleaned when the request was made (`LetterRequest`).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from bot.identification import IdMethod
from bot.jurisdictions import Place, country_name
from bot.letters.checks import check_request
from bot.letters.environment import available_languages, available_templates, get_environment
from bot.letters.model import Letter, LetterNotSupported, LetterRequest
from bot.letters.situation_context import situation_context
from bot.rights import RequestType

FALLBACK_LANGUAGE = "en"
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_BLANK_LINES = re.compile(r"\n{3,}")


def template_language(language: str, request_type: RequestType | None = None) -> str:
    """Return the template folder for `language` ("fr-BE" -> "fr"), English if there is none.

    Clearview answers in English, so an English letter is a safe fallback while a language's
    templates are not written yet; `Letter.language` tells the caller which one was used.
    With `request_type`, the folder must also hold that letter's template, since
    translations land one file at a time.
    """
    code = language.strip().replace("-", "_").split("_")[0].lower()
    if not _LANGUAGE.match(code):
        raise ValueError(f"not a language code: {language!r}")
    if code not in available_languages():
        return FALLBACK_LANGUAGE
    if request_type is not None and template_name(code, request_type) not in available_templates():
        return FALLBACK_LANGUAGE
    return code


def wanted_language(req: LetterRequest) -> str:
    """The language a letter should be in before checking which templates exist.

    A complaint goes to the authority in the language it accepts complaints in
    (`Authority.complaint_language`), whatever language the conversation is in; every other
    letter follows `req.language`.
    """
    if req.request_type == RequestType.COMPLAINT and req.authority is not None:
        return req.authority.complaint_language or req.language
    return req.language


def template_name(language: str, request_type: RequestType) -> str:
    """The template path for one letter, relative to the templates folder."""
    return f"{language}/{request_type.value}.txt.j2"


def _context(req: LetterRequest, language: str) -> dict[str, Any]:
    """The variables every letter template receives (the person's values were cleaned
    when the request was made)."""
    return {
        "language": language,
        "date": req.date,
        "name": req.name,
        "email": req.email,
        "country": Place(req.country).country,  # "uk" -> "GB", as country_name reads it
        "country_name": country_name(req.country, language),
        "id_method": IdMethod(req.id_method).value,
        "links": req.public_links,
        "law": req.jurisdiction.law_short,
        "law_full": req.jurisdiction.law_full,
        "jurisdiction_code": req.jurisdiction.code,
        "controller_name": req.controller.name,
        "controller_address_lines": tuple(req.controller.address_lines),
        "controller_email": req.controller.email or None,
        "received": req.deadline.received if req.deadline else None,
        "due": req.deadline.due if req.deadline else None,
        "include_objection": req.include_objection,
        "include_restriction": req.include_restriction,
        **_escalation_context(req),
        **situation_context(req),  # the situation paragraphs (<lang>/_situations.txt.j2)
    }


def _escalation_context(req: LetterRequest) -> dict[str, Any]:
    """Follow-up and complaint variables (present, mostly empty, for every letter).

    Every template gets the same names so that StrictUndefined still catches typos.
    """
    authority = req.authority
    due = req.deadline.due if req.deadline else None
    return {
        "original_request": req.original_request.value if req.original_request else None,
        "original_sent": req.original_sent,
        "deadline_passed": due is not None and due < req.date,
        "problems": frozenset(p.value for p in req.problems),
        "missing_items": req.missing_items,
        "authority_name": authority.name if authority else None,
        "authority_address_lines": tuple(authority.address_lines) if authority else (),
        "authority_email": authority.email if authority else None,
        "complaint_after_days": req.complaint_after_days,
        "complaint_by": req.date + timedelta(days=req.complaint_after_days),
    }


def _tidy(text: str) -> str:
    """Drop trailing spaces and blank lines left by optional blocks; end with one newline."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)) + "\n"


def render_letter(req: LetterRequest) -> Letter:
    """Render the letter for `req`.

    Raises LetterNotSupported when the person's jurisdiction has no letter (a letter citing
    a law that does not apply would mislead them and the company), and ValueError when a
    follow-up or complaint is incoherent (see `bot.letters.checks`). A complaint is
    addressed to `req.authority`; every other letter to the controller. The body template
    writes the words between salutation and closing; `_layout.txt.j2` of the same language
    words the addressee, the subject line, the lines under it and the signature.
    """
    jurisdiction = req.jurisdiction
    if not jurisdiction.letter_supported:
        law = f" ({jurisdiction.law_short})" if jurisdiction.law_short else ""
        raise LetterNotSupported(
            f"no letter is available for jurisdiction {jurisdiction.code}{law}: "
            "the GDPR and UK GDPR letters cite law that does not apply there"
        )
    request_type = RequestType(req.request_type)
    check_request(req)
    language = template_language(wanted_language(req), request_type)
    context = _context(req, language)
    environment = get_environment()
    body = environment.get_template(template_name(language, request_type)).make_module(context)
    layout = environment.get_template(f"{language}/_layout.txt.j2").make_module(context)
    if request_type is RequestType.COMPLAINT and req.authority is not None:
        authority = req.authority
        recipient = (authority.name, tuple(authority.address_lines), authority.email or None)
        webform = authority.webform or None
    else:
        controller = req.controller
        recipient = (controller.name, tuple(controller.address_lines), controller.email or None)
        webform = None
    subject = str(body.subject)
    return Letter(
        subject=subject,
        content=_tidy(str(body)),
        recipient_name=recipient[0],
        recipient_address_lines=recipient[1],
        recipient_email=recipient[2],
        recipient_webform=webform,
        language=language,
        request_type=request_type,
        date=req.date,
        sender_name=req.name,
        sender_email=req.email,
        addressee=str(layout.addressee(recipient[0])),
        subject_line=str(layout.subject_line(subject)),
        date_line=str(layout.date_line(req.place)),
        information=(str(layout.law_line()),),
        signature=(req.name, str(layout.reply_line())),
        place=req.place,
    )
