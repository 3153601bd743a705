"""How Find shows one result: the prompt in bold, then the topic path (muted) and the passage
that matched, its matched words highlighted. Drawn as rich text by a delegate, in the
palette's colours at paint time, so the list follows the theme; the item's plain text stays
what a screen reader reads and what copying takes."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from studyapp.services.views import SnippetPart
from studyapp.ui.theme import blend

RESULT_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_TINT = 0.28  # of the way from the page's colour to the selection's
_PADDING = 4  # px around the text, as the plain list had


@dataclass(frozen=True, slots=True)
class ShownResult:
    prompt: str
    path: str
    passage: tuple[SnippetPart, ...]

    def plain_text(self) -> str:
        passage = "".join(part.text for part in self.passage)
        return f"{self.prompt}\n{self.path} — {passage}"


def passage_parts(snippet: tuple[SnippetPart, ...]) -> tuple[SnippetPart, ...]:
    """The snippet as shown: one line, without the Markdown emphasis and code marks, which
    are noise in a passage."""
    cleaned = (
        SnippetPart(part.text.replace("\n", " ").replace("**", "").replace("`", ""), part.hit)
        for part in snippet
    )
    return tuple(part for part in cleaned if part.text)


def result_html(result: ShownResult, palette: QPalette, *, selected: bool) -> str:
    """The result as rich text. On a selected row the matched words are underlined, since a
    tinted background would vanish into the selection's."""
    if selected:
        muted = text = palette.color(QPalette.ColorRole.HighlightedText).name()
        hit_style = "font-weight:600; text-decoration:underline"
    else:
        text = palette.color(QPalette.ColorRole.Text).name()
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        base = palette.color(QPalette.ColorRole.Base)
        tint = blend(base, palette.color(QPalette.ColorRole.Highlight), HIT_TINT).name()
        hit_style = f"font-weight:600; background-color:{tint}"
    passage = "".join(
        f'<span style="{hit_style}">{html.escape(part.text)}</span>'
        if part.hit
        else html.escape(part.text)
        for part in result.passage
    )
    return (
        f'<div style="color:{text}; font-weight:600">{html.escape(result.prompt)}</div>'
        f'<div style="color:{text}"><span style="color:{muted}">{html.escape(result.path)}'
        f"</span> — {passage}</div>"
    )


class ResultDelegate(QStyledItemDelegate):
    """Paints a ShownResult (RESULT_ROLE) over the style's own row (background, selection,
    focus), wrapped to the row's width."""

    def __init__(self, parent: QAbstractItemView) -> None:
        super().__init__(parent)
        self._view = parent

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, width: int
    ) -> QTextDocument | None:
        result = index.data(RESULT_ROLE)
        if not isinstance(result, ShownResult):
            return None
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(_PADDING)
        document.setHtml(result_html(result, option.palette, selected=selected))
        document.setTextWidth(max(width, 1))
        return document

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rect = option.rect
        document = self._document(option, index, rect.width())
        if document is None:
            super().paint(painter, option, index)
            return
        row = QStyleOptionViewItem(option)
        self.initStyleOption(row, index)
        row.text = ""
        style = self._view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, row, painter, self._view)
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        context = QAbstractTextDocumentLayout.PaintContext()
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        width = self._view.viewport().width()
        document = self._document(option, index, width)
        if document is None:
            return super().sizeHint(option, index)
        return QSize(width, int(document.size().height()) + 1)
