"""The left pane: a filter box over the topic tree. It says which scope the user chose and
which topics they expanded; it never starts database work itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from studyapp.store.records import TopicTree
from studyapp.ui.topic_tree import SCOPE_ROLE, TopicFilterModel, TopicTreeModel


class TreePane(QWidget):
    scope_chosen = Signal(str)
    expansion_changed = Signal(tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree_model = TopicTreeModel(self)
        self.filter_model = TopicFilterModel(self)
        self.filter_model.setSourceModel(self.tree_model)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter topics  (Ctrl+L)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.filter_edit.returnPressed.connect(self._on_filter_edit_return_pressed)
        self.filter_edit.installEventFilter(self)
        self.tree = QTreeView()
        self.tree.setObjectName("topicTree")
        self.tree.setModel(self.filter_model)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.tree.expanded.connect(self._on_tree_expansion_changed)
        self.tree.collapsed.connect(self._on_tree_expansion_changed)
        self._selecting = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree)

    def set_tree(self, tree: TopicTree) -> None:
        self.tree_model.set_tree(tree)

    def set_theme(self, theme: str) -> None:
        self.tree_model.theme = theme
        self.tree.viewport().update()

    def scope_title(self, key: str) -> str:
        return self.tree_model.title_of(key)

    def select_scope(self, key: str) -> None:
        """Show `key` as current without announcing it as a new choice."""
        index = self.filter_model.mapFromSource(self.tree_model.index_for(key))
        if not index.isValid() or self.tree.currentIndex() == index:
            return
        self._selecting = True
        try:
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        finally:
            self._selecting = False

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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Escape leaves the filter: clear it and hand the keys back to studying.
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.filter_edit.clear()
            self.window().setFocus()
            return True
        return super().eventFilter(watched, event)

    def _on_filter_edit_return_pressed(self) -> None:
        """Enter studies the first topic that matches, so filtering needs no mouse."""
        first = self._first_topic_match(QModelIndex())
        if first is not None:
            self.tree.setCurrentIndex(first)
        self.window().setFocus()

    def _first_topic_match(self, parent: QModelIndex) -> QModelIndex | None:
        model = self.filter_model
        pattern = self.filter_edit.text().casefold()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            key = str(index.data(SCOPE_ROLE))
            if key.startswith("topic:") and pattern in str(index.data()).casefold():
                return index
            deeper = self._first_topic_match(index)
            if deeper is not None:
                return deeper
        return None

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._selecting and current.isValid():
            self.scope_chosen.emit(str(current.data(SCOPE_ROLE)))

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.filter_model.setFilterFixedString(text)
        if text:
            self.tree.expandAll()

    def _on_tree_expansion_changed(self, _index: QModelIndex) -> None:
        if self.filter_edit.text():
            return  # expandAll() while filtering is not the user's choice
        expanded = tuple(
            int(key.removeprefix("topic:"))
            for key in self.tree_model.topic_keys()
            if self.tree.isExpanded(self.filter_model.mapFromSource(self.tree_model.index_for(key)))
        )
        self.expansion_changed.emit(expanded)
