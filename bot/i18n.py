"""Languages, gettext catalogs and locale negotiation.

Every sentence the assistant says is an English msgid (in domain.yml responses or marked in
Python with `_`/`gettext`) translated through Babel-compiled catalogs in `bot/locale`. A
translator edits only `.po` files; code never branches on the language.
"""

from __future__ import annotations

import argparse
import string
import sys
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml
from babel import Locale, UnknownLocaleError, negotiate_locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LANGUAGES_FILE = Path(__file__).with_name("data") / "languages.yml"
# The languages the assistant speaks: the one list, as data (bot/data/languages.yml).
SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(
    yaml.safe_load(LANGUAGES_FILE.read_text(encoding="utf-8"))["languages"]
)
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


@cache
def translations(language: str) -> NullTranslations:
    """Return the compiled catalog for `language` (English msgids fall through unchanged)."""
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [language], DOMAIN)


class _KeepMissing(dict):
    """Leaves unknown placeholders visible instead of raising mid-conversation."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_text(text: str, params: Mapping[str, Any]) -> str:
    """Fill `{name}` placeholders; unknown ones stay as they are."""
    if not params:
        return text
    return string.Formatter().vformat(text, (), _KeepMissing(params))


def gettext(language: str | None, msgid: str, **params: Any) -> str:
    """Translate `msgid` into `language` and fill its `{placeholders}`."""
    lang = normalize_language(language)
    return format_text(translations(lang).gettext(msgid), params)


def ngettext(language: str | None, singular: str, plural: str, n: int, **params: Any) -> str:
    """Plural-aware variant of :func:`gettext`; `n` is also available as `{n}`."""
    lang = normalize_language(language)
    return format_text(translations(lang).ngettext(singular, plural, n), {"n": n, **params})


def _(msgid: str) -> str:
    """Mark a msgid for extraction without translating it yet (translated at render time)."""
    return msgid


def normalize_language(language: str | None) -> str:
    """Map 'fr-BE', 'fr_FR' or 'FR' to a supported language, else the default."""
    if not language:
        return DEFAULT_LANGUAGE
    code = str(language).replace("-", "_").split("_")[0].lower()
    return code if code in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def negotiate(preferred: Iterable[str]) -> str:
    """Pick the best supported language for a list of user preferences (e.g. Accept-Language)."""
    cleaned = [p.replace("-", "_") for p in preferred if p]
    found = negotiate_locale(cleaned, list(SUPPORTED_LANGUAGES), sep="_")
    if found:
        return normalize_language(found)
    for pref in cleaned:  # 'fr_BE' also means 'fr'
        lang = normalize_language(pref)
        if lang != DEFAULT_LANGUAGE or pref.lower().startswith("en"):
            return lang
    return DEFAULT_LANGUAGE


@cache
def _language_names() -> dict[str, str]:
    """Folded language names -> code: each supported language named in every supported one
    (Babel's CLDR data), e.g. "francais", "frans", "franzosisch", "フランス語" -> "fr"."""
    names: dict[str, str] = {}
    for shown_in in SUPPORTED_LANGUAGES:
        loc = Locale.parse(shown_in)
        for code in SUPPORTED_LANGUAGES:
            name = loc.languages.get(code)
            if name:
                names[_fold(name)] = code
    for code in SUPPORTED_LANGUAGES:
        names[code] = code
    names.update(_EVERYDAY_NAMES)
    return names


# Everyday names CLDR does not list (it has "neerlandés", people write "holandés").
_EVERYDAY_NAMES = {
    "holandes": "nl", "hollandais": "nl", "hollandisch": "nl", "hollands": "nl",
    "vlaams": "nl", "flemish": "nl", "flamand": "nl", "flamisch": "nl", "fiammingo": "nl",
    "castellano": "es", "castillan": "es", "kastilisch": "es", "castigliano": "es",
    "nihongo": "ja",
}


def _fold(text: str) -> str:
    """Lower case without accents, so "Français", "francais" and "FRANÇAIS" match."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def resolve_language(text: str | None) -> str | None:
    """The supported language a person names ("Deutsch", "néerlandais", "日本語"), or None."""
    if not text:
        return None
    folded = _fold(text)
    names = _language_names()
    if folded in names:
        return names[folded]
    found = {code for name, code in names.items() if len(name) > 2 and name in folded}
    return found.pop() if len(found) == 1 else None


def locale(language: str | None) -> Locale:
    """The Babel locale used for dates and country names in `language`."""
    try:
        return Locale.parse(normalize_language(language))
    except UnknownLocaleError:  # pragma: no cover - all supported languages exist in CLDR
        return Locale.parse(DEFAULT_LANGUAGE)


# Babel's "en" is US English ("November 23, 2026"); our users and regulators are European,
# so English dates use the day-month-year order ("23 November 2026").
_DATE_LOCALES = {"en": "en_GB"}


def format_long_date(value: date, language: str | None) -> str:
    """A long date in the conversation's language, e.g. "5 April 2027", "5 avril 2027"."""
    lang = normalize_language(language)
    return format_date(value, format="long", locale=_DATE_LOCALES.get(lang, lang))


def format_month(value: date, language: str | None) -> str:
    """A month and year in the conversation's language, e.g. "August 2023", "août 2023"."""
    lang = normalize_language(language)
    return format_skeleton("yMMMM", value, locale=_DATE_LOCALES.get(lang, lang))


def format_number(value: int | float, language: str | None) -> str:
    """A number as people of `language` write it ("4,096", "4 096", "4.096", "5,2")."""
    lang = normalize_language(language)
    return format_decimal(value, locale=_DATE_LOCALES.get(lang, lang))


def translate_response(response: dict, language: str | None) -> dict:
    """Translate the human-facing parts of a Rasa-style response dict (text, button titles)."""
    lang = normalize_language(language)
    if lang == DEFAULT_LANGUAGE:
        return response
    cat = translations(lang)
    out = dict(response)
    if out.get("text"):
        text = out["text"]
        out["text"] = cat.gettext(text)
    if out.get("buttons"):
        out["buttons"] = [_translated_button(cat, b) for b in out["buttons"]]
    return out


def _translated_button(catalog: NullTranslations, button: dict) -> dict:
    title = button.get("title")
    return {**button, "title": catalog.gettext(title)} if title else button


def compile_catalogs(only_if_changed: bool = False) -> list[Path]:
    """Compile every `.po` under LOCALE_DIR to `.mo`; return what was compiled."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = []
    for po_path in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo_path = po_path.with_suffix(".mo")
        fresh = mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime
        if only_if_changed and fresh:
            continue
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as f:
            write_mo(f, catalog)
        compiled.append(mo_path)
    translations.cache_clear()
    return compiled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.i18n")
    sub = parser.add_subparsers(dest="command", required=True)
    comp = sub.add_parser("compile", help="compile .po catalogs to .mo")
    comp.add_argument("--if-changed", action="store_true", help="skip up-to-date catalogs")
    langs = sub.add_parser("languages", help="print the supported languages")
    langs.add_argument("--translated", action="store_true",
                       help="only those with a catalog (all but English)")
    args = parser.parse_args(argv)
    if args.command == "compile":
        done = compile_catalogs(only_if_changed=args.if_changed)
        print(f"i18n: compiled {len(done)} catalog(s)")
    else:
        shown = [lang for lang in SUPPORTED_LANGUAGES
                 if not (args.translated and lang == DEFAULT_LANGUAGE)]
        print(" ".join(shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
