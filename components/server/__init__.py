"""Parts of the Rasa server: NLG, tracker and lock stores, action-call patches (endpoints.yml)."""
