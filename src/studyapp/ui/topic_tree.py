"""TopicTreeModel: a QAbstractItemModel over the immutable TopicTree built on the worker.

`data()` only reads memory. A new tree with the same shape updates counts in place
(dataChanged), so the view keeps its expansion and selection; a new shape resets the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from studyapp.services.views import TopicCounts, TopicNode, TopicTree
from studyapp.ui.theme import ACCENTS, mastery_colour

ScopeKey = str
AnyIndex = QModelIndex | QPersistentModelIndex
SCOPE_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Topic", "Due", "New", "Known")
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_SCOPE = int(SCOPE_ROLE)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
FIXED = (("due", "Due now"), ("bookmarked", "Bookmarked"), ("all", "All questions"))
KNOWN_TIP = (
    "Known: the share of the topic's questions you would still recall a week from now, as "
    "FSRS estimates it from your answers. New questions and questions still in their first "
    "learning steps count as not known, so one good answer is never 100 %."
)
COLUMN_TIPS = (
    "Topics and subtopics",
    "Questions to study now (reviews and learning steps due)",
    "New questions a session would show today (up to the daily limit)",
    KNOWN_TIP,
)


@dataclass(eq=False)
class _Item:
    key: ScopeKey
    title: str
    counts: TopicCounts
    parent: _Item | None
    row: int
    fixed: bool = False
    children: list[_Item] = field(default_factory=list)


def _shape(tree: TopicTree) -> list[tuple[int, int | None, int]]:
    return [(n.id, n.parent_id, len(n.children)) for r in tree.roots for n in r.walk()]


class TopicTreeModel(QAbstractItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._roots: list[_Item] = []
        self._by_key: dict[ScopeKey, _Item] = {}
        self._tree: TopicTree | None = None
        self.theme = "light"

    # --- updating -------------------------------------------------------------------------
    def set_tree(self, tree: TopicTree) -> None:
        if self._tree is not None and _shape(self._tree) == _shape(tree):
            self._update_counts(tree)
        else:
            self.beginResetModel()
            self._build(tree)
            self.endResetModel()
        self._tree = tree

    def _build(self, tree: TopicTree) -> None:
        self._roots = []
        self._by_key = {}
        for row, (key, title) in enumerate(FIXED):
            item = _Item(key, title, self._fixed_counts(tree, key), None, row, fixed=True)
            self._roots.append(item)
            self._by_key[key] = item
        for node in tree.roots:
            self._roots.append(self._item(node, None, len(self._roots)))

    def _item(self, node: TopicNode, parent: _Item | None, row: int) -> _Item:
        item = _Item(f"topic:{node.id}", node.title, node.counts, parent, row)
        self._by_key[item.key] = item
        item.children = [self._item(child, item, i) for i, child in enumerate(node.children)]
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
                self._set_counts(self._by_key[f"topic:{node.id}"], node.counts)

    def _set_counts(self, item: _Item, counts: TopicCounts) -> None:
        if item.counts == counts:
            return
        item.counts = counts
        first = self.createIndex(item.row, 0, item)
        last = self.createIndex(item.row, len(COLUMNS) - 1, item)
        self.dataChanged.emit(first, last)

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
        return QModelIndex() if item is None else self.createIndex(item.row, 0, item)

    def topic_keys(self) -> list[ScopeKey]:
        return [key for key in self._by_key if key.startswith("topic:")]

    # --- QAbstractItemModel ---------------------------------------------------------------
    # index(), parent() and rowCount() are called thousands of times per layout (each key in
    # the filter, each expand): they read the items directly, without Qt's hasIndex(), which
    # would call back into Python for rowCount() and columnCount().
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        items = self._children_of(parent)
        if 0 <= row < len(items) and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, items[row])
        return QModelIndex()

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        item: _Item = child.internalPointer()
        if item.parent is None:
            return QModelIndex()
        return self.createIndex(item.parent.row, 0, item.parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children_of(parent))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMN_TIPS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item: _Item = index.internalPointer()
        # Plain ints: comparing a role with Qt's enum members costs more than the rest.
        role = int(role)
        if role == _DISPLAY:
            return self._display(item, index.column())
        if role == _SCOPE:
            return item.key
        if role == _FOREGROUND:
            return self._foreground(item, index.column())
        if role == _ALIGNMENT and index.column() > 0:
            return _RIGHT
        if role == _FONT and item.fixed:
            return _bold()
        if role == _TOOLTIP:
            return self._tooltip(item)
        return None

    def _children_of(self, parent: AnyIndex) -> list[_Item]:
        if not parent.isValid():
            return self._roots
        item: _Item = parent.internalPointer()
        return item.children

    @staticmethod
    def _display(item: _Item, column: int) -> str:
        counts = item.counts
        if column == 0:
            if item.fixed and item.key != "due":
                return f"{item.title} ({counts.total})"
            return item.title
        if item.fixed:
            return str(counts.total) if column == 1 and item.key == "due" else ""
        if column == 1:
            return str(counts.due) if counts.due else ""
        if column == 2:
            return str(counts.new) if counts.new else ""
        return "" if counts.mastery is None else f"{round(counts.mastery * 100)}%"

    def _foreground(self, item: _Item, column: int) -> QColor | None:
        accents = ACCENTS[self.theme]
        counts = item.counts
        if column == 1 and not item.fixed:
            return QColor(accents["due"])
        if column == 2:
            return QColor(accents["new"])
        if column == 3 and counts.mastery is not None:
            return QColor(mastery_colour(self.theme, counts.mastery))
        return None

    @staticmethod
    def _tooltip(item: _Item) -> str:
        counts = item.counts
        if item.fixed:
            return {
                "due": "Reviews due now, then today's new questions",
                "bookmarked": "Questions you bookmarked (B)",
                "all": "Every question, due ones first",
            }[item.key]
        if counts.mastery is not None:
            known = f"{round(counts.mastery * 100)}%"
        else:
            known = "— (nothing answered yet)"
        return (
            f"{item.title}\n{counts.total} questions · {counts.due} due now · "
            f"{counts.new} new today · {counts.reviewed} answered\n"
            f"Known {known}\n\n{KNOWN_TIP}"
        )


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class TopicFilterModel(QSortFilterProxyModel):
    """Type-to-filter on titles; a match keeps its ancestors, the fixed nodes always show."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(0)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        # The fixed rows are the first top-level rows: known without asking the model.
        if not source_parent.isValid() and source_row < len(FIXED):
            return True
        return super().filterAcceptsRow(source_row, source_parent)
