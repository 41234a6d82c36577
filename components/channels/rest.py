"""Rasa's REST channel with the per-sender rate limit of components/channels/rate_limit.py.

Same name ("rest") and so the same URL, /webhooks/rest/webhook. A throttled sender gets the
"please slow down" reply as the answer to the request.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from components.channels.rate_limit import RateLimiter, rate_limited


class RateLimitedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(
            rate_limited(on_new_message, RateLimiter.from_env(), self.name())
        )
