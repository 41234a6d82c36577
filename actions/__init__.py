"""Rasa SDK actions: thin adapters that read the tracker, call `bot/`, and emit events.

One module per concern: session (language, disclaimer), questions (computed answers),
request/ (the request flow by role: start, validate, correct, confirm, submit), tracking
(cases), privacy (notice, forget-me), language, handoff. Importing the package makes every
failing action answer the person without logging what they said (`failsafe`), and warns
when debug logging would.
"""

import logging

from actions import failsafe

failsafe.install()
if logging.getLogger().getEffectiveLevel() <= logging.DEBUG:
    logging.getLogger(__name__).warning(
        "Debug logging is on: the action server's log will contain people's messages, names "
        "and e-mail addresses. Use it only on test data, never in production."
    )
