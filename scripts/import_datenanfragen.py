"""Import datenanfragen.de records into bot/data/datenanfragen, unchanged.

Contact details are facts that change; copying the community-maintained CC0 records
byte-for-byte (and recording the commit and date) keeps them traceable and easy to refresh,
instead of retyping them. Usage:

    python scripts/import_datenanfragen.py /work/shared/data/datenanfragen [--dest DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from datetime import date
from pathlib import Path

DEFAULT_DEST = Path(__file__).resolve().parent.parent / "bot" / "data" / "datenanfragen"
RECORD_DIRS = ("supervisory-authorities", "companies")
SOURCE = "datenanfragen/data (https://github.com/datenanfragen/data)"
ATTRIBUTION = "Records from the datenanfragen.de open database, CC0 1.0"


def source_commit(source: Path) -> str:
    """The commit hash, the first word of SOURCE-COMMIT ("<hash> <date>")."""
    words = (source / "SOURCE-COMMIT").read_text(encoding="utf-8").split()
    if not words:
        raise ValueError(f"{source / 'SOURCE-COMMIT'} is empty")
    return words[0]


def import_records(source: Path, dest: Path, today: date | None = None) -> dict[str, object]:
    """Replace the records in `dest` with those in `source`; return the IMPORT.json content.

    Old records are removed first so a record deleted upstream disappears here too.
    """
    info: dict[str, object] = {
        "source": SOURCE,
        "source_commit": source_commit(source),
        "license": "CC0-1.0",
        "imported_on": (today or date.today()).isoformat(),
        "attribution": ATTRIBUTION,
    }
    for name in RECORD_DIRS:
        records = sorted((source / name).glob("*.json"))
        if not records:
            raise ValueError(f"no records in {source / name}")
        target = dest / name
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("*.json"):
            old.unlink()
        for record in records:
            shutil.copyfile(record, target / record.name)
    shutil.copyfile(source / "LICENSE", dest / "LICENSE")
    (dest / "IMPORT.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="checkout or copy of datenanfragen/data")
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST, help="target directory")
    args = parser.parse_args(argv)
    info = import_records(args.source, args.dest)
    counts = {name: len(list((args.dest / name).glob("*.json"))) for name in RECORD_DIRS}
    print(f"imported {counts} at {info['source_commit']} into {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
