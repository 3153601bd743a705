"""Pictures in the question view: how long the GUI thread stalls while one is shown.

For each kind of picture an answer holding it is set in the real question view
(ContentBrowser, offscreen, 900 px wide) while a QTimer heartbeat on the GUI thread records
the longest gap between its beats, until the picture is painted. Two ways, interleaved round
by round, each round on pictures of its own (so no cache helps either side):

- "on the GUI thread": loadResource decodes the file itself (Qt's way, and this view's first);
- "pool thread": the view's own way, a grey box at once and the picture when decoded.

    QT_QPA_PLATFORM=offscreen python bench/media_view.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from common import print_table
from reading import Heartbeat, wait_ms, wait_until
from studyapp.content.render import render_markdown
from studyapp.ui.content_browser import ContentBrowser
from studyapp.ui.media_images import load_media_image

KINDS = {
    "photo 4000×3000 JPEG": (4000, 3000, "jpg"),
    "screenshot 1600×1200 PNG": (1600, 1200, "png"),
    "diagram 800×600 PNG": (800, 600, "png"),
}


class DecodingHere(ContentBrowser):
    """The alternative: every picture decoded inside loadResource, on the GUI thread."""

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        link = name.toString() if isinstance(name, QUrl) else str(name)
        assert self.media_folder is not None
        image = load_media_image(self.media_folder, link)
        if image is None:
            return super().loadResource(kind, name)
        self.loaded_resources.append(link)
        return image


def picture(folder: Path, width: int, height: int, suffix: str, seed: int) -> str:
    """A busy picture (shapes of random colours, so it compresses like a real one)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    chance = random.Random(seed)
    for _ in range(600):
        colour = QColor(chance.randrange(256), chance.randrange(256), chance.randrange(256))
        painter.fillRect(
            chance.randrange(width), chance.randrange(height), 300, 200, colour
        )  # fmt: skip
    painter.end()
    scratch = folder / f"scratch.{suffix}"
    image.save(str(scratch), quality=90)
    data = scratch.read_bytes()
    name = f"{hashlib.sha256(data).hexdigest()}.{suffix}"
    (folder / name).write_bytes(data)
    return f"media/{name}"


def show(browser: ContentBrowser, heart: Heartbeat, link: str) -> tuple[float, float]:
    """Worst GUI-thread stall (ms), and time until the picture is there (ms)."""
    html = render_markdown(f"It looks like this:\n\n![picture]({link})", "light")
    started = time.perf_counter()
    arrived: list[float] = []

    def set_and_paint() -> None:
        browser.setHtml(html)
        browser.repaint()

    def painted() -> bool:
        if link in browser.loaded_resources and not arrived:
            browser.repaint()
            arrived.append(time.perf_counter())
        return bool(arrived)

    stall = heart.measure(set_and_paint, painted)
    return stall, (arrived[0] - started) * 1000


def show_text(browser: ContentBrowser, heart: Heartbeat) -> float:
    """The same answer without its picture: what setting and painting text costs here."""
    html = render_markdown("It looks like this:\n\nno picture", "light")

    def set_and_paint() -> None:
        browser.setHtml(html)
        browser.repaint()

    return heart.measure(set_and_paint, lambda: True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="studyapp-bench-media-")) / "media"
    folder.mkdir()
    browsers: dict[str, ContentBrowser] = {
        "on the GUI thread": DecodingHere(),
        "pool thread": ContentBrowser(),
    }
    for browser in browsers.values():
        browser.media_folder = folder
        browser.resize(900, 600)
        browser.show()
    heart = Heartbeat()
    wait_ms(200)
    rows = []
    for kind, (width, height, suffix) in KINDS.items():
        stalls: dict[str, list[float]] = {way: [] for way in browsers}
        arrivals: dict[str, list[float]] = {way: [] for way in browsers}
        for number in range(rounds):
            for offset, (way, browser) in enumerate(browsers.items()):
                link = picture(folder, width, height, suffix, number * 2 + offset)
                stall, arrival = show(browser, heart, link)
                stalls[way].append(stall)
                arrivals[way].append(arrival)
        here, pool = (statistics.median(stalls[way]) for way in browsers)
        for way in browsers:
            rows.append(
                (
                    kind,
                    way,
                    f"{statistics.median(stalls[way]):.0f}",
                    f"{statistics.median(arrivals[way]):.0f}",
                )
            )
        rows.append((kind, "stall ratio pool/GUI", f"{pool / here:.2f}", ""))
    text_only = [show_text(browsers["pool thread"], heart) for _ in range(rounds)]
    rows.append(("(no picture: the floor)", "-", f"{statistics.median(text_only):.0f}", ""))
    print_table(
        f"Showing a picture in the question view (median of {rounds} interleaved rounds)",
        ("picture", "decoded", "worst GUI stall ms", "picture shown after ms"),
        rows,
    )
    wait_until(lambda: True)
    app.quit()


if __name__ == "__main__":
    main()
