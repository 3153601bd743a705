"""GUI responsiveness at 100,000 questions: the longest event-loop stall per action.

The real window runs (offscreen by default) on bench/study.py's 100k fixture. A 2 ms QTimer
heartbeat records the gaps between its ticks; an action's stall is the longest gap from the
moment the action is posted until its result has been on screen for a moment (its view shown,
plus a settle time for the repaint). Target (issue 13): no stall over 50 ms.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer, SignalInstance
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from common import print_table
from studyapp.app import freeze_heap_when_usable, share_the_gil, skip_feature_scan
from studyapp.paths import database_path

# What the process holds is measured too, so it loads what the app loads and no more: the
# app's modules after `skip_feature_scan` (as app.py; else their source stays in linecache),
# the fixture's builder in a child process, key events without QtTest.
skip_feature_scan()

from study import QUESTIONS, TOPICS  # noqa: E402
from studyapp.ui.main_window import MainWindow  # noqa: E402

TARGET_MS = 50.0
SETTLE_MS = 120
TICK_MS = 2


class Heartbeat(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0

    def start(self) -> None:
        self.reset()
        self.timer.start()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, (now - self.last) * 1000)
        self.last = now


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Driver:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.heartbeat = Heartbeat()
        self.heartbeat.start()

    def stall(self, action: Callable[[], object], done: SignalInstance | None = None) -> float:
        """Post `action` to the event loop; wait for `done` (if any) and a settle time."""
        loop = QEventLoop()
        settle = QTimer()
        settle.setSingleShot(True)
        settle.setInterval(SETTLE_MS)
        settle.timeout.connect(loop.quit)
        if done is not None:
            done.connect(settle.start)
        self.heartbeat.reset()
        QTimer.singleShot(0, action)
        if done is None:
            settle.start()
        guard = QTimer.singleShot
        guard(30_000, loop.quit)
        loop.exec()
        if done is not None:
            done.disconnect(settle.start)
        return self.heartbeat.longest

    def key(self, key: Qt.Key, text: str = "") -> Callable[[], None]:
        def press() -> None:
            target = QApplication.focusWidget() or self.window
            for code, char in [(Qt.Key.Key_unknown, c) for c in text] or [(key, "")]:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    event = QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, char)
                    QApplication.sendEvent(target, event)

        return press


def disable_builtin_deck(path: Path) -> None:
    """Only the 100k fixture, not the built-in deck on top of it."""
    raw = sqlite3.connect(path)
    raw.execute(
        "INSERT OR REPLACE INTO setting(key, value) VALUES ('builtin_deck.removed', 'true')"
    )
    raw.commit()
    raw.close()


def build_fixture(path: Path) -> None:
    """RESPONSIVENESS_FIXTURE=<file> keeps a built fixture between runs (it takes a minute).
    It is built in a child process: what building it leaves in memory is not the window's."""
    kept = os.environ.get("RESPONSIVENESS_FIXTURE")
    if kept and Path(kept).is_file():
        shutil.copyfile(kept, path)
        return
    subprocess.run([sys.executable, __file__, "--build-fixture", str(path)], check=True)
    if kept:
        shutil.copyfile(path, kept)


def build_fixture_here(path: Path) -> None:
    from study import populate

    populate(path)
    disable_builtin_deck(path)


def run(data_dir: Path) -> list[tuple[str, float]]:
    window = MainWindow(data_dir)
    freeze_heap_when_usable(window)  # as app.py does
    share_the_gil()
    window.resize(1100, 720)
    loop = QEventLoop()
    window.became_usable.connect(loop.quit)
    started = time.perf_counter()
    window.show()
    loop.exec()
    usable_ms = (time.perf_counter() - started) * 1000
    driver = Driver(window)
    shown = window.view_shown
    results: list[tuple[str, float]] = [("usable (ms to open, not a stall)", usable_ms)]
    driver.stall(lambda: None)  # let the first screen settle

    # Typing in the filter, key by key, then leaving it.
    driver.stall(window.tree_pane.focus_filter)
    typing = [driver.stall(driver.key(Qt.Key.Key_unknown, ch)) for ch in "topic 12"]
    results.append(("filter: each key of 'topic 12' (worst)", max(typing)))
    backspaces = [driver.stall(driver.key(Qt.Key.Key_Backspace)) for _ in range(3)]
    results.append(("filter: backspace (worst)", max(backspaces)))
    results.append(("filter: Escape (clear)", driver.stall(driver.key(Qt.Key.Key_Escape))))

    # Expanding and collapsing a root topic (one with children).
    model, tree, proxy = window.tree_model, window.tree, window.filter_model
    index = proxy.mapFromSource(model.index_for("topic:1"))
    driver.stall(lambda: tree.collapse(index))  # closed first: the expand measured is real
    results.append(("expand a topic", driver.stall(lambda: tree.expand(index))))
    results.append(("collapse a topic", driver.stall(lambda: tree.collapse(index))))

    # Switching scope the way a click does: the tree's current row.
    def choose(key: str) -> Callable[[], None]:
        return lambda: tree.setCurrentIndex(proxy.mapFromSource(model.index_for(key)))

    results.append(("switch to a topic", driver.stall(choose("topic:30"), shown)))
    results.append(('"All questions"', driver.stall(choose("all"), shown)))
    results.append(("back to Due now", driver.stall(choose("due"), shown)))

    # Grading: reveal (Space), then Good (3), a few times.
    controller = window.controller
    assert controller is not None
    grades = []
    for _ in range(5):
        driver.stall(controller.space)
        grades.append(driver.stall(lambda: controller.grade(3), shown))
    results.append(("grade Good (worst of 5)", max(grades)))
    results.append(("undo", driver.stall(controller.undo, shown)))

    # Find (Ctrl+F): a query typed key by key, each pause a search of 100,000 questions.
    from studyapp.ui.search_window import SearchWindow

    driver.stall(window.tool_windows.open_search)
    finds = [w for w in QApplication.topLevelWidgets() if isinstance(w, SearchWindow)]
    typing = [driver.stall(driver.key(Qt.Key.Key_unknown, ch)) for ch in "function is:due"]
    results.append(("Find: each key of 'function is:due' (worst)", max(typing)))
    results.append(("Find: the results", driver.stall(finds[0].run_search)))
    finds[0].close()
    results.append(("RSS with the window up (MB, not a stall)", rss_mb()))
    window.close()
    return results


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        started = time.perf_counter()
        build_fixture(database_path(data_dir))
        build_s = time.perf_counter() - started
        results = run(data_dir)
        app.processEvents()
    stalls = [value for name, value in results if "not a stall" not in name]
    print_table(
        f"GUI responsiveness, {QUESTIONS:,} questions / {TOPICS} topics "
        f"(fixture {build_s:.1f} s; heartbeat {TICK_MS} ms, settle {SETTLE_MS} ms; "
        f"platform {os.environ['QT_QPA_PLATFORM']})",
        ("action", "longest stall ms", "target ms"),
        [
            (name, f"{value:.0f}", "—" if "not a stall" in name else f"{TARGET_MS:.0f}")
            for name, value in results
        ],
    )
    print(f"max GUI stall: {max(stalls):.0f} ms")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build-fixture"]:
        build_fixture_here(Path(sys.argv[2]))
    else:
        main()
