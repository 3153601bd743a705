"""TopicTreeModel: a QStandardItemModel holding the immutable TopicTree built on the worker.

The rows are Qt's own items, so the view, the filter proxy and the tree's layout never call
back into Python for an index, a row count or a cell (a Python item model did, thousands of
times per key typed in the filter at 500 topics). A new tree with the same shape updates the
counts in place (one dataChanged per changed row), so the view keeps its expansion and
selection; a new shape resets the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel

from studyapp.services.views import TopicCounts, TopicNode, TopicTree
from studyapp.ui.theme import ACCENTS, mastery_colour

ScopeKey = str
AnyIndex = QModelIndex | QPersistentModelIndex
SCOPE_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Topic", "Due", "New", "Known")
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
FIXED_TIPS = {
    "due": "Reviews due now, then today's new questions",
    "bookmarked": "Questions you bookmarked (B)",
    "all": "Every question, due ones first",
}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(eq=False)
class _Item:
    key: ScopeKey
    title: str
    counts: TopicCounts
    parent: _Item | None
    cells: list[QStandardItem]
    fixed: bool = False
    children: list[_Item] = field(default_factory=list)


def _shape(tree: TopicTree) -> list[tuple[int, int | None, int]]:
    return [(n.id, n.parent_id, len(n.children)) for r in tree.roots for n in r.walk()]


class TopicTreeModel(QStandardItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        for column, (title, tip) in enumerate(zip(COLUMNS, COLUMN_TIPS, strict=True)):
            header = QStandardItem(title)
            header.setToolTip(tip)
            self.setHorizontalHeaderItem(column, header)
        self._items: list[_Item] = []
        self._by_key: dict[ScopeKey, _Item] = {}
        self._shape: list[tuple[int, int | None, int]] | None = None  # of the tree shown
        self._theme = "light"

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

    def _build(self, tree: TopicTree) -> None:
        self.setRowCount(0)
        self._by_key = {}
        root = self.invisibleRootItem()
        for key, title in FIXED:
            item = self._new_item(key, title, self._fixed_counts(tree, key), None, fixed=True)
            root.appendRow(item.cells)
        for node in tree.roots:
            root.appendRow(self._item(node, None).cells)

    def _item(self, node: TopicNode, parent: _Item | None) -> _Item:
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
        parent: _Item | None,
        *,
        fixed: bool = False,
    ) -> _Item:
        cells = [QStandardItem() for _ in COLUMNS]
        cells[0].setData(key, SCOPE_ROLE)
        for column, cell in enumerate(cells):
            cell.setEditable(False)
            if column:
                cell.setTextAlignment(_RIGHT)
            if fixed:
                cell.setFont(_bold())
        item = _Item(key, title, counts, parent, cells, fixed)
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
                self._set_counts(self._by_key[f"topic:{node.id}"], node.counts)

    def _set_counts(self, item: _Item, counts: TopicCounts) -> None:
        if item.counts == counts:
            return
        item.counts = counts
        blocked = self.blockSignals(True)  # one dataChanged for the row, not one per cell
        try:
            self._fill(item)
        finally:
            self.blockSignals(blocked)
        first, last = item.cells[0].index(), item.cells[-1].index()
        self.dataChanged.emit(first, last)

    def _fill(self, item: _Item) -> None:
        for column, cell in enumerate(item.cells):
            cell.setText(_display(item, column))
        item.cells[0].setToolTip(_tooltip(item))
        self._paint(item)

    def _paint(self, item: _Item) -> None:
        for column, cell in enumerate(item.cells):
            colour = _foreground(self._theme, item, column)
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


def _foreground(theme: str, item: _Item, column: int) -> QColor | None:
    accents = ACCENTS[theme]
    counts = item.counts
    if column == 1 and not item.fixed:
        return QColor(accents["due"])
    if column == 2:
        return QColor(accents["new"])
    if column == 3 and counts.mastery is not None:
        return QColor(mastery_colour(theme, counts.mastery))
    return None


def _tooltip(item: _Item) -> str:
    counts = item.counts
    if item.fixed:
        return FIXED_TIPS[item.key]
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
