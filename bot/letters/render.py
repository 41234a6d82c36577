"""Turn a `LetterRequest` into a `Letter` using the per-language templates.

The wording lives in `bot/templates/letters/<language>/`; this module only checks that a
letter may be written, cleans the person's input and hands the templates plain variables.
"""

from __future__ import annotations

import re
from typing import Any

from bot.identification import IdMethod
from bot.jurisdictions import Place, country_name
from bot.letters.environment import available_languages, get_environment
from bot.letters.model import Letter, LetterNotSupported, LetterRequest
from bot.letters.sanitize import clean_email, clean_links, clean_name
from bot.rights import RequestType

FALLBACK_LANGUAGE = "en"
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_BLANK_LINES = re.compile(r"\n{3,}")


def template_language(language: str) -> str:
    """Return the template folder for `language` ("fr-BE" -> "fr"), English if there is none.

    Clearview answers in English, so an English letter is a safe fallback while a language's
    templates are not written yet; `Letter.language` tells the caller which one was used.
    """
    code = language.strip().replace("-", "_").split("_")[0].lower()
    if not _LANGUAGE.match(code):
        raise ValueError(f"not a language code: {language!r}")
    return code if code in available_languages() else FALLBACK_LANGUAGE


def template_name(language: str, request_type: RequestType) -> str:
    """The template path for one letter, relative to the templates folder."""
    return f"{language}/{request_type.value}.txt.j2"


def _context(req: LetterRequest, language: str) -> dict[str, Any]:
    """The variables every letter template receives, user values already cleaned."""
    id_method = IdMethod(req.id_method)
    links = clean_links(req.public_links) if id_method is IdMethod.PUBLIC_LINKS else ()
    if id_method is IdMethod.PUBLIC_LINKS and not links:
        raise ValueError("identification by public links needs at least one link")
    return {
        "language": language,
        "date": req.date,
        "name": clean_name(req.name),
        "email": clean_email(req.email),
        "country": Place(req.country).country,  # "uk" -> "GB", as country_name reads it
        "country_name": country_name(req.country, language),
        "id_method": id_method.value,
        "links": links,
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
    }


def _tidy(text: str) -> str:
    """Drop trailing spaces and blank lines left by optional blocks; end with one newline."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)) + "\n"


def render_letter(req: LetterRequest) -> Letter:
    """Render the letter for `req`.

    Raises LetterNotSupported when the person's jurisdiction has no letter (a letter citing
    a law that does not apply would mislead them and the company), and ValueError when the
    name, e-mail address or a link cannot be used.
    """
    jurisdiction = req.jurisdiction
    if not jurisdiction.letter_supported:
        law = f" ({jurisdiction.law_short})" if jurisdiction.law_short else ""
        raise LetterNotSupported(
            f"no letter is available for jurisdiction {jurisdiction.code}{law}: "
            "the GDPR and UK GDPR letters cite law that does not apply there"
        )
    request_type = RequestType(req.request_type)
    language = template_language(req.language)
    template = get_environment().get_template(template_name(language, request_type))
    module = template.make_module(_context(req, language))
    return Letter(
        subject=str(module.subject),
        body=_tidy(str(module)),
        recipient_name=req.controller.name,
        recipient_email=req.controller.email or None,
        recipient_address_lines=tuple(req.controller.address_lines),
        language=language,
        request_type=request_type,
    )
