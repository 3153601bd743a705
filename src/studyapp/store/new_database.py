"""A new database file, copied from a template of the current schema instead of migrated.

Running the migrations for a new file loads Alembic (with Mako and its config readers):
+14 MB of resident memory that the app then keeps for its whole life, on the first start of
every new user. The template is what the migrations build, made by them
(`tools/make_new_database.py`, checked by tests/store/test_new_database.py), so a file
begins the same whichever way it was made; only what is this file's own is written afresh:
its device id, which tells its reviews from another copy's when two are merged.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from studyapp.store.uid import new_uid
from studyapp.store.versions import SCHEMA_VERSION

TEMPLATE = Path(__file__).resolve().parent / "migrations" / "new-database.sqlite3"
# The one setting that the migrations make for this file alone (0002_identity_history.py).
DEVICE_ID = "device_id"


def template_fits() -> bool:
    """Whether the template exists and is of the schema this code writes (else: migrate).
    Read from the file's header (user_version, a big-endian int at byte 60): opening it with
    SQLite could want to write beside it, in a folder that may be read-only."""
    try:
        with TEMPLATE.open("rb") as template:
            header = template.read(100)
    except OSError:
        return False
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False
    return int.from_bytes(header[60:64], "big") == SCHEMA_VERSION


def copy_template(target: Path) -> None:
    """Write a new database at `target` (which must not exist) from the template."""
    shutil.copyfile(TEMPLATE, target)
    connection = sqlite3.connect(target, isolation_level=None)
    try:
        # As the migrations leave a new file: in WAL mode (the header says so), with no
        # shared-memory file beside it at any moment (EXCLUSIVE first).
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE setting SET value = ? WHERE key = ?", (new_uid(), DEVICE_ID))
        connection.execute("COMMIT")
    finally:
        connection.close()
