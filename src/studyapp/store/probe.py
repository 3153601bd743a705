"""A read-only look at a database file before anything writes to it.

Refusing must leave the file byte-identical, so the probe opens it with `mode=ro` and never
runs a statement that could write (no pragma setters, no checkpoint).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from studyapp.errors import DatabaseNotOurs, DatabaseTooNew, DatabaseUnreadable
from studyapp.store import diagnose
from studyapp.store.schema import APPLICATION_ID
from studyapp.store.versions import SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class ProbeResult:
    exists: bool
    schema_version: int

    @property
    def needs_migration(self) -> bool:
        return self.exists and self.schema_version < SCHEMA_VERSION


def probe(path: Path) -> ProbeResult:
    if not path.exists():
        return ProbeResult(exists=False, schema_version=0)
    _check_header(path)
    # Without a WAL file, `immutable=1` reads without creating -wal/-shm files; with one,
    # read-only mode is needed so that its committed pages are seen.
    has_wal = Path(f"{path}-wal").exists()
    mode = "mode=ro" if has_wal else "immutable=1"
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?{mode}", uri=True, timeout=0.5)
    except sqlite3.Error as exc:
        raise diagnose.explain(path, exc) from exc
    try:
        return _inspect(path, connection)
    except sqlite3.DatabaseError as exc:
        raise diagnose.explain(path, exc) from exc
    finally:
        connection.close()


def _check_header(path: Path) -> None:
    if path.is_dir():
        raise DatabaseUnreadable(
            f"{path} is a folder, not a database file.",
            "Choose another data folder with --data-dir, or move that folder away.",
        )
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise diagnose.explain(path, exc) from exc
    if not header:
        raise DatabaseNotOurs(
            f"{path} is empty (0 bytes), so it is not a StudyApp database.",
            "If you expected your study data here, restore it from a backup. To start afresh, "
            "move the empty file away; StudyApp never overwrites a file it does not recognise.",
        )
    if header != SQLITE_MAGIC:
        raise DatabaseNotOurs(
            f"{path} is not a SQLite database.",
            "Move the file away or choose another data folder with --data-dir; "
            "StudyApp left it untouched.",
        )


def _inspect(path: Path, connection: sqlite3.Connection) -> ProbeResult:
    (application_id,) = connection.execute("PRAGMA application_id").fetchone()
    (user_version,) = connection.execute("PRAGMA user_version").fetchone()
    if application_id != APPLICATION_ID:
        raise DatabaseNotOurs(
            f"{path} is a SQLite database, but not one made by StudyApp.",
            "Choose another data folder with --data-dir, or move the file away; "
            "StudyApp left it untouched.",
        )
    if user_version > SCHEMA_VERSION:
        raise DatabaseTooNew(
            f"{path} was written by a newer StudyApp (schema {user_version}; this version "
            f"knows up to {SCHEMA_VERSION}).",
            "Install the newest StudyApp to open it. The file was left untouched.",
        )
    (verdict,) = connection.execute("PRAGMA quick_check").fetchone()
    if verdict != "ok":
        raise diagnose.damaged(path, verdict)
    return ProbeResult(exists=True, schema_version=user_version)
