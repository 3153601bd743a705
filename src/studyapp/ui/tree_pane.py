"""The left pane: a filter box over the topic tree.

The tree shows the studied scope as current, and only a user's choice (a click, the arrow
keys in the tree, Enter in the filter) is announced as `scope_chosen`; while a question is
on screen, Up/Down scroll it instead (study_panel.py), except in a filter with matches.
Typing in the filter never changes what is studied: it narrows the tree and names the topic
Enter would study (best match first; Down/Up step through the matches; "No match" when there
is none). Topics are renamed in place (F2) and dragged to another place (topic_commands.py
saves both); the interview plan's node, while a plan is saved, spans the row at the top.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from studyapp.services.views import TopicTree
from studyapp.ui.topic_tree import (
    COLUMNS,
    PLAN_KEY,
    SCOPE_ROLE,
    TopicFilterModel,
    TopicTreeModel,
)

# The widest text each count column can hold (a 100k collection's "Due now" total, "100%"):
# the columns are sized from these once, never from the rows, so that no change to the tree
# makes Qt ask every row for its text (ResizeToContents did, on each keystroke and grade).
# Widest counts shown whole: 99,999 due, 999 new (the daily cap), 100%. The titles get the rest,
# so that "All questions (359)" and a topic's name are not cut at 1024 pixels.
COLUMN_SAMPLES = {1: "88888", 2: "888", 3: "100%"}


class TreePane(QWidget):
    scope_chosen = Signal(str)
    expansion_changed = Signal(tuple)
    filter_left = Signal()  # Enter or Escape: the keys go back to studying

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree_model = TopicTreeModel(self)
        self.filter_model = TopicFilterModel(self)
        self.filter_model.setSourceModel(self.tree_model)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("topicFilter")
        self.filter_edit.setPlaceholderText("Filter topics  (Ctrl+L)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.filter_edit.installEventFilter(self)
        self.match_hint = QLabel()
        self.match_hint.setObjectName("matchHint")
        self.match_hint.setWordWrap(True)  # a long topic path must not widen the pane
        self.match_hint.hide()
        self.tree = QTreeView()
        self.tree.setObjectName("topicTree")
        self.tree.setModel(self.filter_model)
        self.tree.setUniformRowHeights(True)
        # Drag a topic onto another (it goes inside) or between two (it goes there); the model
        # only announces the drop, the saved tree comes back from the worker.
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        # F2 only: a click chooses what to study, and must never start typing into a title.
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in COLUMN_SAMPLES:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self._size_columns()
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.tree.expanded.connect(self._on_tree_expansion_changed)
        self.tree.collapsed.connect(self._on_tree_expansion_changed)
        self._quiet = False  # the pane itself moves the current row: not a user's choice
        self._studied = ""
        self.matches: list[str] = []
        self.match_at = 0
        # What the filter did to the view, undone row by row as the text changes: the topics
        # it hides, and the ones it opened to show a match (closed again when it is cleared).
        self._hidden: set[str] = set()
        self._opened: set[str] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.match_hint)
        layout.addWidget(self.tree)

    def _size_columns(self) -> None:
        font = QFont(self.tree.font())
        font.setBold(True)  # the fixed rows' counts are bold
        rows, header = QFontMetrics(font), self.tree.header()
        titles = QFontMetrics(header.font())
        padding = 2 * rows.averageCharWidth() + 4  # cell margins
        for column, sample in COLUMN_SAMPLES.items():
            width = max(rows.horizontalAdvance(sample), titles.horizontalAdvance(COLUMNS[column]))
            header.resizeSection(column, width + padding)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_columns()

    def set_tree(self, tree: TopicTree) -> None:
        reshaped = self.tree_model.reshapes(tree)
        expanded = self.expanded_topics() if reshaped else ()
        self._quietly(lambda: self.tree_model.set_tree(tree))
        if reshaped:  # a topic added, moved or deleted: the rows are new, the view's state not
            self._hidden, self._opened = set(), set()  # the reset showed and closed every row
            self.restore_expansion(expanded)
            self._span_plan()
        self._refilter()

    def set_plan(self, line: str | None) -> None:
        """The interview plan's node at the top, or none."""
        self._quietly(lambda: self.tree_model.set_plan(line))
        self._span_plan()
        self.select_scope(self._studied)

    def _span_plan(self) -> None:
        index = self.filter_model.mapFromSource(self.tree_model.index_for(PLAN_KEY))
        if index.isValid():  # its line is longer than a title, and has no counts
            self.tree.setFirstColumnSpanned(index.row(), index.parent(), True)

    def current_key(self) -> str:
        """The node the tree's cursor is on ("" for none)."""
        index = self.tree.currentIndex()
        return "" if not index.isValid() else str(index.siblingAtColumn(0).data(SCOPE_ROLE))

    def set_theme(self, theme: str) -> None:
        self.tree_model.theme = theme
        self.tree.viewport().update()

    def scope_title(self, key: str) -> str:
        return self.tree_model.title_of(key)

    def select_scope(self, key: str) -> None:
        """Show `key` as the studied scope without announcing it as a new choice."""
        self._studied = key
        index = self.filter_model.mapFromSource(self.tree_model.index_for(key))
        if not index.isValid():  # a session of chosen questions (search, drill, plan)
            self._quietly(self.tree.clearSelection)  # no node claims to be what is studied
            return
        if self.tree.currentIndex() == index:
            return
        self._quietly(lambda: self.tree.setCurrentIndex(index))
        self.tree.scrollTo(index)

    def restore_expansion(self, topic_ids: tuple[int, ...]) -> None:
        self.tree.blockSignals(True)
        try:
            for topic_id in topic_ids:
                source = self.tree_model.index_for(f"topic:{topic_id}")
                self.tree.setExpanded(self.filter_model.mapFromSource(source), True)
        finally:
            self.tree.blockSignals(False)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()
        self.tree_model.title_index()  # folded now (~5 ms at 500 topics), not on the first key

    def release(self) -> None:
        """At shutdown: views let go of their models before the models go."""
        self.tree.selectionModel().currentChanged.disconnect(self._on_tree_current_changed)
        self.tree.setModel(None)
        self.filter_model.setSourceModel(None)  # type: ignore[arg-type]

    # --- the filter -----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.filter_edit or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        stepping = event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and bool(self.matches)
        if event.type() == QEvent.Type.ShortcutOverride and stepping:
            event.accept()  # Up/Down step through the matches, not scroll the answer
            return True
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.filter_edit.clear()
                self.filter_left.emit()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._study_match()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.matches:
                step = 1 if key == Qt.Key.Key_Down else -1
                self.match_at = (self.match_at + step) % len(self.matches)
                self._show_match()
                return True
        return super().eventFilter(watched, event)

    def _study_match(self) -> None:
        if not self.filter_edit.text().strip():
            self.filter_left.emit()
            return
        if not self.matches:
            return  # "No match" stays on screen, and so does the typing
        key = self.matches[self.match_at]
        self.filter_edit.clear()
        self.filter_left.emit()
        if key != self._studied:
            self.select_scope(key)
            self.scope_chosen.emit(key)

    def _on_filter_edit_text_changed(self, _text: str) -> None:
        self._refilter()

    def _refilter(self) -> None:
        """Show the matching topics and the topics above them, opened; hide the rest."""
        text = self.filter_edit.text()
        filtering = bool(text.strip())
        model = self.tree_model
        self.matches = model.title_index().ranked(text) if filtering else []
        self.match_at = 0
        above = model.ancestors_of(self.matches)
        shown = above.union(self.matches)
        # A row under a hidden topic is out of sight already: only the rows whose state
        # changes are touched, so a key typed costs what it changes on screen.
        hidden = model.hidden_by(shown) if filtering else set()
        toggled = hidden.symmetric_difference(self._hidden)
        closing = self._opened - above if not filtering else set()
        opening = {key for key in above if not self.tree.isExpanded(self._view_index(key))}
        if toggled or closing or opening:
            # One layout of the rows after all the changes (else each expand lays them out).
            self.tree.scheduleDelayedItemsLayout()
        for key in toggled:
            index = self._view_index(key)
            self.tree.setRowHidden(index.row(), index.parent(), key in hidden)
        self._hidden = hidden
        self._quietly(lambda: self._set_expanded(closing, opening))
        self._opened = (self._opened - closing) | opening
        if not filtering:
            self.match_hint.hide()
            return
        self._show_match()

    def _set_expanded(self, closing: set[str], opening: set[str]) -> None:
        for key in closing:
            self.tree.setExpanded(self._view_index(key), False)
        for key in opening:
            self.tree.setExpanded(self._view_index(key), True)

    def _view_index(self, key: str) -> QModelIndex:
        return self.filter_model.mapFromSource(self.tree_model.index_for(key))

    def _show_match(self) -> None:
        if not self.matches:
            self.match_hint.setText("No match")
        else:
            key = self.matches[self.match_at]
            path = " › ".join(self.tree_model.path_of(key))
            count = len(self.matches)
            more = f"   ({self.match_at + 1} of {count}, ↓↑)" if count > 1 else ""
            self.match_hint.setText(f"Enter studies {path}{more}")
            index = self.filter_model.mapFromSource(self.tree_model.index_for(key))
            self.tree.scrollTo(index)
        self.match_hint.show()

    # --- the tree -------------------------------------------------------------------------
    def _quietly(self, change: Callable[[], object]) -> None:
        self._quiet = True
        try:
            change()
        finally:
            self._quiet = False

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        key = str(current.data(SCOPE_ROLE))
        if key != self._studied:
            self._studied = key
            self.scope_chosen.emit(key)

    def _on_tree_expansion_changed(self, index: QModelIndex) -> None:
        if self._quiet:
            return  # the filter opening a match's topics is not the user's choice
        self._opened.discard(str(index.siblingAtColumn(0).data(SCOPE_ROLE)))
        self.expansion_changed.emit(self.expanded_topics())

    def expanded_topics(self) -> tuple[int, ...]:
        """The topics the user opened (not those the filter opened to show a match)."""
        return tuple(
            int(key.removeprefix("topic:"))
            for key in self.tree_model.branch_keys()
            if key not in self._opened and self.tree.isExpanded(self._view_index(key))
        )
