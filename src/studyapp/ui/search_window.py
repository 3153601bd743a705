"""Edit › Find (Ctrl+F): a search field over prompts and answers, results with their topic
path and the passage that matched, "Study these" to study the results as a session, and Edit
(E on a result) to fix one in the editor, after which the results are searched again.

Searching runs on the database worker; typing waits 200 ms after the last key, so a fast
typist starts one search, not one per letter."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.errors import StudyAppError
from studyapp.services.search import RESULTS
from studyapp.study.clock import utc_now
from studyapp.ui.search_results import RESULT_ROLE, ResultDelegate, ShownResult, passage_parts
from studyapp.ui.window_state import resize_within_screen
from studyapp.wording import counted

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.services.views import SearchHit
    from studyapp.ui.runner import DbRunner

HELP = (
    'words · "a phrase" · -word · a OR b · pref* · `code` · topic:Git · tag:sql · '
    "is:due is:new is:bookmarked is:suspended · prop:r<0.8 · rated:7 · added:7"
)


class SearchWindow(QWidget):
    # The query whose results should be studied, and the one to begin with (0: the best).
    study_requested = Signal(str, int)
    browse_requested = Signal(str)  # the query whose results should be listed in the browser
    edit_requested = Signal(int)  # the question of the result to open in the editor

    def __init__(self, runner: DbRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("searchWindow")
        self.setWindowTitle("Find Questions — StudyApp")
        resize_within_screen(self, 720, 520)
        self.runner = runner
        self.field = QLineEdit()
        self.field.setPlaceholderText("Search prompts and answers")
        self.field.setClearButtonEnabled(True)
        self.status = QLabel(HELP)
        self.status.setWordWrap(True)
        self.status.setObjectName("searchStatus")
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setItemDelegate(ResultDelegate(self.results))
        # Rows are as tall as their wrapped text: laid out again when the width changes.
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.study = QPushButton("Study These")
        self.study.setEnabled(False)
        self.browse = QPushButton("&Browse These")
        self.browse.setToolTip("List every result in the browser, to change many at once")
        self.browse.setEnabled(False)
        self.browse.clicked.connect(self._browse)
        self.edit = QPushButton("&Edit")
        self.edit.setToolTip("Edit the selected result (E in the list)")
        self.edit.setEnabled(False)
        self.edit.clicked.connect(self._edit)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.run_search)
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.returnPressed.connect(self._on_field_return_pressed)
        self.results.itemActivated.connect(
            lambda item: self._study(int(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.study.clicked.connect(lambda _checked: self._study())
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit)
        buttons.addStretch(1)
        buttons.addWidget(self.browse)
        buttons.addWidget(self.study)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Down), self.field).activated.connect(
            self.results.setFocus
        )
        edit_key = QShortcut(QKeySequence(Qt.Key.Key_E), self.results)
        edit_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        edit_key.activated.connect(self._edit)

    def run_search(self) -> None:
        self._timer.stop()
        query, now = self.field.text().strip(), utc_now()
        if not query:
            self.results.clear()
            self.status.setText(HELP)
            for button in (self.study, self.browse, self.edit):
                button.setEnabled(False)
            return

        def find(services: Services) -> list[SearchHit]:
            from studyapp.services.search import find

            return find(services, query, now)

        self.runner.submit(
            find, on_done=self._alive(self.show_hits), on_error=self._alive(self._bad)
        )

    def _alive(self, slot: Callable[[object], None]) -> Callable[[object], None]:
        """Results that arrive after the window closed are dropped."""
        return lambda value: slot(value) if shiboken6.isValid(self.results) else None

    def show_hits(self, hits: object) -> None:
        assert isinstance(hits, list)
        selected = self._selected_question()  # kept when the same search runs again
        self.results.clear()
        for hit in hits:
            shown = ShownResult(
                hit.prompt_md.strip(), " › ".join(hit.topic_path), passage_parts(hit.snippet)
            )
            item = QListWidgetItem(shown.plain_text())
            item.setData(Qt.ItemDataRole.UserRole, hit.question_id)
            item.setData(RESULT_ROLE, shown)
            self.results.addItem(item)
        count = len(hits)
        self.status.setText(_found(count))
        for button in (self.study, self.browse, self.edit):
            button.setEnabled(bool(count))
        if count:
            rows = [hit.question_id for hit in hits]
            self.results.setCurrentRow(rows.index(selected) if selected in rows else 0)

    def _bad(self, error: object) -> None:
        if not isinstance(error, StudyAppError):
            raise error if isinstance(error, BaseException) else RuntimeError(error)
        self.results.clear()
        for button in (self.study, self.browse, self.edit):
            button.setEnabled(False)
        self.status.setText(f"{error.message} {error.hint}".strip())

    def _on_field_return_pressed(self) -> None:
        if self._timer.isActive():
            self.run_search()  # Enter before the pause: search now, study on the next Enter
            return
        self._study()

    def _study(self, first: int = 0) -> None:
        query = self.field.text().strip()
        if query and self.study.isEnabled():
            self.study_requested.emit(query, first)
            self.close()  # the keys go back to the study window (ui/keys_back.py)

    def _selected_question(self) -> int | None:
        item = self.results.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _edit(self) -> None:
        question_id = self._selected_question()
        if question_id is not None:
            self.edit_requested.emit(question_id)

    def _browse(self) -> None:
        query = self.field.text().strip()
        if query and self.browse.isEnabled():
            self.browse_requested.emit(query)
            self.close()


def _found(count: int) -> str:
    if not count:
        return "No question matches."
    if count < RESULTS:
        return f"{counted(count, 'match', 'matches')} (Enter studies them)."
    return f"The {count} best matches (Enter studies them)."
