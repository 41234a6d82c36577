"""`python -m bot`: letters in every format and deadlines, run in-process through
`bot.cli.main(argv)` and once as a real subprocess; bad values exit 2 listing valid ones.
"""

from __future__ import annotations

import io
import subprocess
import sys
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
BASE = ["letter", "--right", "access", "--jurisdiction", "FR", "--language", "en",
        "--name", "Zoë Müller", "--email", "zoe@example.org", "--id-method", "no-photo",
        "--date", "2026-11-23"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_letter_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*BASE, "--format", "text"], capsys)
    assert code == 0, err
    assert out.startswith("Request for access to my personal data under Article 15 GDPR\n\n")
    assert "Zoë Müller" in out and "23 November 2026" in out


def test_letter_public_links_and_received(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*BASE, "--id-method", "public-links", "--link", "https://example.org/me",
            "--received", "2027-03-05", "--right", "erasure"]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert "https://example.org/me" in out and "5 April 2027" in out


def test_letter_mailto(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*BASE, "--format", "mailto"], capsys)
    assert code == 0
    url = out.splitlines()[0]
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and parts.path == "legal-requests@clearview.ai"
    assert "subject" in parse_qs(parts.query)
    assert "too long" in err  # the access letter does not fit: body to copy follows
    assert "Dear Sir or Madam" in out


def test_letter_eml_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "letter.eml"
    code, out, _ = run([*BASE, "--format", "eml", "--out", str(out_file)], capsys)
    assert code == 0 and out == ""
    msg = BytesParser(policy=policy.default).parsebytes(out_file.read_bytes())
    assert msg["From"].addresses[0].display_name == "Zoë Müller"
    assert msg["To"].addresses[0].addr_spec == "legal-requests@clearview.ai"


def test_letter_pdf_and_ics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "l.pdf"
    assert main([*BASE, "--format", "pdf", "--place", "Lyon", "--out", str(pdf)]) == 0
    text = "\n".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "Lyon, 23 November 2026" in text
    ics = tmp_path / "r.ics"
    assert main([*BASE, "--format", "ics", "--received", "2027-03-05", "--out", str(ics)]) == 0
    event = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart").isoformat() == "2027-04-05"
    capsys.readouterr()


def test_ics_needs_received(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([*BASE, "--format", "ics"], capsys)
    assert code == 2 and "--received" in err


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (["--right", "portability"], "valid: access, erasure, objection"),
        (["--language", "xx"], "valid: en, fr, nl, de, ja, it, es"),
        (["--id-method", "no_photo"], "valid: no-photo, public-links, photo-search-only"),
        (["--format", "docx"], "valid: text, eml, mailto, pdf, ics"),
        (["--controller", "acme"], "valid: clearview-ai"),
        (["--jurisdiction", "ZZ"], "unknown country 'ZZ'"),
        (["--jurisdiction", "US"], "no letter is available for US"),
        (["--jurisdiction", "TR"], "no letter is available for TR"),
        (["--jurisdiction", "US-IL"], "BIPA (740 ILCS 14) gives no right of access"),
        (["--jurisdiction", "CA", "--right", "erasure"], "no general right to have personal"),
        (["--jurisdiction", "BR", "--right", "objection"], "do not include a right to object"),
        (["--sent-by", "pigeon"], "valid: email, post"),
        (["--email", "not-an-address"], "not a usable e-mail address"),
        (["--id-method", "public-links"], "at least one link"),
    ],
)
def test_letter_errors(change: list[str], expected: str,
                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*BASE, *change], capsys)
    assert code == 2
    assert out == ""
    assert expected in err


def deadline(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run(["deadline", *argv], capsys)
    assert code == 0, err
    return out


def test_deadline_edpb_examples(capsys: pytest.CaptureFixture[str]) -> None:
    out = deadline(["--received", "2027-03-05", "--jurisdiction", "FR"], capsys)
    assert out.splitlines()[0] == "due: 2027-04-05"
    assert "eu-1182-71" in out and "1182/71" in out and "shifted" not in out
    out = deadline(["--received", "2026-08-31", "--jurisdiction", "DE"], capsys)
    assert out.splitlines()[0] == "due: 2026-09-30"


def test_deadline_weekend_and_holiday_shift(capsys: pytest.CaptureFixture[str]) -> None:
    out = deadline(["--received", "2026-01-31", "--jurisdiction", "FR", "--extended"], capsys)
    assert out.splitlines()[0] == "due: 2026-03-02"
    assert "2026-02-28 is a non-working day (Saturday)" in out
    assert "extended due: 2026-04-30" in out
    out = deadline(["--received", "2026-04-01", "--jurisdiction", "FR"], capsys)
    assert out.splitlines()[0] == "due: 2026-05-04"
    assert "2026-05-01 is a non-working day (Labor Day)" in out


def test_deadline_uk_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    out = deadline(["--received", "2026-09-03", "--jurisdiction", "UK"], capsys)
    assert "uk-12a" in out and "Art. 12A UK GDPR" in out  # received after 5 February 2026
    out = deadline(["--received", "2026-02-04", "--jurisdiction", "UK"], capsys)
    assert "uk-ico" in out and "Art. 12(3)" in out  # the old rule for earlier requests
    code, _, err = run(["deadline", "--received", "2026-09-03", "--jurisdiction", "US"], capsys)
    assert code == 2 and "no sourced answer period for jurisdiction 'OTHER'" in err
    code, _, err = run(["deadline", "--received", "31/08/2026", "--jurisdiction", "FR"], capsys)
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = run(["nonsense"], capsys)
    assert code == 2 and "letter" in err and "deadline" in err


def test_subprocess_pdf_to_stdout() -> None:
    """The real entry point, writing binary output to stdout.buffer."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", *BASE, "--format", "pdf"],
        cwd=ROOT, capture_output=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(result.stdout)).pages) >= 2
    bad = subprocess.run(
        [sys.executable, "-m", "bot", "letter", *BASE[1:], "--jurisdiction", "US"],
        cwd=ROOT, capture_output=True, timeout=120, check=False, text=True,
    )
    assert bad.returncode == 2 and "no letter is available for US" in bad.stderr


def test_deadline_lists_every_laws_period(capsys: pytest.CaptureFixture[str]) -> None:
    out = deadline(["--received", "2026-11-23"], capsys)
    for rule in ("eu-1182-71", "uk-12a", "ch-fadp-30-days", "ca-pipeda-30-days",
                 "ca-qc-30-days", "ca-ab-45-days", "ca-bc-30-days", "us-ca-ccpa-45-days",
                 "au-app12-30-days", "br-lgpd-15-days"):
        assert rule in out, rule
    assert "confirm receipt by: 2026-12-09" in out  # CCPA: 10 business days
    assert "without delay" in out  # Japan: no number of days


def test_law_describes_a_places_law(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["law", "--jurisdiction", "GB", "--date", "2026-11-23"], capsys)
    assert code == 0, err
    assert "Art. 12A UK GDPR" in out and "s.164A DPA 2018" in out and "s.166 DPA 2018" in out
    code, out, _ = run(["law", "--jurisdiction", "US-IL"], capsys)
    assert code == 0 and "no letter: access: BIPA" in out and "opt-out" in out
