"""`python -m bot purge | stats | case show | case delete`: the case store from the shell.

Registered by `bot.cli.build_parser`; everything heavy (SQLAlchemy, Alembic) is imported when
one of these commands runs, so `python -m bot letter` stays quick. Errors go through
`bot.cli_args.UsageError` (exit 2); a reference that names no case exits 1.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from typing import Any

from bot.cli_args import UsageError, date_argument

NOT_FOUND = 1


def _usage(message: str) -> Exception:
    return UsageError(message)


def _store(url: str | None) -> Any:
    """The case store at `url` (default `$CASES_DB_URL` or var/cases.db), migrated."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    from bot.cases import CaseStore
    from bot.settings import cases_db_url

    try:
        return CaseStore.from_url(url or cases_db_url())
    except ArgumentError as exc:
        raise _usage(f"not a database URL: {exc}") from None
    except OperationalError as exc:
        raise _usage(f"cannot open the case database: {exc.orig}") from None


def _sqlite_file_missing(url: str) -> bool:
    """True for a SQLite URL whose file does not exist (nothing to purge there)."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return (parsed.get_backend_name() == "sqlite" and bool(parsed.database)
            and parsed.database != ":memory:" and not Path(parsed.database).exists())


def _reference(text: str) -> str:
    from bot.cases import InvalidReference, parse_reference

    try:
        return parse_reference(text)
    except InvalidReference as exc:
        raise _usage(str(exc)) from None


def cmd_purge(args: argparse.Namespace) -> int:
    """Delete old conversations and finished cases (retention in settings.yml)."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    from bot.retention import purge
    from bot.settings import cases_db_url, load_settings, tracker_db_url

    cases_url = args.cases_db or cases_db_url()
    tracker_url = args.tracker_db or tracker_db_url()
    if tracker_url is None:
        raise _usage("the tracker store is not SQLite: give --tracker-db URL or set "
                     "TRACKER_DB_URL (e.g. postgresql+psycopg2://user:password@host/db)")
    store = None if _sqlite_file_missing(cases_url) else _store(cases_url)
    if _sqlite_file_missing(tracker_url):
        tracker_url = None
    try:
        result = purge(datetime.datetime.now(datetime.timezone.utc), store, tracker_url,
                       load_settings(), dry_run=args.dry_run)
    except ArgumentError as exc:
        raise _usage(f"not a database URL: {exc}") from None
    except OperationalError as exc:
        raise _usage(f"cannot open the database: {exc.orig}") from None
    finally:
        if store is not None:
            store.close()
    verb = "would delete" if args.dry_run else "deleted"
    retention = load_settings().retention
    print(f"{verb}: {result.cases} case(s) with {result.case_events} history entries "
          f"(answered or closed, inactive for {retention.closed_cases_days} days)")
    print(f"{verb}: {result.conversations} conversation(s) with {result.tracker_events} "
          f"events (last message over {retention.conversations_days} days ago)")
    return 0


def _table(stats: dict[str, dict[str, int]]) -> str:
    lines = []
    for group, counts in stats.items():
        lines.append(f"{group}:")
        if not counts:
            lines.append("  (none)")
        width = max((len(k) for k in counts), default=0)
        lines.extend(f"  {key.ljust(width)}  {n:>6}" for key, n in counts.items())
    return "\n".join(lines) + "\n"


def cmd_stats(args: argparse.Namespace) -> int:
    """Counts of cases by type, jurisdiction, chat language, status and week."""
    if args.format not in ("table", "json"):
        raise _usage(f"unknown format {args.format!r}; valid: table, json")
    store = _store(args.cases_db)
    try:
        stats = store.stats(since=args.since)
    finally:
        store.close()
    if args.format == "json":
        sys.stdout.write(json.dumps(stats, indent=2, sort_keys=True) + "\n")
    else:
        sys.stdout.write(_table(stats))
    return 0


def _extension(case: Any) -> str:
    """" (extension announced on ..., with reasons: counts)" for the extended due line."""
    extension = case.extension
    if extension is None:
        return ""
    facts = []
    if extension.notice:
        facts.append(f"on {extension.notice.isoformat()}")
    if extension.reasons_given is not None:
        facts.append("with reasons" if extension.reasons_given else "without reasons")
    verdict = "counts" if extension.valid else "does not count: late or without reasons"
    return f" (extension announced{' ' if facts else ''}{', '.join(facts)}: {verdict})"


def describe_case(case: Any, today: datetime.date) -> str:
    """A case as text lines: codes, dates, status, history and the next step; no owner."""
    from bot.cases import next_step

    step = next_step(case, today)
    lines = [
        f"reference: {case.reference}",
        f"request: {case.request_type.value} to {case.controller}",
        f"place: {case.place} (jurisdiction {case.jurisdiction})",
        f"authority: {case.authority or '-'}",
        f"languages: letter {case.letter_language}, chat {case.chat_language}",
        f"channel: {case.channel}",
        f"status: {case.current(today).value}",
        f"sent: {case.sent.isoformat() if case.sent else '-'}"
        + (f" by {case.sent_by}" if case.sent_by else "")
        + (f" ({case.days_waiting(today)} days ago)" if case.sent else ""),
        f"due: {case.due.isoformat() if case.due else '-'}",
        f"extended due: {case.extended_due.isoformat() if case.extended_due else '-'}"
        + _extension(case),
        f"problems: {', '.join(p.value for p in case.problems) or '-'}",
        f"opened: {case.created.date().isoformat()}",
        f"last activity: {case.last_activity.date().isoformat()}",
        "history:",
    ]
    for event in case.events:
        detail = ", ".join(
            f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in event.detail.items())
        lines.append(f"  {event.at.strftime('%Y-%m-%d %H:%M')}Z  {event.kind}"
                     + (f"  {detail}" if detail else ""))
    until = f" until {step.until.isoformat()}" if step.until else ""
    lines.append(f"next step: {step.kind}{until}: {step.reason}")
    return "\n".join(lines) + "\n"


def cmd_case_show(args: argparse.Namespace) -> int:
    reference = _reference(args.reference)
    store = _store(args.cases_db)
    try:
        case = store.find(reference)
    finally:
        store.close()
    if case is None:
        print(f"python -m bot: no case with reference {args.reference.strip().upper()}",
              file=sys.stderr)
        return NOT_FOUND
    sys.stdout.write(describe_case(case, datetime.date.today()))
    return 0


def cmd_case_delete(args: argparse.Namespace) -> int:
    from bot.cases import format_reference

    reference = _reference(args.reference)
    store = _store(args.cases_db)
    try:
        deleted = store.delete(reference)
    finally:
        store.close()
    if not deleted:
        print(f"python -m bot: no case with reference {format_reference(reference)}",
              file=sys.stderr)
        return NOT_FOUND
    print(f"deleted case {format_reference(reference)} and its history")
    return 0


def add_commands(sub: Any) -> None:
    """Add purge, stats and case to the `python -m bot` subparsers `sub`."""
    db_help = "case database URL (default: $CASES_DB_URL or sqlite:///var/cases.db)"

    purge = sub.add_parser("purge", help="delete old conversations and finished cases")
    purge.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    purge.add_argument("--cases-db", metavar="URL", help=db_help)
    purge.add_argument("--tracker-db", metavar="URL",
                       help="Rasa tracker store URL (default: $TRACKER_DB_URL, else SQLite "
                            "at $TRACKER_DB or var/tracker.db)")
    purge.set_defaults(func=cmd_purge)

    stats = sub.add_parser("stats", help="case counts (no personal data)")
    stats.add_argument("--cases-db", metavar="URL", help=db_help)
    stats.add_argument("--format", default="table", help="table | json")
    stats.add_argument("--since", type=date_argument, metavar="YYYY-MM-DD",
                       help="only cases opened since that day")
    stats.set_defaults(func=cmd_stats)

    case = sub.add_parser("case", help="show or delete one case by its reference")
    case_sub = case.add_subparsers(dest="case_command", required=True,
                                   parser_class=type(case))
    show = case_sub.add_parser("show", help="print a case (nothing personal)")
    show.add_argument("reference", metavar="REF")
    show.add_argument("--cases-db", metavar="URL", help=db_help)
    show.set_defaults(func=cmd_case_show)
    remove = case_sub.add_parser("delete", help="delete a case and its history")
    remove.add_argument("reference", metavar="REF")
    remove.add_argument("--cases-db", metavar="URL", help=db_help)
    remove.set_defaults(func=cmd_case_delete)
