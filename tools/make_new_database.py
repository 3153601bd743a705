"""Build the template that new databases are copied from (store/new_database.py), by
running the migrations, as a new file was made before there was a template.

Run it after adding a migration (tests/store/test_new_database.py says when):

    .venv/bin/python tools/make_new_database.py
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from studyapp.store import new_database
from studyapp.store.db import _migrate


def build(target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        made = Path(folder) / "new.sqlite3"
        _migrate(made, None)
        connection = sqlite3.connect(made)
        # Its own id is written into each copy; the template's is a placeholder.
        connection.execute("UPDATE setting SET value = '' WHERE key = ?", (new_database.DEVICE_ID,))
        connection.commit()
        # A plain file that is only ever read and copied; every connection sets WAL itself.
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("VACUUM")
        connection.close()
        shutil.copyfile(made, target)


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else new_database.TEMPLATE
    build(out)
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")
