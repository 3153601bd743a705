"""The last run's screen comes up before the database opens, and keys pressed on it count."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studyapp.paths import database_path
from studyapp.services import last_screen
from studyapp.ui.main_window import MainWindow, Mode

from tests.ui.conftest import WindowFactory
from tests.ui.helpers import press, rows, shown_prompt, shown_question_id

REVIEWS = "SELECT question_id, rating FROM review_log WHERE kind = 'review' ORDER BY id"


def start(
    qtbot: QtBot,
    data_dir: Path,
    deck_folder: Path,
    on_last_screen: Callable[[MainWindow], None] = lambda _window: None,
) -> tuple[MainWindow, list[dict[str, object]]]:
    """A restart; what the window showed at `last_screen_shown`, if it came."""
    window = MainWindow(data_dir, deck_folder=deck_folder)
    qtbot.addWidget(window)
    seen: list[dict[str, object]] = []

    def record() -> None:
        seen.append(
            {
                "prompt": shown_prompt(window),
                "mode": window.mode,
                "database_open": window.view is not None,
                "topics": len(window.tree_model.topic_keys()),
            }
        )
        on_last_screen(window)

    window.last_screen_shown.connect(record)
    with qtbot.waitSignal(window.became_usable, timeout=15_000):
        window.show()
    return window, seen


def quit_on_a_question(window: MainWindow) -> tuple[str, int]:
    prompt, question = shown_prompt(window), shown_question_id(window)
    window.close()
    return prompt, question


def test_the_next_start_shows_the_last_question_and_tree_before_the_database(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path, deck_folder: Path
) -> None:
    prompt, _question = quit_on_a_question(open_window())
    assert last_screen.snapshot_path(data_dir).is_file()
    window, seen = start(qtbot, data_dir, deck_folder)
    assert seen == [{"prompt": prompt, "mode": Mode.LOADING, "database_open": False, "topics": 4}]
    assert shown_prompt(window) == prompt
    window.close()


def test_keys_pressed_on_the_last_screen_are_not_lost(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path, deck_folder: Path
) -> None:
    _prompt, question = quit_on_a_question(open_window())

    def reveal_and_grade(window: MainWindow) -> None:
        press(qtbot, window, Qt.Key.Key_Space)
        press(qtbot, window, Qt.Key.Key_3)

    window, seen = start(qtbot, data_dir, deck_folder, reveal_and_grade)
    assert len(seen) == 1
    qtbot.waitUntil(lambda: window.mode is not Mode.SAVING, timeout=10_000)
    assert rows(qtbot, window, REVIEWS) == [(question, 3)]
    window.close()


def test_keys_meant_for_another_question_are_dropped(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path, deck_folder: Path
) -> None:
    quit_on_a_question(open_window())
    # The snapshot names a question the queue will not start with (as after a change of
    # day): what was pressed for it must not grade the real one.
    path = last_screen.snapshot_path(data_dir)
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload["view"]["card"]["question"]["id"] = 10_000
    path.write_text(json.dumps(payload), encoding="utf-8")

    def reveal_and_grade(window: MainWindow) -> None:
        press(qtbot, window, Qt.Key.Key_Space)
        press(qtbot, window, Qt.Key.Key_3)

    window, seen = start(qtbot, data_dir, deck_folder, reveal_and_grade)
    assert len(seen) == 1
    assert window.mode is Mode.QUESTION
    assert rows(qtbot, window, REVIEWS) == []
    window.close()


def test_a_database_changed_since_the_quit_shows_no_last_screen(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path, deck_folder: Path
) -> None:
    quit_on_a_question(open_window())
    database = database_path(data_dir)
    stat = database.stat()
    os.utime(database, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    window, seen = start(qtbot, data_dir, deck_folder)
    assert seen == []
    window.close()


def test_an_unreadable_snapshot_is_ignored(data_dir: Path) -> None:
    database = database_path(data_dir)
    database.write_bytes(b"")
    last_screen.snapshot_path(data_dir).write_text("{not json", encoding="utf-8")
    assert last_screen.load(data_dir, database, "light") is None


def test_a_summary_at_quit_leaves_no_snapshot(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path
) -> None:
    window = open_window()
    quit_on_a_question(window)
    assert last_screen.snapshot_path(data_dir).is_file()
    window = open_window()
    window.controller.mode = Mode.IDLE  # type: ignore[union-attr]  # as on a summary
    window.close()
    assert not last_screen.snapshot_path(data_dir).exists()


def test_reading_the_last_screen_loads_no_sqlalchemy() -> None:
    probe = (
        "import sys; import studyapp.services.last_screen; "
        "print(sorted(m for m in ('sqlalchemy', 'fsrs', 'markdown_it', 'pygments') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_database_that_fails_to_open_takes_the_last_screen_away(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path, deck_folder: Path
) -> None:
    quit_on_a_question(open_window())
    # Damage that keeps the size and the time: the snapshot still looks valid.
    database = database_path(data_dir)
    stat = database.stat()
    with database.open("r+b") as file:
        file.write(b"not a database at all".ljust(100, b"!"))
    os.utime(database, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    window = MainWindow(data_dir, deck_folder=deck_folder)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.last_screen_shown, timeout=15_000):
        window.show()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.summary, timeout=15_000)
    assert window.mode is Mode.IDLE
    assert not window.acts.reveal.isEnabled()
    window.close()
