"""Sample a server with py-spy during a load and summarise where its time goes.

py-spy comes from $PY_SPY, /tmp/rv/bin/py-spy, or PATH; it is never installed into the
project's virtual environment. The raw (collapsed-stack) output is summarised into the
functions with the most samples on top of the stack (self) and the project's own functions
(`actions/`, `bot/`, `components/`) with the most samples anywhere on the stack (inclusive).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parents[1]
OWN = ("actions/", "bot/", "components/")  # py-spy shows the project's paths relative
# Frames py-spy reports on top of the stack while a thread waits (the event loop's epoll, an
# idle thread-pool worker): left out so that the shares are of busy time.
IDLE = ("serve (sanic/server/runners.py)", "_worker (concurrent/futures/thread.py)",
        "run_forever (asyncio/base_events.py)", "select (selectors.py)")
FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^:()]+)(?::(?P<line>\d+))?\)$")


def find_py_spy() -> str | None:
    for candidate in (os.environ.get("PY_SPY"), "/tmp/rv/bin/py-spy", shutil.which("py-spy")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def start(pid: int, out: Path, rate: int = 67) -> subprocess.Popen | None:
    """Start sampling `pid` (idle threads left out) until stopped; None without py-spy."""
    exe = find_py_spy()
    if exe is None:
        return None
    return subprocess.Popen(
        [exe, "record", "--pid", str(pid), "--format", "raw", "--output", str(out),
         "--rate", str(rate), "--nonblocking"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None:
        return
    proc.send_signal(2)  # SIGINT: py-spy writes its output and exits
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()


# Where a Rasa server's time goes, by stage (inclusive shares of busy samples).
STAGES = {
    "nlu (parse_message)": "parse_message (rasa/core/processor.py)",
    "policies (predict next action)": "_predict_next_with_tracker (rasa/core/processor.py)",
    "custom action calls (RemoteAction.run)": "run (rasa/core/actions/action.py)",
    "  of which response validation (jsonschema)":
        "_validate_action_result (rasa/core/actions/action.py)",
    "tracker store: read": "get_tracker (rasa/core/processor.py)",
    "tracker store: save": "save_tracker (rasa/core/processor.py)",
    "NLG (responses)": "generate (rasa/core/nlg/generator.py)",
}


def _short(frame: str) -> str:
    found = FRAME.match(frame.strip())
    if not found:
        return frame.strip()
    path = found["file"]
    for marker in ("site-packages/", str(ROOT) + "/", "/lib/python3.10/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{found['func']} ({path})"


def summarise(raw: Path, top: int = 15) -> Dict[str, Any]:
    """Top self and own-code inclusive frames of a py-spy raw file."""
    if not raw.exists():
        return {"error": "no py-spy output"}
    self_counts: Counter = Counter()
    own_counts: Counter = Counter()
    stage_counts: Counter = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = [f for f in stack.split(";") if f and not f.startswith(("process ", "thread "))]
        if not frames or _short(frames[-1]) in IDLE:
            continue
        total += n
        self_counts[_short(frames[-1])] += n
        shorts = {_short(f) for f in frames}
        for stage, marker in STAGES.items():
            if marker in shorts:
                stage_counts[stage] += n
        seen = set()
        for frame in frames:
            short = _short(frame)
            if short.split(" (", 1)[-1].startswith(OWN) and short not in seen:
                seen.add(short)
                own_counts[short] += n

    def table(counter: Counter) -> List[Dict[str, Any]]:
        return [{"frame": f, "share": round(n / total, 3)} for f, n in counter.most_common(top)]

    stages = {k: round(stage_counts[k] / total, 3) for k in STAGES} if total else {}
    return {"busy_samples": total, "stages": stages, "top_self": table(self_counts),
            "top_own_inclusive": table(own_counts)}
