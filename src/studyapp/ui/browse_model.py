"""The question browser's table: one row per question, cells formatted when the view asks
for them (only the visible ones), so 100,000 rows cost one tuple. Sorting is asked for by
the header and done on the worker (`sort_requested`): a Python sort of 100,000 rows is
longer than a frame."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import compress
from operator import gt, itemgetter
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
MAX_RANGES = 500
_QUESTION_ID = itemgetter(0)  # BrowseRow is a named tuple: its first field
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
    # These run on the GUI thread over up to every row: map, itemgetter and compress keep the
    # loops in C (bench/browse.py measures them at 100,000 rows).
    def ids_in(self, selection: QItemSelection) -> list[int]:
        parts = [selection.at(n) for n in range(selection.count())]
        ids: list[int] = []
        for part in parts:
            ids.extend(map(_QUESTION_ID, self.rows[part.top() : part.bottom() + 1]))
        return ids if len(parts) < 2 else list(dict.fromkeys(ids))

    @staticmethod
    def count_in(selection: QItemSelection) -> int:
        """How many rows are selected, without reading them (row selections never overlap)."""
        parts = (selection.at(n) for n in range(selection.count()))
        return sum(part.bottom() - part.top() + 1 for part in parts)

    def row_of(self, question_id: int) -> int | None:
        try:
            return list(map(_QUESTION_ID, self.rows)).index(question_id)
        except ValueError:
            return None

    def selection_of(self, question_ids: Iterable[int]) -> QItemSelection | None:
        """The rows of these questions as few ranges as they allow (Ctrl+A: one); None when
        they are scattered over more than MAX_RANGES runs (each range costs ~40 µs here, so
        10,000 rows chosen in one order and then sorted by another would stall the window)."""
        wanted = set(question_ids)
        selection = QItemSelection()
        last = self.columnCount() - 1
        if len(wanted) >= len(self.rows) and wanted.issuperset(map(_QUESTION_ID, self.rows)):
            if self.rows:  # all of them (Ctrl+A, then a sort or a reload): one range
                selection.select(self.index(0, 0), self.index(len(self.rows) - 1, last))
            return selection
        inside = list(map(wanted.__contains__, map(_QUESTION_ID, self.rows)))
        numbers = range(len(inside))
        # A run starts where a chosen row follows one that is not, and ends before one that
        # is not: True > False, compared pairwise in C.
        starts = list(compress(numbers, map(gt, inside, [False, *inside[:-1]])))
        if len(starts) > MAX_RANGES:
            return None
        ends = compress(numbers, map(gt, inside, [*inside[1:], False]))
        for start, end in zip(starts, ends, strict=True):
            selection.select(self.index(start, 0), self.index(end, last))
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
