"""What a letter needs (`LetterRequest`) and what rendering gives back (`Letter`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from bot.deadlines import Deadline
from bot.identification import IdMethod
from bot.jurisdictions import Jurisdiction
from bot.registry import Controller
from bot.rights import RequestType


class LetterNotSupported(ValueError):
    """No letter can be written for this request, e.g. the GDPR does not apply.

    A ValueError so callers that validate input can treat it like any other bad choice, but
    its own type so the conversation can answer with general guidance instead of an error.
    """


@dataclass(frozen=True)
class LetterRequest:
    """Everything the person chose in the conversation, unsanitised.

    `render_letter` cleans `name`, `email` and `public_links`; callers need not.
    """

    request_type: RequestType
    jurisdiction: Jurisdiction
    controller: Controller
    name: str
    email: str
    id_method: IdMethod
    country: str  # ISO 3166-1 alpha-2 of the requester's residence
    date: datetime.date  # the letter's date
    public_links: tuple[str, ...] = ()  # used only with IdMethod.PUBLIC_LINKS
    language: str = "en"
    deadline: Deadline | None = None  # adds "by <due date> at the latest"
    # Erasure only: ask for restriction under Art. 18(1)(d) while the objection is assessed.
    # Art. 18(1)(d) presupposes an objection, so this block needs include_objection too.
    include_restriction: bool = True
    include_objection: bool = True  # erasure only: add the Art. 21(1) objection as a ground


@dataclass(frozen=True)
class Letter:
    """A finished letter, ready to send by e-mail or post."""

    subject: str
    body: str  # full plain text, recipient block to signature, one paragraph per line
    recipient_name: str
    recipient_email: str | None
    recipient_address_lines: tuple[str, ...]
    language: str  # the language actually used (may differ from the one asked for)
    request_type: RequestType
