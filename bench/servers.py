"""Start the servers under test and read their memory and CPU from /proc.

Ours are started exactly as the integration tests start them (`tests/integration/conftest.py`:
`server_env`, `ServerProcesses`: temporary SQLite tracker and case stores, settings and keys),
from a snapshot of the model so the lead's retraining cannot swap it mid-run. The stock
assistant is `rasa init --no-prompt` in a temporary folder, with its own action server
(`rasa run actions`) and the default in-memory tracker store.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "current.tar.gz"
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


# --- /proc ----------------------------------------------------------------------------------

def _status(pid: int, key: str) -> int | None:
    """A `kB` field of /proc/<pid>/status in bytes (VmRSS, VmHWM), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def peak_rss(pid: int) -> int | None:
    """The process's peak resident memory so far (VmHWM), in bytes."""
    return _status(pid, "VmHWM")


def rss(pid: int) -> int | None:
    return _status(pid, "VmRSS")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, ValueError, IndexError):
        return 0.0


def snapshot_model(dest: Path, attempts: int = 60) -> Path:
    """Copy models/current.tar.gz (it may be being replaced by a training run: retry)."""
    for _ in range(attempts):
        try:
            size = MODEL.stat().st_size
            time.sleep(1)
            if MODEL.stat().st_size == size and size > 0:
                shutil.copyfile(MODEL, dest)
                return dest
        except OSError:
            pass
        time.sleep(5)
    raise RuntimeError(f"no stable model at {MODEL}: train one first (make train)")


# --- the servers under test -----------------------------------------------------------------

@dataclass
class Running:
    """A running pair of servers, and when each came up."""

    name: str
    rasa_url: str
    rasa_pid: int
    action_pid: int
    started_at: float  # time.monotonic() when the processes were started
    up_seconds: float = 0.0  # until both answered their health URL
    log_dir: Path | None = None
    extra: Dict[str, object] = field(default_factory=dict)

    def memory(self) -> Dict[str, float | None]:
        mib = 1024 * 1024
        return {
            "rasa_peak_rss_mib": _mib(peak_rss(self.rasa_pid), mib),
            "action_peak_rss_mib": _mib(peak_rss(self.action_pid), mib),
            "rasa_rss_mib": _mib(rss(self.rasa_pid), mib),
            "action_rss_mib": _mib(rss(self.action_pid), mib),
        }

    def cpu(self) -> Dict[str, float]:
        return {"rasa": cpu_seconds(self.rasa_pid), "action": cpu_seconds(self.action_pid)}


def _mib(value: int | None, mib: int) -> float | None:
    return None if value is None else round(value / mib, 1)


class Ours:
    """Our action server and Rasa server, started like the integration tests start them."""

    def __init__(self, work: Path, model: Path, **extra_env: str) -> None:
        sys.path.insert(0, str(ROOT))
        from bot.settings import NO_RATE_LIMITS
        from tests.integration import conftest

        conftest.MODEL = model  # ServerProcesses.start() reads the module's MODEL
        self.rasa_port, self.action_port = conftest.free_port(), conftest.free_port()
        log_dir = work / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        # As deployed, except the rate limit (20 users share one address here) and the
        # retention sweep, hourly as in production instead of the tests' every 3 s.
        env = conftest.server_env(work, self.rasa_port, self.action_port, "bench@ngo.test",
                                  **{**NO_RATE_LIMITS,
                                     "RETENTION_INTERVAL_SECONDS": "3600", **extra_env})
        self.processes = conftest.ServerProcesses(env, self.rasa_port, self.action_port, log_dir)
        self.log_dir = log_dir

    def start(self) -> Running:
        began = time.monotonic()
        self.processes.start()
        up = time.monotonic() - began
        actions, rasa = self.processes.procs
        return Running("ours", f"http://127.0.0.1:{self.rasa_port}", rasa.pid, actions.pid,
                       began, up, self.log_dir)

    def stop(self) -> None:
        self.processes.stop()


class Stock:
    """`rasa init --no-prompt` in `folder` (trained there), its action server and Rasa server."""

    def __init__(self, folder: Path) -> None:
        from tests.integration.conftest import free_port

        self.folder = folder
        self.rasa_port, self.action_port = free_port(), free_port()
        self.procs: List[subprocess.Popen] = []
        self.logs: list = []
        self.env = {
            **os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "RASA_CACHE_DIRECTORY": str(folder / ".rasa" / "cache"),
        }
        self.env.pop("PYTHONPATH", None)

    def models(self) -> List[Path]:
        return sorted((self.folder / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)

    def init(self) -> Dict[str, float]:
        """Create and train the stock assistant: cold training, then after a responses-only
        change (the same cache); both in seconds."""
        times: Dict[str, float] = {}
        if not self.models():
            self.folder.mkdir(parents=True, exist_ok=True)
            began = time.monotonic()
            subprocess.run([str(VENV_BIN / "rasa"), "init", "--no-prompt",
                            "--init-dir", str(self.folder)],
                           cwd=self.folder, env=self.env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times["cold_seconds"] = round(time.monotonic() - began, 1)
            domain = self.folder / "domain.yml"
            domain.write_text(domain.read_text().replace(
                '"Hey! How are you?"', '"Hey! How are you today?"', 1))
            began = time.monotonic()
            subprocess.run([str(VENV_BIN / "rasa"), "train", "--quiet"], cwd=self.folder,
                           env=self.env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times["responses_only_seconds"] = round(time.monotonic() - began, 1)
        for old in self.models()[:-1]:
            old.unlink()
        (self.folder / "bench-endpoints.yml").write_text(
            f"action_endpoint:\n  url: http://127.0.0.1:{self.action_port}/webhook\n")
        return times

    def start(self) -> Running:
        log_dir = self.folder / "logs"
        log_dir.mkdir(exist_ok=True)
        self.logs = [(log_dir / "actions.log").open("w"), (log_dir / "rasa.log").open("w")]
        began = time.monotonic()
        actions = subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "actions", "--port", str(self.action_port)],
            cwd=self.folder, env={**self.env, "SANIC_HOST": "127.0.0.1"},
            stdout=self.logs[0], stderr=subprocess.STDOUT)
        rasa = subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "--model", str(self.models()[-1]),
             "--interface", "127.0.0.1", "--port", str(self.rasa_port),
             "--credentials", "credentials.yml", "--endpoints", "bench-endpoints.yml"],
            cwd=self.folder, env=self.env, stdout=self.logs[1], stderr=subprocess.STDOUT)
        self.procs = [actions, rasa]
        from tests.integration.conftest import _wait

        _wait(f"http://127.0.0.1:{self.action_port}/health", self.procs, log_dir)
        _wait(f"http://127.0.0.1:{self.rasa_port}/", self.procs, log_dir)
        return Running("stock", f"http://127.0.0.1:{self.rasa_port}", rasa.pid, actions.pid,
                       began, time.monotonic() - began, log_dir)

    def stop(self) -> None:
        from tests.integration.conftest import stop_processes

        stop_processes(self.procs, self.logs)
        self.procs = []
