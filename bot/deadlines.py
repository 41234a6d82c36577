"""The date by which a controller must answer a request, with the rule that gives it.

People need a date they can put in a calendar and a reason they can quote back. Sources are
the facts file, section "Counting the deadline": Regulation (EEC, Euratom) No 1182/71 and EDPB
Guidelines 01/2022 §160-161 for the GDPR, the ICO's practice for the UK, and 30 days for
Switzerland's revised FADP.

Assumption: the public holidays are those of the requester's country (the country whose
authority would hear a complaint), national ones plus those of a subdivision when one is
given. A controller elsewhere may count with its own calendar; this is conservative guidance,
not a legal determination.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from bot.jurisdictions import Place, jurisdiction_for

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_UK_DEFAULT_SUBDIVISION = "ENG"  # England's bank holidays unless told otherwise
_COUNTRY_SYNONYMS = {"UK": "GB"}

_BASIS = {
    "eu-1182-71": (
        "Art. 12(3) GDPR: one month from receipt, counted under Regulation (EEC, Euratom) "
        "No 1182/71 (day of receipt not counted; a period ending on a Saturday, Sunday or "
        "public holiday ends on the next working day) (EDPB Guidelines 01/2022 §160-161)."
    ),
    "uk-ico": (
        "UK GDPR Art. 12(3) as counted by the ICO: one month starting on the day of receipt, "
        "ending on the corresponding date (or the last day of a shorter month), moved to the "
        "next working day if that is a weekend or bank holiday."
    ),
    "ch-fadp-30-days": (
        "Revised FADP: 30 days to answer an access request, counted here from the day after "
        "receipt; moving a deadline that falls on a weekend or public holiday to the next "
        "working day is an assumption of this model, not a sourced rule."
    ),
}


@dataclass(frozen=True)
class Deadline:
    """A computed deadline and everything needed to explain it to the person."""

    received: date
    nominal_due: date  # before any weekend/holiday shift
    due: date  # after the weekend/holiday shift
    extended_due: date | None  # if the controller extends (EU/UK: two further months)
    rule: str  # "eu-1182-71", "uk-ico" or "ch-fadp-30-days"
    calendar: str  # holiday calendar used, e.g. "FR", "GB-ENG", "DE-BY"
    shift_reason: str | None  # "Saturday", "Sunday" or the holiday's name when shifted
    basis: str  # one English sentence citing the rule


def add_months(d: date, months: int) -> date:
    """Same day-of-month `months` later, or that month's last day (1182/71 Art. 3(2)(c))."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _calendar_key(country: str, subdivision: str | None) -> tuple[str, str | None]:
    """Normalise "UK"/"gb" and "GB-SCT"/"SCT" so the cache sees one key per calendar."""
    country = country.strip().upper()
    country = _COUNTRY_SYNONYMS.get(country, country)
    if subdivision:
        subdivision = subdivision.strip().upper()
        subdivision = subdivision.removeprefix(f"{country}-")
    return country, subdivision or None


def _calendar_name(country: str, subdivision: str | None) -> str:
    """The label shown for a calendar, e.g. "GB-ENG"."""
    return f"{country}-{subdivision}" if subdivision else country


@lru_cache(maxsize=512)
def _holidays(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    """Public holidays of one calendar year, in English where the library has it; cached."""
    try:
        cls = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError as exc:
        raise ValueError(
            f"no holiday calendar for {_calendar_name(country, subdivision)}: {exc}"
        ) from exc
    language = next((lang for lang in ("en_US", "en_GB") if lang in cls.supported_languages), None)
    if language and language != cls.default_language:
        cls = holidays.country_holidays(country, subdiv=subdivision, years=year, language=language)
    return dict(cls.items())


def _non_working_reason(d: date, country: str, subdivision: str | None) -> str | None:
    """Why `d` is not a working day (holiday name first, else weekday), or None."""
    holiday = _holidays(country, subdivision, d.year).get(d)
    if holiday:
        return holiday
    return _WEEKDAY_NAMES[d.weekday()] if d.weekday() >= 5 else None


def next_working_day(
    d: date, country: str, subdivision: str | None = None
) -> tuple[date, str | None]:
    """`d` itself if it is a working day, else the next one and why `d` was not."""
    country, subdivision = _calendar_key(country, subdivision)
    reason = _non_working_reason(d, country, subdivision)
    shifted = d
    while _non_working_reason(shifted, country, subdivision) is not None:
        shifted += timedelta(days=1)
    return shifted, reason


def due_date(
    received: date,
    jurisdiction_code: str,
    country: str,
    subdivision: str | None = None,
    extended: bool = False,
) -> Deadline:
    """The deadline for a request received on `received` under a jurisdiction.

    `extended` asks for the extended date too (EU/UK only; a controller must announce an
    extension, with reasons, within the first month, Art. 12(3) GDPR).
    """
    country, subdivision = _calendar_key(country, subdivision)
    if jurisdiction_code == "EU":
        rule, nominal, extended_nominal = "eu-1182-71", add_months(received, 1), None
    elif jurisdiction_code == "UK":
        # ICO: day of receipt is day 1, which lands on the same corresponding date.
        subdivision = subdivision or _UK_DEFAULT_SUBDIVISION
        rule, nominal, extended_nominal = "uk-ico", add_months(received, 1), None
    elif jurisdiction_code == "CH":
        rule, nominal, extended_nominal = "ch-fadp-30-days", received + timedelta(days=30), None
    else:
        raise ValueError(
            f"no sourced answer period for jurisdiction {jurisdiction_code!r}; "
            "only EU, UK and CH are modelled"
        )
    if extended and jurisdiction_code in ("EU", "UK"):
        extended_nominal = add_months(received, 3)  # one month plus two further months
    due, reason = next_working_day(nominal, country, subdivision)
    extended_due = (
        next_working_day(extended_nominal, country, subdivision)[0] if extended_nominal else None
    )
    return Deadline(
        received=received,
        nominal_due=nominal,
        due=due,
        extended_due=extended_due,
        rule=rule,
        calendar=_calendar_name(country, subdivision),
        shift_reason=reason if due != nominal else None,
        basis=_BASIS[rule],
    )


def not_yet_due(place: Place, sent: date, today: date) -> date | None:
    """The due date of a request sent on `sent` from `place`, if it has not passed on `today`.

    None when it has passed, or where no answer period is modelled: a reminder or a
    complaint about a missing answer is premature only before a known due date. The request
    may have been received after it was sent, never before, so counting from the sending day
    gives the earliest possible due date.
    """
    try:
        due = due_date(sent, jurisdiction_for(place).code, place.country, place.subdivision).due
    except ValueError:  # no answer period for this jurisdiction
        return None
    return due if today <= due else None
