"""`Services`: the one object the window's worker jobs receive (see the package docstring)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.services.content import ContentService
from studyapp.services.maintenance import MaintenanceService
from studyapp.services.plan_node import PlanToday
from studyapp.services.rendering import Renderer
from studyapp.services.study import StudyService
from studyapp.services.topics import TopicService

if TYPE_CHECKING:
    from studyapp.study.collection import Collection


@dataclass(frozen=True, slots=True)
class Places:
    database: Path
    backups: Path
    deck_folder: Path | None = None  # None: the built-in decks shipped with the app


class Services:
    def __init__(self, col: Collection, places: Places, renderer: Renderer) -> None:
        self.col = col
        self.places = places
        self.renderer = renderer
        self.study = StudyService(self)
        self.content = ContentService(self)
        self.maintenance = MaintenanceService(self)
        self.topics = TopicService(self)
        self.plan_today = PlanToday()  # the tree's plan node, made on this (worker) thread

    @classmethod
    def open(cls, places: Places, theme: str, now: datetime) -> Services:
        """Open (or create) the collection and bring the built-in deck up to date."""
        from studyapp.io.sync import sync_builtin_deck
        from studyapp.store.rotation import back_up_if_due
        from studyapp.study.collection import Collection

        col = Collection.open(places.database, backups=places.backups)
        try:
            synced = sync_builtin_deck(col.db, now, folder=places.deck_folder)
            back_up_if_due(col.db.raw_connection(), places.backups, now)
        except BaseException:
            col.close()
            raise
        services = cls(col, places, Renderer(theme))
        services.content.keep_conflicts(synced.conflicts)  # asked about once the window is up
        return services

    @classmethod
    def recover(cls, places: Places, theme: str, now: datetime) -> Services:
        """A damaged file at start: move it aside, restore the newest readable backup, open."""
        from studyapp.errors import BackupFailed
        from studyapp.store.restore import quarantine, restore_file, summarize_backup
        from studyapp.store.rotation import list_backups

        good = [b.path for b in list_backups(places.backups) if summarize_backup(b.path)]
        if not good:
            raise BackupFailed(
                "None of the backups can be read.",
                f"The damaged file was left where it is. Look in {places.backups} for older "
                "copies.",
            )
        quarantine(places.database, now)
        restore_file(good[0], places.database)
        return cls.open(places, theme, now)

    def swap(self, col: Collection) -> None:
        """Another file took the open one's place (a restore): everything in memory that
        pointed at the old content goes with it."""
        self.col = col

    def close(self) -> None:
        self.col.close()
