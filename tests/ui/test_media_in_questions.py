"""Images of imported notes show in the question view, read from the data folder's media
store only; anything else an image names (a path, a URL, `file://`, `..`) loads nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QPixmap, QTextDocument
from pytestqt.qtbot import QtBot

from studyapp.ui.content_browser import ContentBrowser
from studyapp.ui.main_window import MainWindow
from studyapp.ui.media_images import PLACEHOLDER, load_media_image

from tests.ui.conftest import WindowFactory
from tests.ui.flows import import_package, study_search
from tests.ui.helpers import answer_visible, press, rows, shown_prompt

PACKAGE = Path(__file__).parents[1] / "data" / "apkg" / "sm2.apkg"
IMAGE = QTextDocument.ResourceType.ImageResource.value


def png(width: int, height: int, colour: str) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def put_in_store(media: Path, data: bytes) -> str:
    """Put `data` in the media store as an import does; return its link."""
    media.mkdir(parents=True, exist_ok=True)
    name = f"{hashlib.sha256(data).hexdigest()}.png"
    (media / name).write_bytes(data)
    return f"media/{name}"


def laid_out_images(browser: ContentBrowser) -> list[str]:
    """The names of the images in the browser's document."""
    found = []
    block = browser.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            form = fragments.fragment().charFormat()
            if form.isImageFormat():
                found.append(form.toImageFormat().name())
            fragments += 1
        block = block.next()
    return found


def test_an_imported_image_shows_in_the_answer(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    import_package(qtbot, window, PACKAGE)
    study_search(qtbot, window, "colour")
    assert shown_prompt(window) == "Which colour?"
    press(qtbot, window, Qt.Key.Key_Space)
    assert answer_visible(window)
    answer = window.study.answer
    [link] = laid_out_images(answer)
    stored = data_dir / "media" / link.removeprefix("media/")
    assert stored.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # the package's red dot, by content
    qtbot.waitUntil(lambda: answer.loaded_resources == [link])  # decoded off the GUI thread
    loaded = answer.document().resource(IMAGE, QUrl(link))
    assert isinstance(loaded, QPixmap)
    assert (loaded.width(), loaded.height()) == (1, 1)
    assert loaded.toImage().pixelColor(0, 0) == QColor("red")
    # The sound is named, not played: plain text, no link to follow.
    assert "▶ hello.mp3" in answer.toPlainText()
    assert "mp3" not in "".join(answer.blocked_resources)
    sql = "SELECT answer_md FROM question WHERE prompt_md = 'Which colour?'"
    assert f"]({link})" in rows(qtbot, window, sql)[0][0]


HOSTILE = """\
# Hostile images
### Q: What loads? {{#hostile.images}}
![passwd](/etc/passwd) ![web](http://127.0.0.1:9/x.png) <img src="/etc/passwd">
![uri](file://{store}) ![up](media/../secret.png) ![dot](./{link})
![abs]({store}) ![upper]({upper}) ![query]({link}?x=1) ![link]({symlink})
![sound as image]({sound})
"""


@pytest.fixture
def hostile_media(data_dir: Path) -> dict[str, str]:
    """A real picture in the store, a secret beside it, and a symlink in the store."""
    secret = png(8, 8, "blue")
    (data_dir / "secret.png").write_bytes(secret)
    link = put_in_store(data_dir / "media", png(8, 8, "green"))
    symlink = f"media/{hashlib.sha256(secret).hexdigest()}.png"
    (data_dir / symlink).symlink_to(data_dir / "secret.png")
    sound = f"media/{'a' * 64}.mp3"
    (data_dir / sound).write_bytes(secret)
    return {
        "link": link,
        "store": str(data_dir / link),
        "upper": link.upper().replace("MEDIA/", "media/"),
        "symlink": symlink,
        "sound": sound,
    }


@pytest.fixture
def deck_folder(tmp_path: Path, hostile_media: dict[str, str]) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "hostile.md").write_text(HOSTILE.format(**hostile_media), encoding="utf-8")
    return folder


def test_an_image_named_any_other_way_loads_nothing(
    qtbot: QtBot, window: MainWindow, hostile_media: dict[str, str]
) -> None:
    assert shown_prompt(window) == "What loads?"
    press(qtbot, window, Qt.Key.Key_Space)
    answer = window.study.answer
    shown = answer.toPlainText()
    for label in ("passwd", "web", "up", "dot", "abs", "upper", "query", "sound as image"):
        assert f"[image: {label}]" in shown
    assert "![uri](file://" in shown  # markdown-it refuses file: links; they stay text
    assert '<img src="/etc/passwd">' in shown  # raw HTML stays text
    # The symlink has a media store name, but it is not followed.
    assert laid_out_images(answer) == [hostile_media["symlink"]]
    assert answer.loaded_resources == []
    assert set(answer.blocked_resources) == {hostile_media["symlink"]}
    for name in (
        "/etc/passwd",
        "http://127.0.0.1:9/x.png",
        "file://" + hostile_media["store"],
        hostile_media["store"],
        "media/../secret.png",
        "./" + hostile_media["link"],
        hostile_media["link"] + "?x=1",
        hostile_media["symlink"],
    ):
        assert answer.loadResource(IMAGE, QUrl(name)) is None, name
    # Only the exact name of a stored file of the right kind is read.
    assert answer.loadResource(IMAGE, QUrl(hostile_media["link"])) is not None
    assert answer.loadResource(IMAGE - 1, QUrl(hostile_media["link"])) is None


def test_the_view_holds_a_box_of_the_size_until_the_picture_is_decoded(
    qtbot: QtBot, data_dir: Path
) -> None:
    link = put_in_store(data_dir / "media", png(3000, 300, "red"))
    browser = ContentBrowser()
    qtbot.addWidget(browser)
    assert browser.loadResource(IMAGE, QUrl(link)) is None  # no media folder: nothing
    browser.media_folder = data_dir / "media"
    box = browser.loadResource(IMAGE, QUrl(link))
    assert isinstance(box, QImage)
    assert (box.width(), box.height()) == (2400, 240)  # decoded no wider than a wide pane
    assert box.pixelColor(0, 0) == PLACEHOLDER
    qtbot.waitUntil(lambda: browser.loaded_resources == [link])
    shown = browser.document().resource(IMAGE, QUrl(link))
    assert isinstance(shown, QPixmap)
    assert shown.toImage().pixelColor(5, 5) == QColor("red")
    assert load_media_image(data_dir / "media", link) is not None
    (data_dir / link).write_bytes(b"not a picture")
    assert load_media_image(data_dir / "media", link) is None


WIDE_DECK = """\
# Diagrams
### Q: What does the pipeline look like? {{#diagram.wide}}
![pipeline]({link})

Three stages, left to right.
"""


@pytest.fixture
def wide_link(data_dir: Path) -> str:
    return put_in_store(data_dir / "media", png(2400, 300, "#3a7bd5"))


def test_a_wide_image_fits_the_pane_without_sideways_scrolling(
    qtbot: QtBot, open_window: WindowFactory, deck_folder: Path, wide_link: str
) -> None:
    (deck_folder / "hostile.md").write_text(WIDE_DECK.format(link=wide_link), encoding="utf-8")
    window = open_window()
    window.resize(1024, 600)
    press(qtbot, window, Qt.Key.Key_Space)
    answer = window.study.answer
    qtbot.waitUntil(lambda: answer.loaded_resources == [wide_link])
    qtbot.wait(50)
    assert answer.horizontalScrollBar().maximum() == 0
    assert answer.document().idealWidth() <= answer.viewport().width()
    window.grab().save("/tmp/studyapp-media-light.png")
