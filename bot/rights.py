"""The data-subject requests the assistant can prepare, and the articles they rest on."""

from __future__ import annotations

from collections.abc import Iterable

from bot.choices import Choice


class RequestType(Choice):
    """A letter's purpose: a first request to the controller, or what comes after it."""

    ACCESS = "access"  # GDPR Art. 15
    ERASURE = "erasure"  # GDPR Art. 17
    OBJECTION = "objection"  # GDPR Art. 21(1), not 21(2) (direct marketing only)
    FOLLOW_UP = "follow_up"  # reminder to the controller (Art. 12(3)-(4))
    COMPLAINT = "complaint"  # to a supervisory authority (Art. 77)

    @property
    def is_initial(self) -> bool:
        """True for a first request; follow-ups and complaints always refer to one of those."""
        return self in INITIAL_REQUEST_TYPES


# The requests a person can open with; the others need one of these as `original_request`.
INITIAL_REQUEST_TYPES: tuple[RequestType, ...] = (
    RequestType.ACCESS,
    RequestType.ERASURE,
    RequestType.OBJECTION,
)


class Problem(Choice):
    """What went wrong with a request, as the person reports it: the situations of a reply
    (or its absence) that a follow-up or a complaint answers; a letter may cite several.

    Each value selects one sourced paragraph of the follow-up and complaint templates
    (`bot/templates/letters/<lang>/_situations.txt.j2`), whose facts and citations are data
    in `bot/data/situations.yml` (read by `bot.situations`), so a letter only ever asserts
    what the person said happened. The order is the order of the letters' paragraphs: the
    period first (an extension, then silence), then what the answer lacked, what was demanded,
    how it was written, and what it claimed.
    """

    # The controller said it needs more time (with or without reasons, in time or late).
    EXTENSION = "extension"
    # Nothing came back by the deadline (silence, or only an automatic acknowledgement).
    NO_ANSWER = "no_answer"
    # An answer came but left things out; the letter lists them (`missing_items`).
    PARTIAL_ANSWER = "partial_answer"
    # Access limited to the last 12 months or requests to twice a year (CNIL SAN-2022-019).
    ACCESS_LIMITED = "access_limited"
    # A copy of a passport, identity card, driving licence or other identity document.
    ID_DOCUMENT_DEMANDED = "id_document_demanded"
    # A photograph of the face, to confirm identity or to run the search.
    PHOTO_DEMANDED = "photo_demanded"
    # A signature, a form or portal, a channel, a notarised letter or another contact.
    FORMALITIES_DEMANDED = "formalities_demanded"
    # A fee asked, or the request called manifestly unfounded or excessive (Art. 12(5)).
    FEE_OR_EXCESSIVE = "fee_or_excessive"
    # The answer came in a language the person does not understand (Art. 12(1)).
    WRONG_LANGUAGE = "wrong_language"
    # A refusal that did not mention the right to complain and to a judicial remedy.
    REFUSAL_WITHOUT_REMEDIES = "refusal_without_remedies"
    # "We hold no data about you" (Clearview searches by face, not by name).
    NOT_FOUND = "not_found"
    # After an erasure request: only hidden from search results, the search photo's deletion
    # not confirmed, or the recipients not named (Art. 17, 19).
    ERASURE_INCOMPLETE = "erasure_incomplete"

    @classmethod
    def _missing_(cls, value: object) -> Problem | None:
        """A retired value read where one member is expected (a button label): its first
        replacement. Readers of several values use `parse_problems`, which gives all."""
        replaced = LEGACY_PROBLEMS.get(value) if isinstance(value, str) else None
        return replaced[0] if replaced else None


# Retired values and what they mean now: the one place where old values are read, so that
# stored cases, old button payloads and download links made before still work. The old
# button said "They demanded a photo or an ID copy": its paragraph cited Art. 12(6) and EDPB
# §§65, 70-71, 73, 74, which the two new paragraphs cite between them, so it reads as both.
LEGACY_PROBLEMS: dict[str, tuple[Problem, ...]] = {
    "photo_or_id_demanded": (Problem.ID_DOCUMENT_DEMANDED, Problem.PHOTO_DEMANDED),
}


def parse_problems(values: Iterable[Problem | str]) -> tuple[Problem, ...]:
    """The problems `values` name, in the order of `Problem`, each once; retired values are
    read as their replacements (`LEGACY_PROBLEMS`); ValueError for an unknown one."""
    found: set[Problem] = set()
    for value in values:
        raw = getattr(value, "value", value)
        if isinstance(raw, str) and raw in LEGACY_PROBLEMS:
            found.update(LEGACY_PROBLEMS[raw])
        else:
            found.add(Problem.parse(raw))
    return tuple(p for p in Problem if p in found)


RequestType._label_ = "request type"  # for parse() errors
Problem._label_ = "problem"  # for parse() errors
