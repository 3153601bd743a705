"""A first-ever start shows the deck's first screen before the database exists, and the keys
pressed on it count once the database is made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studyapp.paths import database_path
from studyapp.services import first_screen
from studyapp.ui.main_window import MainWindow, Mode

from tests.ui.helpers import press, rows, shown_prompt, shown_question_id

REVIEWS = "SELECT question_id, rating FROM review_log WHERE kind = 'review' ORDER BY id"


def first_start(
    qtbot: QtBot, data_dir: Path, deck_folder: Path, keys: tuple[Qt.Key, ...] = ()
) -> tuple[MainWindow, list[dict[str, object]]]:
    """A start on a fresh data folder; what the window showed at `last_screen_shown` (and
    the keys pressed then), if it came."""
    window = MainWindow(data_dir, deck_folder=deck_folder)
    qtbot.addWidget(window)
    seen: list[dict[str, object]] = []

    def record() -> None:
        seen.append(
            {
                "prompt": shown_prompt(window),
                "mode": window.mode,
                "database_exists": database_path(data_dir).exists(),
                "topics": len(window.tree_model.topic_keys()),
            }
        )
        for key in keys:
            press(qtbot, window, key)

    window.last_screen_shown.connect(record)
    with qtbot.waitSignal(window.became_usable, timeout=20_000):
        window.show()
    return window, seen


def test_a_first_start_shows_the_first_screen_before_the_database_is_made(
    qtbot: QtBot, data_dir: Path, deck_folder: Path
) -> None:
    first_screen.write(deck_folder)
    window, seen = first_start(qtbot, data_dir, deck_folder)
    prompt = "What is the difference between a list and a tuple?"
    assert seen == [{"prompt": prompt, "mode": Mode.LOADING, "database_exists": False, "topics": 4}]
    assert shown_prompt(window) == prompt
    assert window.mode is Mode.QUESTION
    window.close()


def test_keys_pressed_on_the_first_screen_are_not_lost(
    qtbot: QtBot, data_dir: Path, deck_folder: Path
) -> None:
    first_screen.write(deck_folder)
    space, good = Qt.Key.Key_Space, Qt.Key.Key_3
    window, seen = first_start(qtbot, data_dir, deck_folder, keys=(space, good, space))
    assert len(seen) == 1
    qtbot.waitUntil(lambda: window.mode is Mode.ANSWER, timeout=10_000)
    assert rows(qtbot, window, REVIEWS) == [(1, 3)]
    # The second Space revealed the next question's answer, on screen.
    assert shown_question_id(window) == 2
    assert shown_prompt(window) == "When do you use a set?"
    assert window.study.answer_stack.currentWidget() is window.study.answer
    window.close()


def test_a_first_screen_of_other_decks_is_not_shown(
    qtbot: QtBot, data_dir: Path, deck_folder: Path
) -> None:
    first_screen.write(deck_folder)
    deck = deck_folder / "small.md"
    deck.write_text(
        deck.read_text(encoding="utf-8").replace("# Python", "# Java"), encoding="utf-8"
    )
    window, seen = first_start(qtbot, data_dir, deck_folder, keys=(Qt.Key.Key_Space,))
    assert seen == []
    assert window.tree_model.index_for("topic:1").data() == "Java"
    assert window.mode is Mode.QUESTION  # no key was kept for a screen never shown
    window.close()


def test_a_second_start_without_a_last_screen_shows_no_first_screen(
    qtbot: QtBot, data_dir: Path, deck_folder: Path
) -> None:
    first_screen.write(deck_folder)
    window, seen = first_start(qtbot, data_dir, deck_folder)
    assert len(seen) == 1
    window.close()
    (data_dir / "last-screen.json").unlink()
    # The database exists now and may hold reviews: the deck's first screen is not its.
    window, seen = first_start(qtbot, data_dir, deck_folder)
    assert seen == []
    window.close()


def test_the_app_shows_the_built_in_first_screen_then_freezes_its_heap(tmp_path: Path) -> None:
    """The real launch on a fresh folder: the shipped first screen before the database is
    ready, and the start-up heap out of the collector's sight once it is (app.py)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "STUDYAPP_STARTUP_MARKERS": "1",
        "STUDYAPP_DATA_DIR": str(tmp_path / "fresh"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "studyapp"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = [line.split()[0] for line in result.stdout.splitlines()]
    assert lines == ["first-paint", "saved-screen", "usable", "rss-kb", "frozen-objects", "ready"]
    frozen = int(result.stdout.split("frozen-objects ")[1].split()[0])
    assert frozen > 10_000
