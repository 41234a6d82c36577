"""The Rasa server's HTTP calls to the action server, over connections kept alive.

Rasa 3.6's `EndpointConfig.request` opens a new aiohttp session, so a new TCP connection,
for every call, and encodes the whole conversation with the standard `json` module; a
message makes several calls (slot extraction, the form's validation, the action). In
`make bench`'s profile connecting was 3.5 % and encoding 3.4 % of the Rasa server's busy
time. `install()` gives each endpoint one session per event loop, encoding with `ujson`
(already a Rasa and Sanic dependency), whose idle connections are closed after
`KEEP_ALIVE_SECONDS`: shorter than the action server's own keep-alive (Sanic's 5 s), so a
connection the server is about to close is never reused for a request.

Everything else of `EndpointConfig.request` (headers, token, timeout, TLS, error on an
HTTP error status) is Rasa's own code, unchanged: only where the session comes from differs.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, Tuple

logger = logging.getLogger(__name__)

KEEP_ALIVE_SECONDS = 2.0  # below Sanic's KEEP_ALIVE_TIMEOUT (5 s) on the action server

_sessions: Dict[Tuple[Any, ...], Any] = {}  # (event loop, headers, auth) -> ClientSession
_installed = False


def _dumps(value: Any) -> str:
    import ujson

    return ujson.dumps(value, ensure_ascii=False, escape_forward_slashes=False)


class _Borrowed:
    """`async with` over a shared session that leaves it open (Rasa closes what it gets)."""

    def __init__(self, session: Any) -> None:
        self._session = session

    async def __aenter__(self) -> Any:
        return self._session

    async def __aexit__(self, *exc_info: Any) -> bool:
        return False


def shared_session(endpoint: Any) -> _Borrowed:
    """The endpoint's session for the running event loop, made on first use."""
    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

    loop = asyncio.get_running_loop()
    auth = endpoint.basic_auth or {}
    key = (loop, tuple(sorted((endpoint.headers or {}).items())),
           auth.get("username"), auth.get("password"))
    session = _sessions.get(key)
    if session is None or session.closed:
        for stale in [k for k in _sessions if k[0].is_closed()]:
            del _sessions[stale]
        session = aiohttp.ClientSession(
            headers=endpoint.headers,
            auth=aiohttp.BasicAuth(auth["username"], auth["password"]) if auth else None,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_SECONDS),
            json_serialize=_dumps,
        )
        _sessions[key] = session
    return _Borrowed(session)


async def close_all() -> None:
    """Close the sessions of the running loop (at server stop: `channels.base.attach`)."""
    loop = asyncio.get_running_loop()
    for key in [k for k in _sessions if k[0] is loop]:
        await _sessions.pop(key).close()


def install() -> None:
    """Patch Rasa's `EndpointConfig.session` (once per process): see the module docstring."""
    global _installed
    if _installed:
        return
    from rasa.utils.endpoints import EndpointConfig

    EndpointConfig.session = shared_session  # type: ignore[method-assign]
    _installed = True
    logger.info("Calls to the action server use kept-alive connections.")
