"""The words that introduce a fact or an answer, in every language: one home for the cue
lists of `bot/data/cues.yml` and for how they are matched (without regard to case, accents
or the kind of apostrophe, whole words in spaced scripts). `bot.facts` reads facts with them,
`bot.answers` reads typed answers ("sans photo", "yep all good").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from bot.i18n import SUPPORTED_LANGUAGES

CUES_FILE = Path(__file__).with_name("data") / "cues.yml"
_SPACED_LETTER = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")


def fold_keep_offsets(text: str) -> str:
    """Lower case without accents, one character for one, so a match in the folded text is
    the same span in the original (the name keeps its accents and capitals)."""
    out = []
    for ch in text:
        if ch in "’ʼ`´":
            out.append("'")
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                       if not unicodedata.combining(c)) or ch
        low = base.lower()
        out.append(low if len(low) == 1 else ch.lower()[:1] or ch)
    return "".join(out)


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """One regex for a list of cue phrases, longest first. A space also matches an
    apostrophe, an apostrophe also matches nothing; a phrase that starts or ends with a
    letter of a spaced script matches whole words only (Japanese has no spaces)."""
    parts = []
    for phrase in sorted({fold_keep_offsets(str(p)) for p in phrases}, key=len, reverse=True):
        body = r"[\s']+".join(
            r"['\s]?".join(re.escape(piece) for piece in word.split("'"))
            for word in phrase.split())
        if _SPACED_LETTER.match(phrase[:1]):
            body = rf"(?<![^\W_]){body}"
        if _SPACED_LETTER.match(phrase[-1:]):
            body = rf"{body}(?![^\W_])"
        parts.append(body)
    return re.compile("|".join(parts) if parts else r"(?!x)x")


@lru_cache(maxsize=1)
def cues() -> dict[str, dict[str, list[str]]]:
    return yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))


@cache
def cue_pattern(kind: str) -> re.Pattern[str]:
    """Every language's phrases of one kind at once (see module docstring)."""
    phrases = [p for lang in SUPPORTED_LANGUAGES for p in cues().get(kind, {}).get(lang, ())]
    return phrase_pattern(phrases)


@lru_cache(maxsize=1)
def name_end_words() -> frozenset[str]:
    return frozenset(fold_keep_offsets(str(w)) for lang in SUPPORTED_LANGUAGES
                     for w in cues()["name_end"].get(lang, ()))
