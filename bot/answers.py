"""What a person's typed answer means: pure functions from text to a value, or to a refusal.

The request form validates with these (financial-demo's `actions/parsing.py` habit), and they
accept exactly what letter generation accepts (`bot.letters.sanitize`): a value the form takes
must never be refused later, when the letter is written, because then the person would get
no letter and no explanation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence

from email_validator import EmailNotValidError, validate_email

from bot.cues import cue_pattern, cues, fold_keep_offsets
from bot.i18n import gettext
from bot.identification import IdMethod
from bot.labels import ID_METHOD_LABELS
from bot.letters import sanitize
from bot.patterns import EMAIL_LIKE_RE, URL_RE, find_links

MAX_LINKS = 5  # links a letter lists (the form says so when more are given)
_LETTER = re.compile(r"[^\W\d_]")
_NUMBERED = re.compile(r"\(?([123])[.)]?")


# The cue lists that name each choice (bot/data/cues.yml), in the order they are tried.
ID_METHOD_CUES = (
    (IdMethod.NO_PHOTO, "id_no_photo"),
    (IdMethod.PUBLIC_LINKS, "id_links"),
    (IdMethod.PHOTO_SEARCH_ONLY, "id_photo_search"),
)


def parse_id_method(text: str, language: str) -> IdMethod | None:
    """The identification choice: its value (buttons), its number, its label's words, a
    link, or the words people use for it in any language ("sans photo svp")."""
    text = text.strip().lower()
    for method in IdMethod:
        if text == method.value:
            return method
    numbered = _NUMBERED.fullmatch(text) or re.match(r"^([123])\b", text)
    if numbered:
        return list(IdMethod)[int(numbered.group(1)) - 1]
    for method, label in ID_METHOD_LABELS.items():
        words = gettext(language, label).lower().split(" ", 1)[-1]  # drop the "1." prefix
        if words and words in text:
            return method
    folded = fold_keep_offsets(text)
    for method, kind in ID_METHOD_CUES:
        if cue_pattern(kind).search(folded) or (
                method is IdMethod.PUBLIC_LINKS and find_links(text)):
            return method
    return None


def says_none(text: str) -> bool:
    """Whether an answer says the person has none of what was asked ("no tengo links")."""
    return cue_pattern("have_none").search(fold_keep_offsets(text)) is not None


def says_yes(text: str) -> bool:
    """Whether an answer starts with a yes in any language ("yep all correct", "ja, mach")."""
    match = cue_pattern("affirmations").match(fold_keep_offsets(text.strip()))
    return match is not None


def parse_name(text: str) -> str | None:
    """A plausible name for a letter's signature, or None."""
    name = " ".join(text.split()).strip(" .,;:!\"'")
    if not (2 <= len(name) <= sanitize.MAX_NAME) or len(name.split()) > 8:
        return None
    if "@" in name or "?" in name or URL_RE.search(name) or not _LETTER.search(name):
        return None
    if any(c.isdigit() for c in name) or name.startswith("/"):
        return None
    try:
        return sanitize.clean_name(name)
    except ValueError:
        return None


def parse_name_answer(text: str) -> str | None:
    """A name typed as the answer to the name question, without the words around it
    ("soy Itziar Goikoetxea" -> "Itziar Goikoetxea", "Yamamoto Sakura です")."""
    folded = fold_keep_offsets(text.strip())
    start = cue_pattern("name_answer_prefix").match(folded)
    name = text.strip()[start.end():] if start else text.strip()
    name = name.strip(" .,;:!。、")
    for suffix in sorted(cues()["name_answer_suffix"].get("ja", ()), key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)].rstrip()
            break
    return parse_name(name)


def parse_email(text: str) -> str | None:
    """The e-mail address in `text` (a sentence is fine), normalised, or None if invalid."""
    if "@" not in text:
        return None
    found = EMAIL_LIKE_RE.search(text.strip())
    if not found:
        return None
    try:
        normalized = validate_email(
            found.group(0).strip("."), check_deliverability=False
        ).normalized
        return sanitize.clean_email(normalized)
    except (EmailNotValidError, ValueError):
        return None


@dataclass(frozen=True)
class LinksAnswer:
    """The links of an answer, or why they cannot go into a letter."""

    links: tuple[str, ...] = ()
    problem: str | None = None  # "none", "too_many" or "invalid"


def parse_links(text: str) -> LinksAnswer:
    """The http(s) links in `text`, each one a link a letter can print."""
    found = find_links(text)
    if not found:
        return LinksAnswer(problem="none")
    try:
        links = sanitize.clean_links(found)
    except ValueError:
        return LinksAnswer(problem="invalid")
    if len(links) > MAX_LINKS:
        return LinksAnswer(problem="too_many")
    return LinksAnswer(links=links)


def parse_authority(text: str, choices: Sequence[Any]) -> Any | None:
    """The authority an answer names among `choices` (objects with `slug` and `name`): its
    slug, its name, its initials ("the ICO"), or a word of its name ("Hamburg" for "Der
    Hamburgische Beauftragte ..."); None unless exactly one fits. With one choice, any
    answer that names no other place is that one."""
    folded = fold_keep_offsets(text)
    words = {w for w in re.findall(r"[^\W\d_]{4,}", folded)}
    fitting = []
    for authority in choices:
        name = fold_keep_offsets(authority.name)
        initials = "".join(w[0] for w in re.findall(r"[^\W\d_]+", authority.name)
                           if w[0].isupper())
        tokens = set(re.findall(r"[^\W\d_]+", folded))
        if (folded.strip() in (authority.slug, name) or (len(initials) >= 2 and initials.lower()
                in tokens) or any(w[:5] in name for w in words if len(w) >= 5)):
            fitting.append(authority)
    if len(fitting) == 1:
        return fitting[0]
    return choices[0] if len(choices) == 1 and not fitting else None
