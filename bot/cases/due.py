"""When a case's answer is due: the day its period counts from, and the due dates.

The case store calls these when a letter is recorded as sent; they follow the letters' rule
(`bot.deadlines`): a period runs from receipt, which by e-mail is the sending day, by post the
delivery day the person estimates, and otherwise an assumption the chat says as one.
"""

from __future__ import annotations

import datetime

from bot.deadlines import due_date, receipt_for
from bot.jurisdictions import Place


def deadlines_for(place: str, jurisdiction: str, received: datetime.date,
                  request_type: str = "access",
                  ) -> tuple[datetime.date | None, datetime.date | None]:
    """(due, extended due) for a request received on `received`; None where not modelled.

    A subdivision without its own holiday calendar falls back to the country's; where a
    province's own period may apply too (Canada), the later date is kept, so a case never
    calls an answer late before every period that may apply has ended.
    """
    where = Place.from_code(place)
    for subdivision in dict.fromkeys([where.subdivision, None]):
        try:
            deadline = due_date(received, jurisdiction, where.country, subdivision,
                                extended=True, request_type=request_type)
        except ValueError as exc:
            if "no holiday calendar" in str(exc):
                continue
            return None, None
        return deadline.latest_due, deadline.extended_due
    return None, None


def receipt(sent: datetime.date, sent_by: str | None, received: datetime.date | None,
            receipt_known: bool) -> tuple[datetime.date, str]:
    """The day the period counts from and how it is known (`bot.deadlines.receipt_for`);
    without any receipt day (posted, no estimate) the sending day, as an assumption: the
    earliest the letter can have arrived."""
    day, footing = receipt_for(sent, sent_by, received, receipt_known)
    if day is None:
        return sent, "assumed"
    return day, footing
