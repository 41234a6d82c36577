"""`python -m bot letter --right follow-up | complaint`: the second letter from the command
line, for every situation id, with the facts each needs; bad values exit 2 listing valid ones.
"""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.rights import Problem

BASE = ["letter", "--jurisdiction", "FR", "--language", "en", "--name", "Jane Doe",
        "--email", "jane@example.org", "--date", "2026-11-23",
        "--original-request", "access", "--original-sent", "2026-09-14"]
# What each situation needs on the command line besides --problem.
NEEDS = {
    Problem.EXTENSION: ["--extension-notice", "2026-10-20", "--extension-reasons", "no"],
    Problem.PARTIAL_ANSWER: ["--missing", "sources", "--missing", "the log of searches"],
    Problem.REFUSAL_WITHOUT_REMEDIES: ["--refusal-reasons", "yes"],
}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("problem", list(Problem), ids=[p.value for p in Problem])
def test_a_follow_up_for_every_situation(problem: Problem,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*BASE, "--right", "follow-up", "--problem", problem.value, *NEEDS.get(problem, [])]
    if problem is Problem.ERASURE_INCOMPLETE:
        argv += ["--original-request", "erasure"]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert out.startswith("Reminder: my request for ")
    assert "Dear Sir or Madam," in out and "legal-requests@clearview.ai" in out


def test_follow_up_with_details_links_and_the_retired_value(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*BASE, "--right", "follow-up", "--problem", "photo_or_id_demanded",
                          "--problem", "formalities_demanded", "--detail", "signature",
                          "--id-method", "public-links", "--link", "https://example.org/me"],
                         capsys)
    assert code == 0, err
    assert "You asked me for a copy of an identity document." in out
    assert "You asked me for a photograph of my face" in out
    assert "You asked me to sign my request." in out
    assert "- https://example.org/me" in out


def test_complaint_with_the_correspondence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*BASE, "--right", "complaint", "--jurisdiction", "IE",
                          "--authority", "iedpc", "--problem", "no_answer",
                          "--problem", "not_found", "--sent-by", "post",
                          "--reply", "2026-10-30:not_found", "--follow-up-sent", "2026-10-20"],
                         capsys)
    assert code == 0, err
    assert out.startswith("Complaint under Article 77 GDPR against Clearview AI, Inc.")
    assert "- 14 September 2026: my request for access to my personal data under Article 15 " \
           "GDPR, sent by post\n- 20 October 2026: my reminder to Clearview AI, Inc.\n" \
           "- 30 October 2026: an answer from Clearview AI, Inc. (see point 2 below)" in out


@pytest.mark.parametrize(("change", "expected"), [
    (["--right", "follow-up", "--problem", "late"], "unknown problem 'late'; valid: extension"),
    (["--right", "follow-up"], "at least one --problem"),
    (["--right", "follow-up", "--problem", "partial_answer"], "needs missing_items"),
    (["--right", "follow-up", "--problem", "extension"], "needs extension_notice_date"),
    (["--right", "follow-up", "--problem", "extension", "--extension-notice", "2026-10-20",
      "--extension-reasons", "maybe"], "valid: yes, no"),
    (["--right", "follow-up", "--problem", "formalities_demanded", "--detail", "stamp"],
     "unknown detail 'stamp'"),
    (["--right", "follow-up", "--problem", "no_answer", "--follow-up-sent", "2026-10-20"],
     "only used in complaint letters"),
    (["--right", "complaint", "--problem", "no_answer"], "needs the supervisory authority"),
    (["--right", "complaint", "--problem", "no_answer", "--authority", "iedpc",
      "--sent-by", "pigeon"], "valid: email, post"),
    (["--right", "complaint", "--problem", "no_answer", "--authority", "iedpc",
      "--reply", "yesterday:not_found"], "YYYY-MM-DD:problem"),
    (["--right", "access", "--id-method", "no-photo"], "--original-request is only used"),
    (["--right", "access"], "--id-method is required"),
])
def test_errors(change: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*BASE, *change], capsys)
    assert code == 2 and out == ""
    assert expected in err


def test_escalations_need_the_first_request(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["letter", "--right", "follow-up", "--jurisdiction", "FR", "--name", "Jane Doe",
            "--email", "jane@example.org", "--problem", "no_answer"]
    code, _, err = run(argv, capsys)
    assert code == 2 and "--original-request and --original-sent" in err
