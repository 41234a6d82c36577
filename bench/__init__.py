"""Load and start-up benchmark of the assistant against a stock Rasa assistant (make bench)."""
