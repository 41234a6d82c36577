"""Start the action server, the Rasa server and the demo page; stop them all on Ctrl-C.

Used by `make run`. Everything binds to 127.0.0.1 by default (set HOST=0.0.0.0 to expose the
Rasa server and demo page, e.g. behind a reverse proxy). Conversations go to a SQLite file
under var/ so no other service is needed.
"""

from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
HOST = os.environ.get("HOST", "127.0.0.1")
RASA_PORT = int(os.environ.get("RASA_PORT", "5005"))
ACTIONS_PORT = int(os.environ.get("ACTIONS_PORT", "5055"))
DEMO_PORT = int(os.environ.get("DEMO_PORT", "8080"))
MODEL = ROOT / "models" / "current.tar.gz"
START_TIMEOUT = 180  # seconds; loading TensorFlow and the model takes a while on 2 cores


def service_env() -> dict[str, str]:
    """Environment shared by both servers (endpoints.yml reads the ${...} values)."""
    (ROOT / "var").mkdir(exist_ok=True)
    env = dict(os.environ)
    env.setdefault("ACTION_SERVER_URL", f"http://127.0.0.1:{ACTIONS_PORT}/webhook")
    env.setdefault("TRACKER_DIALECT", "sqlite")
    env.setdefault("TRACKER_DB", str(ROOT / "var" / "tracker.db"))
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env["RASA_TELEMETRY_ENABLED"] = "false"  # nothing leaves the machine
    # Letter download links point here; set it to the public address behind a proxy.
    env.setdefault("PUBLIC_RASA_URL", f"http://localhost:{RASA_PORT}")
    # Pages allowed to embed the chat (socket.io origin check and CORS), comma-separated.
    env.setdefault("ALLOWED_ORIGINS", f"http://localhost:{DEMO_PORT},http://127.0.0.1:{DEMO_PORT}")
    env["PYTHONPATH"] = str(ROOT)
    return env


def start_children(env: dict[str, str]) -> list[tuple[str, subprocess.Popen]]:
    """Launch both servers in their own process groups so Ctrl-C reaches us first."""
    actions_env = {**env, "SANIC_HOST": "127.0.0.1"}  # rasa_sdk's bind address
    cors = env["ALLOWED_ORIGINS"].replace(",", " ").split()
    commands = [
        ("action server", [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
                           "--port", str(ACTIONS_PORT)], actions_env),
        ("rasa server", [str(VENV_BIN / "rasa"), "run", "--model", str(MODEL),
                         "--interface", HOST, "--port", str(RASA_PORT),
                         "--credentials", "credentials.yml", "--endpoints", "endpoints.yml",
                         "--cors", *cors], env),
    ]
    return [
        (name, subprocess.Popen(cmd, cwd=ROOT, env=child_env, start_new_session=True))
        for name, cmd, child_env in commands
    ]


def serve_demo(rasa_url: str) -> http.server.ThreadingHTTPServer:
    """The demo NGO page, its widget script tag pointing at `rasa_url` (web/demo_server.py)."""
    sys.path.insert(0, str(ROOT))
    from web.demo_server import start_demo_server

    return start_demo_server(HOST, DEMO_PORT, rasa_url)


def wait_until_up(url: str, children: list[tuple[str, subprocess.Popen]]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        for name, proc in children:
            if proc.poll() is not None:
                raise RuntimeError(f"the {name} exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {START_TIMEOUT} s")


def stop_children(children: list[tuple[str, subprocess.Popen]]) -> None:
    for _, proc in children:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for name, proc in children:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            print(f"run: the {name} did not stop in time; killing it", flush=True)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main() -> int:
    if not MODEL.exists():
        print(f"run: no model at {MODEL}; run `make run` (it trains first)", file=sys.stderr)
        return 1
    started = time.monotonic()
    env = service_env()
    children = start_children(env)
    demo = None
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        wait_until_up(f"http://127.0.0.1:{ACTIONS_PORT}/health", children)
        wait_until_up(f"http://127.0.0.1:{RASA_PORT}/", children)
        demo = serve_demo(env["PUBLIC_RASA_URL"])
        shown = "localhost" if HOST in ("127.0.0.1", "0.0.0.0") else HOST
        print(
            f"\nReady in {time.monotonic() - started:.0f} s.\n"
            f"  Demo NGO page:   http://{shown}:{DEMO_PORT}/ (the chat widget, bottom right)\n"
            f"  Widget script:   http://{shown}:{RASA_PORT}/webhooks/widget/widget.js\n"
            f"  REST webhook:    http://{shown}:{RASA_PORT}/webhooks/rest/webhook\n"
            f"  Socket.IO:       http://{shown}:{RASA_PORT}/socket.io\n"
            f"  Action server:   http://127.0.0.1:{ACTIONS_PORT}/webhook (loopback only)\n"
            "Press Ctrl-C to stop.\n",
            flush=True,
        )
        while not stopping.is_set():
            for name, proc in children:
                if proc.poll() is not None:
                    print(f"run: the {name} stopped (code {proc.returncode})", file=sys.stderr)
                    return 1
            stopping.wait(1)
        return 0
    except KeyboardInterrupt:
        return 0
    except RuntimeError as error:
        print(f"run: {error}", file=sys.stderr)
        return 1
    finally:
        print("\nrun: stopping...", flush=True)
        if demo is not None:
            demo.shutdown()
        stop_children(children)
        print("run: stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
