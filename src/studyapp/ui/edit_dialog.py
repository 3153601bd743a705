"""Edit › Edit Question (E): the question's Markdown source in plain-text editors, with a
live preview through the same renderer as the study view (not Qt's rich-text Markdown,
which would rewrite every answer). Saving keeps the question's reviews and schedule."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studyapp.ui.content_browser import ContentBrowser
from studyapp.ui.markdown_highlighter import MarkdownHighlighter
from studyapp.ui.theme import legible_indicators
from studyapp.ui.window_state import resize_within_screen

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.services.views import EditView
    from studyapp.ui.runner import DbRunner


class EditDialog(QDialog):
    # question id (0: a new one), prompt, answer, tags, whether to forget its progress, and
    # its topic (the one it had, unless the user chose another)
    saved = Signal(int, str, str, tuple, bool, int)

    def __init__(
        self,
        source: EditView,
        runner: DbRunner,
        parent: QWidget | None = None,
        topics: Sequence[tuple[int, str]] = (),
    ) -> None:
        super().__init__(parent)
        legible_indicators(self)
        self.setObjectName("editDialog")
        adding = source.question_id == 0
        self.setWindowTitle(("Add Question" if adding else "Edit Question") + " — StudyApp")
        resize_within_screen(self, 900, 560)
        self.source = source
        self.runner = runner
        theme = (
            "dark" if self.palette().color(QPalette.ColorRole.Base).lightness() < 128 else "light"
        )
        self.prompt = _markdown_editor(source.prompt_md, theme)
        self.answer = _markdown_editor(source.answer_md, theme)
        self.prompt.setMaximumHeight(110)
        self.tags = QLineEdit(" ".join(source.tags))
        self.tags.setPlaceholderText("tags separated by spaces")
        self.preview = ContentBrowser()  # untrusted text, as in the study view
        # Apart from Save, unticked each time: saving keeps the reviews and the schedule,
        # and starting over is a choice the user makes knowingly.
        self.forget = QCheckBox(
            "&Forget my progress on this question: it starts over as new "
            "(its review history is kept)"
        )
        self.forget.setObjectName("forgetProgress")
        self.forget.setVisible(not adding)
        self.error = QLabel()
        self.error.setObjectName("editError")
        form = QFormLayout()
        self.topic = _topic_box(source, topics)
        form.addRow("&Topic", self.topic)
        form.addRow("&Question", self.prompt)
        form.addRow("&Answer", self.answer)
        form.addRow("Ta&gs", self.tags)
        editors = QWidget()
        editors.setLayout(form)
        split = QSplitter()
        split.addWidget(editors)
        split.addWidget(self.preview)
        split.setSizes([480, 420])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self._save)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.forget)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.update_preview)
        self.prompt.textChanged.connect(self._timer.start)
        self.answer.textChanged.connect(self._timer.start)
        self.update_preview()

    def update_preview(self) -> None:
        markdown = f"{self.prompt.toPlainText()}\n\n---\n\n{self.answer.toPlainText()}"

        def render(services: Services) -> str:
            return services.study.preview(markdown)

        self.runner.submit(render, on_done=self._show_preview)

    def _show_preview(self, html: object) -> None:
        if shiboken6.isValid(self.preview):  # the dialog may have closed meanwhile
            self.preview.setHtml(str(html))

    def _save(self) -> None:
        prompt, answer = self.prompt.toPlainText().strip(), self.answer.toPlainText().strip()
        if not prompt or not answer:
            self.error.setText("A question needs both a question and an answer.")
            return
        tags = tuple(tag for tag in self.tags.text().replace(",", " ").split() if tag)
        forget = self.forget.isChecked() and self.source.question_id != 0
        topic_id = self.topic.currentData()
        topic_id = int(topic_id) if topic_id is not None else self.source.topic_id
        self.saved.emit(self.source.question_id, prompt, answer, tags, forget, topic_id)
        self.accept()

    def keyPressEvent(self, event: object) -> None:  # Enter in a text box is a new line
        from PySide6.QtGui import QKeyEvent

        assert isinstance(event, QKeyEvent)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.tags.hasFocus():
            return
        super().keyPressEvent(event)


def _topic_box(source: EditView, topics: Sequence[tuple[int, str]]) -> QComboBox:
    """The topics to choose from, the question's own current; type a title's start to jump
    to it. With no list (a topic's tree not loaded yet), only the question's own."""
    box = QComboBox()
    box.setObjectName("editTopic")
    choices = list(topics) or [(source.topic_id, " › ".join(source.topic_path))]
    if source.topic_id not in {topic_id for topic_id, _path in choices}:
        choices.insert(0, (source.topic_id, " › ".join(source.topic_path)))
    for topic_id, path in choices:
        box.addItem(path, topic_id)
    box.setCurrentIndex(box.findData(source.topic_id))
    box.setMaxVisibleItems(20)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(20)
    return box


def _markdown_editor(markdown: str, theme: str) -> QPlainTextEdit:
    """A plain-text editor of Markdown source, in a fixed-width font, its marks highlighted;
    Tab moves on to the next field (a question's text rarely needs a tab character)."""
    editor = QPlainTextEdit(markdown)
    mono = QFont("monospace")
    mono.setStyleHint(QFont.StyleHint.TypeWriter)
    editor.setFont(mono)
    editor.setTabChangesFocus(True)
    # Parented to the document: Qt keeps it as long as the editor.
    MarkdownHighlighter(editor.document(), theme)
    return editor
