"""What went wrong with a database file, in words that say what to do.

Only real damage (not a database, malformed, a failed integrity check) is called damage, and
only damage may lead to the offer to restore a backup. A read-only file or folder, permission
denied, a disk I/O error, a lock held by another program and a missing folder each have their
own message: restoring a backup would not help with any of them, and could lose work.
"""

from __future__ import annotations

import os
from pathlib import Path

from studyapp.errors import (
    DatabaseDamaged,
    DatabaseError,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseUnreadable,
    DataFolderMissing,
    DiskFull,
)

_PERMISSIONS_HINT = (
    "Check the permissions of the file and its folder (you need to be able to read and "
    "write both), or start StudyApp with another --data-dir. Your data was not changed."
)


def explain(path: Path, error: BaseException) -> DatabaseError:
    """The error to show for a failure of SQLite (or the OS) on `path`."""
    text = str(getattr(error, "orig", error)).lower()
    if "disk is full" in text or (isinstance(error, OSError) and error.errno == 28):
        return DiskFull(
            "The disk is full, so your last change could not be saved.",
            "Free some disk space, then try again. Everything saved before is safe.",
        )
    if is_damage(text):
        return damaged(path, text)
    if "locked" in text or "busy" in text:
        return DatabaseLocked(
            f"{path} is in use by another program.",
            "Close the other StudyApp window (or the program using this file) and try again.",
        )
    # SQLite's messages for the rest ("unable to open database file", "disk I/O error",
    # "attempt to write a readonly database") do not say why: the file system does.
    return _from_file_system(path) or DatabaseUnreadable(
        f"StudyApp could not read or write {path}: {text}.",
        "This is a problem of the disk or the file system, not damage to the file. Check the "
        "disk (and that it is still connected), then start StudyApp again.",
    )


def is_damage(text: str) -> bool:
    text = text.lower()
    return "malformed" in text or "not a database" in text


def damaged(path: Path, detail: str) -> DatabaseDamaged:
    return DatabaseDamaged(
        f"{path} is damaged: {detail}.",
        "Restore it from a backup (File › Restore from Backup, or copy a file from the "
        "'backups' folder). The damaged file was left untouched.",
    )


def _from_file_system(path: Path) -> DatabaseError | None:
    folder = path.parent
    if not folder.is_dir():
        return DataFolderMissing(
            f"The data folder {folder} is missing.",
            "If it is on a removable or network drive, connect it and start StudyApp again; "
            "otherwise choose the right folder with --data-dir.",
        )
    if path.exists() and not os.access(path, os.R_OK):
        return DatabaseUnreadable(f"You do not have permission to read {path}.", _PERMISSIONS_HINT)
    if path.exists() and not os.access(path, os.W_OK):
        return DatabaseReadOnly(f"{path} is read-only.", _PERMISSIONS_HINT)
    if not os.access(folder, os.W_OK | os.X_OK):
        return DatabaseReadOnly(
            f"The data folder {folder} is read-only, so StudyApp cannot save there "
            "(SQLite keeps its journal beside the database).",
            _PERMISSIONS_HINT,
        )
    return None


def check_writable(path: Path) -> None:
    """Raise before opening for writing, rather than let SQLite fail with a vague message."""
    problem = _from_file_system(path)
    if problem is not None:
        raise problem
