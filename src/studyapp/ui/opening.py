"""Opening the collection after the first paint: a saved screen at once (the last run's, or
on a first-ever start the one shipped with the deck), then the database on the worker
(SQLAlchemy loads there) and the first real view; a damaged file offers the newest good
backup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from studyapp.errors import DatabaseDamaged
from studyapp.paths import backups_dir, database_path
from studyapp.study.clock import utc_now

if TYPE_CHECKING:
    from studyapp.services.app import Places, Services
    from studyapp.ui.main_window import MainWindow


class Opener(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def _places(self) -> Places:
        from studyapp.services.app import Places

        data_dir = self.window.data_dir
        return Places(database_path(data_dir), backups_dir(data_dir), self.window.deck_folder)

    def show_saved_screen(self) -> None:
        """While the worker opens the database: the last run's screen if it still holds, or
        the first screen of a new database on these decks (services/first_screen.py)."""
        from studyapp.services import last_screen

        window = self.window
        database = database_path(window.data_dir)
        view = last_screen.load(window.data_dir, database, window.theme)
        if view is None and not database.exists():
            from studyapp.services import first_screen

            view = first_screen.load(database, window.theme, window.deck_folder)
        if view is None or window.controller is None:
            return
        window.controller.preview(view)
        window.tree_pane.restore_expansion(view.expanded_topics)
        window.setFocus()
        window.last_screen_shown.emit()

    def open(self, *, recover: bool) -> None:
        places, theme = self._places(), self.window.theme

        def factory() -> Services:
            from studyapp.services.app import Services

            now = utc_now()
            return (Services.recover if recover else Services.open)(places, theme, now)

        on_error = self.window.startup_failed.emit if recover else self._on_open_failed
        self.window.runner.open(factory, self._on_opened, on_error)

    def _on_opened(self, _none: object) -> None:
        now = utc_now()
        self.window.runner.submit(
            lambda services: services.study.start(now),
            on_done=self.window.on_started,
            on_error=self._on_open_failed,
        )

    def _on_open_failed(self, error: BaseException) -> None:
        window = self.window
        assert window.controller is not None
        window.controller.drop_preview()  # the last run's screen must not hide the error
        window.controller.give_up_loading()
        window.summary.show_message("StudyApp could not open your data", str(error))
        # Only real damage: a read-only, locked or unreachable file is healthy, and swapping
        # in a backup would throw away every review since it was taken.
        if isinstance(error, DatabaseDamaged) and self._has_backups():
            self._offer_restore(error)
        else:
            window.startup_failed.emit(error)

    def _has_backups(self) -> bool:
        return any(backups_dir(self.window.data_dir).glob("studyapp-*.sqlite3"))

    def _offer_restore(self, error: DatabaseDamaged) -> None:
        """A damaged file at start: keep it aside and restore the newest good backup, or quit."""
        box = QMessageBox(QMessageBox.Icon.Warning, error.title, error.message, parent=self.window)
        box.setObjectName("damagedDialog")
        box.setInformativeText(
            "StudyApp can move the damaged file aside (it is kept, never deleted) and restore "
            "your newest good backup."
        )
        restore = box.addButton("Restore Newest Backup", QMessageBox.ButtonRole.AcceptRole)
        quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        # The safe choice is the default: Enter (or Escape) must never replace the user's data.
        box.setDefaultButton(quit_button)
        box.setEscapeButton(quit_button)
        box.finished.connect(lambda _result: self._on_restore_offer_answered(box, restore))
        box.open()

    def _on_restore_offer_answered(self, box: QMessageBox, restore: object) -> None:
        if box.clickedButton() is not restore:
            self.window.exit_code = 1
            self.window.close()
            return
        self.window.summary.show_message("Restoring your newest backup…", "This takes a moment.")
        self.open(recover=True)
