"""The assistant's domain: rights, jurisdictions, authorities, deadlines, letters and i18n.

Plain Python with no Rasa imports, so it can be tested, reused by the CLI (`python -m bot`)
and grown without touching the conversation layer.
"""
