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

import dateparser

from bot.i18n import normalize_language

MAX_AGE_DAYS = 3 * 366  # older requests are better re-sent than followed up
_JA_MONTH_DAY = re.compile(r"^(\d{1,2})月(\d{1,2})日")
# Year first (ISO 8601, and the way Japanese writes numeric dates): never read day-first.
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


def parse_past_date(
    text: str, language: str | None, today: datetime.date | None = None
) -> datetime.date | None:
    """The day `text` names, if it is today or in the past few years; else None."""
    today = today or datetime.date.today()
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
