"""The first screen of a first-ever start, shipped beside the deck it comes from.

On a fresh data folder the worker must create the database and load the built-in deck
(seconds); the screen that start ends on is always the same, so it is made once, when the
deck changes (`write`, run by tools/make_first_screen.py), and kept as `first-screen.json`
in the deck folder. The window shows it at once (`load`: stdlib JSON, nothing heavy) and
keeps the study keys pressed meanwhile until the real view arrives (ui/study_controller.py).

It is shown only when it is certainly what the new database will show: no database file
yet, and the decks' digest is the one it was made from. A stale file is just not shown.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studyapp.paths import builtin_decks_dir
from studyapp.services.last_screen import view_from_json, view_to_json
from studyapp.services.views import StudyView

log = logging.getLogger(__name__)

FILE_NAME = "first-screen.json"
VERSION = 1
THEMES = ("light", "dark")
# A fixed moment: a first start's screen does not depend on the day (nothing is studied yet).
MADE_AT = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def snapshot_path(deck_folder: Path | None) -> Path:
    return (deck_folder or builtin_decks_dir()) / FILE_NAME


def decks_digest(deck_folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(deck_folder.glob("*.md")):
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def load(database: Path, theme: str, deck_folder: Path | None) -> StudyView | None:
    """The screen a new database on these decks will show, if there is no database yet."""
    if database.exists():
        return None
    path = snapshot_path(deck_folder)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        if payload.get("version") != VERSION or payload.get("decks") != decks_digest(path.parent):
            log.info("the first screen in %s is stale: not shown", path)
            return None
        return view_from_json(payload["views"][theme])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("ignored an unreadable first screen in %s", path, exc_info=True)
        return None


def make(deck_folder: Path | None) -> dict[str, Any]:
    """What a first start on these decks shows, in each theme: a real start in a scratch
    folder (the database created and the deck loaded exactly as the window's worker does)."""
    import tempfile

    from studyapp.paths import backups_dir, database_path
    from studyapp.services.app import Places, Services

    folder = deck_folder or builtin_decks_dir()
    with tempfile.TemporaryDirectory(prefix="studyapp-first-screen-") as scratch:
        data = Path(scratch)
        places = Places(database_path(data), backups_dir(data), deck_folder)
        services = Services.open(places, THEMES[0], MADE_AT)
        try:
            views = {THEMES[0]: services.study.start(MADE_AT)}
            for theme in THEMES[1:]:
                rerendered = services.study.set_theme(theme, MADE_AT)
                views[theme] = replace(views[THEMES[0]], card=rerendered.card)
        finally:
            services.close()
    return {
        "version": VERSION,
        "decks": decks_digest(folder),
        "views": {theme: view_to_json(view) for theme, view in views.items()},
    }


def write(deck_folder: Path | None) -> Path:
    """Make the first screen and keep it beside the decks (after every deck change)."""
    path = snapshot_path(deck_folder)
    path.write_text(json.dumps(make(deck_folder), indent=None) + "\n", encoding="utf-8")
    return path
