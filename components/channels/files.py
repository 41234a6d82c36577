"""Letters as files, for the channels that send documents (Telegram, Slack).

A bot message whose custom payload is `{"type": "letter_downloads", "links": [...]}` carries
the links to the letter's files. Those channels never send the links (a link preview would
fetch the letter): they read the token from each link and render the file in this process
(`render_link`), then upload it. Nothing is fetched over the network and nothing is logged
but the kind of a failure (a message may quote the person's data).
"""

from __future__ import annotations

import asyncio
import logging
import re
from urllib.parse import urlsplit

from bot import keys
from bot.downloads import read_token, render_download

logger = logging.getLogger(__name__)

# The download route of components.channels.downloads: .../download/<token>/<format>
_DOWNLOAD_RE = re.compile(r"/download/([A-Za-z0-9_=-]{1,4096})/([a-z]{1,8})/?$")


def download_token(url: str) -> tuple[str, str] | None:
    """(token, format) of a letter download link, read from the URL only (never fetched)."""
    match = _DOWNLOAD_RE.search(urlsplit(str(url)).path)
    return (match.group(1), match.group(2)) if match else None


async def render_link(url: str, key: bytes | None) -> tuple[bytes, str] | None:
    """The file a download link stands for, rendered from its token; None if it cannot be."""
    found = download_token(url)
    if found is None:
        return None
    token, fmt = found
    try:
        spec = read_token(token, key or keys.load(keys.DOWNLOAD))
        content, _content_type, filename = await asyncio.get_running_loop().run_in_executor(
            None, render_download, spec, fmt
        )
    except ValueError:
        return None
    except Exception as exc:  # never log the details: they may quote the person's data
        logger.error("A letter file could not be made (%s).", type(exc).__name__)
        return None
    return content, filename
