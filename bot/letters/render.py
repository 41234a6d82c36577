"""Turn a `LetterRequest` into a `Letter` using the per-language templates.

The wording lives in `bot/templates/letters/<language>/`: the GDPR and UK GDPR letters one
body template per request type (`<lang>/<request>.txt.j2`), every other law one template for
all its letters (`<lang>/laws/<family>.txt.j2`, the family named in `bot/data/laws.yml`). This
module checks that a letter may be written under the person's law, picks the language, and
hands the templates plain variables (`bot.letters.context`).
"""

from __future__ import annotations

import re

from bot.laws import Law
from bot.letters.checks import check_request
from bot.letters.context import context, law_of
from bot.letters.environment import available_languages, available_templates, get_environment
from bot.letters.model import Letter, LetterNotSupported, LetterRequest
from bot.registry import Channel
from bot.rights import RequestType

FALLBACK_LANGUAGE = "en"
GDPR_FAMILY = "gdpr"
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_BLANK_LINES = re.compile(r"\n{3,}")


def _code(language: str) -> str:
    code = language.strip().replace("-", "_").split("_")[0].lower()
    if not _LANGUAGE.match(code):
        raise ValueError(f"not a language code: {language!r}")
    return code


def template_name(language: str, request_type: RequestType, family: str = GDPR_FAMILY) -> str:
    """The template path for one letter, relative to the templates folder."""
    if family == GDPR_FAMILY:
        return f"{language}/{request_type.value}.txt.j2"
    return f"{language}/laws/{family}.txt.j2"


def has_template(language: str, request_type: RequestType, family: str = GDPR_FAMILY) -> bool:
    """True if `language` has this letter's template (translations land one file at a time)."""
    return template_name(language, request_type, family) in available_templates()


def template_language(language: str, request_type: RequestType | None = None,
                      family: str = GDPR_FAMILY) -> str:
    """Return the template folder for `language` ("fr-BE" -> "fr"), English if there is none.

    Clearview answers in English, so an English letter is a safe fallback while a language's
    templates are not written yet; `Letter.language` tells the caller which one was used.
    With `request_type`, the folder must also hold that letter's template.
    """
    code = _code(language)
    if code not in available_languages():
        return FALLBACK_LANGUAGE
    if request_type is not None and not has_template(code, request_type, family):
        return FALLBACK_LANGUAGE
    return code


def wanted_language(req: LetterRequest, family: str = GDPR_FAMILY) -> str:
    """The language a letter should be in before checking which templates exist.

    A complaint goes to the authority in a language it accepts complaints in: the person's
    own if the authority takes it (Belgium: French, Dutch or German, by the person's choice),
    else the first of the authority's languages that has a template, else English (the
    letter then says a translation may be needed). Every other letter follows `req.language`.
    """
    if req.request_type != RequestType.COMPLAINT or req.authority is None:
        return req.language
    accepted = req.authority.complaint_languages
    if not accepted:
        return FALLBACK_LANGUAGE  # its languages are not in our records: English
    own = _code(req.language)
    for language in ([own] if own in accepted else []) + [a for a in accepted if a != own]:
        if has_template(language, RequestType.COMPLAINT, family):
            return language
    return FALLBACK_LANGUAGE


def _tidy(text: str) -> str:
    """Drop trailing spaces and blank lines left by optional blocks; end with one newline."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)) + "\n"


def _refuse(req: LetterRequest, law: Law, request_type: RequestType) -> None:
    """LetterNotSupported where the person's law gives no letter of this kind."""
    jurisdiction = req.jurisdiction
    if not jurisdiction.letter_supported or not law.letters:
        label = f" ({jurisdiction.law_short})" if jurisdiction.law_short else ""
        reason = next((r.reason for r in law.rights.values() if r.reason), None)
        raise LetterNotSupported(
            f"no letter is available for jurisdiction {jurisdiction.code}{label}: "
            + (reason or "no letter cites a law that does not apply there")
        )
    first = request_type if request_type.is_initial else req.original_request
    if first is not None and RequestType(first).is_initial:
        right = law.right(RequestType(first).value)
        if not right.available:
            raise LetterNotSupported(
                f"no {RequestType(first).value} letter under {jurisdiction.law_short} "
                f"({jurisdiction.code}): {right.reason}"
            )
    if request_type is RequestType.COMPLAINT and law.complaint(req.date) is None:
        raise LetterNotSupported(
            f"no complaint letter under {jurisdiction.law_short} ({jurisdiction.code}): "
            "this assistant's sources give no complaint procedure there"
        )


def _channels(req: LetterRequest, request_type: RequestType) -> tuple[tuple[Channel, ...], bool]:
    """How to send the letter: the authority's complaint channels, or the controller's."""
    if request_type is RequestType.COMPLAINT and req.authority is not None:
        return req.authority.channels, req.authority.channels_sourced
    controller = req.controller
    found = [Channel("email", controller.email)] if controller.email else []
    found += [Channel("post")] if controller.address_lines else []
    return tuple(found), True


def render_letter(req: LetterRequest, *, reading_copy: bool = False) -> Letter:
    """Render the letter for `req`.

    `reading_copy`: the same letter in `req.language` for the person to read, whatever
    language the recipient takes (a complaint is sent in the authority's language; the
    person may not read it). `Letter.reading_copy` then says it is not the one to send.

    Raises LetterNotSupported when the person's law gives no such letter (no letter cites a
    law that does not apply, or a right the law does not give), and ValueError when a
    follow-up or complaint is incoherent (see `bot.letters.checks`). A complaint is
    addressed to `req.authority`; every other letter to the controller. The body template
    writes the words between salutation and closing; `_layout.txt.j2` of the same language
    words the addressee, the subject line, the lines under it and the signature.
    """
    law = law_of(req)
    request_type = RequestType(req.request_type)
    _refuse(req, law, request_type)
    check_request(req)
    family = law.family
    wanted = req.language if reading_copy else wanted_language(req, family)
    language = template_language(wanted, request_type, family)
    variables = context(req, language)
    accepted = req.authority.complaint_languages if (
        request_type is RequestType.COMPLAINT and req.authority is not None) else ()
    variables["translation_note"] = bool(accepted) and language not in accepted \
        and not reading_copy
    environment = get_environment()
    body = environment.get_template(template_name(language, request_type, family)).make_module(
        variables)
    layout = environment.get_template(f"{language}/_layout.txt.j2").make_module(variables)
    authority = req.authority if request_type is RequestType.COMPLAINT else None
    if authority is not None:
        recipient = (authority.name, tuple(authority.address_lines), authority.email or None)
        in_language = (language in accepted) if accepted else None
    else:
        controller = req.controller
        recipient = (controller.name, tuple(controller.address_lines), controller.email or None)
        in_language = None
    channels, sourced = _channels(req, request_type)
    subject = str(body.subject)
    signed = bool(authority and authority.signed)
    signature = (req.name, str(layout.reply_line()))
    if signed:
        signature = (str(layout.signature_line()), *signature)
    return Letter(
        subject=subject,
        content=_tidy(str(body)),
        recipient_name=recipient[0],
        recipient_address_lines=recipient[1],
        recipient_email=recipient[2],
        recipient_webform=(authority.webform or None) if authority else None,
        language=language,
        request_type=request_type,
        date=req.date,
        sender_name=req.name,
        sender_email=req.email,
        addressee=str(layout.addressee(recipient[0])),
        subject_line=str(layout.subject_line(subject)),
        date_line=str(layout.date_line(req.place)),
        information=(str(layout.law_line()),),
        signature=signature,
        place=req.place,
        channels=channels,
        channels_sourced=sourced,
        signed=signed,
        recipient_languages=tuple(accepted),
        in_recipient_language=in_language,
        jurisdiction=req.jurisdiction.code,
        reading_copy=reading_copy,
    )
