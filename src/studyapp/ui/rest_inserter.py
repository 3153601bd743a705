"""The rest of a cut block, inserted into the document a piece per event-loop turn.

Qt parses and lays out inserted HTML on the GUI thread, holding the GIL, so the rest of a
huge block cannot be set at once (hundreds of ms) nor prepared on the worker. It comes as
small tables (content/render.py `render_rest`) that are inserted one per turn where the
block's "Show the rest" link was: between turns the window takes keys, scrolls and paints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from studyapp.services.rendering import MORE_URL

if TYPE_CHECKING:  # render.py pulls in markdown-it and Pygments: not before first paint
    from studyapp.services.rendering import RestOfBlock

LINK_TEXT = "Show the rest ("


class RestInserter(QObject):
    def __init__(self, browser: QTextBrowser, on_finished: Callable[[], None]) -> None:
        super().__init__(browser)
        self.browser = browser
        self.on_finished = on_finished
        self._steps: Iterator[None] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    @property
    def busy(self) -> bool:
        return self._steps is not None

    def start(self, rests: Sequence[RestOfBlock]) -> None:
        self.cancel()
        self._steps = self._insert(rests)
        self._timer.start()

    def cancel(self) -> None:
        """The question moved on (or the text was set anew): the pieces left are dropped."""
        self._timer.stop()
        self._steps = None

    def _step(self) -> None:
        if self._steps is None:
            return
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        try:
            next(self._steps)
        except StopIteration:
            self.cancel()
            self.on_finished()
        # Inserting below the reader must not move what they read.
        bar.setValue(position)

    def _insert(self, rests: Sequence[RestOfBlock]) -> Iterator[None]:
        document = self.browser.document()
        links = 0
        for rest in rests:
            cursor = _take_link(document, links)
            if cursor is None:
                return
            for chunk in rest.chunks:
                cursor.insertHtml(chunk)
                yield
            if rest.link:
                cursor.insertHtml(rest.link)
                links += 1


def _take_link(document: QTextDocument, skip: int) -> QTextCursor | None:
    """A cursor where the `skip`-th "Show the rest" link was: the link's paragraph emptied to
    no height, and the block above it (a code cell, a table) made to end flush."""
    found = QTextCursor(document)
    for _ in range(skip + 1):
        found = document.find(LINK_TEXT, found)
        while not found.isNull() and found.charFormat().anchorHref() != MORE_URL:
            found = document.find(LINK_TEXT, found)
        if found.isNull():
            return None
    block = found.block()
    _end_flush(document, block.previous().position() - 1)
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    empty = QTextBlockFormat()
    empty.setTopMargin(0)
    empty.setBottomMargin(0)
    empty.setLineHeight(0, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    cursor.setBlockFormat(empty)
    return cursor


def _end_flush(document: QTextDocument, position: int) -> None:
    """The table ending at `position` loses its bottom margin and its last row's bottom
    padding: the next piece continues it."""
    cursor = QTextCursor(document)
    cursor.setPosition(max(position, 0))
    table = cursor.currentTable()
    if table is None:
        return
    form = table.format()
    form.setBottomMargin(0)
    table.setFormat(form)
    if table.columns() == 1:  # a code block's cell; a table's rows keep their padding
        cell = table.cellAt(table.rows() - 1, 0)
        cell_format = cell.format().toTableCellFormat()
        cell_format.setBottomPadding(0)
        cell.setFormat(cell_format)
    first = table.firstPosition()
    document.markContentsDirty(first, table.lastPosition() - first + 1)
