"""What a letter needs (`LetterRequest`) and what rendering gives back (`Letter`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import bot.letters.sanitize as sanitize
from bot.deadlines import Deadline, parse_sent_by
from bot.identification import IdMethod
from bot.jurisdictions import Jurisdiction
from bot.registry import Authority, Channel, Controller
from bot.rights import Problem, RequestType, parse_problems
from bot.situations import Reply, parse_details, parse_reply


class LetterNotSupported(ValueError):
    """No letter can be written for this request, e.g. the GDPR does not apply.

    A ValueError so callers that validate input can treat it like any other bad choice, but
    its own type so the conversation can answer with general guidance instead of an error.
    """


@dataclass(frozen=True)
class LetterRequest:
    """Everything the person chose in the conversation, unsanitised.

    What the person typed is cleaned once, here, where it enters (`bot.letters.sanitize`):
    `name`, `email`, `public_links`, `missing_items` and `place`; a value that cannot go into
    a letter is a ValueError. The fields after `include_objection` are for follow-ups and
    complaints only; `bot.letters.checks.check_request` says which combinations make a
    coherent letter. Problems are read with `bot.rights.parse_problems` (a retired value
    becomes its replacements).
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
    problems: frozenset[Problem] = frozenset()  # the situations (bot/data/situations.yml)
    # With Problem.PARTIAL_ANSWER: what the answer lacks. A checklist code of
    # situations.yml ("sources", "images", ...) is worded by the template with its article;
    # anything else is listed as typed.
    missing_items: tuple[str, ...] = ()
    # Codes of what exactly happened ("signature", "fee_asked", "search_results_only", ...:
    # each situation's `details` in situations.yml); without one the wording covers all.
    details: frozenset[str] = frozenset()
    # With Problem.EXTENSION: when the controller announced it, and whether it gave reasons.
    extension_notice_date: datetime.date | None = None
    extension_reasons_given: bool | None = None
    # With Problem.REFUSAL_WITHOUT_REMEDIES: whether the refusal gave reasons.
    refusal_reasons_given: bool | None = None
    # Complaints: the correspondence so far (with `sent_by`, how the first request went):
    # each reply with what was wrong with it, and the day a reminder was sent.
    replies: tuple[Reply, ...] = ()
    follow_up_sent: datetime.date | None = None
    authority: Authority | None = None  # complaint: the recipient; follow-up: named as next step
    # Follow-up only: the person's own choice of how long to wait before complaining. Not a
    # legal period, and the letter says so.
    complaint_after_days: int = 14
    place: str | None = None  # where the person writes from, printed before the date (PDF)
    # The subdivision the person lives in ("CA-QC", "US-CA"), when known: a province's own
    # answer period is mentioned in Canadian letters.
    region: str | None = None
    # How the request is sent (a first request) or was sent (the first request a follow-up
    # or complaint is about): "email" or "post", when the person said so. E-mail is received
    # the day it is sent; a complaint also recounts it. Whether an extension was announced
    # is not a field: the situation `extension` (with its notice date and reasons) says it
    # was, the detail `no_extension` of `no_answer` that the person said it was not.
    sent_by: str | None = None
    # Complaints: the day the person complained to the controller first (UK s.164A DPA 2018,
    # which the ICO expects; Australia s.40(1A), which the OAIC requires).
    controller_complaint_sent: datetime.date | None = None

    def __post_init__(self) -> None:
        """Accept strings and lists from the conversation; store enums and tuples.

        Slots arrive as plain strings; normalising here means every later check compares
        enums, and the frozen request stays hashable.
        """
        object.__setattr__(self, "problems", frozenset(parse_problems(self.problems)))
        object.__setattr__(self, "details", parse_details(self.details))
        object.__setattr__(self, "replies", tuple(parse_reply(r) for r in self.replies))
        object.__setattr__(self, "sent_by", parse_sent_by(self.sent_by))
        object.__setattr__(self, "name", sanitize.clean_name(self.name))
        object.__setattr__(self, "email", sanitize.clean_email(self.email))
        links = tuple(self.public_links) if IdMethod(self.id_method) is IdMethod.PUBLIC_LINKS \
            else ()
        if IdMethod(self.id_method) is IdMethod.PUBLIC_LINKS and not links:
            raise ValueError("identification by public links needs at least one link")
        object.__setattr__(self, "public_links", sanitize.clean_links(links))
        object.__setattr__(self, "missing_items", sanitize.clean_items(self.missing_items))
        if self.place is not None:
            object.__setattr__(self, "place", sanitize.clean_text(self.place, 80) or None)
        if self.original_request is not None:
            object.__setattr__(self, "original_request", RequestType.parse(self.original_request))


@dataclass(frozen=True)
class Letter:
    """A finished letter as fields, as datenanfragen's `Letter.ts` has them: who writes to
    whom, when, about what, the body and the signature. Each output format lays the fields
    out (`bot.outputs`); the templates wrote only the words.
    """

    subject: str
    content: str  # the body: salutation to closing, paragraphs separated by a blank line
    recipient_name: str
    recipient_address_lines: tuple[str, ...]
    recipient_email: str | None
    language: str  # the language actually used (may differ from the one asked for)
    request_type: RequestType
    date: datetime.date
    sender_name: str
    sender_email: str
    addressee: str  # the recipient's name as the letter prints it ("…御中" in Japanese)
    subject_line: str  # the subject as a text letter shows it ("Subject: …")
    date_line: str  # the place (if any) and the date as the letter shows them ("Le 1er mars…")
    information: tuple[str, ...] = ()  # lines under the subject ("Applicable law: …")
    signature: tuple[str, ...] = ()  # the lines after the closing: name, reply address
    recipient_webform: str | None = None  # complaints: the authority's online form, if any
    place: str | None = None  # printed before the date (PDF), when given
    # How to send it, in the order to offer (complaints: the authority's channels, as sourced;
    # other letters: the controller's e-mail and postal address). `bot.registry.Channel`.
    channels: tuple[Channel, ...] = ()
    channels_sourced: bool = True  # False: guessed from the record's fields, not checked
    signed: bool = False  # the recipient requires a signed letter (the Garante)
    # Complaints: the languages the authority takes, and whether this letter is in one of
    # them. False means: say it is in English and that a translation may be needed; None:
    # the authority's languages are not in our records (say nothing either way).
    recipient_languages: tuple[str, ...] = ()
    in_recipient_language: bool | None = None
    jurisdiction: str = ""  # the jurisdiction code whose law the letter cites
    reading_copy: bool = False  # the person's own-language copy, not the one to send
