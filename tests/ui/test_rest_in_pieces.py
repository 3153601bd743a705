"""The rest of a huge block comes in pieces, one per event-loop turn: the window keeps
ticking while it arrives, the whole block ends up shown, and a new question stops it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from pytestqt.qtbot import QtBot

from studyapp.services.rendering import MORE_URL
from studyapp.ui.main_window import MainWindow, Mode

from tests.ui.flows import window_on_deck
from tests.ui.helpers import answer_visible, press, press_and_wait

LINES = 20_000
DECK = (
    "# Pieces\n\n"
    "### Q: What does this huge program do? {#pieces.code}\n"
    "It counts.\n\n```python\n"
    + "\n".join(f"value_{i} = compute({i})" for i in range(LINES))
    + "\n```\n\n"
    "### Q: What is a list? {#pieces.plain}\nA mutable sequence.\n"
)


@pytest.fixture
def window(qtbot: QtBot, data_dir: Path, tmp_path: Path) -> Iterator[MainWindow]:
    window = window_on_deck(qtbot, data_dir, tmp_path / "decks", "pieces.md", DECK)
    yield window
    window.close()


def code_lines(window: MainWindow) -> int:
    return window.study.answer.toPlainText().count("= compute(")


def show_the_rest(window: MainWindow) -> None:
    # What a click on the link emits (tests/ui/test_reading.py clicks it where it is drawn).
    window.study.answer.anchorClicked.emit(QUrl(MORE_URL))


def reveal_the_code(qtbot: QtBot, window: MainWindow) -> None:
    if "huge program" not in window.study.prompt.toPlainText():
        press_and_wait(qtbot, window, Qt.Key.Key_Space)
        press_and_wait(qtbot, window, Qt.Key.Key_3)
    assert "huge program" in window.study.prompt.toPlainText()
    press(qtbot, window, Qt.Key.Key_Space)
    assert answer_visible(window)


def test_the_whole_block_arrives_while_the_event_loop_turns(
    qtbot: QtBot, window: MainWindow
) -> None:
    reveal_the_code(qtbot, window)
    assert code_lines(window) == 100
    ticks: list[int] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: ticks.append(code_lines(window)))
    ticker.start(0)
    for expected in (1_000, 10_000, LINES):
        show_the_rest(window)
        qtbot.waitUntil(lambda n=expected: code_lines(window) == n, timeout=120_000)  # type: ignore[misc]
        qtbot.waitUntil(lambda: not window.study.inserting, timeout=10_000)
    ticker.stop()
    text = window.study.answer.toPlainText()
    assert "value_19999 = compute(19999)" in text
    assert "Show the rest" not in text
    # the timer ticked between pieces: it saw the block part-way, many times
    assert len({n for n in ticks if 100 < n < LINES}) > 50
    assert "huge program" in window.study.prompt.toPlainText()
    assert text.lstrip().startswith("It counts.")
    assert window.mode is Mode.ANSWER


def test_keys_work_while_the_rest_arrives(qtbot: QtBot, window: MainWindow) -> None:
    reveal_the_code(qtbot, window)
    show_the_rest(window)
    qtbot.waitUntil(lambda: window.study.inserting, timeout=30_000)
    bar = window.study.answer.verticalScrollBar()
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert bar.value() == bar.pageStep()
    assert window.study.inserting  # still arriving while the reader scrolls
    press_and_wait(qtbot, window, Qt.Key.Key_3)  # graded Good: the next question
    assert "What is a list?" in window.study.prompt.toPlainText()


def test_a_new_question_stops_the_rest_from_arriving(qtbot: QtBot, window: MainWindow) -> None:
    reveal_the_code(qtbot, window)
    show_the_rest(window)
    show_the_rest(window)  # a second click while it arrives asks for nothing more
    qtbot.waitUntil(lambda: window.study.inserting, timeout=30_000)
    press_and_wait(qtbot, window, Qt.Key.Key_3)
    assert not window.study.inserting
    qtbot.wait(200)
    answer = window.study.answer.toPlainText()
    assert "mutable sequence" in answer
    assert "compute(" not in answer
