"""Untrusted content: the view never loads what it names, and links open only on a click."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextDocument
from pytestqt.qtbot import QtBot

from studyapp.ui.content_browser import ContentBrowser
from studyapp.ui.main_window import MainWindow

from tests.ui.helpers import answer_visible, press

HOSTILE_DECK = """\
# Safety
## Q: Does this load /dev/zero? ![zero](/dev/zero) {#safe.zero}
Here is a [local file](file:///etc/passwd), an ![image](file:///dev/zero),
a <img src="/dev/zero"> tag, and a [real link](https://example.org/docs).
"""


class UrlRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def record(self, url: QUrl) -> None:
        self.opened.append(url.toString())


@pytest.fixture
def recorder() -> object:
    recorder = UrlRecorder()
    for scheme in ("https", "http", "file"):
        QDesktopServices.setUrlHandler(scheme, recorder, "record")
    yield recorder
    for scheme in ("https", "http", "file"):
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.fixture
def deck_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "hostile.md").write_text(HOSTILE_DECK, encoding="utf-8")
    return folder


def test_hostile_content_shows_safely(
    qtbot: QtBot, window: MainWindow, recorder: UrlRecorder
) -> None:
    assert "Does this load /dev/zero?" in window.study.prompt.toPlainText()
    assert "[image: zero]" in window.study.prompt.toPlainText()
    press(qtbot, window, Qt.Key.Key_Space)
    assert answer_visible(window)
    shown = window.study.answer.toHtml()
    assert "<img" not in shown
    assert 'src="' not in shown
    assert 'href="file' not in shown
    assert 'href="/dev' not in shown
    assert 'href="https://example.org/docs"' in shown
    assert window.study.prompt.blocked_resources == []
    assert window.study.answer.blocked_resources == []
    assert recorder.opened == []  # showing content opened nothing


def test_the_view_refuses_to_load_any_resource(qtbot: QtBot) -> None:
    browser = ContentBrowser()
    qtbot.addWidget(browser)
    for name in ("file:///dev/zero", "/dev/zero", "https://example.org/x.png"):
        image = QTextDocument.ResourceType.ImageResource
        assert browser.loadResource(image.value, QUrl(name)) is None
    assert len(browser.blocked_resources) == 3


def test_links_open_only_on_click_and_only_web_links(qtbot: QtBot, recorder: UrlRecorder) -> None:
    browser = ContentBrowser()
    qtbot.addWidget(browser)
    browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert recorder.opened == []
    browser.anchorClicked.emit(QUrl("https://example.org/docs"))
    assert recorder.opened == ["https://example.org/docs"]
