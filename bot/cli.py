"""Command-line interface: letters, deadlines, cases and retention without the chat.

For NGO staff helping someone by phone or at a desk, and for checking a template or a
deadline rule quickly. `python -m bot letter ...` writes a letter in any output format under
the person's own law (GDPR, UK GDPR, FADP, PIPEDA, CCPA, Privacy Act 1988, LGPD, APPI);
`python -m bot deadline ...` prints a due date and the rule behind it, or every law's period;
`python -m bot law ...` what a place's law gives (`bot.guidance`); `purge`, `stats` and
`case show|delete` manage the case store and retention (bot/cases/cli.py). Bad values exit with
code 2 (argparse's convention for usage errors) and a message listing the valid ones.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from bot.cli_args import USAGE_ERROR, UsageError, date_argument
from bot.cli_followup import ESCALATIONS, add_arguments, check_initial, escalation_spec
from bot.deadlines import CHANNELS, Deadline, due_date
from bot.guidance import describe, law_guidance
from bot.i18n import SUPPORTED_LANGUAGES
from bot.identification import IdMethod
from bot.jurisdictions import (
    Jurisdiction,
    Place,
    country_name,
    jurisdiction_for,
    resolve_place,
)
from bot.laws import get_law
from bot.letters import Letter, LetterNotSupported, render_letter
from bot.letters.spec import LetterSpec, letter_request
from bot.outputs import FORMATS, render
from bot.registry import list_controllers
from bot.rights import RequestType

# The first requests this command writes; follow-ups and complaints take more arguments
# (`bot.cli_followup`) and are spelled "follow-up" and "complaint".
RIGHTS = (RequestType.ACCESS, RequestType.ERASURE, RequestType.OBJECTION)


def _cli_id(method: IdMethod) -> str:
    """The command-line spelling of an identification method ("no-photo")."""
    return method.value.replace("_", "-")


def _choice(value: str, valid: Sequence[str], what: str) -> str:
    """`value` if it is one of `valid`, else a UsageError listing them."""
    if value not in valid:
        raise UsageError(f"unknown {what} {value!r}; valid: {', '.join(valid)}")
    return value


def _place(code: str) -> Place:
    """A Place from a country code (FR, GB, UK, DE-BY, US-IL); UsageError if unknown."""
    try:
        country, _, sub = code.strip().upper().partition("-")
        place = Place(country, code.strip() if sub else None)
        # resolve_place accepts a bare ISO code only for real countries (not ZZ, EU, ...)
        known = resolve_place(place.country)
        if known is None or known.country != place.country:
            raise ValueError(code)
        country_name(place.country)
    except ValueError:
        raise UsageError(
            f"unknown country {code!r}; give an ISO 3166-1 code such as FR, DE, GB, CH, CA, "
            "AU, BR, JP (or a subdivision such as US-CA, CA-QC, US-IL)"
        ) from None
    return place


def _letter_place(code: str) -> tuple[Place, Jurisdiction]:
    """The place and its regime; UsageError where no letter can be written."""
    place = _place(code)
    jurisdiction = jurisdiction_for(place)
    if not jurisdiction.letter_supported:
        law = f" ({jurisdiction.law_short})" if jurisdiction.law_short else ""
        reason = get_law(jurisdiction.code).right("access").reason or ""
        raise UsageError(
            f"no letter is available for {code.upper()}{law}: {reason} Letters are available "
            "for EU/EEA countries, the United Kingdom, Switzerland, Canada, California, "
            "Australia, Brazil and Japan (see `python -m bot law --jurisdiction XX`)."
        )
    return place, jurisdiction


def _deadline(received: datetime.date, place: Place, jurisdiction_code: str,
              extended: bool = False, request_type: str = "access") -> Deadline:
    """The deadline for `place`; UsageError where no answer period is modelled."""
    try:
        return due_date(received, jurisdiction_code, place.country,
                        place.subdivision, extended=extended, request_type=request_type)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def build_letter(args: argparse.Namespace) -> Letter:
    """Validate the letter arguments and render the letter (`bot.letters.spec`, as the chat)."""
    rights = [r.value for r in RIGHTS] + list(ESCALATIONS)
    methods = [_cli_id(m) for m in IdMethod]
    controllers = [c.slug for c in list_controllers()]
    _choice(args.right, rights, "right")
    _choice(args.language, SUPPORTED_LANGUAGES, "language")
    escalation = args.right in ESCALATIONS
    if args.id_method is None and not escalation:
        raise UsageError("--id-method is required for a first request: " + ", ".join(methods))
    method = _choice(args.id_method or "no-photo", methods,
                     "identification method").replace("-", "_")
    _choice(args.controller, controllers, "controller")
    place, _jurisdiction = _letter_place(args.jurisdiction)
    spec: LetterSpec = {
        "request_type": ESCALATIONS.get(args.right, args.right), "country": place.code,
        "name": args.name,
        "email": args.email, "id_method": method, "controller": args.controller,
        "date": args.date or datetime.date.today(), "public_links": args.link or [],
        "language": args.language,
    }
    if args.sent_by:  # a first request: how it will go; an escalation: how the first went
        spec["sent_by"] = _choice(args.sent_by.lower(), CHANNELS, "channel")
    if args.received:  # a first request: an expectation ("if you receive it on ...")
        spec["received"] = args.received
    if args.place:
        spec["place"] = args.place
    if escalation:
        spec = escalation_spec(args, spec)
    else:
        check_initial(args)
    try:
        return render_letter(letter_request(spec))
    except LetterNotSupported as exc:  # the law gives no such right: say why
        raise UsageError(str(exc)) from None
    except ValueError as exc:  # a bad name, e-mail address or link; no letter there
        raise UsageError(str(exc)) from None


def _render(letter: Letter, args: argparse.Namespace) -> str | bytes:
    """The letter in the requested format (`bot.outputs.render`)."""
    due = None
    if args.format == "ics":
        if not args.received:
            raise UsageError("--format ics needs --received (the date the request was received)")
        place, jurisdiction = _letter_place(args.jurisdiction)
        due = _deadline(args.received, place, jurisdiction.code, request_type=args.right).due
    output = render(letter, args.format, due=due, reminder_language=args.language)
    if args.format != "mailto":
        return output
    if "\n\n" in str(output):  # the link carries no body: the letter follows it
        print(
            "note: the letter is too long for a mailto link; the link has the address and "
            "subject only; paste the letter (below the link) into the message",
            file=sys.stderr,
        )
        return output
    return f"{output}\n"


def _write(output: str | bytes, out: Path | None) -> None:
    """Write to `out`, or to stdout (bytes through stdout.buffer)."""
    data = output.encode("utf-8") if isinstance(output, str) else output
    if out is not None:
        out.write_bytes(data)
    elif isinstance(output, str):
        sys.stdout.write(output)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def cmd_letter(args: argparse.Namespace) -> int:
    """`letter`: render and write."""
    _choice(args.format, FORMATS, "format")
    letter = build_letter(args)
    try:
        output = _render(letter, args)
    except ValueError as exc:  # e.g. the controller has no e-mail address
        raise UsageError(str(exc)) from None
    _write(output, args.out)
    return 0


def describe_deadline(deadline: Deadline) -> str:
    """The lines `deadline` prints: due date, rule, basis and the shift if any."""
    lines = [
        f"due: {deadline.due.isoformat()}",
        f"received: {deadline.received.isoformat()}",
        f"rule: {deadline.rule} (holiday calendar {deadline.calendar})",
        f"basis: {deadline.basis}",
    ]
    if deadline.due != deadline.nominal_due:
        lines.append(
            f"shifted: {deadline.nominal_due.isoformat()} is a non-working day "
            f"({deadline.shift_reason}); moved to the next working day"
        )
    if deadline.extended_due:
        lines.append(f"extended due: {deadline.extended_due.isoformat()} (if the controller "
                     "announced an extension, as the law requires)")
    if deadline.confirm_by:
        lines.append(f"confirm receipt by: {deadline.confirm_by.isoformat()}")
    if deadline.provincial:
        lines.append(f"provincial: {deadline.provincial.due.isoformat()} "
                     f"({deadline.provincial.rule}: {deadline.provincial.basis})")
    return "\n".join(lines) + "\n"


# The places whose holidays illustrate each law in `deadline --all` (the law's own country;
# Canada's provinces with their own periods too).
_EXAMPLE_PLACES = (("EU", "FR"), ("UK", "GB"), ("CH", "CH"), ("CA", "CA"), ("CA", "CA-QC"),
                   ("CA", "CA-AB"), ("CA", "CA-BC"), ("US-CA", "US-CA"), ("AU", "AU"),
                   ("BR", "BR"), ("JP", "JP"), ("US-IL", "US-IL"))


def cmd_deadline(args: argparse.Namespace) -> int:
    """`deadline`: print the due date and why; with `--all`, every law's period."""
    if args.all or not args.jurisdiction:
        for code, example in _EXAMPLE_PLACES:
            place = Place.from_code(example)
            guidance = law_guidance(place, args.received)
            sys.stdout.write(f"== {code} ({guidance.jurisdiction.law_short}), e.g. {example}\n")
            try:
                sys.stdout.write(describe_deadline(_deadline(args.received, place, code,
                                                             extended=args.extended)))
            except UsageError as exc:
                sys.stdout.write(f"no due date: {exc}\n")
        return 0
    place = _place(args.jurisdiction)
    jurisdiction = jurisdiction_for(place)
    deadline = _deadline(args.received, place, jurisdiction.code, extended=args.extended)
    sys.stdout.write(describe_deadline(deadline))
    return 0


def cmd_law(args: argparse.Namespace) -> int:
    """`law`: what the place's law gives, its period, reminder and complaint route."""
    sys.stdout.write(describe(law_guidance(_place(args.jurisdiction), args.date)))
    return 0


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors go through UsageError (same message style, exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The `python -m bot` parser. Choices are validated by hand so errors list them."""
    parser = _Parser(prog="python -m bot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    letter = sub.add_parser("letter", help="write a request letter, a reminder or a complaint")
    letter.add_argument("--right", required=True,
                        help="access | erasure | objection | follow-up | complaint")
    letter.add_argument("--jurisdiction", required=True, metavar="COUNTRY",
                        help="where the person lives: FR, DE, GB, ... (decides the law)")
    letter.add_argument("--language", default="en", help=" | ".join(SUPPORTED_LANGUAGES))
    letter.add_argument("--name", required=True)
    letter.add_argument("--email", required=True)
    letter.add_argument("--id-method",
                        help=" | ".join(_cli_id(m) for m in IdMethod)
                        + " (first requests; a follow-up may offer links or a photo)")
    letter.add_argument("--link", action="append", metavar="URL",
                        help="a page where the face already appears (with public-links)")
    letter.add_argument("--controller", default="clearview-ai")
    letter.add_argument("--received", type=date_argument, metavar="YYYY-MM-DD",
                        help="when the controller is expected to receive it: adds the due "
                             "date, worded 'if you receive it on ...'")
    letter.add_argument("--sent-by", metavar="CHANNEL",
                        help="email (received the day it is sent: adds the due date) | post; "
                             "with --right follow-up | complaint: how the first request went")
    letter.add_argument("--date", type=date_argument, metavar="YYYY-MM-DD",
                        help="the letter's date (default: today)")
    letter.add_argument("--place", help="place printed before the date (pdf)")
    letter.add_argument("--format", default="text", help=" | ".join(FORMATS))
    letter.add_argument("--out", type=Path, metavar="FILE", help="default: standard output")
    add_arguments(letter)  # --original-request, --problem, ... (bot.cli_followup)
    letter.set_defaults(func=cmd_letter)

    deadline = sub.add_parser("deadline", help="when the answer is due")
    deadline.add_argument("--received", type=date_argument, required=True, metavar="YYYY-MM-DD")
    deadline.add_argument("--jurisdiction", metavar="COUNTRY",
                          help="where the person lives; without it, every law's period")
    deadline.add_argument("--all", action="store_true", help="every law's period")
    deadline.add_argument("--extended", action="store_true",
                          help="also show the date if the controller extends, as the law allows")
    deadline.set_defaults(func=cmd_deadline)

    law = sub.add_parser("law", help="what the law of a place gives (rights, period, complaint)")
    law.add_argument("--jurisdiction", required=True, metavar="COUNTRY")
    law.add_argument("--date", type=date_argument, metavar="YYYY-MM-DD",
                     help="the day that decides dated rules (default: today)")
    law.set_defaults(func=cmd_law)

    # purge, stats, case show|delete: the case store and retention (imports on use)
    from bot.cases.cli import add_commands

    add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 2 bad input)."""
    try:
        args = build_parser().parse_args(argv)
        return int(args.func(args))
    except UsageError as exc:
        print(f"python -m bot: error: {exc}", file=sys.stderr)
        return USAGE_ERROR
