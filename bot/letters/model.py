"""What a letter needs (`LetterRequest`) and what rendering gives back (`Letter`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from bot.deadlines import Deadline
from bot.identification import IdMethod
from bot.jurisdictions import Jurisdiction
from bot.registry import Authority, Controller
from bot.rights import Problem, RequestType


class LetterNotSupported(ValueError):
    """No letter can be written for this request, e.g. the GDPR does not apply.

    A ValueError so callers that validate input can treat it like any other bad choice, but
    its own type so the conversation can answer with general guidance instead of an error.
    """


@dataclass(frozen=True)
class LetterRequest:
    """Everything the person chose in the conversation, unsanitised.

    `render_letter` cleans `name`, `email`, `public_links` and `missing_items`; callers need
    not. The fields after `include_objection` are for follow-ups and complaints only;
    `bot.letters.checks.check_request` says which combinations make a coherent letter.
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
    # Follow-ups and complaints: the first request they are about, and when it was sent.
    # `deadline`, if given, is then the deadline of that original request.
    original_request: RequestType | None = None
    original_sent: datetime.date | None = None
    problems: frozenset[Problem] = frozenset()
    missing_items: tuple[str, ...] = ()  # with Problem.PARTIAL_ANSWER: what the answer lacks
    authority: Authority | None = None  # complaint: the recipient; follow-up: named as next step
    # Follow-up only: the person's own choice of how long to wait before complaining. Not a
    # legal period, and the letter says so.
    complaint_after_days: int = 14

    def __post_init__(self) -> None:
        """Accept strings and lists from the conversation; store enums and tuples.

        Slots arrive as plain strings; normalising here means every later check compares
        enums, and the frozen request stays hashable.
        """
        object.__setattr__(self, "problems", frozenset(Problem.parse(p) for p in self.problems))
        object.__setattr__(self, "missing_items", tuple(self.missing_items))
        if self.original_request is not None:
            object.__setattr__(self, "original_request", RequestType.parse(self.original_request))


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
    recipient_webform: str | None = None  # complaints: the authority's online form, if any
