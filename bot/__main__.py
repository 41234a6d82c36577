"""`python -m bot`: write a letter or compute a deadline from the command line."""

from __future__ import annotations

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
