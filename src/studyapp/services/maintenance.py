"""Keeping the file safe: back up, check, restore."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.services.views import BackupChoice, StudyView
from studyapp.store.records import Changes

if TYPE_CHECKING:
    from studyapp.services.app import Services


class MaintenanceService:
    def __init__(self, app: Services) -> None:
        self._app = app

    def back_up_now(self, now: datetime) -> Path:
        from studyapp.store.rotation import back_up

        return back_up(self._app.col.db.raw_connection(), self._app.places.backups, "manual", now)

    def check(self, now: datetime) -> str:
        from studyapp.store.check import check_database
        from studyapp.store.schema import to_millis

        return check_database(self._app.col.db, to_millis(now)).format()

    def backup_choices(self) -> list[BackupChoice]:
        from studyapp.store.restore import summarize_backup
        from studyapp.store.rotation import list_backups

        choices = []
        for backup in list_backups(self._app.places.backups):
            summary = summarize_backup(backup.path)
            choices.append(
                BackupChoice(
                    backup.path,
                    backup.taken_at,
                    backup.label,
                    None if summary is None else summary.questions,
                    None if summary is None else summary.reviews,
                )
            )
        return choices

    def restore_backup(self, backup: Path, now: datetime) -> StudyView:
        """Back up the current file, close it, put the backup in its place, reopen."""
        from studyapp.store.backup import backup_name, write_backup
        from studyapp.store.restore import restore_file
        from studyapp.study.collection import Collection

        app = self._app
        database = app.col.db.path
        write_backup(
            app.col.db.raw_connection(), app.places.backups / backup_name(now, "before-restore")
        )
        app.col.close()
        try:
            restore_file(backup, database)
        finally:
            app.swap(Collection.open(database, backups=app.places.backups))
        view = app.study.start(now)
        return replace(
            view, changes=Changes(structure=True), message=f"Restored the backup {backup.name}."
        )
