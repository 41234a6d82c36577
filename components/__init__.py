"""Custom Rasa parts: everything in this project that imports Rasa itself (not the SDK).

- `nlg.TranslatingNLG`: renders domain responses in the conversation's language via gettext.
- `socketio_channel.SocketIOInput`: Rasa's socket.io channel with session persistence fixed.
- `tracker_store.PrivacySQLTrackerStore`: SQL tracker store that really forgets on request.
"""
