"""Dates people type in the chat ("hier", "3 weeks ago", "12/03/2026"), read with dateparser.

dateparser knows every supported language; the conversation's language is tried first, then
English, so "yesterday" works in any chat. Numeric dates follow the language's own order
(year first in Japanese, day first elsewhere, English included, like `format_long_date`:
our users and regulators are European). dateparser misses a Japanese month-day without a
year ("11月3日"), so that one form is read here.
"""

from __future__ import annotations

import datetime
import re

import dateparser

from bot.i18n import normalize_language

MAX_AGE_DAYS = 3 * 366  # older requests are better re-sent than followed up
_JA_MONTH_DAY = re.compile(r"^(\d{1,2})月(\d{1,2})日")


def parse_past_date(
    text: str, language: str | None, today: datetime.date | None = None
) -> datetime.date | None:
    """The day `text` names, if it is today or in the past few years; else None."""
    today = today or datetime.date.today()
    cleaned = " ".join(str(text or "").split())
    if not cleaned or len(cleaned) > 60:
        return None
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
    if day is None:
        return None
    if day > today or (today - day).days > MAX_AGE_DAYS:
        return None
    return day


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
