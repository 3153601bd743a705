"""Pictures of the media store, for the question view: read only by their exact name
(`media/<sha256>.<ext>`) inside the data folder's `media/`, decoded off the GUI thread.

A photo takes 30–400 ms to decode, and the GUI thread must never stall that long: the view
gets a grey box of the picture's size at once (read from its header), and the picture
when a pool thread has decoded it. Names are content hashes, so decoded pictures are shared
by every view and never go stale.
"""

from __future__ import annotations

import os
import stat
from collections import OrderedDict
from functools import cache
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QImage, QImageReader, QPixmap

from studyapp.paths import is_media_image

# An import keeps files up to 10 MB; a picture wider than a wide pane is decoded smaller, and
# one that claims more pixels than a photo has is not decoded at all (a decompression bomb).
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_DECODED_WIDTH = 2400
CACHE_BYTES = 96 * 1024 * 1024
PLACEHOLDER = QColor("#8a8a92")  # a quiet grey in either theme, for the moment of decoding


class MediaImages(QObject):
    """The one loader of the app: decoded pictures by (folder, link), and the signal that
    says a requested one is ready (a null image: it could not be read)."""

    decoded = Signal(str, str, QImage)

    def __init__(self) -> None:
        super().__init__()
        self._cache: OrderedDict[tuple[str, str], QPixmap] = OrderedDict()
        self._cached_bytes = 0
        self._started: set[tuple[str, str]] = set()
        self.decoded.connect(self._keep)

    def cached(self, folder: Path, link: str) -> QPixmap | None:
        key = (str(folder), link)
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
        return found

    def request(self, folder: Path, link: str) -> QImage | None:
        """A grey box of the picture's size while it is decoded, or None when `link`
        names nothing that may be shown."""
        size = probe_size(folder, link)
        if size is None:
            return None
        key = (str(folder), link)
        if key not in self._started:
            self._started.add(key)
            QThreadPool.globalInstance().start(lambda: self._decode(folder, link))
        # Opaque RGB32: Qt paints it without a conversion (a transparent box costs 20 ms).
        box = QImage(size, QImage.Format.Format_RGB32)
        box.fill(PLACEHOLDER)
        return box

    def _decode(self, folder: Path, link: str) -> None:  # on a pool thread
        image = load_media_image(folder, link)
        self.decoded.emit(str(folder), link, image if image is not None else QImage())

    def _keep(self, folder: str, link: str, image: QImage) -> None:
        # Connected first, so a view's own slot finds the picture here.
        self._started.discard((folder, link))
        if image.isNull():
            return
        pixmap = QPixmap.fromImage(image)  # once, here: Qt paints a QImage by converting it
        self._cache[(folder, link)] = pixmap
        self._cached_bytes += _bytes(pixmap)
        while self._cached_bytes > CACHE_BYTES and len(self._cache) > 1:
            _key, dropped = self._cache.popitem(last=False)
            self._cached_bytes -= _bytes(dropped)


@cache
def media_images() -> MediaImages:
    """Made on first use, on the GUI thread (its slot runs there)."""
    return MediaImages()


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4


def probe_size(folder: Path, link: str) -> QSize | None:
    """The size the picture will be shown at, from its header, or None: not a media image
    name, not a plain file (a symlink is not followed), too large, or unreadable."""
    path = _plain_file(folder, link)
    if path is None:
        return None
    reader = QImageReader(str(path))
    return _shown_size(reader.size())


def load_media_image(folder: Path, link: str) -> QImage | None:
    """The picture `link` names inside `folder`, decoded, or None (see probe_size)."""
    path = _plain_file(folder, link)
    if path is None:
        return None
    try:
        with open(path, "rb", opener=_no_follow) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            data = handle.read(MAX_IMAGE_BYTES + 1)
    except OSError:
        return None
    return None if len(data) > MAX_IMAGE_BYTES else _decode(data)


def _plain_file(folder: Path, link: str) -> Path | None:
    if not is_media_image(link):
        return None
    path = folder / link.removeprefix("media/")
    try:
        status = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_IMAGE_BYTES:
        return None
    return path


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))


def _shown_size(size: QSize) -> QSize | None:
    if not size.isValid() or size.width() * size.height() > MAX_IMAGE_PIXELS:
        return None
    if size.width() > MAX_DECODED_WIDTH:
        return size.scaled(
            QSize(MAX_DECODED_WIDTH, size.height()), Qt.AspectRatioMode.KeepAspectRatio
        )
    return size


def _decode(data: bytes) -> QImage | None:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = _shown_size(reader.size())
    if size is None:
        return None
    if size != reader.size():
        reader.setScaledSize(size)
    image = reader.read()
    # As read (RGB32 for a photo, which becomes a pixmap at no cost): converting here would
    # hold the GIL, stalling the GUI thread (PySide6 keeps it for convertToFormat).
    return None if image.isNull() else image
