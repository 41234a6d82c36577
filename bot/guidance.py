"""What the assistant can tell a person about their own law, as data the chat and the command
line word: `law_guidance(place, on)`.

One call gives, for a place and a day: the law and its regulator, which first requests a letter
can make (and why not, where the law gives no such right), the answer period and the rule that
counts it (with a province's own period in Canada), what a reminder is (the UK's s.164A
complaint to the controller from 19 June 2026, Australia's s.40(1A) complaint), the complaint
route (the authority, its channels as the records give them, the prerequisites, the remedy),
and the caveats the facts file asks to say (Japan's art. 171, the OAIC determination, BIPA).
Nothing here is worded for a person: the chat words it in the conversation's language
(`domain.yml`), the command line in English (`describe`). Never the GDPR to someone it does not
cover: each field comes from that place's law.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from bot.jurisdictions import Jurisdiction, Place, jurisdiction_for
from bot.laws import (
    ComplaintRoute,
    FollowUpKind,
    Law,
    Note,
    Period,
    Prerequisite,
    Right,
    get_law,
)
from bot.registry import Authority, complaint_authorities, get_authority


@dataclass(frozen=True)
class Guidance:
    """Everything sourced the assistant knows about one place's law on one day."""

    place: Place
    on: datetime.date
    jurisdiction: Jurisdiction  # code, law_short, law_full, regulator, letter_supported
    law: Law
    rights: tuple[Right, ...]  # access, erasure, objection: available, provision or reason
    period: Period | None  # the access request's answer period, None where none is sourced
    provincial_period: Period | None  # Canada: Quebec, Alberta or BC's own period
    answer: str | None  # the answer period in words where the law gives no number (Japan)
    follow_up: FollowUpKind | None  # what a reminder is on `on`
    complaint: ComplaintRoute | None  # the complaint route on `on`, None where none is sourced
    authorities: tuple[Authority, ...]  # where to complain (several: the person picks, DE)
    notes: tuple[Note, ...]  # caveats and decisions the facts file asks to say
    missing: tuple[str, ...]  # facts the sources lack: say so, never guess

    @property
    def letters(self) -> tuple[str, ...]:
        """The first requests a letter can be written for here."""
        if not self.jurisdiction.letter_supported:
            return ()
        return tuple(r.request_type for r in self.rights if r.available)

    def allows(self, request_type: str) -> bool:
        """Whether a letter of this type can be written here: a first request the law gives
        a right to, a reminder where first requests exist, a complaint where a route does."""
        kind = str(getattr(request_type, "value", request_type))
        if kind in ("access", "erasure", "objection"):
            return kind in self.letters
        if kind == "complaint":
            return bool(self.letters) and self.complaint is not None
        return bool(self.letters)

    @property
    def company_first(self) -> Prerequisite | None:
        """The complaint to the company a complaint to the regulator expects (UK s.164A) or
        requires (Australia s.40(1A)), on this guidance's day."""
        route = self.complaint
        return next((p for p in route.prerequisites if p.code == "controller_complaint_first"),
                    None) if route else None

    def right(self, request_type: str) -> Right:
        """One right by its request type."""
        kind = str(getattr(request_type, "value", request_type))
        return next(r for r in self.rights if r.request_type == kind)


def _authorities(place: Place, route: ComplaintRoute | None) -> tuple[Authority, ...]:
    """The authority of a route: a named one, or each country's (GDPR: "national")."""
    if route is None:
        return ()
    if route.authority == "national":
        return tuple(complaint_authorities(place.code))
    return (get_authority(route.authority),)


def law_guidance(place: Place, on: datetime.date | None = None) -> Guidance:
    """The guidance for `place` on `on` (default today).

    `on` decides the dated rules: the period of a request received that day (UK: Art. 12A
    from 5 February 2026), and the reminder and complaint route of a letter written that day
    (UK: s.164A and s.165 DPA 2018 from 19 June 2026).
    """
    day = on or datetime.date.today()
    jurisdiction = jurisdiction_for(place)
    law = get_law(jurisdiction.code)
    route = law.complaint(day)
    return Guidance(
        place=place,
        on=day,
        jurisdiction=jurisdiction,
        law=law,
        rights=tuple(law.rights.values()),
        period=law.period("access", day),
        provincial_period=law.provincial_period(place.subdivision, "access", day),
        answer=law.answer,
        follow_up=law.follow_up(day),
        complaint=route,
        authorities=_authorities(place, route),
        notes=law.notes,
        missing=law.missing,
    )


def _period_line(period: Period) -> str:
    unit = period.unit.replace("_", " ")
    extension = ""
    if period.extension:
        ext = period.extension
        extension = f"; extendable by {ext.length} {ext.unit} ({ext.notice})"
    shift = "" if period.shift == "sourced" else "; weekend/holiday shift assumed"
    return f"{period.length} {unit} ({period.provision}){extension}{shift} [{period.rule}]"


def describe(guidance: Guidance) -> str:
    """The guidance as English lines for the command line (`python -m bot law`)."""
    j = guidance.jurisdiction
    lines = [f"place: {guidance.place.code} -> {j.code}"]
    if not j.law_short:
        lines.append("law: none that this assistant can cite: general guidance only")
    else:
        lines.append(f"law: {j.law_full} ({j.law_short}); regulator: {j.regulator}")
    for right in guidance.rights:
        if right.available and j.letter_supported:
            nearest = f" - nearest: {right.nearest}" if right.nearest else ""
            lines.append(f"letter: {right.request_type}: {right.provision}{nearest}")
        else:
            lines.append(f"no letter: {right.request_type}: {right.reason}")
    if guidance.period:
        lines.append(f"answer period: {_period_line(guidance.period)}")
    elif guidance.answer:
        lines.append(f"answer period: {guidance.answer}")
    if guidance.provincial_period:
        p = guidance.provincial_period
        lines.append(f"provincial period: {p.law}: {_period_line(p)}")
    if guidance.follow_up:
        f = guidance.follow_up
        ack = f", acknowledged within {f.acknowledge_days} days" if f.acknowledge_days else ""
        lines.append(f"reminder: {f.kind.replace('_', ' ')} ({f.provision}){ack}")
    route = guidance.complaint
    if route:
        lines.append(f"complaint: {route.kind}" + (f" ({route.provision})" if route.provision
                                                    else ""))
        for pre in route.prerequisites:
            law = "required by law" if pre.required_by_law else f"expected by the {pre.expected_by}"
            lines.append(f"  first: complain to the company ({pre.provision}; {law})"
                         + (f"; then {pre.then}" if pre.then else ""))
        for authority in guidance.authorities:
            channels = ", ".join(f"{c.kind} {c.target or ''}".strip()
                                 for c in authority.channels) or "not in our records"
            lines.append(f"  authority: {authority.name}: {channels}")
        if route.remedy:
            lines.append(f"  remedy: {route.remedy.provision}: {route.remedy.what}")
    else:
        lines.append("complaint: no complaint procedure in this assistant's sources")
    lines += [f"note: {n.text}" for n in guidance.notes]
    lines += [f"not in our sources: {m}" for m in guidance.missing]
    return "\n".join(lines) + "\n"
