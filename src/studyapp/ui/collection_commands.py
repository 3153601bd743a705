"""Menu commands that change the collection as a whole: the built-in deck, study settings,
export. Each asks first where it cannot be undone, then runs on the worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from studyapp.paths import backups_dir
from studyapp.study.clock import utc_now
from studyapp.ui import ops
from studyapp.ui.settings_dialog import StudySettingsDialog

if TYPE_CHECKING:
    from studyapp.ui.main_window import MainWindow


class CollectionCommands(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def restore_deck(self) -> None:
        window = self.window
        if window.idle():
            window.submit(ops.restore_builtin_deck, window.deck_folder, window.theme, utc_now())

    def remove_deck(self) -> None:
        window = self.window
        if window.idle() and self._confirm(
            "Remove the built-in deck?",
            "Its questions leave study. Your reviews and bookmarks are kept, and "
            "File › Built-in Deck › Restore Built-in Deck brings everything back.",
        ):
            window.submit(ops.remove_builtin_deck, window.theme, utc_now())

    def reset_progress(self) -> None:
        window = self.window
        if window.idle() and self._confirm(
            "Reset your progress on the built-in deck?",
            "Every question of the built-in deck becomes new again and its review history "
            "is erased. A backup is taken first, so it can be restored.",
        ):
            backups = backups_dir(window.data_dir)
            window.submit(ops.reset_builtin_progress, backups, window.theme, utc_now())

    def study_settings(self) -> None:
        window = self.window
        if not window.idle() or window.view is None:
            return
        view = window.view
        dialog = StudySettingsDialog(view.new_per_day, view.desired_retention, window)
        if dialog.exec():
            new_per_day, retention = dialog.values()
            window.submit(ops.save_study_settings, new_per_day, retention, window.theme, utc_now())

    def export(self) -> None:
        window = self.window
        if not window.idle():
            return
        path, chosen = QFileDialog.getSaveFileName(
            window,
            "Export questions",
            str(Path.home() / "studyapp-export.md"),
            "StudyApp deck (*.md);;CSV (*.csv)",
        )
        if not path:
            return
        fmt = "csv" if path.lower().endswith(".csv") or chosen.startswith("CSV") else "md"
        window.runner.submit(
            ops.export,
            Path(path),
            fmt,
            on_done=lambda count: window.statusBar().showMessage(
                f"Exported {count} questions to {path}.", 8000
            ),
        )

    def back_up_now(self) -> None:
        window = self.window
        if not window.idle():
            return
        window.runner.submit(
            ops.back_up_now,
            backups_dir(window.data_dir),
            utc_now(),
            on_done=lambda path: window.statusBar().showMessage(f"Backed up to {path}.", 8000),
        )

    def restore(self) -> None:
        window = self.window
        if window.idle():
            window.runner.submit(
                ops.list_backup_choices,
                backups_dir(window.data_dir),
                on_done=self._on_backups_listed,
            )

    def _on_backups_listed(self, choices: list[ops.BackupChoice]) -> None:
        from studyapp.ui.restore_dialog import RestoreDialog

        if not choices:
            self.window.statusBar().showMessage("There are no backups yet.", 8000)
            return
        dialog = RestoreDialog(choices, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._restore_chosen(dialog.chosen()))
        self.dialog = dialog
        dialog.open()

    def _restore_chosen(self, choice: ops.BackupChoice | None) -> None:
        window = self.window
        if choice is None or not window.idle():
            return
        window.runner.submit_swap(
            ops.restore_backup,
            choice.path,
            backups_dir(window.data_dir),
            window.theme,
            utc_now(),
            on_done=window.show_view,
        )

    def check_database(self) -> None:
        window = self.window
        if window.idle():
            window.runner.submit(ops.check, utc_now(), on_done=self._on_checked)

    def _on_checked(self, report: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, "Check Database", report, parent=self.window
        )
        box.setObjectName("checkReport")
        box.open()

    def _confirm(self, question: str, detail: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "StudyApp", question, parent=self.window)
        box.setInformativeText(detail)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes
