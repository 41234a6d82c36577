"""Letter downloads served by the Rasa server: `GET /webhooks/letters/download/<token>/<fmt>`.

A custom input channel is the one place where a project adds HTTP routes to `rasa run`
without patching Rasa: Rasa mounts each channel's blueprint under /webhooks/<name>/. This
channel receives no messages (so it never calls `on_new_message`); it only turns a token
made by `bot.downloads.download_links` back into the letter, rendered on the fly. Nothing
is stored, and nothing about the request is logged: neither the token (which holds the
person's name and address, encrypted) nor the letter, nor an error's message (which may
quote their e-mail address).

Use it in credentials.yml as `components.channels.downloads.LetterDownloadsInput` with
how long a link works coming from `bot.settings.download_link_seconds` (DOWNLOAD_LINK_SECONDS),
which the chat reads too when it says how long the links work.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import keys
from bot.downloads import FORMATS, read_token, render_download
from bot.settings import download_link_seconds

logger = logging.getLogger(__name__)

NOT_FOUND_TEXT = (
    "This download link has expired or is not valid. Links work for a limited time so that "
    "your letter is not kept anywhere: ask the assistant to write the letter again.\n"
)
# Sent with every answer, files and errors alike: a letter must not sit in a shared cache
# or browser cache, and the token must not leave in a Referer header.
PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex",
}


def _not_found() -> HTTPResponse:
    """The same short answer whatever went wrong, so a prober learns nothing."""
    return response.text(NOT_FOUND_TEXT, status=404, headers=PRIVATE_HEADERS)


class LetterDownloadsInput(InputChannel):
    """Serves letters as PDF, .eml, .ics and text from self-contained encrypted tokens."""

    @classmethod
    def name(cls) -> str:
        # The URL prefix: /webhooks/letters/; bot.downloads.DOWNLOAD_PATH must match.
        return "letters"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        return cls()

    def __init__(self, ttl_seconds: int | None = None, key: bytes | None = None) -> None:
        self.ttl_seconds = ttl_seconds or download_link_seconds()
        self._key = key

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # Read the key at start-up: a bad $DOWNLOAD_KEY stops the server instead of making
        # every link fail later.
        key = self._key or keys.load(keys.DOWNLOAD)
        ttl = self.ttl_seconds
        downloads = Blueprint(f"custom_webhook_{type(self).__name__}")

        @downloads.route("/download/<token>/<fmt>", methods=["GET"])
        async def download(request: Request, token: str, fmt: str) -> HTTPResponse:
            if fmt not in FORMATS:
                return _not_found()
            try:
                spec = read_token(token, key, ttl)
                # Rendering a PDF takes a noticeable fraction of a second: keep it off the
                # event loop that serves the conversations.
                content, content_type, filename = await asyncio.get_running_loop(
                ).run_in_executor(None, render_download, spec, fmt)
            except ValueError:  # bad token, or a spec that no longer makes a letter
                return _not_found()
            except Exception as exc:  # never let details reach the log or the page
                logger.error("Letter download failed (%s).", type(exc).__name__)
                return response.text("The letter could not be made.\n", status=500,
                                     headers=PRIVATE_HEADERS)
            headers = {
                **PRIVATE_HEADERS,
                "Content-Disposition": f'attachment; filename="{filename}"',
            }
            return response.raw(content, headers=headers, content_type=content_type)

        return downloads
