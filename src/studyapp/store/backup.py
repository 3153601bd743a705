"""Online backups through SQLite's backup API: copy, verify, fsync, then rename into place,
so that a half-written or damaged copy can never stand where a good backup was. The media
files the data folder holds are copied first (backup_media.py), so a backup never stands
without the images its questions show."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from studyapp.errors import BackupFailed
from studyapp.store.backup_media import back_up_media, backup_media_dir, data_dir_of

BACKUP_SUFFIX = ".sqlite3"
# The label of the copy taken before a schema migration, followed by the old version.
BEFORE_MIGRATION = "before-schema-"


def backup_name(moment: datetime, label: str) -> str:
    return f"studyapp-{moment.strftime('%Y%m%d-%H%M%S-%f')}-{label}{BACKUP_SUFFIX}"


def write_backup(source: sqlite3.Connection, destination: Path) -> Path:
    """Copy `source` to `destination` atomically; raise BackupFailed and leave nothing behind
    if the copy does not pass `integrity_check`."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            (verdict,) = target.execute("PRAGMA integrity_check").fetchone()
            # A backup must open on its own: fold any WAL content into the main file.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        if verdict != "ok":
            raise BackupFailed(
                f"The backup copy failed its integrity check ({verdict}).",
                "Your database was not changed. Run Tools › Check Database.",
            )
        fsync_file(partial)
        data_dir = data_dir_of(source)
        if data_dir is not None and back_up_media(data_dir, destination.parent):
            fsync_dir(backup_media_dir(destination.parent))
        os.replace(partial, destination)
        fsync_dir(destination.parent)
    except sqlite3.Error as exc:
        raise BackupFailed(
            f"Could not write a backup to {destination.parent}: {exc}.",
            "Check that the disk has free space and the folder is writable.",
        ) from exc
    except OSError as exc:
        raise BackupFailed(
            f"Could not write a backup to {destination.parent}: {exc.strerror}.",
            "Check that the disk has free space and the folder is writable.",
        ) from exc
    finally:
        partial.unlink(missing_ok=True)
    return destination


def backup_file(path: Path, destination: Path) -> Path:
    """Back up a database file that no connection of ours holds (before a migration)."""
    source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return write_backup(source, destination)
    finally:
        source.close()


def fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
