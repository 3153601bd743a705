"""File › Import and drag-and-drop: parse on the worker, preview, then import in one
transaction with a progress dialog for the slow cases. The GUI never waits."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from studyapp.study.clock import utc_now

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.services.views import ConflictView, ImportReport, PreviewView, StudyView
    from studyapp.ui.import_dialog import ImportDialog
    from studyapp.ui.study_controller import StudyController

FILE_FILTER = (
    "Notes, decks and Anki packages (*.txt *.md *.markdown *.csv *.tsv *.tab *.apkg *.colpkg);;"
    "Anki packages (*.apkg *.colpkg);;All files (*)"
)
PROGRESS_AFTER_MS = 500


class ImportFlow(QObject):
    def __init__(self, controller: StudyController, parent: QWidget) -> None:
        super().__init__(parent)
        self.controller = controller
        self.parent_widget = parent
        self.dialog: ImportDialog | None = None
        self.progress: QProgressDialog | None = None

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.parent_widget, "Import notes", str(Path.home()), FILE_FILTER
        )
        if path:
            self.start(Path(path))

    def start(self, path: Path, fmt: str | None = None) -> None:
        self._show_progress(f"Reading {path.name}…")
        self.controller.runner.submit(
            lambda services: services.content.preview_import(path, fmt),
            on_done=self._on_preview_ready,
            on_error=self._on_failed,
        )

    def _on_preview_ready(self, view: PreviewView) -> None:
        self._hide_progress()
        if self.dialog is None:
            from studyapp.ui.import_dialog import ImportDialog  # its widgets cost a start ~120 ms

            self.dialog = ImportDialog(self._parent_choices(), self.parent_widget)
            self.dialog.format_changed.connect(lambda fmt: self.start(self._current_path(), fmt))
            self.dialog.accepted.connect(self._on_dialog_accepted)
            self.dialog.rejected.connect(self._forget_dialog)
        self._preview = view
        self.dialog.show_preview(view)
        self.dialog.open()

    def _current_path(self) -> Path:
        return self._preview.preview.path

    def _parent_choices(self) -> list[tuple[int | None, str]]:
        choices: list[tuple[int | None, str]] = [(None, "the top level")]
        tree = self.controller.tree
        if tree is not None:
            for root in tree.roots:
                for node in root.walk():
                    choices.append((node.id, node.title))
        return choices

    def _on_dialog_accepted(self) -> None:
        assert self.dialog is not None
        parent_topic = self.dialog.chosen_parent()
        self._forget_dialog()
        self._show_progress(f"Importing {self._preview.preview.path.name}…")
        preview, now = self._preview.preview, utc_now()
        self.controller.runner.submit(
            lambda services: services.content.run_import(preview, parent_topic, now),
            on_done=self._on_imported,
            on_error=self._on_failed,
        )

    def _on_imported(
        self, result: tuple[ImportReport, StudyView, tuple[ConflictView, ...]]
    ) -> None:
        self._hide_progress()
        report, view, conflicts = result
        self.controller.show(view)
        self.catch_up_search_index()
        if conflicts:
            self.resolve(conflicts, report.path.name)

    def catch_up_search_index(self) -> None:
        """A large import commits before its questions are searchable: the worker indexes
        them next, while the user reads (a search meanwhile waits its turn)."""
        self.controller.runner.submit(
            lambda services: services.content.catch_up_search_index(), on_error=self._on_failed
        )

    def ask_about_builtin_conflicts(self) -> None:
        """After the start or a restore of the built-in deck (whose sync kept the user's
        edits): the questions the newer deck words otherwise, if any."""

        def pending(services: Services) -> tuple[ConflictView, ...]:
            return services.content.pending_conflicts()

        def show(conflicts: tuple[ConflictView, ...]) -> None:
            if conflicts:
                self.resolve(conflicts, "the built-in deck")

        self.controller.runner.submit(pending, on_done=show, on_error=self._on_failed)

    def resolve(self, conflicts: tuple[ConflictView, ...], origin: str) -> None:
        """Questions the user edited that the source changed: they choose, nothing is
        overwritten before that."""
        from studyapp.ui.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(conflicts, origin, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.take_new.connect(self._take_new)
        dialog.open()

    def _take_new(self, chosen: tuple[ConflictView, ...]) -> None:
        now = utc_now()

        def take(services: Services) -> StudyView:
            from studyapp.services.conflicts import take_new_text

            return take_new_text(services, chosen, now)

        self.controller.submit_change(take)

    def _on_failed(self, error: BaseException) -> None:
        self._hide_progress()
        self.controller.failed.emit(error)

    def _forget_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _show_progress(self, text: str) -> None:
        if self.progress is None:
            self.progress = QProgressDialog(text, "", 0, 0, self.parent_widget)
            self.progress.setCancelButton(None)  # an import is one transaction: all or nothing
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.setMinimumDuration(PROGRESS_AFTER_MS)
            self.progress.setWindowTitle("StudyApp")
        self.progress.setLabelText(text)
        self.progress.setValue(0)

    def _hide_progress(self) -> None:
        if self.progress is not None:
            self.progress.reset()
