"""The import preview: what was detected, the topics it will create, the first questions,
and every warning, before anything is written."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studyapp.services.views import PreviewView
from studyapp.ui.content_browser import ContentBrowser
from studyapp.ui.window_state import resize_within_screen

FORMAT_LABELS = {
    "outline": "Outline notes (indented text)",
    "deck": "StudyApp deck (Markdown with {#ids})",
    "markdown": "Markdown (headings and lists)",
    "csv": "CSV with a header row",
    "tsv": "TSV (tab-separated) with a header row",
    "anki": "Anki “Notes in Plain Text” export",
    "apkg": "Anki package (.apkg / .colpkg) with its schedule",
}


class ImportDialog(QDialog):
    format_changed = Signal(str)

    def __init__(self, parents: list[tuple[int | None, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import")
        resize_within_screen(self, 900, 640)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.format = QComboBox()
        for key, label in FORMAT_LABELS.items():
            self.format.addItem(label, key)
        self.format.activated.connect(self._on_format_activated)
        self.target = QComboBox()
        for topic_id, title in parents:
            self.target.addItem(title, topic_id)
        self.outline = QTreeWidget()
        self.outline.setHeaderLabels(["Topic", "Questions"])
        header = self.outline.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.sample = ContentBrowser()
        self.warnings = QListWidget()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("Format:", self.format)
        form.addRow("Put the topics under:", self.target)
        panes = QHBoxLayout()
        panes.addWidget(self._group("Topics to create", self.outline), 2)
        panes.addWidget(self._group("First questions", self.sample), 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addLayout(panes, 4)
        layout.addWidget(self._group("Warnings", self.warnings), 1)
        layout.addWidget(self.buttons)

    @staticmethod
    def _group(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        inner.addWidget(widget)
        return box

    def show_preview(self, view: PreviewView) -> None:
        preview = view.preview
        deck = preview.deck
        self.summary.setText(
            f"<b>{preview.path.name}</b>: {deck.question_count} questions in "
            f"{len(view.outline)} topics. Nothing is written until you press Import; "
            "importing the same file again later updates these questions in place."
        )
        self.format.setCurrentIndex(max(self.format.findData(preview.format), 0))
        self._fill_outline(view.outline)
        self.sample.setHtml(view.sample_html)
        self.warnings.clear()
        for warning in preview.warnings:
            self.warnings.addItem(f"line {warning.line}: {warning.message}")
        if not preview.warnings:
            self.warnings.addItem("No warnings: every line was used.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(deck.question_count > 0)

    def _fill_outline(self, outline: tuple[tuple[int, str, int], ...]) -> None:
        self.outline.clear()
        stack: list[QTreeWidgetItem] = []
        for depth, title, count in outline:
            del stack[depth:]
            item = QTreeWidgetItem([title, str(count)])
            if stack:
                stack[-1].addChild(item)
            else:
                self.outline.addTopLevelItem(item)
            stack.append(item)
        self.outline.expandToDepth(1)

    def chosen_parent(self) -> int | None:
        value = self.target.currentData()
        return value if isinstance(value, int) else None

    def _on_format_activated(self, _index: int) -> None:
        self.format_changed.emit(str(self.format.currentData()))
