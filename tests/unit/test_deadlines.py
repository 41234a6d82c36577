"""Deadlines: the sourced examples, month ends, holiday shifts, and invariants."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.deadlines import add_months, due_date, next_working_day

CALENDARS = [
    ("EU", "FR", None),
    ("EU", "DE", "BY"),
    ("EU", "IE", None),
    ("EU", "NL", None),
    ("EU", "IT", None),
    ("EU", "NO", None),
    ("UK", "GB", None),
    ("UK", "GB", "SCT"),
    ("CH", "CH", None),
]
dates = st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31))
calendars = st.sampled_from(CALENDARS)


def is_working_day(d: date, country: str, subdivision: str | None) -> bool:
    """Independent check against the holidays library, not the module's cache."""
    if country == "GB" and subdivision is None:
        subdivision = "ENG"
    return d.weekday() < 5 and d not in holidays.country_holidays(
        country, subdiv=subdivision, years=d.year
    )


# --- add_months ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 3, 5), 1, date(2026, 4, 5)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),  # over the year end
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2026, 5, 31), 0, date(2026, 5, 31)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@given(dates, st.integers(min_value=-24, max_value=24))
def test_add_months_keeps_the_day_or_clamps_to_month_end(d: date, months: int) -> None:
    result = add_months(d, months)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == months
    if result.day != d.day:
        assert result.day < d.day
        assert (result + timedelta(days=1)).day == 1  # clamped to the month's last day


# --- EU: Regulation 1182/71, EDPB Guidelines 01/2022 §160-161 ---------------------------------


def test_edpb_example_5_march_gives_5_april() -> None:
    deadline = due_date(date(2024, 3, 5), "EU", "FR")  # 5 April 2024 is a Friday
    assert deadline.nominal_due == date(2024, 4, 5)
    assert deadline.due == date(2024, 4, 5)
    assert deadline.shift_reason is None
    assert deadline.rule == "eu-1182-71"
    assert deadline.calendar == "FR"
    assert "1182/71" in deadline.basis
    assert "Art. 12(3)" in deadline.basis


def test_edpb_example_31_august_gives_30_september() -> None:
    deadline = due_date(date(2026, 8, 31), "EU", "FR")  # 30 September 2026 is a Wednesday
    assert deadline.nominal_due == date(2026, 9, 30)
    assert deadline.due == date(2026, 9, 30)


def test_edpb_example_shifted_past_weekend_and_easter_monday() -> None:
    deadline = due_date(date(2026, 3, 5), "EU", "FR")  # 5 April 2026: Sunday; 6th: Easter Monday
    assert deadline.nominal_due == date(2026, 4, 5)
    assert deadline.due == date(2026, 4, 7)
    assert deadline.shift_reason == "Sunday"


def test_edpb_31_august_on_a_saturday() -> None:
    deadline = due_date(date(2023, 8, 31), "EU", "FR")  # 30 September 2023 is a Saturday
    assert deadline.due == date(2023, 10, 2)
    assert deadline.shift_reason == "Saturday"


def test_holiday_shift_1_may_in_france() -> None:
    deadline = due_date(date(2026, 4, 1), "EU", "FR")  # 1 May 2026 is a Friday
    labour_day = holidays.country_holidays("FR", years=2026, language="en_US")[date(2026, 5, 1)]
    assert deadline.nominal_due == date(2026, 5, 1)
    assert deadline.due == date(2026, 5, 4)
    assert deadline.shift_reason == labour_day


def test_christmas_and_st_stephens_day_in_germany() -> None:
    deadline = due_date(date(2025, 11, 25), "EU", "DE")  # Thu 25 and Fri 26 December 2025
    assert deadline.due == date(2025, 12, 29)
    assert deadline.shift_reason == "Christmas Day"


def test_new_year_crosses_into_next_years_calendar() -> None:
    deadline = due_date(date(2025, 12, 1), "EU", "FR")
    assert deadline.nominal_due == date(2026, 1, 1)
    assert deadline.due == date(2026, 1, 2)


def test_regional_holiday_uses_subdivision() -> None:
    # 6 January (Epiphany) is a holiday in Bavaria but not nationwide in Germany.
    assert due_date(date(2025, 12, 6), "EU", "DE").due == date(2026, 1, 6)
    bavaria = due_date(date(2025, 12, 6), "EU", "DE", "DE-BY")
    assert bavaria.due == date(2026, 1, 7)
    assert bavaria.calendar == "DE-BY"


def test_eu_month_end() -> None:
    assert due_date(date(2024, 1, 31), "EU", "FR").due == date(2024, 2, 29)
    assert due_date(date(2025, 1, 31), "EU", "FR").due == date(2025, 2, 28)
    late_jan = due_date(date(2026, 1, 30), "EU", "FR")  # 28 February 2026 is a Saturday
    assert late_jan.nominal_due == date(2026, 2, 28)
    assert late_jan.due == date(2026, 3, 2)


def test_eu_extension_is_three_months_from_receipt() -> None:
    deadline = due_date(date(2024, 3, 5), "EU", "FR", extended=True)
    assert deadline.extended_due == date(2024, 6, 5)
    assert due_date(date(2024, 3, 5), "EU", "FR").extended_due is None


def test_extension_is_shifted_too() -> None:
    deadline = due_date(date(2026, 2, 1), "EU", "FR", extended=True)  # 1 May 2026: holiday
    assert deadline.extended_due == date(2026, 5, 4)


# --- UK: ICO practice -----------------------------------------------------------------------


def test_ico_examples() -> None:
    # Received before 5 February 2026: the old Art. 12(3) (SI 2026/82 reg 4), as the ICO counts.
    september = due_date(date(2025, 9, 3), "UK", "GB")  # 3 October 2025 is a Friday
    assert september.due == date(2025, 10, 3)
    assert september.rule == "uk-ico"
    assert september.calendar == "GB-ENG"
    assert due_date(date(2025, 1, 31), "UK", "GB").due == date(2025, 2, 28)
    assert due_date(date(2024, 1, 31), "UK", "GB").due == date(2024, 2, 29)


def test_uk_bank_holiday_shift() -> None:
    deadline = due_date(date(2026, 4, 25), "UK", "GB")  # 25 May 2026: spring bank holiday
    assert deadline.due == date(2026, 5, 26)
    assert deadline.shift_reason is not None


def test_uk_scotland_has_its_own_bank_holidays() -> None:
    england = due_date(date(2025, 12, 2), "UK", "GB")  # 2 January: Scottish bank holiday
    scotland = due_date(date(2025, 12, 2), "UK", "UK", "GB-SCT")
    assert england.due == date(2026, 1, 2)
    assert scotland.due == date(2026, 1, 5)
    assert scotland.calendar == "GB-SCT"
    assert due_date(date(2025, 12, 2), "UK", "GB", "SCT").due == scotland.due


def test_uk_extension() -> None:
    assert due_date(date(2025, 9, 3), "UK", "GB", extended=True).extended_due == date(2025, 12, 3)


# --- Switzerland ----------------------------------------------------------------------------


def test_switzerland_30_days_no_extension() -> None:
    deadline = due_date(date(2026, 3, 2), "CH", "CH", extended=True)
    assert deadline.nominal_due == date(2026, 4, 1)
    assert deadline.due == date(2026, 4, 1)
    assert deadline.extended_due is None
    assert deadline.rule == "ch-fadp-30-days"
    assert "assumption" in deadline.basis


# --- errors and next_working_day ------------------------------------------------------------


@pytest.mark.parametrize("code", ["JP", "US-IL", "OTHER", "eu"])
def test_unsourced_jurisdictions_raise(code: str) -> None:
    with pytest.raises(ValueError, match="no sourced answer period"):
        due_date(date(2026, 1, 5), code, "FR")


def test_japan_says_without_delay() -> None:
    with pytest.raises(ValueError, match=r"without delay.*art\. 39"):
        due_date(date(2026, 1, 5), "JP", "JP")


def test_unknown_calendar_raises() -> None:
    with pytest.raises(ValueError, match="no holiday calendar"):
        due_date(date(2026, 1, 5), "EU", "QQ")


def test_next_working_day() -> None:
    assert next_working_day(date(2026, 5, 8), "FR") == (date(2026, 5, 11), "Victory Day")
    assert next_working_day(date(2026, 5, 7), "FR") == (date(2026, 5, 7), None)
    assert next_working_day(date(2026, 5, 9), "DE") == (date(2026, 5, 11), "Saturday")


# --- invariants -----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(dates, calendars)
def test_due_is_a_working_day_not_before_nominal(received: date, cal: tuple) -> None:
    code, country, subdivision = cal
    deadline = due_date(received, code, country, subdivision, extended=True)
    assert deadline.due >= deadline.nominal_due
    assert deadline.due - deadline.nominal_due <= timedelta(days=7)
    assert is_working_day(deadline.due, country, subdivision)
    assert (deadline.shift_reason is None) == (deadline.due == deadline.nominal_due)
    if code == "CH":
        assert deadline.nominal_due - received == timedelta(days=30)
        assert deadline.extended_due is None
    else:
        assert 28 <= (deadline.nominal_due - received).days <= 31
        assert deadline.extended_due is not None
        assert deadline.extended_due > deadline.due
        assert is_working_day(deadline.extended_due, country, subdivision)


@settings(max_examples=150, deadline=None)
@given(dates, st.integers(min_value=0, max_value=400), calendars)
def test_later_receipt_never_gives_earlier_due(received: date, gap: int, cal: tuple) -> None:
    code, country, subdivision = cal
    later = received + timedelta(days=gap)
    assert (
        due_date(later, code, country, subdivision).due
        >= due_date(received, code, country, subdivision).due
    )
