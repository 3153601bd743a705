"""A QTextBrowser for untrusted content: it never loads a file or URL that content names.

The one exception is an image of the media store: `media/<sha256>.<ext>` exactly, read from
the `media_folder` it was given (the data folder's), never from anywhere else. Every other
resource gets a placeholder; links open in the system browser, and only when the user
clicks them (and only http, https and mailto).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QImage,
    QPixmap,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
)
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from studyapp.ui.media_images import media_images

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE = QTextDocument.ResourceType.ImageResource.value


class ContentBrowser(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.anchorClicked.connect(self._on_self_anchor_clicked)
        self.blocked_resources: list[str] = []
        self.loaded_resources: list[str] = []
        self.media_folder: Path | None = None  # the data folder's media/; None: load nothing
        self._fit_pending = False
        self._decoding: set[str] = set()
        self._shown: set[str] = set()  # pictures loaded: the only ones the fitting measures
        self.document().setUndoRedoEnabled(False)  # read-only; fitting edits image formats
        self.document().contentsChanged.connect(self._fit_images_soon)
        # Connected before any request: a small picture may be decoded at once.
        media_images().decoded.connect(self._on_decoded)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        # Content is untrusted: nothing it names is read (think /dev/zero, file://, http://),
        # except an image of the media store, by its exact content-addressed name; until it
        # is decoded (media_images.py) a grey box of its size holds its place.
        link = name.toString() if isinstance(name, QUrl) else str(name)
        if int(getattr(kind, "value", kind)) == IMAGE and self.media_folder is not None:
            loader = media_images()
            picture = loader.cached(self.media_folder, link)
            if picture is not None:
                self.loaded_resources.append(link)
                self._shown.add(link)
                return picture
            box = loader.request(self.media_folder, link)
            if box is not None:
                self._decoding.add(link)
                self._shown.add(link)
                return box
        self.blocked_resources.append(link)
        return None

    def _on_decoded(self, folder: str, link: str, image: QImage) -> None:
        if link not in self._decoding or self.media_folder is None:
            return
        if folder != str(self.media_folder):
            return
        self._decoding.discard(link)
        picture = media_images().cached(self.media_folder, link)
        if picture is None:
            self._shown.discard(link)
            self.blocked_resources.append(link)
            return
        self.document().addResource(IMAGE, QUrl(link), picture)
        self.loaded_resources.append(link)
        self.viewport().update()
        self._fit_images_soon()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_images_soon()

    def _fit_images_soon(self) -> None:
        if self.media_folder is not None and not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_images)

    def _fit_images(self) -> None:
        """Each picture as wide as it is, or as the room it has, whichever is less: the view
        never scrolls sideways. (The HTML's `max-width:100%` counts the whole page, not the
        indent of a list, a quote or a table cell.)"""
        self._fit_pending = False
        document = self.document()
        if "\ufffc" not in document.toRawText():
            return
        width = self.viewport().width()
        block = document.begin()
        while block.isValid():
            for position, length, image in _images_in(block):
                wanted = self._fitted(block, image, width)
                if wanted is not None:
                    cursor = QTextCursor(document)
                    cursor.setPosition(position)
                    cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(wanted)
            block = block.next()

    def _fitted(
        self, block: QTextBlock, image: QTextImageFormat, width: int
    ) -> QTextImageFormat | None:
        """The image's format at the size that fits its block, or None if it has it."""
        if image.name() not in self._shown:
            return None  # refused: asking the document for it would only refuse it again
        picture = self.document().resource(IMAGE, QUrl(image.name()))
        if not isinstance(picture, QImage | QPixmap) or picture.isNull():
            return None
        form = block.blockFormat()
        indent = form.indent() + (block.textList().format().indent() if block.textList() else 0)
        margins = form.leftMargin() + form.rightMargin() + indent * self.document().indentWidth()
        x = self.document().documentLayout().blockBoundingRect(block).x()
        # Room on the left mirrored on the right: the page margin, a cell's padding, a quote.
        room = max(int(width - 2 * x - margins), 16)
        fitted = min(picture.width(), room)
        if int(image.width()) == fitted:
            return None
        wanted = QTextImageFormat(image)
        wanted.setWidth(fitted)
        wanted.setHeight(picture.height() * fitted / picture.width())
        return wanted

    def fit_height(self, maximum: int) -> None:
        """As tall as the content, up to `maximum`: a one-line prompt takes one line.

        Measured at the width the text will have once it fits: the box's own, less its
        frame. The viewport's may be stale (a layout gives the box its width before the
        scroll area sizes its viewport) or narrowed by a scroll bar that this height removes;
        fitted to it, a prompt that wraps on screen got one line's height and a scroll bar.
        Measured on a copy: the shown text keeps the viewport's width, which the box sets
        itself (set wider, it scrolled sideways under a scroll bar of its own)."""
        measured = self.document().clone(self)
        measured.setTextWidth(max(self.contentsRect().width(), 200))
        margins = self.contentsMargins()
        wanted = int(measured.size().height()) + margins.top() + margins.bottom() + 4
        measured.deleteLater()
        self.setFixedHeight(max(min(wanted, maximum), 48))

    def set_point_size(self, points: float) -> None:
        font = QFont(self.font())
        font.setPointSizeF(points)
        self.document().setDefaultFont(font)

    def _on_self_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme().lower() in SAFE_SCHEMES:
            QDesktopServices.openUrl(url)


def _images_in(block: QTextBlock) -> list[tuple[int, int, QTextImageFormat]]:
    found = []
    fragments = block.begin()
    while not fragments.atEnd():
        fragment = fragments.fragment()
        form = fragment.charFormat()
        if form.isImageFormat():
            found.append((fragment.position(), fragment.length(), form.toImageFormat()))
        fragments += 1
    return found
