"""After an import: the questions the user edited that the file now words otherwise. The
import kept the user's text; here they see both and, per question or for all, keep theirs
or take the new text. Only "Apply" writes, and only the new texts chosen (one Ctrl+Z)."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studyapp.ui.window_state import resize_within_screen
from studyapp.wording import counted

if TYPE_CHECKING:
    from studyapp.services.views import ConflictView

MINE, NEW = "yours kept", "take the new text"


class ConflictDialog(QDialog):
    take_new = Signal(tuple)  # the ConflictViews whose new text the user chose

    def __init__(
        self, conflicts: tuple[ConflictView, ...], origin: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle("Edited Questions Changed at the Source — StudyApp")
        resize_within_screen(self, 980, 600)
        self.conflicts = conflicts
        self.choices = [MINE] * len(conflicts)
        count = len(conflicts)
        intro = QLabel(
            f"<b>{counted(count, 'question')} you edited "
            f"{'has' if count == 1 else 'have'} changed in {origin}.</b> Your text was kept. "
            "For each, keep yours or take the new text; nothing changes until you press Apply."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setSpacing(3)  # two lines per question: keep the questions apart
        for _conflict in conflicts:
            self.list.addItem(QListWidgetItem(""))
        self.mine = self._text_box()
        self.new = self._text_box()
        self.keep_button = QPushButton("&Keep Mine")
        self.take_button = QPushButton("&Take New Text")
        self.keep_all = QPushButton("Keep &All Mine")
        self.take_all = QPushButton("Take All &New")
        self.keep_button.clicked.connect(lambda: self._choose(MINE))
        self.take_button.clicked.connect(lambda: self._choose(NEW))
        self.keep_all.clicked.connect(lambda: self._choose_all(MINE))
        self.take_all.clicked.connect(lambda: self._choose_all(NEW))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel
        )
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Keep All Mine && Close")
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self._apply)
        self.buttons.rejected.connect(self.reject)
        self._lay_out(intro)
        self.list.currentRowChanged.connect(self._show)
        for row in range(count):
            self._label(row)
        if count:
            self.list.setCurrentRow(0)
        self.list.setFocus()

    @staticmethod
    def _text_box() -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setReadOnly(True)
        return box

    def _lay_out(self, intro: QLabel) -> None:
        sides = QSplitter()
        for title, box in (("Yours (kept now)", self.mine), ("New in the source", self.new)):
            group = QGroupBox(title)
            QVBoxLayout(group).addWidget(box)
            sides.addWidget(group)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(sides)
        split.setSizes([300, 680])
        choice = QHBoxLayout()
        for button in (self.keep_button, self.take_button):
            choice.addWidget(button)
        choice.addStretch(1)
        for button in (self.keep_all, self.take_all):
            choice.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addLayout(choice)
        layout.addWidget(self.buttons)

    def _label(self, row: int) -> None:
        conflict = self.conflicts[row]
        prompt = conflict.prompt_md.strip().splitlines()[0] if conflict.prompt_md.strip() else ""
        item = self.list.item(row)
        item.setText(f"{prompt}\n{' › '.join(conflict.topic_path)} — {self.choices[row]}")
        font = item.font()
        font.setBold(self.choices[row] == NEW)
        item.setFont(font)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.conflicts):
            return
        conflict = self.conflicts[row]
        new = conflict.new
        mine = _source(conflict.prompt_md, conflict.answer_md, conflict.tags)
        theirs = _source(new.prompt_md, new.answer_md, tuple(t for t in new.tags.split(",") if t))
        self.mine.setPlainText(mine)
        self.new.setPlainText(theirs)
        # The lines that differ, marked on both sides: the change is often one word.
        differ = difflib.SequenceMatcher(None, mine.splitlines(), theirs.splitlines())
        gone: list[int] = []
        added: list[int] = []
        for tag, a0, a1, b0, b1 in differ.get_opcodes():
            if tag != "equal":
                gone.extend(range(a0, a1))
                added.extend(range(b0, b1))
        _mark_lines(self.mine, gone)
        _mark_lines(self.new, added)

    def _choose(self, choice: str) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.conflicts):
            self.choices[row] = choice
            self._label(row)
            if row + 1 < len(self.conflicts):  # on to the next one, as a reviewer goes
                self.list.setCurrentRow(row + 1)

    def _choose_all(self, choice: str) -> None:
        self.choices = [choice] * len(self.conflicts)
        for row in range(len(self.conflicts)):
            self._label(row)

    def chosen_new(self) -> tuple[ConflictView, ...]:
        pairs = zip(self.conflicts, self.choices, strict=True)
        return tuple(conflict for conflict, choice in pairs if choice == NEW)

    def _apply(self) -> None:
        chosen = self.chosen_new()
        if chosen:
            self.take_new.emit(chosen)
        self.accept()

    def keyPressEvent(self, event: object) -> None:  # Enter moves on; it never applies
        from PySide6.QtGui import QKeyEvent

        assert isinstance(event, QKeyEvent)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)


def _mark_lines(box: QPlainTextEdit, lines: list[int]) -> None:
    # A block's own background covers every wrapped line of it and nothing else; an extra
    # selection drawn full width spilled over the top of the line below.
    colour = box.palette().color(QPalette.ColorRole.Highlight)
    colour.setAlpha(60)
    marked = QTextBlockFormat()
    marked.setBackground(colour)
    for line in lines:
        block = box.document().findBlockByNumber(line)
        if block.isValid():
            QTextCursor(block).mergeBlockFormat(marked)


def _source(prompt: str, answer: str, tags: tuple[str, ...]) -> str:
    text = f"Q: {prompt.strip()}\n\n{answer.strip()}"
    return text + (f"\n\nTags: {' '.join(tags)}" if tags else "")
