"""The image's lock: requirements.lock without the tools that only develop and test.

    python container/runtime_lock.py          # rewrite container/requirements.runtime.lock
    python container/runtime_lock.py --check  # exit 1 when it is out of step

The runtime set is every package of requirements.lock that the runtime dependencies of
pyproject.toml (`[project] dependencies`) need, followed through the installed packages'
metadata (markers evaluated for this interpreter, extras followed); the development extra
(pytest, ruff, playwright...) and whatever only it needs are left out. Versions are copied
from requirements.lock, never resolved again, so the image installs exactly what `make install`
installs, minus the development tools. Needs the project's .venv installed from the lock
(`make install`); tests/container/test_files.py runs the check.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
RUNTIME_LOCK = ROOT / "container" / "requirements.runtime.lock"
HEADER = """\
# The container image's dependencies: requirements.lock without the development and test
# tools. Written by `python container/runtime_lock.py` from requirements.lock and pyproject.toml;
# tests/container/test_files.py checks it is in step (run the script after `make lock`).
"""


def read_lock(path: Path) -> dict[str, str]:
    """{canonical name: the lock's line} for every pinned package."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            pins[canonicalize_name(re.split(r"[=<>!~ ;\[]", line, maxsplit=1)[0])] = line
    return pins


def runtime_roots() -> list[Requirement]:
    """`[project] dependencies` of pyproject.toml (a plain list of strings)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies\s*=\s*\[(.*?)^\]", text, re.S | re.M)
    if block is None:
        raise SystemExit("pyproject.toml: no [project] dependencies list")
    return [Requirement(r) for r in re.findall(r'^\s*"([^"]+)"', block.group(1), re.M)]


def closure(roots: list[Requirement], locked: dict[str, str]) -> set[str]:
    """Canonical names of the roots and everything they need, by installed metadata."""
    needed: set[str] = set()
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(r, frozenset(r.extras)) for r in roots]
    while todo:
        req, extras = todo.pop()
        name = canonicalize_name(req.name)
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        if name not in locked:
            raise SystemExit(f"{req.name} is needed but not in requirements.lock")
        needed.add(name)
        for raw in metadata.requires(req.name) or []:
            dep = Requirement(raw)
            wanted = [e for e in ("", *extras) if dep.marker is None
                      or dep.marker.evaluate({"extra": e})]
            if wanted:
                todo.append((dep, frozenset(dep.extras)))
    return needed


def render() -> str:
    locked = read_lock(LOCK)
    needed = closure(runtime_roots(), locked)
    lines = [locked[name] for name in locked if name in needed]
    return HEADER + "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the file is stale")
    args = parser.parse_args()
    text = render()
    if args.check:
        if RUNTIME_LOCK.read_text(encoding="utf-8") != text:
            print(f"{RUNTIME_LOCK.relative_to(ROOT)} is out of step with requirements.lock; "
                  "run: .venv/bin/python container/runtime_lock.py", file=sys.stderr)
            return 1
        return 0
    RUNTIME_LOCK.write_text(text, encoding="utf-8")
    dropped = sorted(set(read_lock(LOCK)) - set(read_lock(RUNTIME_LOCK)))
    print(f"wrote {RUNTIME_LOCK.relative_to(ROOT)}: {len(read_lock(RUNTIME_LOCK))} packages; "
          f"left out {len(dropped)}: {', '.join(dropped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
