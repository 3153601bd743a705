"""A file that is not a StudyApp database is refused at start, untouched, with its reason."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pytestqt.qtbot import QtBot

from studyapp.errors import DatabaseNotOurs
from studyapp.ui.main_window import MainWindow, Mode


def test_a_foreign_file_is_refused_with_its_reason_and_left_alone(
    qtbot: QtBot, data_dir: Path
) -> None:
    database = data_dir / "studyapp.sqlite3"
    database.write_text("my notes, saved over the database by mistake\n")
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.startup_failed, timeout=15_000) as failed:
        window.show()
    error = failed.args[0]
    assert isinstance(error, DatabaseNotOurs)
    assert error.hint
    assert window.mode is Mode.IDLE
    assert "not a SQLite database" in window.summary.text.text()
    assert not window.acts.reveal.isEnabled()
    window.close()
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith("studyapp.sqlite3")) == [
        "studyapp.sqlite3"
    ]
