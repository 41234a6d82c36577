"""Where a person lives, and which data-protection regime that gives them.

The assistant must never cite a law that does not apply (facts file, "Other jurisdictions"),
so the place comes first. The regimes, country lists and name aliases live in
`bot/data/jurisdictions.yml` so that an NGO can correct them without touching code; country
names in every supported language come from Babel's CLDR data rather than hand-typed lists.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages

from bot.i18n import SUPPORTED_LANGUAGES

__all__ = [
    "SUPPORTED_LANGUAGES",
    "Jurisdiction",
    "NameIndex",
    "Place",
    "country_name",
    "fold_name",
    "get_jurisdiction",
    "jurisdiction_for",
    "resolve_place",
]

_DATA_FILE = Path(__file__).with_name("data") / "jurisdictions.yml"
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_SUBDIVISION_RE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
_COUNTRY_SYNONYMS = {"UK": "GB"}  # "UK" is what people type; ISO says GB


@dataclass(frozen=True)
class Place:
    """A country, optionally narrowed to an ISO 3166-2 subdivision (e.g. US-IL, GB-SCT)."""

    country: str  # ISO 3166-1 alpha-2, upper case, e.g. "FR"
    subdivision: str | None = None  # ISO 3166-2, e.g. "US-IL", "DE-BY"

    def __post_init__(self) -> None:
        """Normalise case and "UK" so equal places compare equal wherever they came from."""
        country = _COUNTRY_SYNONYMS.get(self.country.strip().upper(), self.country.strip().upper())
        if not _COUNTRY_RE.match(country):
            raise ValueError(f"not an ISO 3166-1 alpha-2 country code: {self.country!r}")
        object.__setattr__(self, "country", country)
        if self.subdivision is not None:
            sub = self.subdivision.strip().upper()
            if "-" not in sub:
                sub = f"{country}-{sub}"
            if not _SUBDIVISION_RE.match(sub) or not sub.startswith(country + "-"):
                raise ValueError(f"subdivision {self.subdivision!r} does not belong to {country}")
            object.__setattr__(self, "subdivision", sub)

    @classmethod
    def from_code(cls, code: str) -> Place:
        """Read the compact form the conversation stores: "FR", or a subdivision "US-IL"."""
        country, _, _rest = code.partition("-")
        return cls(country=country, subdivision=code if "-" in code else None)

    @property
    def code(self) -> str:
        """The compact form: the subdivision code if there is one, else the country code."""
        return self.subdivision or self.country


@dataclass(frozen=True)
class Jurisdiction:
    """The regime that decides which letter, deadline and regulator the assistant offers."""

    code: str  # "EU" (EU/EEA GDPR), "UK", "CH", "JP", "AU", "CA", "US-CA", "US-IL", "OTHER"
    law_short: str  # e.g. "GDPR"; empty for OTHER
    law_full: str  # e.g. "Regulation (EU) 2016/679 (General Data Protection Regulation)"
    letter_supported: bool  # True only for "EU" and "UK" in this release
    regulator: str  # short name, e.g. "ICO"; empty for OTHER
    source: str  # facts file section and/or official URL


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    """Read the YAML once; every lookup below reuses it."""
    with _DATA_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=1)
def _jurisdictions() -> dict[str, Jurisdiction]:
    """Build the Jurisdiction objects from data once."""
    table = _data()["jurisdictions"]
    return {code: Jurisdiction(code=code, **fields) for code, fields in table.items()}


@lru_cache(maxsize=1)
def _country_to_code() -> dict[str, str]:
    """Invert the per-jurisdiction country lists, refusing a country listed twice."""
    mapping: dict[str, str] = {}
    for code, countries in _data()["countries"].items():
        for country in countries:
            if country in mapping:
                raise ValueError(f"{country} is listed under both {mapping[country]} and {code}")
            mapping[country] = code
    return mapping


def get_jurisdiction(code: str) -> Jurisdiction:
    """Return a jurisdiction by code; KeyError names the valid codes."""
    try:
        return _jurisdictions()[code]
    except KeyError:
        valid = ", ".join(_jurisdictions())
        raise KeyError(f"unknown jurisdiction {code!r}; valid: {valid}") from None


def jurisdiction_for(place: Place) -> Jurisdiction:
    """Map a place to its regime; US states without their own law and the rest give OTHER."""
    if place.subdivision and place.subdivision in _data()["subdivisions"]:
        return get_jurisdiction(_data()["subdivisions"][place.subdivision])
    return get_jurisdiction(_country_to_code().get(place.country, "OTHER"))


# --- free-text place recognition -------------------------------------------------------------

_CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x9FFF), (0xF900, 0xFAFF), (0xFF66, 0xFF9F))
_NON_WORD = re.compile(r"[\W_]+")
_PARENTHESES = re.compile(r"\s*[(\uff08][^)\uff09]*[)\uff09]\s*")  # ASCII or full-width


def fold_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used on both names and messages.

    Only Latin/Greek combining accents (U+0300-U+036F) are dropped: dropping every combining
    mark would also strip the Japanese dakuten and turn ベ into ヘ.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not 0x300 <= ord(ch) <= 0x36F)
    folded = unicodedata.normalize("NFC", stripped).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def _is_cjk(name: str) -> bool:
    """Japanese has no spaces between words, so its names are matched as substrings."""
    return any(lo <= ord(ch) <= hi for ch in name for lo, hi in _CJK_RANGES)


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    """Real countries: Babel's two-letter territory codes minus groupings and reserved codes."""
    excluded = set(_data()["not_countries"])
    codes = Locale.parse("en").territories
    return frozenset(c for c in codes if _COUNTRY_RE.match(c) and c not in excluded)


def _name_variants(name: str) -> list[str]:
    """A Babel name plus the forms people type: without "(Burma)", with "and" for "&"."""
    variants = [name]
    bare = _PARENTHESES.sub(" ", name).strip()
    if bare and bare != name:
        variants.append(bare)
    if " & " in name:
        variants.append(name.replace(" & ", " and "))
    return variants


@dataclass(frozen=True)
class NameIndex:
    """Place names, folded: Latin-script names by their words (looked up word by word, so a
    message costs time in proportion to its length), Japanese names as substrings (Japanese
    has no spaces between words), longest first. Countries use one (`_name_index`), cities
    another (`bot.cities`)."""

    by_words: dict[str, Any]
    first_words: frozenset[str]
    max_words: int
    cjk: tuple[tuple[str, Any], ...]

    @classmethod
    def build(cls, index: dict[str, Any]) -> NameIndex:
        """From folded names to their targets (the caller settles clashes)."""
        latin = {name: target for name, target in index.items() if not _is_cjk(name)}
        cjk = sorted(((n, t) for n, t in index.items() if _is_cjk(n)), key=lambda i: -len(i[0]))
        return cls(
            by_words=latin,
            first_words=frozenset(name.split()[0] for name in latin),
            max_words=max((len(name.split()) for name in latin), default=1),
            cjk=tuple(cjk),
        )

    def find(self, folded: str) -> list[Any]:
        """Targets of the names in a folded message, never overlapping: at each word the
        longest name that starts there; Japanese names longest first. Linear in the
        message's length."""
        found: list[Any] = []
        words = folded.split(" ")
        i = 0
        while i < len(words):
            if words[i] not in self.first_words:
                i += 1
                continue
            for size in range(min(self.max_words, len(words) - i), 0, -1):
                candidate = " ".join(words[i:i + size])
                if candidate in self.by_words:
                    found.append(self.by_words[candidate])
                    i += size
                    break
            else:
                i += 1
        if any(_is_cjk(ch) for ch in folded):
            taken = bytearray(len(folded))
            present = set(folded)  # a name whose first character is absent cannot occur
            for name, target in self.cjk:
                if name[0] not in present:
                    continue
                start = folded.find(name)
                while start != -1:
                    end = start + len(name)
                    if not any(taken[start:end]):
                        taken[start:end] = b"\x01" * (end - start)
                        found.append(target)
                    start = folded.find(name, end)
        return found


@lru_cache(maxsize=1)
def _name_index() -> NameIndex:
    """Built once. Sources, first one wins on a clash: aliases from data, CLDR names in the
    supported languages (English first), then endonyms of the countries where a letter is
    possible."""
    index: dict[str, str | None] = {}

    def add(name: str, target: str | None) -> None:
        folded = fold_name(name)
        if folded and folded not in index:
            index[folded] = target

    for target, names in _data()["aliases"].items():
        for name in names:
            add(str(name), target)
    codes = _country_codes()
    for lang in SUPPORTED_LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if code in codes:
                for variant in _name_variants(name):
                    add(variant, code)
    for country in _data()["countries"]["EU"] + _data()["countries"]["UK"] + ["CH"]:
        for lang in get_official_languages(country, de_facto=True):
            try:
                add(Locale.parse(lang).territories[country], country)
            except (UnknownLocaleError, ValueError, KeyError):
                continue
    return NameIndex.build(index)


@lru_cache(maxsize=1)
def _capital_aliases() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """Regexes for aliases like "US" that only count in capitals (or as the whole message)."""
    result = []
    for target, names in _data()["capital_aliases"].items():
        for name in names:
            pattern = re.compile(rf"(?<![^\W\d_]){re.escape(name)}(?![^\W\d_])")
            result.append((pattern, fold_name(name), target))
    return tuple(result)


def _to_place(targets: list[str]) -> Place | None:
    """One country (and at most one subdivision) or, when the text names several, None."""
    places = [Place(t.split("-")[0], t if "-" in t else None) for t in targets]
    countries = {p.country for p in places}
    if len(countries) != 1:
        return None
    subdivisions = {p.subdivision for p in places if p.subdivision}
    return Place(countries.pop(), subdivisions.pop() if len(subdivisions) == 1 else None)


def resolve_place(text: str, language: str = "en") -> Place | None:
    """Find the country (or Illinois/California) a person names in free text.

    Names in all supported languages are recognised whatever `language` is (a Belgian may
    write "België" in an English chat); `language` is accepted for interface symmetry. Text
    naming two different countries gives None so the caller asks again instead of guessing.
    """
    del language  # every language's names are always indexed
    stripped = unicodedata.normalize("NFKC", text).strip().strip(".!?")
    if _COUNTRY_RE.match(stripped) and stripped in _country_codes():
        return Place(stripped)  # a bare ISO code counts only as the whole message, in capitals
    folded = fold_name(text)
    targets: list[str | None] = []
    for pattern, folded_alias, target in _capital_aliases():
        if pattern.search(text) or folded == folded_alias:
            targets.append(target)
    targets.extend(_name_index().find(folded))
    real = [t for t in targets if t is not None]
    return _to_place(real) if real else None


def country_name(code: str, language: str = "en") -> str:
    """A display name for a country or a known subdivision ("Illinois (United States)")."""
    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"unknown language {language!r}") from None
    place = Place(code.split("-")[0], code if "-" in code else None)
    if place.country not in territories:
        raise ValueError(f"unknown country code {code!r}")
    country = territories[place.country]
    if place.subdivision is None:
        return country
    names = _data()["subdivision_names"]
    if place.subdivision not in names:
        return country  # a province or state whose law is the country's ("CA-ON")
    return f"{names[place.subdivision]} ({country})"
