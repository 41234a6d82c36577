"""Custom Rasa parts: everything in this project that imports Rasa itself (not the SDK).

- `nlu/`: graph components of the NLU pipeline (tokenizer, intent classifier, CRF, language).
- `channels/`: input and output channels on one base (`channels/base.py`): REST, socket.io,
  Telegram, Slack, and the HTTP-only widget and letter-download routes.
- `server/`: parts of the Rasa server itself: the translating NLG, the privacy tracker store,
  the atomic Redis lock store, the action-failure message and the event-type table.

`actions/` never imports anything from here (tests/unit/test_architecture.py).
"""
