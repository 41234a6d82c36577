"""A calendar reminder for the day the controller's answer is due (RFC 5545).

One all-day event on the due date with a display alarm the day before, so the person is
reminded to check for the answer and, if none came, to complain. Built with the `icalendar`
library, which handles line folding at 75 octets and the escaping of commas, semicolons,
backslashes and line breaks in text values.
"""

from __future__ import annotations

import datetime
import uuid

from icalendar import Alarm, Calendar, Event

from bot.i18n import _, format_long_date, gettext
from bot.letters.sanitize import clean_text

PRODID = "-//Clearview rights assistant//letters//EN"
_MAX_TEXT = 300
# msgids marked with `_` for extraction, translated when the reminder is built
SUMMARY = _("Answer due from {controller}")
DESCRIPTION = _(
    "{controller} must answer your request by {due} at the latest: {subject}. "
    "If no answer has come, you can complain to your data protection authority."
)


def reminder_ics(
    letter_subject: str,
    due: datetime.date,
    controller_name: str,
    summary_language: str,
    *,
    now: datetime.datetime | None = None,
) -> bytes:
    """Return a VCALENDAR with one all-day VEVENT on `due` and a VALARM one day before.

    The UID is random: it identifies the event for updates and must not encode who the
    person is. SUMMARY and DESCRIPTION are translated into `summary_language`.
    """
    subject = clean_text(letter_subject, _MAX_TEXT)
    controller = clean_text(controller_name, _MAX_TEXT)
    stamp = (now or datetime.datetime.now(datetime.timezone.utc)).astimezone(datetime.timezone.utc)
    summary = gettext(summary_language, SUMMARY, controller=controller)
    description = gettext(
        summary_language,
        DESCRIPTION,
        controller=controller,
        due=format_long_date(due, summary_language),
        subject=subject,
    )

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", datetime.timedelta(days=-1))

    event = Event()
    event.add("uid", f"{uuid.uuid4()}@clearview-rights-assistant")
    event.add("dtstamp", stamp)
    event.add("dtstart", due)  # a date, not a datetime: an all-day event
    event.add("dtend", due + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    event.add_component(alarm)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add_component(event)
    return cal.to_ical()
