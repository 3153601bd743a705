"""The media store in backups: `backups/media/` keeps a copy of every image and sound of the
data folder's `media/`, which notes refer to by content hash (`media/<sha256>.<ext>`).

A name says what its bytes are, so a file is copied once and never again (each backup copies
only what is new), a copy is checked against its name before it is kept or put back, and a
restore takes back exactly the files the restored database refers to. Nothing here deletes:
the data folder's media store never shrinks either, so neither store outgrows the other.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sqlite3
import stat
from pathlib import Path

from studyapp.paths import is_media_link, media_dir

log = logging.getLogger(__name__)
REFERENCE = re.compile(r"\(media/([0-9a-f]{64}\.[a-z0-9]{1,5})\)")
REFERRING_SQL = (
    "SELECT prompt_md, answer_md FROM question "
    "WHERE prompt_md LIKE '%](media/%' OR answer_md LIKE '%](media/%'"
)


def backup_media_dir(backups: Path) -> Path:
    return backups / "media"


def data_dir_of(connection: sqlite3.Connection) -> Path | None:
    """The folder of the connection's main database file (None in memory)."""
    for _seq, name, file in connection.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file).parent
    return None


def back_up_media(data_dir: Path, backups: Path) -> int:
    """Copy the media files not yet in the backups' store; return how many were copied. A
    file whose bytes do not match its name (damaged) is left out, and said so in the log."""
    source = media_dir(data_dir)
    if not source.is_dir():
        return 0
    target = backup_media_dir(backups)
    copied = 0
    for path in sorted(source.iterdir()):
        if _is_stored_file(path) and not _kept(target / path.name, path):
            copied += _copy_checked(path, target / path.name)
    return copied


def restore_media(database: Path, backups: Path, data_dir: Path) -> int:
    """Put back the media files `database` refers to that the data folder lacks (or holds
    damaged); return how many were put back."""
    kept, target = backup_media_dir(backups), media_dir(data_dir)
    restored = 0
    for name in sorted(referenced_media(database)):
        present = target / name
        if (kept / name).is_file() and not (present.is_file() and _matches(present)):
            restored += _copy_checked(kept / name, present)
    return restored


def referenced_media(database: Path) -> set[str]:
    """The media file names a database's questions refer to (empty when it cannot be read)."""
    try:
        connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
        try:
            rows = connection.execute(REFERRING_SQL).fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return set()
    return {name for row in rows for text in row for name in REFERENCE.findall(text or "")}


def _is_stored_file(path: Path) -> bool:
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and is_media_link(f"media/{path.name}")


def _kept(copy: Path, original: Path) -> bool:
    """A copy of the same size is the same file: the names are hashes of the bytes."""
    try:
        return copy.stat().st_size == original.stat().st_size
    except OSError:
        return False


def _matches(path: Path) -> bool:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return path.name.split(".", 1)[0] == digest.hexdigest()


def _copy_checked(source: Path, target: Path) -> int:
    """Copy `source` to `target` through a temporary file; 1 if copied, 0 if `source` does
    not hold what its name says."""
    if not is_media_link(f"media/{source.name}") or not _matches(source):
        log.warning("media file %s does not match its name; left out", source)
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".partial-{target.name}")
    try:
        shutil.copyfile(source, partial)
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return 1
