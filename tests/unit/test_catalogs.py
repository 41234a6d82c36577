"""Every sentence the assistant can say is translated into every language, placeholders intact.

The msgids are extracted from the code and domain.yml right now (as `make i18n-extract`
does), so a new message without translations fails here, not in front of a user.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping
from babel.messages.pofile import read_po

from bot.i18n import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, gettext

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
LANGUAGES = [lang for lang in SUPPORTED_LANGUAGES if lang != DEFAULT_LANGUAGE]


@cache
def extracted() -> dict[str, tuple]:
    """msgid (or the singular of a plural) -> the message as extracted."""
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping(fh)
    found: dict[str, tuple] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords={"_": None, "gettext": (2,),
                                                      "ngettext": (2, 3)},
    ):
        key = message if isinstance(message, str) else message[0]
        found[key] = message if isinstance(message, tuple) else (message,)
    return found


@cache
def catalog(language: str):
    with (ROOT / "bot" / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=language)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_extraction_finds_the_assistants_messages() -> None:
    messages = extracted()
    assert len(messages) > 150
    assert "Here is your request:" in messages  # from actions
    assert "What would you like to change?" in messages  # from domain.yml
    assert "title" not in messages  # no dictionary keys mistaken for messages


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    cat = catalog(language)
    problems = []
    for msgid, message in extracted().items():
        entry = cat.get(message if len(message) > 1 else msgid)
        if entry is None:
            problems.append(f"missing: {msgid[:70]}")
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {msgid[:70]}")
            continue
        for string in strings:
            if placeholders(string) != placeholders(msgid):
                problems.append(f"placeholders differ: {msgid[:70]}")
    assert not problems, f"{language}: {len(problems)} problems\n" + "\n".join(problems[:30])


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogs_are_used_at_run_time(language: str) -> None:
    msgid = "What would you like to change?"
    assert gettext(language, msgid) == catalog(language).get(msgid).string
    assert gettext(language, msgid) != msgid
