"""The embeddable web widget served by the Rasa server: `GET /webhooks/widget/<file>`.

An NGO embeds the chat with one script tag pointing at the assistant's own origin
(`<script src="https://assistant.example/webhooks/widget/widget.js" defer>`), so its site
needs no other host and the widget always matches the server it talks to. Like the
letter-download channel, this channel only serves HTTP and never receives a message.

Only the files of the built widget (`web/widget/dist/`, made by `make widget`) are served,
by exact name, with their content type, `X-Content-Type-Options: nosniff` and cache headers
(an ETag lets browsers revalidate cheaply when the cache time is over). A server started
without a built widget still starts (it may only serve REST); it logs how to build it and
answers 404.

Use it in credentials.yml as `components.channels.widget.WidgetInput`, with optional
`dist_dir` (default `web/widget/dist` in the repository) and `cache_seconds` (default 3600).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIST_DIR = ROOT / "web" / "widget" / "dist"
DEFAULT_CACHE_SECONDS = 3600
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
}
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$")
BASE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Any site may load the script (it is public code). The CORS header for a `crossorigin`
    # embedding (Subresource Integrity) comes from `rasa run --cors` for the allowed origins:
    # set here as well, browsers would get two and refuse the script.
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Referrer-Policy": "no-referrer",
}


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    content_type: str
    etag: str


def load_files(dist_dir: Path) -> Dict[str, StaticFile]:
    """Every servable file directly in `dist_dir` (no subfolders, known types only)."""
    files: Dict[str, StaticFile] = {}
    if not dist_dir.is_dir():
        return files
    for path in sorted(dist_dir.iterdir()):
        content_type = CONTENT_TYPES.get(path.suffix.lower())
        if not (path.is_file() and content_type and SAFE_NAME.match(path.name)):
            continue
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        files[path.name] = StaticFile(body, content_type, etag)
    return files


class WidgetInput(InputChannel):
    """Serves the built web widget (`widget.js` and its licence file)."""

    @classmethod
    def name(cls) -> str:
        return "widget"  # the URL prefix: /webhooks/widget/

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        dist_dir = Path(credentials.get("dist_dir") or DEFAULT_DIST_DIR)
        if not dist_dir.is_absolute():
            dist_dir = ROOT / dist_dir
        cache_seconds = int(credentials.get("cache_seconds", DEFAULT_CACHE_SECONDS))
        if cache_seconds < 0:
            raise ValueError("cache_seconds must be zero or a positive number of seconds")
        return cls(dist_dir=dist_dir, cache_seconds=cache_seconds)

    def __init__(
        self, dist_dir: Path = DEFAULT_DIST_DIR, cache_seconds: int = DEFAULT_CACHE_SECONDS
    ) -> None:
        self.dist_dir = dist_dir
        self.cache_seconds = cache_seconds

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # Read once at start-up: the files change only with a new build (and a restart).
        files = load_files(self.dist_dir)
        if "widget.js" not in files:
            logger.warning(
                "The web widget is not built (%s has no widget.js): /webhooks/widget/ answers "
                "404. Run `make widget`.", self.dist_dir
            )
        cache_control = (
            f"public, max-age={self.cache_seconds}" if self.cache_seconds else "no-cache"
        )
        widget = Blueprint(f"custom_webhook_{type(self).__name__}")

        @widget.route("/<filename>", methods=["GET", "HEAD"])
        async def serve(request: Request, filename: str) -> HTTPResponse:
            found = files.get(filename)
            if found is None:
                return response.text(
                    "Not found.\n", status=404,
                    headers={**BASE_HEADERS, "Cache-Control": "no-store"},
                )
            headers = {**BASE_HEADERS, "Cache-Control": cache_control, "ETag": found.etag}
            if found.etag in _etags(request.headers.get("if-none-match", "")):
                return response.empty(status=304, headers=headers)
            body = b"" if request.method == "HEAD" else found.body
            if request.method == "HEAD":
                headers["Content-Length"] = str(len(found.body))
            return response.raw(body, headers=headers, content_type=found.content_type)

        return widget


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
