"""Remake resources/decks/first-screen.json after a change to the built-in decks.

    .venv/bin/python tools/make_first_screen.py

The first-ever start shows it while the database is created (services/first_screen.py);
tests/services/test_first_screen.py fails while it is stale.
"""

from __future__ import annotations

from studyapp.services import first_screen

if __name__ == "__main__":
    print(f"wrote {first_screen.write(None)}")
