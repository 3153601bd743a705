"""File › Export (Ctrl+E): what to write (everything, the topic being studied, or the results
of a search), in which format, and where. Nothing is written until Export is pressed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.ui.theme import legible_indicators

# (file dialog filter, format for services.content.export, file suffix)
FORMATS = (
    ("StudyApp deck (*.md)", "md", ".md"),
    ("CSV (*.csv)", "csv", ".csv"),
    ("Anki package with schedule and history (*.apkg)", "apkg", ".apkg"),
    ("Anki package, every card new (*.apkg)", "apkg-new", ".apkg"),
)


@dataclass(frozen=True, slots=True)
class ExportRequest:
    path: Path
    fmt: str
    topic_id: int | None  # None: not narrowed to a topic
    query: str | None  # None: not narrowed to a search


class ExportDialog(QDialog):
    def __init__(
        self,
        topic: tuple[int, str] | None,
        query: str,
        folder: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        legible_indicators(self)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export Questions — StudyApp")
        self.topic_id = topic[0] if topic else None
        self.everything = QRadioButton("&Everything")
        self.topic = QRadioButton(
            f"The &topic “{topic[1]}” and its subtopics" if topic else "The topic being studied"
        )
        self.topic.setEnabled(topic is not None)
        self.search = QRadioButton("The results of a &search:")
        self.query = QLineEdit(query)
        self.query.setPlaceholderText("a search, as in Edit › Find (e.g. tag:sql is:due)")
        self.query.textEdited.connect(lambda _text: self.search.setChecked(True))
        self.choices = QButtonGroup(self)
        for button in (self.everything, self.topic, self.search):
            self.choices.addButton(button)
        (self.search if query else self.topic if topic else self.everything).setChecked(True)
        self.format = QComboBox()
        for label, fmt, _suffix in FORMATS:
            self.format.addItem(label.split(" (*")[0], fmt)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        self.path = QLineEdit(str(folder / "studyapp-export.md"))
        self.path.textEdited.connect(self._on_path_edited)
        self.error = QLabel()
        self.error.setObjectName("exportError")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

    def _lay_out(self) -> None:
        search_row = QHBoxLayout()
        search_row.addWidget(self.search)
        search_row.addWidget(self.query, 1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        choose = QPushButton("&Choose…")
        choose.clicked.connect(self._choose_file)
        file_row.addWidget(choose)
        form = QFormLayout()
        form.addRow("&Format", self.format)
        form.addRow("File", file_row)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Which questions:"))
        layout.addWidget(self.everything)
        layout.addWidget(self.topic)
        layout.addLayout(search_row)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

    def request(self) -> ExportRequest:
        searching = self.search.isChecked()
        return ExportRequest(
            Path(self.path.text().strip()).expanduser(),
            str(self.format.currentData()),
            self.topic_id if self.topic.isChecked() else None,
            self.query.text().strip() if searching else None,
        )

    def _on_accepted(self) -> None:
        if not self.path.text().strip():
            self.error.setText("Choose the file to write.")
        elif self.search.isChecked() and not self.query.text().strip():
            self.error.setText("Type the search whose results to export.")
        else:
            self.accept()

    def _on_format_changed(self, index: int) -> None:
        """The file's extension follows the format."""
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(FORMATS[index][2])))

    def _on_path_edited(self, text: str) -> None:
        """…and the format follows a typed extension."""
        suffix = Path(text.strip()).suffix.lower()
        current = FORMATS[self.format.currentIndex()]
        if suffix and suffix != current[2]:
            for index, (_label, _fmt, known) in enumerate(FORMATS):
                if known == suffix:
                    self.format.blockSignals(True)
                    self.format.setCurrentIndex(index)
                    self.format.blockSignals(False)
                    break

    def _choose_file(self) -> None:
        index = self.format.currentIndex()
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Export questions",
            self.path.text(),
            ";;".join(label for label, _fmt, _suffix in FORMATS),
            FORMATS[index][0],
        )
        if path:
            labels = [label for label, _fmt, _suffix in FORMATS]
            self.format.blockSignals(True)
            self.format.setCurrentIndex(labels.index(chosen) if chosen in labels else index)
            self.format.blockSignals(False)
            self.path.setText(path)
            self._on_path_edited(path)
