"""Menu commands that change the collection as a whole: the built-in deck, study settings,
export, backups. Each asks first where it cannot be undone, then runs on the worker through
the study controller."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from studyapp.study.clock import utc_now
from studyapp.ui.settings_dialog import StudySettingsDialog

if TYPE_CHECKING:
    from studyapp.services.views import BackupChoice, SettingsView
    from studyapp.ui.study_controller import StudyController


class CollectionCommands(QObject):
    deck_restored = Signal()

    def __init__(self, controller: StudyController, parent: QWidget) -> None:
        super().__init__(parent)
        self.controller = controller
        self.parent_widget = parent
        self.dialog: QWidget | None = None

    def restore_deck(self) -> None:
        if self.controller.idle():
            now = utc_now()
            self.controller.run(lambda services: services.content.restore_builtin_deck(now))
            self.deck_restored.emit()  # its edited questions may have changed: ask about them

    def remove_deck(self) -> None:
        if self.controller.idle() and self._confirm(
            "Remove the built-in deck?",
            "Its questions leave study. Your reviews and bookmarks are kept, and "
            "File › Built-in Deck › Restore Built-in Deck brings everything back.",
        ):
            now = utc_now()
            self.controller.run(lambda services: services.content.remove_builtin_deck(now))

    def reset_progress(self) -> None:
        if self.controller.idle() and self._confirm(
            "Reset your progress on the built-in deck?",
            "Every question of the built-in deck becomes new again and its review history "
            "is erased. A backup is taken first, so it can be restored.",
        ):
            now = utc_now()
            self.controller.run(lambda services: services.content.reset_builtin_progress(now))

    def study_settings(self) -> None:
        if self.controller.idle():
            self.controller.call(lambda services: services.content.settings(), self._on_settings)

    def _on_settings(self, current: SettingsView) -> None:
        dialog = StudySettingsDialog(
            current.new_per_day, current.desired_retention, self.parent_widget
        )
        if dialog.exec() and self.controller.idle():
            new_per_day, retention = dialog.values()
            now = utc_now()
            self.controller.run(
                lambda services: services.content.save_settings(new_per_day, retention, now)
            )

    def export(self) -> None:
        if not self.controller.idle():
            return
        path, chosen = QFileDialog.getSaveFileName(
            self.parent_widget,
            "Export questions",
            str(Path.home() / "studyapp-export.md"),
            ";;".join(EXPORT_FILTERS),
        )
        if not path:
            return
        fmt = _export_format(path, chosen)
        now = utc_now()
        self.controller.call(
            lambda services: services.content.export(Path(path), fmt, now),
            lambda count: self.controller.message_posted.emit(
                f"Exported {count} questions to {path}."
            ),
        )

    def back_up_now(self) -> None:
        if self.controller.idle():
            now = utc_now()
            self.controller.call(
                lambda services: services.maintenance.back_up_now(now),
                lambda path: self.controller.message_posted.emit(f"Backed up to {path}."),
            )

    def restore(self) -> None:
        if self.controller.idle():
            self.controller.call(
                lambda services: services.maintenance.backup_choices(), self._on_backups_listed
            )

    def _on_backups_listed(self, choices: list[BackupChoice]) -> None:
        from studyapp.ui.restore_dialog import RestoreDialog

        if not choices:
            self.controller.message_posted.emit("There are no backups yet.")
            return
        dialog = RestoreDialog(choices, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._restore_chosen(dialog.chosen()))
        self.dialog = dialog
        dialog.open()

    def _restore_chosen(self, choice: BackupChoice | None) -> None:
        if choice is None or not self.controller.idle():
            return
        backup, now = choice.path, utc_now()
        self.controller.run(lambda services: services.maintenance.restore_backup(backup, now))

    def check_database(self) -> None:
        if self.controller.idle():
            now = utc_now()
            self.controller.call(lambda services: services.maintenance.check(now), self._on_checked)

    def _on_checked(self, report: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, "Check Database", report, parent=self.parent_widget
        )
        box.setObjectName("checkReport")
        box.open()

    def _confirm(self, question: str, detail: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, "StudyApp", question, parent=self.parent_widget
        )
        box.setInformativeText(detail)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes


EXPORT_FILTERS = (
    "StudyApp deck (*.md)",
    "CSV (*.csv)",
    "Anki package with schedule and history (*.apkg)",
    "Anki package, every card new (*.apkg)",
)


def _export_format(path: str, chosen: str) -> str:
    if chosen == EXPORT_FILTERS[3]:
        return "apkg-new"
    if path.lower().endswith(".apkg") or chosen == EXPORT_FILTERS[2]:
        return "apkg"
    if path.lower().endswith(".csv") or chosen == EXPORT_FILTERS[1]:
        return "csv"
    return "md"
