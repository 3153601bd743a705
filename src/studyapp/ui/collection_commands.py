"""Menu commands that change the collection as a whole: the built-in deck, study settings,
export, backups. Each asks first where it cannot be undone, then runs on the worker through
the study controller."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from studyapp.study.clock import utc_now
from studyapp.ui.settings_dialog import StudySettingsDialog

if TYPE_CHECKING:
    from studyapp.services.views import BackupChoice, SettingsView
    from studyapp.ui.export_dialog import ExportRequest
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
        """Everything, the topic being studied, or a search's results (the one in an open
        Find window, or the one being studied), chosen in a dialog; written on the worker."""
        from studyapp.ui.export_dialog import ExportDialog

        if not self.controller.idle():
            return
        dialog = ExportDialog(
            self._studied_topic(), self._current_search(), Path.home(), self.parent_widget
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._export(dialog.request()))
        self.dialog = dialog
        dialog.open()

    def _export(self, request: ExportRequest) -> None:
        if not self.controller.idle():
            return
        now = utc_now()
        self.controller.call(
            lambda services: services.content.export(
                request.path, request.fmt, now, topic_id=request.topic_id, query=request.query
            ),
            lambda count: self.controller.message_posted.emit(
                f"Exported {count} questions to {request.path}."
            ),
        )

    def _studied_topic(self) -> tuple[int, str] | None:
        key = self.controller.scope_key
        kind, _, topic_id = key.partition(":")
        if kind != "topic" or not topic_id.isdigit():
            return None
        return int(topic_id), " › ".join(self.controller.tree_pane.tree_model.path_of(key))

    def _current_search(self) -> str:
        from studyapp.services.search import SEARCH_TITLE
        from studyapp.ui.search_window import SearchWindow

        for search in self.parent_widget.findChildren(SearchWindow):
            if search.isVisible() and search.field.text().strip():
                return search.field.text().strip()
        view = self.controller.view
        if view is not None and view.title.startswith(SEARCH_TITLE):
            return view.title.removeprefix(SEARCH_TITLE)
        return ""

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
