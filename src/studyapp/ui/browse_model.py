"""The question browser's table: one row per question, cells formatted when the view asks
for them (only the visible ones), so 100,000 rows cost one tuple. Sorting is asked for by
the header and done on the worker (`sort_requested`): a Python sort of 100,000 rows is
longer than a frame."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from studyapp.services.browse import COLUMNS, Column

if TYPE_CHECKING:
    from studyapp.services.views import BrowseRow

Index = QModelIndex | QPersistentModelIndex
_NUMERIC = (Column.DUE, Column.RECALL, Column.REVIEWS)


class BrowseModel(QAbstractTableModel):
    sort_requested = Signal(object, bool)  # Column, descending

    def __init__(self) -> None:
        super().__init__()
        self.rows: tuple[BrowseRow, ...] = ()
        self.now = datetime.now(UTC)

    def set_rows(self, rows: tuple[BrowseRow, ...], now: datetime) -> None:
        self.beginResetModel()
        self.rows, self.now = rows, now
        self.endResetModel()

    def replace_rows(self, fresh: tuple[BrowseRow, ...]) -> None:
        """New values for rows already listed (after a grade or an edit), in place: the
        order and the selection stay."""
        by_id = {row.question_id: row for row in fresh}
        rows = list(self.rows)
        changed = [n for n, row in enumerate(rows) if row.question_id in by_id]
        for number in changed:
            rows[number] = by_id[rows[number].question_id]
        self.rows = tuple(rows)
        if changed:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), last))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].value
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.PROMPT:
            return row.prompt_md.strip()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: BrowseRow, column: Column) -> str:
        if column is Column.PROMPT:
            return _first_line(row.prompt_md)
        if column is Column.TOPIC:
            return " › ".join(row.topic_path)
        if column is Column.DUE:
            return _due_text(row.due, self.now)
        if column is Column.RECALL:
            return "—" if row.recall is None else f"{row.recall:.0%}"
        if column is Column.REVIEWS:
            return str(row.reviews)
        if column is Column.BOOKMARKED:
            return "★ yes" if row.bookmarked else ""
        return "yes" if row.suspended else ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return  # no column chosen: the listing's own order
        self.sort_requested.emit(COLUMNS[column], order is Qt.SortOrder.DescendingOrder)

    # --- selection by question id (kept across reloads and sorts) ------------------------
    def ids_in(self, selection: QItemSelection) -> list[int]:
        ids: dict[int, None] = {}
        for number in range(selection.count()):
            part = selection.at(number)
            for row in self.rows[part.top() : part.bottom() + 1]:
                ids[row.question_id] = None
        return list(ids)

    def selection_of(self, question_ids: Iterable[int]) -> QItemSelection:
        """The rows of these questions as few ranges as they allow (Ctrl+A: one)."""
        wanted = set(question_ids)
        selection = QItemSelection()
        last = self.columnCount() - 1
        start: int | None = None
        for number, row in enumerate((*self.rows, None)):
            inside = row is not None and row.question_id in wanted
            if inside and start is None:
                start = number
            elif not inside and start is not None:
                selection.select(self.index(start, 0), self.index(number - 1, last))
                start = None
        return selection


def _first_line(markdown: str) -> str:
    text = markdown.strip()
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= 200 else line[:199] + "…"


def _due_text(due: datetime | None, now: datetime) -> str:
    if due is None:
        return "new"
    if due <= now:
        return "due now"
    days = (due - now).days
    return "in <1 day" if days < 1 else f"in {days} d"
