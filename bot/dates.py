"""Dates people type in the chat ("hier", "3 weeks ago", "12/03/2026"), read with dateparser.

dateparser knows every supported language; the conversation's language is tried first, then
English, so "yesterday" works in any chat. Numeric dates are read year first when they start
with the year (ISO, and Japanese), otherwise day first, English included (our users and
regulators are European, as in `format_long_date`). dateparser misses a Japanese month-day
without a year ("11月3日"), so that one form is read here.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

import dateparser
from babel import Locale

from bot.i18n import SUPPORTED_LANGUAGES, normalize_language

MAX_AGE_DAYS = 3 * 366  # older requests are better re-sent than followed up
_JA_MONTH_DAY = re.compile(r"^(\d{1,2})月(\d{1,2})日")
# Year first (ISO 8601, and the way Japanese writes numeric dates): never read day-first.
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


def parse_past_date(
    text: str, language: str | None, today: datetime.date | None = None
) -> datetime.date | None:
    """The day `text` names, if it is today or in the past few years; else None. A date
    inside a sentence counts when it is the only one ("am 1. Oktober per Mail")."""
    today = today or datetime.date.today()
    day = _parse_whole(text, language, today)
    if day is not None:
        return day
    days = set(dates_in(text, today, language))
    return days.pop() if len(days) == 1 else None


def dates_in(text: str, today: datetime.date | None = None,
             language: str | None = None) -> list[datetime.date]:
    """The past days written as day and month inside `text`, in any supported language
    ("3 octobre", "am 2. September", "October 3rd", "el 12 de agosto", "11月3日", "03/10")."""
    today = today or datetime.date.today()
    found = []
    for match in _date_pattern().finditer(str(text or "")[:2000]):
        for lang in (normalize_language(language), *SUPPORTED_LANGUAGES):
            day = _parse_whole(match.group(0), lang, today)
            if day is not None:
                found.append(day)
                break
    return found


@lru_cache(maxsize=1)
def _date_pattern() -> re.Pattern[str]:
    """Day and month in every supported language, the month names from Babel."""
    months = set()
    for lang in SUPPORTED_LANGUAGES:
        if lang == "ja":
            continue
        locale = Locale.parse(lang)
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                months.update(m.lower().strip(".") for m in locale.months[context][width].values())
    month = "|".join(sorted((re.escape(m) for m in months if len(m) >= 3), key=len, reverse=True))
    day = r"\d{1,2}(?:st|nd|rd|th|er|e|º|°)?\.?"
    year = r"(?:,?\s*\d{4})?"
    return re.compile(
        rf"(?<!\d)(?:{day}\s+(?:(?:of|de|di)\s+)?(?:{month})\.?{year}"
        rf"|(?:{month})\.?\s+{day}{year}"
        rf"|\d{{1,2}}[./-]\d{{1,2}}(?:[./-]\d{{2,4}})?"
        rf"|\d{{4}}-\d{{2}}-\d{{2}}"
        rf"|(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日)(?!\d)",
        re.IGNORECASE,
    )


def _parse_whole(text: str, language: str | None,
                 today: datetime.date) -> datetime.date | None:
    """The day the whole of `text` names (dateparser, then the year-first and Japanese
    forms), if it is today or in the past few years."""
    cleaned = " ".join(str(text or "").split())
    if not cleaned or len(cleaned) > 60:
        return None
    year_first = _YEAR_FIRST.match(cleaned)
    if year_first:
        try:
            day = datetime.date(*(int(g) for g in year_first.groups()))
        except ValueError:
            return None
        return day if _plausible(day, today) else None
    lang = normalize_language(language)
    languages = [lang] if lang == "en" else [lang, "en"]
    settings = {"DATE_ORDER": "YMD" if lang == "ja" else "DMY"}
    found = dateparser.parse(
        cleaned,
        languages=languages,
        settings={
            **settings,
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": datetime.datetime.combine(today, datetime.time(12)),
            "REQUIRE_PARTS": ["day"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    day = found.date() if found else _japanese_month_day(cleaned, today)
    return day if day is not None and _plausible(day, today) else None


def _plausible(day: datetime.date, today: datetime.date) -> bool:
    """Not in the future, and not older than MAX_AGE_DAYS."""
    return day <= today and (today - day).days <= MAX_AGE_DAYS


def _japanese_month_day(text: str, today: datetime.date) -> datetime.date | None:
    """"11月3日" as the latest such day not after `today`."""
    match = _JA_MONTH_DAY.match(text)
    if not match:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    for year in (today.year, today.year - 1):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            return None
        if candidate <= today:
            return candidate
    return None
