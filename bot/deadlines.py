"""The date by which a controller must answer a request, with the rule that gives it.

People need a date they can put in a calendar and a reason they can quote back. The periods
and how each is counted are data (`bot/data/laws.yml`, read by `bot.laws`): one month under
Art. 12(3) GDPR counted by Regulation 1182/71, one month under the UK's Art. 12A (requests
received from 5 February 2026, counted by Art. 4A) or the old Art. 12(3) before, 30 days under
the Swiss FADP, PIPEDA, Quebec and Australia's APP 12, 45 days in Alberta and under the CCPA,
30 days without Saturdays and holidays in British Columbia, 15 days under the LGPD.

A period runs from receipt, and receipt is not today (facts file, "Counting the deadline"):
`receipt_for` says which day counts and on what footing: the day the person says it arrived
(`given`), the day it was e-mailed (`same_day`), the delivery day the person estimates for a
posted letter (`estimated`), or a day the caller simply counts from (`assumed`). Only a given
receipt may be written as a fact; every other due date is worded "if received on ...".

Assumption: the public holidays are those of the requester's country (the country whose
authority would hear a complaint), national ones plus those of a subdivision when one is
given. A controller elsewhere may count with its own calendar; this is conservative guidance,
not a legal determination.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

import holidays

from bot.jurisdictions import Place, jurisdiction_for
from bot.laws import Period, get_law

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_UK_DEFAULT_SUBDIVISION = "ENG"  # England's bank holidays unless told otherwise
_COUNTRY_SYNONYMS = {"UK": "GB"}
RECEIPTS = ("given", "same_day", "estimated", "assumed")
CHANNELS = ("email", "post")  # how a request is sent (`sent_by` everywhere)


@dataclass(frozen=True)
class Deadline:
    """A computed deadline and everything needed to explain it to the person."""

    received: date  # the day the period counts from (see `receipt`)
    nominal_due: date  # before any weekend/holiday shift
    due: date  # after the weekend/holiday shift
    extended_due: date | None  # if the controller extends (as the law allows)
    rule: str  # e.g. "eu-1182-71", "uk-12a", "ch-fadp-30-days" (bot/data/laws.yml)
    calendar: str  # holiday calendar used, e.g. "FR", "GB-ENG", "DE-BY"
    shift_reason: str | None  # "Saturday", "Sunday" or the holiday's name when shifted
    basis: str  # one English paragraph citing the rule
    provision: str = ""  # e.g. "Art. 12A UK GDPR"
    confirm_by: date | None = None  # CCPA: receipt to be confirmed by this day
    provincial: Deadline | None = None  # Canada: a provincial period that may apply too
    # How `received` is known: "given" (the person said it arrived that day), "same_day"
    # (sent by e-mail that day), "estimated" (posted; the person's estimate of delivery),
    # "assumed" (counted from that day; nobody said it arrived then).
    receipt: str = "assumed"
    sent: date | None = None  # how it was sent is the request's `sent_by`, not the deadline's

    @property
    def receipt_known(self) -> bool:
        """True only when the person gave the receipt date: only then may a letter state it."""
        return self.receipt == "given"

    @property
    def latest_due(self) -> date:
        """The latest of the due dates that may apply (Canada: PIPEDA or the province's)."""
        return max(self.due, self.provincial.latest_due) if self.provincial else self.due


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


def _count_working_days(start: date, days: int, country: str, subdivision: str | None) -> date:
    """The `days`-th working day after `start` (weekends and holidays skipped)."""
    day = start
    while days:
        day += timedelta(days=1)
        if _non_working_reason(day, country, subdivision) is None:
            days -= 1
    return day


def _add(start: date, length: int, unit: str, country: str, subdivision: str | None) -> date:
    """`start` plus a period in the law's unit (the day of receipt itself not counted)."""
    if unit == "months":
        return add_months(start, length)
    if unit == "days":
        return start + timedelta(days=length)
    # business days, and BC's days without Saturdays and holidays (Sundays skipped too)
    return _count_working_days(start, length, country, subdivision)


def _period_deadline(received: date, period: Period, country: str, subdivision: str | None,
                     extended: bool) -> Deadline:
    """The deadline one period gives, shifted off a non-working day."""
    nominal = _add(received, period.length, period.unit, country, subdivision)
    extended_nominal = None
    if extended and period.extension:
        ext = period.extension
        extended_nominal = (add_months(received, period.length + ext.length)
                            if period.unit == ext.unit == "months"
                            else _add(nominal, ext.length, ext.unit, country, subdivision))
    due, reason = next_working_day(nominal, country, subdivision)
    confirm = period.confirm_receipt
    return Deadline(
        received=received,
        nominal_due=nominal,
        due=due,
        extended_due=(next_working_day(extended_nominal, country, subdivision)[0]
                      if extended_nominal else None),
        rule=period.rule,
        calendar=_calendar_name(country, subdivision),
        shift_reason=reason if due != nominal else None,
        basis=period.basis,
        provision=period.provision,
        confirm_by=(_add(received, confirm.length, confirm.unit, country, subdivision)
                    if confirm else None),
    )


def due_date(
    received: date,
    jurisdiction_code: str,
    country: str,
    subdivision: str | None = None,
    extended: bool = False,
    request_type: str = "access",
) -> Deadline:
    """The deadline for a `request_type` received on `received` under a jurisdiction.

    `extended` asks for the extended date too, where the law allows an extension (GDPR and
    UK GDPR: two further months announced with reasons within the first month; PIPEDA: 30
    days; CCPA: 45 days). Where a province has its own period (Quebec, Alberta, BC) it comes
    as `provincial`. ValueError where our sources give no period in days or months.
    """
    country, subdivision = _calendar_key(country, subdivision)
    if jurisdiction_code == "UK":
        subdivision = subdivision or _UK_DEFAULT_SUBDIVISION
    try:
        law = get_law(jurisdiction_code)
    except KeyError:
        law = None
    period = law.period(request_type, received) if law else None
    if law is None or period is None:
        answer = f" (the law says: {law.answer})" if law and law.answer else ""
        raise ValueError(
            f"no sourced answer period for jurisdiction {jurisdiction_code!r} "
            f"({getattr(request_type, 'value', request_type)} request){answer}"
        )
    deadline = _period_deadline(received, period, country, subdivision, extended)
    region = f"{country}-{subdivision}" if subdivision else None
    provincial = law.provincial_period(region, request_type, received)
    if provincial is not None:
        deadline = replace(deadline, provincial=_period_deadline(
            received, provincial, country, subdivision, extended))
    return deadline


def parse_sent_by(value: str | None) -> str | None:
    """How a request is or was sent ("email", "post"; "e-mail" is read as "email"), or None;
    ValueError otherwise."""
    if value in (None, ""):
        return None
    channel = str(value).strip().lower().replace("-", "")
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {value!r}; valid: {', '.join(CHANNELS)}")
    return channel


def receipt_for(sent: date | None = None, sent_by: str | None = None,
                received: date | None = None, known: bool = False) -> tuple[date | None, str]:
    """The day a period counts from, and on what footing (one of `RECEIPTS`).

    `known`: the person said `received` is the day it arrived. Otherwise an e-mail counts
    from the day it was sent; a posted letter from the delivery day the person estimates
    (`received`), or from nothing if they gave none; without `sent_by`, from `received` or
    `sent` as the caller's assumption.
    """
    channel = parse_sent_by(sent_by)
    if sent and received and received < sent:
        raise ValueError("a letter cannot be received before it was sent")
    if known and received:
        return received, "given"
    if channel == "email" and sent:
        return sent, "same_day"
    if channel == "post":
        return (received, "estimated") if received else (None, "estimated")
    day = received or sent
    return day, "assumed"


def deadline_for(place: Place, request_type: str = "access", *, sent: date | None = None,
                 sent_by: str | None = None, received: date | None = None,
                 known: bool = False, extended: bool = False) -> Deadline | None:
    """The deadline of a request from `place`, with how its receipt is known; None where no
    receipt day can be counted from (posted, no estimate) or no period is sourced."""
    day, footing = receipt_for(sent, sent_by, received, known)
    if day is None:
        return None
    try:
        deadline = due_date(day, jurisdiction_for(place).code, place.country, place.subdivision,
                            extended=extended, request_type=request_type)
    except ValueError:
        return None
    return replace(deadline, receipt=footing, sent=sent)


def not_yet_due(place: Place, sent: date, today: date) -> date | None:
    """The due date of a request sent on `sent` from `place`, if it has not passed on `today`.

    None when it has passed, or where no answer period is modelled: a reminder or a
    complaint about a missing answer is premature only before a known due date. The request
    may have been received after it was sent, never before, so counting from the sending day
    gives the earliest possible due date; where a province's period may apply too, the later
    date counts.
    """
    try:
        deadline = due_date(sent, jurisdiction_for(place).code, place.country, place.subdivision)
    except ValueError:  # no answer period for this jurisdiction
        return None
    due = deadline.latest_due
    return due if today <= due else None
