"""Render the real main window in the light and the dark theme to PNGs (docs/ by default).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [OUT_DIR] [--topic TITLE]

It studies on a temporary data dir with the built-in deck, reveals an answer that has code,
and saves `screenshot-light.png` and `screenshot-dark.png`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from studyapp.ui.main_window import MainWindow
from studyapp.ui.theme import apply_theme


def wait_for(signal: object, timeout_ms: int = 20_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def choose_topic(window: MainWindow, title: str) -> None:
    for key in window.tree_model.topic_keys():
        if window.tree_model.index_for(key).data() == title:
            window.tree.setCurrentIndex(
                window.filter_model.mapFromSource(window.tree_model.index_for(key))
            )
            wait_for(window.view_shown)
            return
    raise SystemExit(f"no topic {title!r}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default="docs", type=Path)
    parser.add_argument("--topic", default="Core data types")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as data_dir:
        window = MainWindow(Path(data_dir))
        window.resize(1280, 800)
        apply_theme(app, window.theme)
        window.show()
        wait_for(window.became_usable)
        window.tree.expandAll()
        choose_topic(window, args.topic)
        window.acts.reveal.trigger()
        for theme in ("light", "dark"):
            window.apply_theme(theme)
            wait_for(window.view_shown)
            app.processEvents()
            target = args.out / f"screenshot-{theme}.png"
            window.grab().save(str(target))
            print(target)
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
