"""The collection as the subcommands open it: the same file the window opens, and on a data
folder the window never opened, the same built-in deck it would have found there."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.store.db import Database


def open_collection(data_dir: Path) -> Database:
    """Open (or create) the data folder's database.

    Only a file created here gets the built-in deck: updating an existing collection's copy
    is left to the window, which asks the user about questions they edited (a sync here
    would keep their text but never ask).
    """
    from studyapp.io.sync import sync_builtin_deck
    from studyapp.paths import backups_dir, database_path
    from studyapp.store.db import Database
    from studyapp.study.clock import utc_now

    path = database_path(data_dir)
    new = not path.exists()
    db = Database.open(path, backups=backups_dir(data_dir))
    if new:
        try:
            sync_builtin_deck(db, utc_now())
        except BaseException:
            db.close()
            raise
    return db
