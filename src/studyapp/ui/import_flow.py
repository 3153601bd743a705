"""File › Import and drag-and-drop: parse on the worker, preview, then import in one
transaction with a progress dialog for the slow cases. The GUI never waits."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from studyapp.paths import backups_dir
from studyapp.study.clock import utc_now
from studyapp.ui import ops
from studyapp.ui.import_dialog import ImportDialog
from studyapp.ui.ops import PreviewView, StudyView

if TYPE_CHECKING:
    from studyapp.io.importer import ImportReport
    from studyapp.ui.main_window import MainWindow

FILE_FILTER = "Notes and decks (*.txt *.md *.markdown *.csv *.tsv *.tab);;All files (*)"
PROGRESS_AFTER_MS = 500


class ImportFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ImportDialog | None = None
        self.progress: QProgressDialog | None = None

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window, "Import notes", str(Path.home()), FILE_FILTER
        )
        if path:
            self.start(Path(path))

    def start(self, path: Path, fmt: str | None = None) -> None:
        window = self.window
        self._show_progress(f"Reading {path.name}…")
        window.runner.submit(
            ops.preview_import,
            path,
            fmt,
            window.theme,
            on_done=self._on_preview_ready,
            on_error=self._on_failed,
        )

    def _on_preview_ready(self, view: PreviewView) -> None:
        self._hide_progress()
        if self.dialog is None:
            self.dialog = ImportDialog(self._parent_choices(), self.window)
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
        view = self.window.view
        if view is not None:
            for root in view.tree.roots:
                for node in root.walk():
                    choices.append((node.id, node.title))
        return choices

    def _on_dialog_accepted(self) -> None:
        assert self.dialog is not None
        parent_topic = self.dialog.chosen_parent()
        self._forget_dialog()
        window = self.window
        self._show_progress(f"Importing {self._preview.preview.path.name}…")
        window.runner.submit(
            ops.run_import,
            self._preview.preview,
            parent_topic,
            backups_dir(window.data_dir),
            window.theme,
            utc_now(),
            on_done=self._on_imported,
            on_error=self._on_failed,
        )

    def _on_imported(self, result: tuple[ImportReport, StudyView]) -> None:
        self._hide_progress()
        _report, view = result
        self.window.show_view(view)

    def _on_failed(self, error: BaseException) -> None:
        self._hide_progress()
        self.window.show_error(error)

    def _forget_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _show_progress(self, text: str) -> None:
        if self.progress is None:
            self.progress = QProgressDialog(text, "", 0, 0, self.window)
            self.progress.setCancelButton(None)  # an import is one transaction: all or nothing
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.setMinimumDuration(PROGRESS_AFTER_MS)
            self.progress.setWindowTitle("StudyApp")
        self.progress.setLabelText(text)
        self.progress.setValue(0)

    def _hide_progress(self) -> None:
        if self.progress is not None:
            self.progress.reset()
