"""Rasa SDK actions: thin adapters that read the tracker, call `bot/`, and emit events.

One module per concern: session (language, disclaimer), questions (computed answers),
request_form (the request flow and its letter), privacy (notice, forget-me), handoff.
"""
