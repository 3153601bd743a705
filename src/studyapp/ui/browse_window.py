"""Edit › Browse Questions (Ctrl+B): the questions of a topic or of a search in a sortable
table, and changes to many at once (move, tags, suspend, bookmark, delete), each one step of
Ctrl+Z in the main window. Enter or a double click edits the question.

Listing, sorting and every change run on the database worker; the window keeps the chosen
questions selected by id across reloads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studyapp.errors import StudyAppError
from studyapp.services.browse import BulkAction, Column
from studyapp.study.clock import utc_now
from studyapp.ui.browse_model import BrowseModel
from studyapp.ui.window_state import resize_within_screen
from studyapp.wording import counted

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.services.views import BrowseListing, StudyView
    from studyapp.ui.runner import DbRunner
    from studyapp.ui.study_controller import StudyController

# (action, button text, shortcut); the shortcuts work while the table has the keys.
_BULK = (
    (BulkAction.MOVE, "&Move to Topic…", "Ctrl+M"),
    (BulkAction.ADD_TAGS, "Add &Tags…", "Ctrl+T"),
    (BulkAction.REMOVE_TAGS, "Remo&ve Tags…", "Ctrl+Shift+T"),
    (BulkAction.SUSPEND, "&Suspend", "Ctrl+J"),
    (BulkAction.UNSUSPEND, "U&nsuspend", "Ctrl+Shift+J"),
    (BulkAction.BOOKMARK, "&Bookmark", "Ctrl+K"),
    (BulkAction.UNBOOKMARK, "Unbookmar&k", "Ctrl+Shift+K"),
    (BulkAction.DELETE, "&Delete", "Del"),
)


class BrowseWindow(QWidget):
    listed = Signal()  # rows reached the table (tests wait on it)
    edit_requested = Signal(int)  # the question to open in the editor (the window's own)

    def __init__(
        self,
        runner: DbRunner,
        controller: StudyController,
        topics: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("browseWindow")
        self.setWindowTitle("Browse Questions — StudyApp")
        resize_within_screen(self, 980, 600)
        self.runner = runner
        self.controller = controller
        self.topics = topics  # (topic id, path) for "Move to Topic"
        self._source: Callable[[Services, datetime], BrowseListing] | None = None
        self._sorted: tuple[Column, bool] | None = None
        self._loading = True  # the status says so until rows (or an error) arrive
        self._listed: frozenset[int] = frozenset()
        self._generation = 0  # counts new rows: a sort of older rows is done again
        self.field = QLineEdit()
        self.field.setPlaceholderText("Search these questions (the words of Find, Ctrl+F)")
        self.field.setClearButtonEnabled(True)
        self.field.returnPressed.connect(self._on_field_return_pressed)
        self.status = QLabel("Loading…")
        self.status.setObjectName("browseStatus")
        self.message = QLabel()  # what the last change did, as the main window's status says
        self.message.setObjectName("browseMessage")
        self.model = BrowseModel()
        self.table = self._table()
        self.model.sort_requested.connect(self._sort)  # after the table's own first sort
        self.buttons: dict[BulkAction, QPushButton] = {}
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.clicked.connect(self.edit_current)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status)
        status_row.addStretch(1)
        status_row.addWidget(self.message)
        layout.addLayout(status_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._button_row())
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Undo, self).activated.connect(controller.undo)
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.field.setFocus)
        controller.view_shown.connect(self._on_controller_view_shown)
        self._update_buttons()

    def _table(self) -> QTableView:
        table = question_table(self.model)
        table.activated.connect(lambda _index: self.edit_current())
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        return table

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.edit_button)
        for action, text, keys in _BULK:
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, a=action: self.run_bulk(a))
            row.addWidget(button)
            self.buttons[action] = button
            # The same command from the keyboard and from the table's context menu.
            shortcut = QAction(text.replace("&", ""), self.table)
            shortcut.setShortcut(QKeySequence(keys))
            shortcut.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.triggered.connect(lambda _checked=False, a=action: self.run_bulk(a))
            self.table.addAction(shortcut)
            button.setToolTip(f"{text.replace('&', '')} the selected questions ({keys})")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        row.addStretch(1)
        return row

    # --- what is listed -------------------------------------------------------------------
    def browse_topic(self, topic_id: int | None, title: str) -> None:
        """A topic with its subtopics (None: every question)."""
        self.field.clear()

        def listing(services: Services, now: datetime) -> BrowseListing:
            from studyapp.services.browse import list_topic

            return list_topic(services, topic_id, title, now)

        self._list(listing)

    def browse_query(self, query: str) -> None:
        self.field.setText(query)

        def listing(services: Services, now: datetime) -> BrowseListing:
            from studyapp.services.browse import list_query

            return list_query(services, query, now)

        self._list(listing)

    def _on_field_return_pressed(self) -> None:
        query = self.field.text().strip()
        if query:
            self.browse_query(query)

    def _list(self, source: Callable[[Services, datetime], BrowseListing]) -> None:
        self._source = source
        self.reload(keep=())

    def reload(self, keep: tuple[int, ...] | None = None) -> None:
        """List again (after a change), in the chosen order, keeping the selection."""
        if self._source is None:
            return
        kept = self.selected_ids() if keep is None else list(keep)
        source, order, now = self._source, self._sorted, utc_now()

        def listing(services: Services) -> tuple[BrowseListing, datetime]:
            from dataclasses import replace

            from studyapp.services.browse import sort_rows

            found = source(services, now)
            if order is not None:
                found = replace(found, rows=sort_rows(found.rows, *order))
            return found, now

        self._loading = True
        self.status.setText("Loading…")
        self.runner.submit(
            listing,
            on_done=self._alive(lambda result: self._show(result, kept)),
            on_error=self._alive(self._bad),
        )

    def _sort(self, column: Column, descending: bool) -> None:
        self._sorted = (column, descending)
        rows, kept, generation = self.model.rows, self.selected_ids(), self._generation

        def sort(_services: Services) -> object:
            from studyapp.services.browse import sort_rows

            return sort_rows(rows, column, descending)

        def sorted_rows(result: object) -> None:
            if generation != self._generation:  # a reload came first: sort what it brought
                self._sort(column, descending)
            else:
                self._set_rows(result, kept)

        self.runner.submit(sort, on_done=self._alive(sorted_rows))

    def _show(self, result: object, kept: list[int]) -> None:
        assert isinstance(result, tuple)
        listing, now = result
        self.setWindowTitle(f"Browse: {listing.title} — StudyApp")
        self.model.now = now
        self._loading = False
        self._listed = frozenset(row.question_id for row in listing.rows)
        self._generation += 1
        self._set_rows(listing.rows, kept)

    def _set_rows(self, rows: object, kept: list[int]) -> None:
        assert isinstance(rows, tuple)
        current = self._current_id()
        self.model.set_rows(rows, self.model.now)
        selection = self.model.selection_of(kept) if kept else None
        if selection is not None:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            self.table.selectionModel().select(selection, flags)
        elif kept:
            self.message.setText("The selection was too scattered to keep: select again.")
        number = None if current is None else self.model.row_of(current)
        if number is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(number, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        elif rows and not kept:
            self.table.selectRow(0)
        self._update_buttons()
        self.listed.emit()

    def _bad(self, error: object) -> None:
        if not isinstance(error, StudyAppError):
            raise error if isinstance(error, BaseException) else RuntimeError(error)
        self._loading = False
        self._listed = frozenset()
        self.model.set_rows((), self.model.now)
        self._update_buttons()
        self.status.setText(f"{error.message} {error.hint}".strip())

    def _alive(self, slot: Callable[[object], None]) -> Callable[[object], None]:
        """Results that arrive after the window closed are dropped."""
        return lambda value: slot(value) if shiboken6.isValid(self.table) else None

    def _on_controller_view_shown(self) -> None:
        """A change anywhere (this window's, an undo, a grade) may change what is listed: a
        change of structure lists again (questions may join or leave the list); a change
        to a few listed questions (a grade, an edit, a bookmark) reads just their rows."""
        if not shiboken6.isValid(self.table) or self._source is None:
            return
        view = self.controller.view
        changes = view.changes if view is not None else None
        if changes is None:
            return
        if view is not None and view.message:
            self.message.setText(view.message)
        if changes.structure:
            self.reload()
            return
        changed = tuple(changes.question_ids & self._listed)
        if changed:
            now = utc_now()

            def rows_of(services: Services) -> object:
                from studyapp.services.browse import rows_of

                return rows_of(services, changed, now)

            self.runner.submit(rows_of, on_done=self._alive(self._replace_rows))

    def _replace_rows(self, rows: object) -> None:
        assert isinstance(rows, tuple)
        self._generation += 1
        self.model.replace_rows(rows)
        self._update_buttons()
        self.listed.emit()

    # --- selection and commands -----------------------------------------------------------
    def selected_ids(self) -> list[int]:
        return self.model.ids_in(self.table.selectionModel().selection())

    def _current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()].question_id

    def _update_buttons(self) -> None:
        chosen = self.model.count_in(self.table.selectionModel().selection())
        for button in self.buttons.values():
            button.setEnabled(chosen > 0)
        self.edit_button.setEnabled(self._current_id() is not None)
        total = len(self.model.rows)
        shown = counted(total, "question")
        if not self._loading:
            self.status.setText(f"{shown}, {chosen} selected" if chosen else shown)

    def run_bulk(self, action: BulkAction) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if action is BulkAction.MOVE:
            self._ask_topic(ids)
        elif action in (BulkAction.ADD_TAGS, BulkAction.REMOVE_TAGS):
            self._ask_tags(action, ids)
        else:
            self._apply(action, ids)

    def _apply(
        self, action: BulkAction, ids: list[int], *, topic_id: int = 0, tags: tuple[str, ...] = ()
    ) -> None:
        now = utc_now()

        def change(services: Services) -> StudyView:
            from studyapp.services.browse import apply

            return apply(services, action, ids, now, topic_id=topic_id, tags=tags)

        self.controller.submit_change(change)

    def _ask_topic(self, ids: list[int]) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("moveDialog")
        dialog.setWindowTitle("Move to Topic")
        dialog.setLabelText(f"Move {counted(len(ids), 'question')} to:")
        dialog.setComboBoxItems([path for _id, path in self.topics])
        dialog.setComboBoxEditable(False)
        by_path = {path: topic_id for topic_id, path in self.topics}
        dialog.textValueSelected.connect(
            lambda path: self._apply(BulkAction.MOVE, ids, topic_id=by_path[path])
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _ask_tags(self, action: BulkAction, ids: list[int]) -> None:
        adding = action is BulkAction.ADD_TAGS
        dialog = QInputDialog(self)
        dialog.setObjectName("tagsDialog")
        dialog.setWindowTitle("Add Tags" if adding else "Remove Tags")
        verb = "add to" if adding else "remove from"
        dialog.setLabelText(
            f"Tags to {verb} {counted(len(ids), 'question')} (separated by spaces):"
        )

        def chosen(text: str) -> None:
            tags = tuple(tag for tag in text.replace(",", " ").split() if tag)
            if tags:
                self._apply(action, ids, tags=tags)

        dialog.textValueSelected.connect(chosen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def edit_current(self) -> None:
        """The editor on the current question (the window's, over this one); saving is one
        step of Ctrl+Z, and the row shows the change when the study view comes back."""
        question_id = self._current_id()
        if question_id is not None:
            self.edit_requested.emit(question_id)


def question_table(model: BrowseModel) -> QTableView:
    """The browser's table, set up to stay quick at 100,000 rows (bench/browse.py uses it)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
    table.verticalHeader().hide()
    # Fixed row heights: the view never measures 100,000 rows.
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSortIndicatorShown(True)
    for column, width in ((1, 200), (2, 80), (3, 64), (4, 64), (5, 90), (6, 80)):
        table.setColumnWidth(column, width)
    return table
