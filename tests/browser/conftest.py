"""Real servers and a real browser for the web widget tests.

`stack` starts, once per session, the action server and the Rasa server (the trained model
`models/current.tar.gz`, a temporary SQLite tracker store, free ports) exactly as in
tests/integration/conftest.py, plus the demo NGO page (web/demo_server.py) on its own port.
Only the demo page's origin may open a socket (`ALLOWED_ORIGINS`, `--cors`).

`browser` is Debian's Chromium (/usr/bin/chromium) driven by Playwright; Playwright's own
browser downloads are never used. Install both with `make install widget`
(scripts/setup_browser.sh).
"""

from __future__ import annotations

import os
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from tests.integration.conftest import (
    MODEL,
    ROOT,
    VENV_BIN,
    _wait,
    free_port,
    server_env,
    stop_processes,
)
from web.demo_server import start_demo_server

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WIDGET_DIR = ROOT / "web" / "widget"
AXE = WIDGET_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
START_TIMEOUT = 600  # loading the model takes minutes on a busy 2-core machine
SETUP_HINT = "run `make widget` (scripts/setup_browser.sh)"


@dataclass
class Stack:
    rasa_url: str
    demo_url: str
    org_email: str
    log_dir: Path

    def logs(self) -> str:
        return "\n".join(
            f"--- {f.name}\n{f.read_text(errors='replace')[-4000:]}"
            for f in sorted(self.log_dir.glob("*.log"))
        )


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train`", pytrace=False)
    if not (WIDGET_DIR / "dist" / "widget.js").exists():
        pytest.fail(f"the widget is not built: {SETUP_HINT}", pytrace=False)
    from cryptography.fernet import Fernet

    work = tmp_path_factory.mktemp("browser-stack")
    rasa_port, action_port, demo_port = free_port(), free_port(), free_port()
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    demo_url = f"http://127.0.0.1:{demo_port}"
    org_email = f"handoff-{uuid.uuid4().hex[:8]}@ngo.test"
    env = server_env(
        work, rasa_port, action_port, org_email,
        ALLOWED_ORIGINS=demo_url, DOWNLOAD_KEY=Fernet.generate_key().decode(),
    )
    log_dir = work / "logs"
    log_dir.mkdir()
    with (log_dir / "actions.log").open("w") as action_log, \
            (log_dir / "rasa.log").open("w") as rasa_log:
        procs = [
            subprocess.Popen(
                [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
                 "--port", str(action_port)],
                cwd=ROOT, env={**env, "SANIC_HOST": "127.0.0.1"},
                stdout=action_log, stderr=subprocess.STDOUT,
            ),
            subprocess.Popen(
                [str(VENV_BIN / "rasa"), "run", "--model", str(MODEL),
                 "--interface", "127.0.0.1", "--port", str(rasa_port),
                 "--credentials", "credentials.yml", "--endpoints", "endpoints.yml",
                 "--cors", demo_url],
                cwd=ROOT, env=env, stdout=rasa_log, stderr=subprocess.STDOUT,
            ),
        ]
        demo = None
        try:
            _wait(f"http://127.0.0.1:{action_port}/health", procs, log_dir)
            _wait(f"{rasa_url}/", procs, log_dir)
            demo = start_demo_server("127.0.0.1", demo_port, rasa_url)
            yield Stack(rasa_url=rasa_url, demo_url=demo_url, org_email=org_email,
                        log_dir=log_dir)
        finally:
            if demo is not None:
                demo.shutdown()
                demo.server_close()
            stop_processes(procs, [])


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: {SETUP_HINT}", pytrace=False)
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed: {SETUP_HINT}", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: run `make install`", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
