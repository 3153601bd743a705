"""A QTextBrowser for untrusted content: it never loads a file or URL that content names.

Images and other resources get a placeholder; links open in the system browser, and only
when the user clicks them (and only http, https and mailto).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


class ContentBrowser(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.anchorClicked.connect(self._on_self_anchor_clicked)
        self.blocked_resources: list[str] = []

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        # Content is untrusted: nothing it names is ever read (think /dev/zero, file://).
        self.blocked_resources.append(name.toString() if isinstance(name, QUrl) else str(name))
        return None

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
