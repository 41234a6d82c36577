"""The data-subject requests the assistant can prepare, and the articles they rest on."""

from __future__ import annotations

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
    """What went wrong with a request, as the person reports it; a letter may cite several.

    Each value selects one sourced paragraph in the follow-up and complaint templates, so a
    letter only ever asserts what the person said happened.
    """

    # No answer, and no notice of an extension with reasons, by the Art. 12(3) deadline.
    NO_ANSWER = "no_answer"
    # An answer came but left things out; the letter lists them (`missing_items`).
    PARTIAL_ANSWER = "partial_answer"
    # A photo of the face or an identity document copy was demanded (Art. 12(6)).
    PHOTO_OR_ID_DEMANDED = "photo_or_id_demanded"
    # Access limited to the last 12 months or requests to twice a year (CNIL SAN-2022-019).
    ACCESS_LIMITED = "access_limited"


RequestType._label_ = "request type"  # for parse() errors
Problem._label_ = "problem"  # for parse() errors
