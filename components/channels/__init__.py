"""Input channels (credentials.yml) and what they share (base.py)."""
