"""A QTextBrowser for untrusted content: it never loads a file or URL that content names.

The one exception is an image of the media store: `media/<sha256>.<ext>` exactly, read from
the `media_folder` it was given (the data folder's), never from anywhere else. Every other
resource gets a placeholder; links open in the system browser, and only when the user
clicks them (and only http, https and mailto).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QImage,
    QImageReader,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
)
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from studyapp.paths import is_media_image

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# An import keeps files up to 10 MB; a picture wider than a wide pane is decoded smaller, and
# one that claims more pixels than a photo has is not decoded at all (a decompression bomb).
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_DECODED_WIDTH = 2400


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
        self.document().contentsChanged.connect(self._fit_images_soon)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        # Content is untrusted: nothing it names is read (think /dev/zero, file://, http://),
        # except an image of the media store, by its exact content-addressed name.
        link = name.toString() if isinstance(name, QUrl) else str(name)
        image_kind = QTextDocument.ResourceType.ImageResource.value
        if int(getattr(kind, "value", kind)) == image_kind and self.media_folder is not None:
            image = load_media_image(self.media_folder, link)
            if image is not None:
                self.loaded_resources.append(link)
                return image
        self.blocked_resources.append(link)
        return None

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
        picture = self.document().resource(
            QTextDocument.ResourceType.ImageResource.value, QUrl(image.name())
        )
        if not isinstance(picture, QImage) or picture.isNull():
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
        """As tall as the content, up to `maximum`: a one-line prompt takes one line."""
        document = self.document()
        document.setTextWidth(max(self.viewport().width(), 200))
        margins = self.contentsMargins()
        wanted = int(document.size().height()) + margins.top() + margins.bottom() + 4
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


def load_media_image(folder: Path, link: str) -> QImage | None:
    """The picture `link` names inside `folder`, or None: not a media link, not a plain file
    (a symlink is not followed), too large, or not an image Qt can read."""
    if not is_media_image(link):
        return None
    path = folder / link.removeprefix("media/")
    try:
        with open(path, "rb", opener=_no_follow) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            data = handle.read(MAX_IMAGE_BYTES + 1)
    except OSError:
        return None
    return None if len(data) > MAX_IMAGE_BYTES else _decode(data)


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))


def _decode(data: bytes) -> QImage | None:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > MAX_IMAGE_PIXELS:
        return None
    if size.width() > MAX_DECODED_WIDTH:
        reader.setScaledSize(
            size.scaled(QSize(MAX_DECODED_WIDTH, size.height()), Qt.AspectRatioMode.KeepAspectRatio)
        )
    image = reader.read()
    return None if image.isNull() else image
