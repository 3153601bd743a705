"""Which backups to keep: the newest of each of the last 7 days, 4 weeks and 12 months, plus
the newest few taken before a risky step (migration, import, reset, restore) or on demand."""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studyapp.store.backup import BACKUP_SUFFIX, BEFORE_MIGRATION, backup_name, write_backup

log = logging.getLogger(__name__)
NAME = re.compile(r"^studyapp-(\d{8}-\d{6}-\d{6})-(.+)\.sqlite3$")
DAILY, WEEKLY, MONTHLY, BEFORE_STEPS = 7, 4, 12, 5
BACKUP_EVERY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    taken_at: datetime
    label: str


def list_backups(folder: Path) -> list[BackupFile]:
    """Backups in `folder`, newest first; files that are not ours are ignored."""
    found: list[BackupFile] = []
    if not folder.is_dir():
        return found
    for path in folder.glob(f"studyapp-*{BACKUP_SUFFIX}"):
        match = NAME.match(path.name)
        if match:
            taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)
            found.append(BackupFile(path, taken, match.group(2)))
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def to_keep(backups: list[BackupFile]) -> set[Path]:
    keep: set[Path] = set()
    # The copy taken before the newest migration is the only way back to the previous
    # StudyApp: no number of later safety copies may push it out.
    before_migration = [b for b in backups if b.label.startswith(BEFORE_MIGRATION)]
    keep.update(b.path for b in before_migration[:1])
    # Safety copies before risky steps, and the ones the user asked for, are kept apart from
    # the calendar windows.
    chosen = [
        b
        for b in backups
        if (b.label.startswith("before-") and b not in before_migration) or b.label == "manual"
    ]
    keep.update(b.path for b in chosen[:BEFORE_STEPS])
    for period, count in (
        (lambda d: d.date(), DAILY),
        (lambda d: d.isocalendar()[:2], WEEKLY),
        (lambda d: (d.year, d.month), MONTHLY),
    ):
        seen: list[object] = []
        for backup in backups:  # newest first: the first of each period is its newest
            key = period(backup.taken_at)
            if key not in seen:
                seen.append(key)
                if len(seen) > count:
                    break
                keep.add(backup.path)
    return keep


def rotate(folder: Path) -> list[Path]:
    """Delete the backups that fall out of every window; return what was deleted."""
    backups = list_backups(folder)
    keep = to_keep(backups)
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def back_up(source: sqlite3.Connection, folder: Path, label: str, now: datetime) -> Path:
    path = write_backup(source, folder / backup_name(now, label))
    removed = rotate(folder)
    log.info("backup written: %s (%d old backups rotated out)", path, len(removed))
    return path


def back_up_if_due(source: sqlite3.Connection, folder: Path, now: datetime) -> Path | None:
    """The start-up backup: only when the newest is older than a day."""
    newest = next(iter(list_backups(folder)), None)
    if newest is not None and now - newest.taken_at < BACKUP_EVERY:
        return None
    return back_up(source, folder, "daily", now)
