"""`python -m bot letter --right follow-up | complaint`: the arguments of a reminder or a
complaint, for NGO staff writing the second letter for someone.

    python -m bot letter --right follow-up --jurisdiction FR --name "…" --email … \\
        --original-request access --original-sent 2026-09-14 \\
        --problem id_document_demanded --problem partial_answer --missing sources

`--problem` takes the situation ids of `bot/data/situations.yml` (`bot.rights.Problem`);
what a situation needs (`--missing`, `--extension-notice`, `--extension-reasons`,
`--refusal-reasons`) is checked by the letter itself (`bot.letters.checks`), whose message
says what is missing. How the first request went is `python -m bot letter`'s own `--sent-by`
and `--received` (with `--receipt-known` when the person knows that day). Bad values exit 2
like every other usage error.
"""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli_args import UsageError, date_argument
from bot.letters.spec import LetterSpec
from bot.rights import INITIAL_REQUEST_TYPES, LEGACY_PROBLEMS, Problem
from bot.situations import checklist_codes, detail_owners

# The command-line spelling of the letters this module adds to `--right`.
ESCALATIONS = {"follow-up": "follow_up", "complaint": "complaint"}
YES_NO = ("yes", "no")


def _choice(value: str, valid: tuple[str, ...] | list[str], what: str) -> str:
    if value not in valid:
        raise UsageError(f"unknown {what} {value!r}; valid: {', '.join(valid)}")
    return value


def add_arguments(letter: argparse.ArgumentParser) -> None:
    """The follow-up and complaint options of `python -m bot letter`."""
    group = letter.add_argument_group(
        "follow-up and complaint (--right follow-up | complaint)")
    originals = " | ".join(t.value for t in INITIAL_REQUEST_TYPES)
    group.add_argument("--original-request", metavar="RIGHT",
                       help=f"the first request: {originals}")
    group.add_argument("--original-sent", type=date_argument, metavar="YYYY-MM-DD",
                       help="when the first request was sent")
    group.add_argument("--problem", action="append", metavar="SITUATION",
                       help="what went wrong (repeat): " + " | ".join(p.value for p in Problem))
    group.add_argument("--missing", action="append", metavar="ITEM",
                       help="with partial_answer, what is missing (repeat): a checklist code ("
                            + ", ".join(checklist_codes()) + ") or words")
    group.add_argument("--detail", action="append", metavar="CODE",
                       help="what exactly happened (repeat): " + ", ".join(detail_owners()))
    group.add_argument("--extension-notice", type=date_argument, metavar="YYYY-MM-DD",
                       help="with extension: when the controller announced it")
    group.add_argument("--extension-reasons", metavar="yes|no",
                       help="with extension: whether it gave reasons")
    group.add_argument("--refusal-reasons", metavar="yes|no",
                       help="with refusal_without_remedies: whether the refusal gave reasons")
    group.add_argument("--authority", metavar="SLUG",
                       help="the supervisory authority (complaint: the recipient; follow-up: "
                            "named as the next step), e.g. frcnil, gbico")
    group.add_argument("--receipt-known", action="store_true",
                       help="the first request is known to have arrived on --received (else "
                            "the letter says 'if you received it on ...')")
    group.add_argument("--controller-complaint-sent", type=date_argument, metavar="YYYY-MM-DD",
                       help="complaint: when the person complained to the company first (UK "
                            "s.164A DPA 2018; Australia s.40(1A), required there)")
    group.add_argument("--reply", action="append", metavar="YYYY-MM-DD:SITUATION[,…]",
                       help="complaint: a reply and what was wrong with it (repeat)")
    group.add_argument("--follow-up-sent", type=date_argument, metavar="YYYY-MM-DD",
                       help="complaint: when a reminder was sent")


def _problems(values: list[str]) -> list[str]:
    valid = [p.value for p in Problem]
    for value in values:
        if value not in LEGACY_PROBLEMS:
            _choice(value, valid, "problem")
    return values


def escalation_spec(args: argparse.Namespace, spec: LetterSpec) -> LetterSpec:
    """`spec` with the follow-up or complaint fields the arguments give."""
    if not args.original_request or not args.original_sent:
        raise UsageError("a follow-up or complaint needs --original-request and "
                         "--original-sent (the first request and when it was sent)")
    _choice(args.original_request, [t.value for t in INITIAL_REQUEST_TYPES], "original request")
    if not args.problem:
        raise UsageError("a follow-up or complaint needs at least one --problem: "
                         + ", ".join(p.value for p in Problem))
    values: dict[str, Any] = {
        "original_request": args.original_request,
        "original_sent": args.original_sent,
        "problems": _problems(args.problem),
        "missing_items": args.missing or [],
        "details": [_choice(d, list(detail_owners()), "detail") for d in args.detail or ()],
    }
    if args.extension_notice:
        values["extension_notice_date"] = args.extension_notice
    for option, key in (("extension_reasons", "extension_reasons_given"),
                        ("refusal_reasons", "refusal_reasons_given")):
        answer = getattr(args, option)
        if answer is not None:
            values[key] = _choice(answer.lower(), YES_NO, option.replace("_", "-")) == "yes"
    if args.authority:
        values["authority"] = args.authority
    if args.receipt_known:
        if not args.received:
            raise UsageError("--receipt-known needs --received (the day the first request "
                             "arrived)")
        values["receipt_known"] = True
    if args.controller_complaint_sent:
        values["controller_complaint_sent"] = args.controller_complaint_sent
    if args.reply:
        values["replies"] = list(args.reply)
    if args.follow_up_sent:
        values["follow_up_sent"] = args.follow_up_sent
    return {**spec, **values}  # type: ignore[typeddict-item]


def check_initial(args: argparse.Namespace) -> None:
    """A first request takes none of the follow-up options."""
    given = [name for name in ("original_request", "original_sent", "problem", "missing",
                               "detail", "extension_notice", "extension_reasons",
                               "refusal_reasons", "authority", "reply", "follow_up_sent",
                               "receipt_known", "controller_complaint_sent")
             if getattr(args, name)]
    if given:
        option = "--" + given[0].replace("_", "-")
        raise UsageError(f"{option} is only used with --right follow-up or complaint")
