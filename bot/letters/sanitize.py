"""Clean the few free-text values a person types before they reach a letter.

A letter is sent to a company in the person's name, so a value must not be able to add lines,
hide text (bidirectional overrides, invisible tag characters) or smuggle in a link that was not
meant. Values are cleaned here and passed to templates as variables, never spliced into template
source, so Jinja syntax in a value is printed literally and cannot run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

MAX_NAME = 120
MAX_EMAIL = 254  # RFC 5321 path limit
MAX_LINK = 2000
MAX_LINKS = 10
MAX_ITEM = 300
MAX_ITEMS = 20

# Joiners are format characters too, but emoji sequences and some scripts need them.
_KEEP_FORMAT = {"\u200c", "\u200d"}
# Control (Cc), format (Cf), surrogate (Cs), line (Zl) and paragraph (Zp) separators.
_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_WHITESPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"[<>]")
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"\\]+@[^@\s<>()\[\],;:\"\\]+\.[^@\s<>()\[\],;:\"\\.]+$")


def clean_text(value: str, max_length: int) -> str:
    """Return `value` on one line: no control or invisible characters, single spaces, capped.

    Line breaks (CR, LF, U+2028, U+2029, NEL) become spaces rather than vanishing, so two
    words split across lines do not fuse; the result is NFC so accents compare and print
    consistently.
    """
    text = unicodedata.normalize("NFC", value)
    kept = []
    for char in text:
        if char.isspace():
            kept.append(" ")
        elif char in _KEEP_FORMAT or unicodedata.category(char) not in _DROP_CATEGORIES:
            kept.append(char)
    collapsed = _WHITESPACE.sub(" ", "".join(kept)).strip()
    return collapsed[:max_length].rstrip()


def clean_name(value: str) -> str:
    """Return the signer's name for one line of a letter; ValueError if nothing is left."""
    name = clean_text(value, MAX_NAME)
    if not name:
        raise ValueError("the name is empty once control characters and spaces are removed")
    if _MARKUP.search(name):
        # Printed literally it would sign the letter "<b>Claire</b>"; removed, the letter
        # would carry a name the person did not type. Neither: the form asks again.
        raise ValueError("a name has no markup")
    return name


def clean_email(value: str) -> str:
    """Return a plausible single address for the reply; ValueError otherwise.

    Deliberately strict (no quoted local parts, no display names, no lists): the address is
    printed in a letter and must not carry anything else.
    """
    email = clean_text(value, MAX_EMAIL + 1)
    if len(email) > MAX_EMAIL or not _EMAIL.match(email):
        raise ValueError(f"not a usable e-mail address: {email!r}")
    return email


def clean_link(value: str) -> str:
    """Return an http(s) URL with a host and no embedded credentials; ValueError otherwise.

    `user@host` URLs are refused because they can make one site look like another.
    """
    link = clean_text(value, MAX_LINK + 1)
    if len(link) > MAX_LINK:
        raise ValueError(f"link longer than {MAX_LINK} characters")
    if " " in link:
        raise ValueError(f"a link cannot contain spaces: {link!r}")
    try:
        parts = urlsplit(link)
        host = parts.hostname
    except ValueError as exc:
        raise ValueError(f"not a valid link: {link!r}") from exc
    if parts.scheme.lower() not in {"http", "https"} or not host:
        raise ValueError(f"only http:// and https:// links are accepted: {link!r}")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"links with a user name or password are not accepted: {link!r}")
    return link


def clean_links(values: Iterable[str]) -> tuple[str, ...]:
    """Return the cleaned links in order without duplicates; ValueError on any bad one."""
    links: list[str] = []
    for value in values:
        link = clean_link(value)
        if link not in links:
            links.append(link)
    if len(links) > MAX_LINKS:
        raise ValueError(f"at most {MAX_LINKS} links can be listed in one letter")
    return tuple(links)


def clean_items(values: Iterable[str]) -> tuple[str, ...]:
    """Return short free-text list items (e.g. what an answer left out), one line each.

    Items that are empty once cleaned are dropped and duplicates kept once, so a stray
    newline in a chat message does not become a blank bullet; too many items is a ValueError
    because a letter with dozens of bullets is better split or summarised by the person.
    """
    items: list[str] = []
    for value in values:
        item = clean_text(value, MAX_ITEM)
        if item and item not in items:
            items.append(item)
    if len(items) > MAX_ITEMS:
        raise ValueError(f"at most {MAX_ITEMS} missing items can be listed in one letter")
    return tuple(items)
