"""TopicTreeModel: a QStandardItemModel holding the immutable TopicTree built on the worker.

The rows are Qt's own items, so the view, the filter proxy and the tree's layout never call
back into Python for an index, a row count or a cell (a Python item model did, thousands of
times per key typed in the filter at 500 topics). A new tree with the same shape updates the
counts in place (one dataChanged per changed row), so the view keeps its expansion and
selection; a new shape resets the model.

Topics are renamed in place (F2) and moved by drag and drop, but the model never changes its
own rows for either: it announces `topic_renamed` / `topic_dropped`, the window saves the
change on the worker, and the tree that comes back shows it (or the message says why not).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel

from studyapp.services.views import TopicCounts, TopicNode, TopicTree
from studyapp.ui.topic_cells import (
    COLUMN_TIPS,
    PLAN_KEY,
    TreeItem,
    bold,
    display,
    foreground,
    tooltip,
)
from studyapp.ui.topic_match import TitleIndex

ScopeKey = str
AnyIndex = QModelIndex | QPersistentModelIndex
SCOPE_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Topic", "Due", "New", "Known")
__all__ = ["COLUMNS", "PLAN_KEY", "SCOPE_ROLE", "TopicFilterModel", "TopicTreeModel"]
FIXED = (("due", "Due now"), ("bookmarked", "Bookmarked"), ("all", "All questions"))
TOPIC_MIME = "application/x-studyapp-topic"
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _shape(tree: TopicTree) -> list[tuple[int, int | None, int]]:
    return [(n.id, n.parent_id, len(n.children)) for r in tree.roots for n in r.walk()]


class TopicTreeModel(QStandardItemModel):
    topic_renamed = Signal(int, str)  # topic id, the title typed
    # topic id, new parent id (0: the top level), the sibling it goes before (0: last)
    topic_dropped = Signal(int, int, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        for column, (title, tip) in enumerate(zip(COLUMNS, COLUMN_TIPS, strict=True)):
            header = QStandardItem(title)
            header.setToolTip(tip)
            self.setHorizontalHeaderItem(column, header)
        self._items: list[TreeItem] = []
        self._by_key: dict[ScopeKey, TreeItem] = {}
        self._shape: list[tuple[int, int | None, int]] | None = None  # of the tree shown
        self._theme = "light"
        self._plan: TreeItem | None = None
        self._titles: TitleIndex | None = None  # of the tree shown; None: to build
        self.invisibleRootItem().setDropEnabled(True)  # a drop below every row: the top level

    @property
    def theme(self) -> str:
        return self._theme

    @theme.setter
    def theme(self, theme: str) -> None:
        if theme == self._theme:
            return
        self._theme = theme
        # Only colours change: quietly, without a signal per cell; the view repaints itself
        # (TreePane.set_theme).
        blocked = self.blockSignals(True)
        try:
            for item in self._by_key.values():
                self._paint(item)
        finally:
            self.blockSignals(blocked)

    # --- updating -------------------------------------------------------------------------
    def reshapes(self, tree: TopicTree) -> bool:
        """Whether showing `tree` rebuilds the rows (the view's expansion goes with them)."""
        return _shape(tree) != self._shape

    def set_tree(self, tree: TopicTree) -> None:
        shape = _shape(tree)
        if shape == self._shape:
            self._update_counts(tree)
        else:
            self.beginResetModel()
            # The rows change silently inside the reset: views and the proxy re-read all.
            blocked = self.blockSignals(True)
            try:
                self._build(tree)
            finally:
                self.blockSignals(blocked)
            self.endResetModel()
        self._shape = shape

    @property
    def fixed_rows(self) -> int:
        """The rows above the topics: the plan (while there is one), Due now, Bookmarked, All."""
        return len(FIXED) + (self._plan is not None)

    def set_plan(self, line: str | None) -> None:
        """The interview plan's node ("Interview plan — 12 days · 34 today"); None: none."""
        if line is None:
            if self._plan is not None:
                self._by_key.pop(PLAN_KEY, None)
                self.removeRow(0)
                self._plan = None
            return
        if self._plan is None:
            plan = self._new_item(PLAN_KEY, line, TopicCounts(), None, fixed=True)
            self.insertRow(0, plan.cells)
            self._plan = plan
        elif self._plan.title != line:
            self._plan.title = line
            self._set_counts(self._plan, self._plan.counts, force=True)

    def _build(self, tree: TopicTree) -> None:
        self.setRowCount(0)
        self._by_key = {}
        self._titles = None
        root = self.invisibleRootItem()
        if self._plan is not None:
            self._plan = self._new_item(PLAN_KEY, self._plan.title, TopicCounts(), None, fixed=True)
            root.appendRow(self._plan.cells)
        for key, title in FIXED:
            item = self._new_item(key, title, self._fixed_counts(tree, key), None, fixed=True)
            root.appendRow(item.cells)
        for node in tree.roots:
            root.appendRow(self._item(node, None).cells)

    def _item(self, node: TopicNode, parent: TreeItem | None) -> TreeItem:
        item = self._new_item(f"topic:{node.id}", node.title, node.counts, parent)
        for child in node.children:
            child_item = self._item(child, item)
            item.children.append(child_item)
            item.cells[0].appendRow(child_item.cells)
        return item

    def _new_item(
        self,
        key: ScopeKey,
        title: str,
        counts: TopicCounts,
        parent: TreeItem | None,
        *,
        fixed: bool = False,
    ) -> TreeItem:
        cells = [QStandardItem() for _ in COLUMNS]
        cells[0].setData(key, SCOPE_ROLE)
        for column, cell in enumerate(cells):
            cell.setEditable(not fixed and column == 0)
            cell.setDragEnabled(not fixed)
            cell.setDropEnabled(not fixed)
            if column:
                cell.setTextAlignment(_RIGHT)
            if fixed:
                cell.setFont(bold())
        item = TreeItem(key, title, counts, parent, cells, fixed)
        self._by_key[key] = item
        self._fill(item)
        return item

    @staticmethod
    def _fixed_counts(tree: TopicTree, key: str) -> TopicCounts:
        if key == "due":
            return TopicCounts(due=tree.due_now, total=tree.due_now)
        if key == "bookmarked":
            return TopicCounts(total=tree.bookmarked)
        return TopicCounts(total=tree.all_questions)

    def _update_counts(self, tree: TopicTree) -> None:
        for key, _title in FIXED:
            self._set_counts(self._by_key[key], self._fixed_counts(tree, key))
        for root in tree.roots:
            for node in root.walk():
                item = self._by_key[f"topic:{node.id}"]
                renamed = item.title != node.title
                if renamed:
                    self._titles = None
                item.title = node.title
                self._set_counts(item, node.counts, force=renamed)

    def _set_counts(self, item: TreeItem, counts: TopicCounts, *, force: bool = False) -> None:
        if item.counts == counts and not force:
            return
        item.counts = counts
        blocked = self.blockSignals(True)  # one dataChanged for the row, not one per cell
        try:
            self._fill(item)
        finally:
            self.blockSignals(blocked)
        first, last = item.cells[0].index(), item.cells[-1].index()
        self.dataChanged.emit(first, last)

    def _fill(self, item: TreeItem) -> None:
        for column, cell in enumerate(item.cells):
            cell.setText(display(item, column))
        item.cells[0].setToolTip(tooltip(item))
        self._paint(item)

    def _paint(self, item: TreeItem) -> None:
        for column, cell in enumerate(item.cells):
            colour = foreground(self._theme, item, column)
            cell.setData(colour, Qt.ItemDataRole.ForegroundRole)

    # --- lookups --------------------------------------------------------------------------
    def title_of(self, key: ScopeKey) -> str:
        item = self._by_key.get(key)
        return "" if item is None else item.title

    def path_of(self, key: ScopeKey) -> tuple[str, ...]:
        item = self._by_key.get(key)
        path: list[str] = []
        while item is not None:
            path.append(item.title)
            item = item.parent
        return tuple(reversed(path))

    def index_for(self, key: ScopeKey) -> QModelIndex:
        item = self._by_key.get(key)
        return QModelIndex() if item is None else item.cells[0].index()

    def topic_keys(self) -> list[ScopeKey]:
        return [key for key in self._by_key if key.startswith("topic:")]

    def branch_keys(self) -> list[ScopeKey]:
        """The topics with subtopics: the only rows a view can expand."""
        return [key for key, item in self._by_key.items() if item.children]

    def title_index(self) -> TitleIndex:
        """The topics' titles, in tree order, ready for the filter box."""
        if self._titles is None:
            self._titles = TitleIndex((key, self.title_of(key)) for key in self.topic_keys())
        return self._titles

    def hidden_by(self, shown: set[ScopeKey]) -> set[ScopeKey]:
        """The topics a filter showing only `shown` hides, leaving out those under a hidden
        topic (they are out of sight with it)."""
        return {
            key
            for key, item in self._by_key.items()
            if key not in shown
            and not item.fixed
            and (item.parent is None or item.parent.key in shown)
        }

    def ancestors_of(self, keys: list[ScopeKey]) -> set[ScopeKey]:
        """Every topic above one of `keys` (not the keys themselves, unless above another)."""
        found: set[ScopeKey] = set()
        for key in keys:
            item = self._by_key.get(key)
            parent = None if item is None else item.parent
            while parent is not None and parent.key not in found:
                found.add(parent.key)
                parent = parent.parent
        return found

    def subtree_keys(self, key: ScopeKey) -> set[ScopeKey]:
        """`key` and every topic below it."""
        found, pending = set(), [self._by_key[key]] if key in self._by_key else []
        while pending:
            item = pending.pop()
            found.add(item.key)
            pending.extend(item.children)
        return found

    # --- editing in place and drag and drop (announced, never applied here) ------------------
    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return super().setData(index, value, role)
        key = self._key_at(index)
        item = self._by_key.get(key)
        title = " ".join(str(value).split())
        if item is not None and not item.fixed and title and title != item.title:
            self.topic_renamed.emit(_topic_id(key), title)
        return False  # the saved title comes back with the next tree

    def _key_at(self, index: AnyIndex) -> ScopeKey:
        return str(self.index(index.row(), 0, index.parent()).data(SCOPE_ROLE))

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [TOPIC_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        data = QMimeData()
        keys = {self._key_at(index) for index in indexes}
        topics = sorted(key for key in keys if key.startswith("topic:"))
        if topics:
            data.setData(TOPIC_MIME, QByteArray(topics[0].encode()))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return self._drop_target(data, row, parent) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        target = self._drop_target(data, row, parent)
        if target is not None:
            self.topic_dropped.emit(*target)
        return False  # nothing moves here: the saved tree comes back from the worker

    def _drop_target(
        self, data: QMimeData, row: int, parent: AnyIndex
    ) -> tuple[int, int, int] | None:
        """(topic, new parent or 0, sibling before or 0) for a drop on `parent` at `row`
        (-1: onto `parent` itself); None where a topic cannot go."""
        key = bytes(data.data(TOPIC_MIME).data()).decode()
        moved = self._by_key.get(key)
        if moved is None or moved.fixed:
            return None
        if parent.isValid():
            onto = self._by_key.get(self._key_at(parent))
            if onto is None or onto.fixed or onto.key in self.subtree_keys(key):
                return None
            siblings, new_parent = onto.children, _topic_id(onto.key)
        else:
            top = [item for item in self._by_key.values() if item.parent is None]
            siblings, new_parent = [item for item in top if not item.fixed], 0
            row = -1 if row < 0 else max(row - self.fixed_rows, 0)
        before = siblings[row] if 0 <= row < len(siblings) else None
        return _topic_id(key), new_parent, 0 if before is None else _topic_id(before.key)


def _topic_id(key: ScopeKey) -> int:
    return int(key.removeprefix("topic:"))


class TopicFilterModel(QSortFilterProxyModel):
    """The view's model over the tree: it answers drops from the tree itself. It filters
    nothing: the filter box hides the view's rows instead (tree_pane.py), which costs no
    call back into Python per row on each key typed (filterAcceptsRow did, 500 per key)."""

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        # Qt's proxy answers from the MIME type alone: ask the tree, at the same place.
        source_parent = self.mapToSource(parent)
        source_row = row
        if 0 <= row < self.rowCount(parent):
            source_row = self.mapToSource(self.index(row, 0, parent)).row()
        elif row >= 0:
            source_row = self.sourceModel().rowCount(source_parent)
        return self.sourceModel().canDropMimeData(data, action, source_row, column, source_parent)
