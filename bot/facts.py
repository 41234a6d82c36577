"""The facts a person gives in a message, whenever they give them.

"I live in Lyon and want to know what Clearview has on me", "je m'appelle Claire Martin",
"I e-mailed them on 3 October and they never answered": the request needs the place, the
name, the date and the channel, and a person who has said them should not be asked again.
`read_facts` finds them in any message, in every supported language at once (a Belgian may
write Dutch in a French chat); the NLU component `components/nlu/facts.py` turns them into
entities, which fill the slots whatever question is open (domain.yml), and the request form
validates them like typed answers.

Only facts introduced by their cue count ("I live in", "my name is": `bot/data/cues.yml`),
except a country in a message that asks for a letter; an answer to the form's own question
is read by the form (`bot.answers`). A fact that cannot be read with confidence is left out:
the form then asks for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterator

from bot.answers import ID_METHOD_CUES, parse_email, parse_name, says_yes
from bot.cities import resolve_residence
from bot.cues import cue_pattern, fold_keep_offsets, name_end_words
from bot.dates import dates_in
from bot.jurisdictions import Place, resolve_place
from bot.patterns import EMAIL_LIKE_RE, URL_RE, find_case_reference

# Messages that ask for a letter: a country named anywhere in them is where the person lives.
REQUEST_INTENTS = frozenset({
    "request_access", "request_erasure", "request_objection", "file_complaint",
    "no_response", "report_problem", "correct_field",
})
# Messages about a letter already sent: its date, channel and kind are read from them.
FOLLOW_UP_INTENTS = frozenset({"file_complaint", "no_response", "report_problem", "check_case"})
PLACE_WINDOW_WORDS = 5  # words after a residence cue read for the place
PLACE_WINDOW_JA = 16  # characters before a Japanese residence cue
MAX_NAME_WORDS = 6
NAME_WINDOW = 200  # characters after "I am" read for a name (6 words of up to ~30)
_SENTENCE_END = re.compile(r"[.!?;:\n。！？、,，()（）\"«»“”]")
# A place may run over a comma ("Chiasso, in Svizzera"; "rue Saint-Denis, Montréal QC").
_PLACE_END = re.compile(r"[.!?;:\n。！？()（）\"«»“”]")
_JA_BOUNDARY = re.compile(r"[。！？、,，\s（）()「」]")


@dataclass(frozen=True)
class Facts:
    """What one message says, each fact None when it does not say it."""

    place: Place | None = None
    name: str | None = None
    email: str | None = None
    case_ref: str | None = None
    sent_date: date | None = None  # the earliest day named: the request came first
    reply_date: date | None = None  # a later day named with it: a reply, an announcement
    arrived_date: date | None = None  # that later day, when the message says it arrived
    reasons_given: str | None = None  # "yes"/"no": whether a reply gave reasons
    sent_how: str | None = None  # "email" or "post"
    original_request: str | None = None  # "access", "erasure" or "objection"
    id_method: str | None = None  # how the person identifies: "no photo", links, search photo
    restart: bool = False
    affirmation: bool = False  # the message starts with a yes ("oui ok, vas-y")


def read_facts(text: str, intent: str | None = None) -> Facts:
    """The facts of one message (module docstring); `intent` is the classifier's."""
    folded = fold_keep_offsets(text)
    follow_up = intent in FOLLOW_UP_INTENTS or bool(cue_pattern("sent_before").search(folded))
    return Facts(
        place=_place(text, folded, intent),
        name=_name(text, folded),
        email=_email(text),
        case_ref=_case_ref(text),
        sent_date=_sent_date(text) if follow_up else None,
        reply_date=_reply_date(text) if follow_up else None,
        arrived_date=_arrived_date(text, folded) if follow_up else None,
        reasons_given=reasons_in(text) if follow_up else None,
        sent_how=_sent_how(folded) if follow_up else None,
        original_request=original_request_in(folded) if follow_up else None,
        id_method=_id_method(folded),
        restart=bool(cue_pattern("restart").search(folded)),
        affirmation=says_yes(text),
    )


def _place(text: str, folded: str, intent: str | None) -> Place | None:
    """Where the person lives: the words after a residence cue (the last cue wins: "I lived
    in Lyon, now I live in Ghent"), else a country in a message that asks for a letter."""
    found = None
    for window in _residence_windows(text, folded):
        found = resolve_residence(window, last=False) or found
    if found is None and intent in REQUEST_INTENTS:
        found = resolve_place(URL_RE.sub(" ", EMAIL_LIKE_RE.sub(" ", text)))
    return found


def _residence_windows(text: str, folded: str) -> Iterator[str]:
    for match in cue_pattern("residence").finditer(folded):
        rest = _PLACE_END.split(text[match.end():], maxsplit=1)[0]
        yield " ".join(rest.split()[:PLACE_WINDOW_WORDS])
    for match in cue_pattern("residence_after").finditer(folded):
        before = text[max(0, match.start() - PLACE_WINDOW_JA):match.start()]
        yield _JA_BOUNDARY.split(before)[-1]


def _name(text: str, folded: str) -> str | None:
    """The name after "my name is" (before "と申します" in Japanese), as the person typed it."""
    match = cue_pattern("name").search(folded)
    if match:
        return _latin_name(text[match.end():])
    match = cue_pattern("name_before").search(folded)
    if match:
        rest = text[match.end():]
        rest = re.split(r"です|と申します|といいます|[。、！？,，\n]", rest, maxsplit=1)[0]
        return parse_name(rest)
    match = cue_pattern("name_after").search(folded)
    if match:
        before = _JA_BOUNDARY.split(text[:match.start()])[-1]
        before = re.sub(r"^(?:私は|わたしは|僕は)", "", before)
        return parse_name(before)
    for match in cue_pattern("name_if_capitalised").finditer(folded):
        if text[match.start():match.end()].lower() == "im":  # German "im", not "I'm" folded
            continue
        name = _latin_name(text[match.end():match.end() + NAME_WINDOW])  # linear: many cues
        words = name.split() if name else []
        if len(words) >= 2 and all(w[:1].isupper() for w in words):
            return name
    return None


def _latin_name(rest: str) -> str | None:
    """The words of a name up to the end of the clause, or None if they are no name."""
    rest = _SENTENCE_END.split(rest, maxsplit=1)[0]
    words = []
    for word in rest.split():
        bare = fold_keep_offsets(word).strip("'")
        if bare in name_end_words() or "@" in word or URL_RE.match(word):
            break
        words.append(word)
        if len(words) == MAX_NAME_WORDS:
            break
    return parse_name(" ".join(words)) if words else None


def _email(text: str) -> str | None:
    return parse_email(text) if "@" in text else None


def _case_ref(text: str) -> str | None:
    found = find_case_reference(text)
    return found.upper() if found else None


def _sent_date(text: str) -> date | None:
    """The day the first request was sent: the earliest past date the message names (a
    reply, a reminder, an announcement come after it)."""
    days = sorted(set(dates_in(text)))
    return days[0] if days else None


def _reply_date(text: str) -> date | None:
    """The latest of two or more past dates: the day of the reply the message is about."""
    days = sorted(set(dates_in(text)))
    return days[-1] if len(days) > 1 else None


def _arrived_date(text: str, folded: str) -> date | None:
    """The later of two days, when the message says the letter arrived ("spedita il 10,
    arrivata il 22 settembre")."""
    later = _reply_date(text)
    return later if later and cue_pattern("arrived").search(folded) else None


def says_dont_know(text: str) -> bool:
    """Whether an answer says the person does not know ("no clue", "keine Ahnung")."""
    return cue_pattern("dont_know").search(fold_keep_offsets(text)) is not None


def reasons_in(text: str) -> str | None:
    """"no" when the message says a reply gave no reasons ("ohne Begründung"), "yes" when
    it names or quotes one ("because…", "legitimate interest"), else None."""
    folded = fold_keep_offsets(text)
    if cue_pattern("without_reasons").search(folded):
        return "no"
    if cue_pattern("with_reasons").search(folded):
        return "yes"
    return None


def _sent_how(folded: str) -> str | None:
    """"email" or "post" by the longest channel cue ("by mail" is post, "mail" e-mail)."""
    best: tuple[int, str] | None = None
    for channel, kind in (("email", "sent_by_email"), ("post", "sent_by_post")):
        for match in cue_pattern(kind).finditer(folded):
            if best is None or len(match.group(0)) > best[0]:
                best = (len(match.group(0)), channel)
    return best[1] if best else None


def _id_method(folded: str) -> str | None:
    """"No photo", when said in passing ("sans photo svp"): the other choices need the
    question's context ("the link" in a first message is rarely about identification)."""
    method, kind = ID_METHOD_CUES[0]
    return method.value if cue_pattern(kind).search(folded) else None


def sent_how_in(text: str) -> str | None:
    """"email" or "post", when the message names how a letter went ("par courrier")."""
    return _sent_how(fold_keep_offsets(text))


def original_request_in(text: str) -> str | None:
    """The kind of the first request, when the message names exactly one ("la de borrar
    mis datos" -> erasure)."""
    folded = fold_keep_offsets(text)
    kinds = {kind for kind in ("access", "erasure", "objection")
             if cue_pattern(f"original_{kind}").search(folded)}
    return kinds.pop() if len(kinds) == 1 else None


# The situations a message can name in so many words (`said_<situation>` in cues.yml): a sum
# of money or "excessive" is a fee or an excessive-request reply, however long the story
# around it, where the situation classifier's one judgement of the whole message wavers.
SAID_SITUATIONS = ("fee_or_excessive", "not_found")


def situations_said(text: str) -> list[str]:
    """The situations of `SAID_SITUATIONS` the message names ("they want 25 dollars")."""
    folded = fold_keep_offsets(text)
    return [name for name in SAID_SITUATIONS if cue_pattern(f"said_{name}").search(folded)]


def complaint_put_off(text: str) -> bool:
    """Whether the message puts a complaint to the authority off ("todavía no quiero
    denunciar"): a classifier reads the complaint's words, not the "not yet"."""
    return cue_pattern("complaint_put_off").search(fold_keep_offsets(text)) is not None

