"""Dates typed in the chat, in every supported language (bot/dates.py)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dates import MAX_AGE_DAYS, parse_past_date

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "today", TODAY),
        ("en", "yesterday", datetime.date(2026, 11, 22)),
        ("en", "3 weeks ago", datetime.date(2026, 11, 2)),
        ("en", "12/03/2026", datetime.date(2026, 3, 12)),  # day first, as in Europe
        ("en", "2026-09-14", datetime.date(2026, 9, 14)),  # ISO: year first, always
        ("en", "2026-11-03", datetime.date(2026, 11, 3)),
        ("fr", "hier", datetime.date(2026, 11, 22)),
        ("fr", "le 3 novembre", datetime.date(2026, 11, 3)),
        ("fr", "12/03/2026", datetime.date(2026, 3, 12)),
        ("fr", "today", TODAY),  # English words work in any chat
        ("de", "vor 3 Wochen", datetime.date(2026, 11, 2)),
        ("de", "12.11.2026", datetime.date(2026, 11, 12)),
        ("nl", "gisteren", datetime.date(2026, 11, 22)),
        ("nl", "3 november", datetime.date(2026, 11, 3)),
        ("it", "ieri", datetime.date(2026, 11, 22)),
        ("it", "3 novembre", datetime.date(2026, 11, 3)),
        ("es", "hace 2 semanas", datetime.date(2026, 11, 9)),
        ("es", "5 de octubre", datetime.date(2026, 10, 5)),
        ("ja", "昨日", datetime.date(2026, 11, 22)),
        ("ja", "2026年11月3日", datetime.date(2026, 11, 3)),
        ("ja", "11月3日", datetime.date(2026, 11, 3)),
        ("ja", "12月3日", datetime.date(2025, 12, 3)),  # the latest past 3 December
        ("ja", "2026/11/03", datetime.date(2026, 11, 3)),
    ],
)
def test_dates_people_type(language: str, text: str, expected: datetime.date) -> None:
    assert parse_past_date(text, language, TODAY) == expected


@pytest.mark.parametrize(
    "text", ["tomorrow", "2026-12-01", "hello", "", "March", "2026-02-30", "2月30日",
             "next Tuesday at noon maybe", "x" * 100],
)
def test_future_impossible_and_non_dates_are_refused(text: str) -> None:
    assert parse_past_date(text, "en", TODAY) is None
    assert parse_past_date(text, "ja", TODAY) is None


def test_too_old_is_refused() -> None:
    assert parse_past_date("2020-01-01", "en", TODAY) is None


@given(st.dates(min_value=TODAY - datetime.timedelta(days=MAX_AGE_DAYS), max_value=TODAY))
def test_any_recent_iso_date_reads_back(day: datetime.date) -> None:
    assert parse_past_date(day.isoformat(), "fr", TODAY) == day
