"""Putting a backup back in place: verified copy, fsync, atomic rename; the old file's WAL is
removed so it can never be replayed onto the restored one. The media files the restored
questions refer to come back first (backup_media.py). The caller has closed the database
and taken a backup of it first."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studyapp.errors import BackupFailed
from studyapp.store.backup_media import restore_media

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BackupSummary:
    questions: int
    reviews: int


def summarize_backup(path: Path) -> BackupSummary | None:
    """Question and review counts of a backup, or None when it cannot be read."""
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            questions = connection.execute(
                "SELECT count(*) FROM question WHERE retired_at IS NULL"
            ).fetchone()[0]
            reviews = connection.execute(f"SELECT count(*) FROM {_reviews_table(connection)}")
            reviews = reviews.fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return BackupSummary(int(questions), int(reviews))


def _reviews_table(connection: sqlite3.Connection) -> str:
    """Undone reviews stay in the log from schema 2 on; the view leaves them out."""
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = 'effective_review'"
    ).fetchone()
    return "effective_review" if found else "review_log"


def restore_file(backup: Path, database: Path) -> None:
    partial = database.with_name(database.name + ".restoring")
    try:
        shutil.copyfile(backup, partial)
        check = sqlite3.connect(partial)
        try:
            (verdict,) = check.execute("PRAGMA integrity_check").fetchone()
        finally:
            check.close()
        if verdict != "ok":
            raise BackupFailed(
                f"The backup {backup.name} is damaged ({verdict}).",
                "Choose an older backup; your current data was not changed.",
            )
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        media = restore_media(partial, backup.parent, database.parent)
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.replace(partial, database)
        log.info("restored %s from %s (%d media files put back)", database, backup, media)
    except (OSError, sqlite3.Error) as exc:
        raise BackupFailed(
            f"Could not restore {backup.name}: {exc}.",
            "Your current data was not changed. Check the free disk space and try again.",
        ) from exc
    finally:
        partial.unlink(missing_ok=True)


def quarantine(database: Path, now: datetime) -> Path:
    """Move a damaged database (and its WAL) aside, never deleting it."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = database.with_name(f"studyapp.damaged-{stamp}.sqlite3")
    os.replace(database, target)
    log.warning("damaged database %s moved aside to %s", database, target)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{database}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{target}{suffix}"))
    return target
