"""Reading benchmark: the real window (offscreen) on hostile answers, GUI-thread stalls.

A deck holds a 20,000-line code block, a 2 MB line and a 10,000-row table. For each, the
window is driven as a reader does (the question comes up after a grade, Space reveals the
answer, the "Show the rest" link asks for more, twice, each measured until its last piece
is in) while a QTimer heartbeat on the GUI thread
records the longest gap between its beats: the longest time the window could not react.

    QT_QPA_PLATFORM=offscreen python bench/reading.py [--everything]

`--everything` adds, for reference, each answer set whole on the GUI thread at once (what
the window did before answers came cut): seconds per case.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QEventLoop, Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication

from common import print_table
from studyapp.app import freeze_heap_when_usable, share_the_gil
from studyapp.services.rendering import MORE_URL
from studyapp.ui.main_window import MainWindow, Mode

CASES = {
    "20,000-line code block": "```python\n"
    + "\n".join(f"value_{i} = compute({i}, 'text')  # step {i}" for i in range(20_000))
    + "\n```",
    "2 MB line": "```\n" + "token " * 350_000 + "\n```",
    "10,000-row table": "| n | executor | note |\n|---|---|---|\n"
    + "".join(f"| {i} | ProcessPoolExecutor | row {i} |\n" for i in range(10_000)),
}
SETTLE_MS = 300  # after the result arrives: its layout and paint count too


def deck() -> str:
    parts = ["# Bench\n\n### Q: What is a list? {#bench.plain}\nA mutable sequence.\n"]
    for number, (name, body) in enumerate(CASES.items()):
        parts.append(f"### Q: Read the {name}. {{#bench.case{number}}}\nIt is long.\n\n{body}\n")
    return "\n".join(parts)


class Heartbeat:
    """Beats every 2 ms on the GUI thread; the longest gap is the worst stall."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(2)
        self.timer.timeout.connect(self.beat)
        self.last = 0.0
        self.worst = 0.0

    def beat(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def measure(self, action: Callable[[], None], done: Callable[[], bool]) -> float:
        self.last, self.worst = time.perf_counter(), 0.0
        self.timer.start()
        QTimer.singleShot(0, action)
        wait_until(done)
        wait_ms(SETTLE_MS)
        self.beat()
        self.timer.stop()
        return self.worst * 1000


def wait_until(done: Callable[[], bool], timeout_s: float = 300.0) -> None:
    deadline = time.perf_counter() + timeout_s
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(lambda: loop.quit() if done() or time.perf_counter() > deadline else None)
    poll.start()
    loop.exec()
    poll.stop()
    if not done():
        raise SystemExit("timed out waiting for the window")


def wait_ms(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def inserting(window: MainWindow) -> bool:
    # getattr: the same bench also runs on a window from before the rest came in pieces
    return bool(getattr(window.study, "inserting", False))


def answer_text(window: MainWindow) -> str:
    return window.study.answer.toPlainText()


def whole_answer_stall(window: MainWindow, heart: Heartbeat, markdown: str) -> float:
    """The answer rendered uncut on the worker, then set on the GUI thread in one go."""
    html: list[str] = []
    window.runner.submit(lambda services: services.renderer.html(markdown, 9), html.append)
    wait_until(lambda: bool(html))
    return heart.measure(lambda: window.study.answer.setHtml(html[0]), lambda: True)


def measure_case(window: MainWindow, heart: Heartbeat) -> tuple[str, ...]:
    """Easy on the question before (it leaves the session and the case comes up), Space,
    then the "Show the rest" link once."""
    if window.mode is Mode.QUESTION:
        window.acts.reveal.trigger()
    previous = window.view
    shown = heart.measure(
        window.acts.grades[4].trigger,
        lambda: window.view is not previous and window.mode is Mode.QUESTION,
    )
    reveal = heart.measure(window.acts.reveal.trigger, lambda: window.mode is Mode.ANSWER)
    before = answer_text(window)
    mores = []
    for _ in range(2):  # ten times more, then a hundred times: until the last piece is in
        shown_now = answer_text(window)
        mores.append(
            heart.measure(
                lambda: window.study.answer.anchorClicked.emit(QUrl(MORE_URL)),
                lambda s=shown_now: answer_text(window) != s and not inserting(window),
            )
        )
    return (
        f"{len(before):,}",
        f"{shown:.0f}",
        f"{reveal:.0f}",
        *(f"{more:.0f}" for more in mores),
        f"{len(answer_text(window)):,}",
    )


def run(everything: bool) -> list[tuple[str, ...]]:
    folder = Path(tempfile.mkdtemp(prefix="studyapp-bench-reading-"))
    (folder / "decks").mkdir()
    (folder / "decks" / "bench.md").write_text(deck(), encoding="utf-8")
    window = MainWindow(folder / "data", deck_folder=folder / "decks")
    freeze_heap_when_usable(window)  # as app.py does
    share_the_gil()
    window.resize(1100, 720)
    usable: list[bool] = []
    window.became_usable.connect(lambda: usable.append(True))
    window.show()
    wait_until(lambda: bool(usable))
    heart = Heartbeat()
    rows: list[tuple[str, ...]] = []
    for name, markdown in CASES.items():
        row = (name, *measure_case(window, heart))
        if everything:
            row += (f"{whole_answer_stall(window, heart, markdown):.0f}",)
        rows.append(row)
    window.close()
    return rows


def main() -> None:
    everything = "--everything" in sys.argv
    app = QApplication.instance() or QApplication(["StudyApp"])
    rows = run(everything)
    del app
    header = (
        "answer",
        "chars shown",
        "question shown ms",
        "reveal ms",
        "1st show more ms",
        "2nd show more ms",
        "chars then",
    )
    if everything:
        header += ("everything at once ms",)
    print_table("Longest GUI-thread stall per action (hostile answers)", header, rows)
    worst = max(float(cell) for row in rows for cell in row[2:6])
    print(f"\nmax GUI stall (first part and two 'show more', all pieces in): {worst:.0f} ms")


if __name__ == "__main__":
    main()
