"""A database held by another program is refused with a clear message, never a stack trace."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import text

from studyapp.errors import DatabaseLocked
from studyapp.store.db import Database
from studyapp.ui.main_window import MainWindow


def test_a_locked_database_is_refused_with_a_clear_message(qtbot: QtBot, data_dir: Path) -> None:
    holder = Database.open(data_dir / "studyapp.sqlite3")
    with holder.begin() as session:  # the first write takes the exclusive lock for good
        session.execute(text("INSERT INTO setting(key, value) VALUES ('held', 'yes')"))
    try:
        before = hashlib.sha256((data_dir / "studyapp.sqlite3").read_bytes()).hexdigest()
        window = MainWindow(data_dir)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.startup_failed, timeout=20_000) as failed:
            window.show()
        error = failed.args[0]
        assert isinstance(error, DatabaseLocked)
        assert "in use by another program" in error.message
        assert "Close the other StudyApp window" in error.hint
        window.close()
        after = hashlib.sha256((data_dir / "studyapp.sqlite3").read_bytes()).hexdigest()
        assert after == before
    finally:
        holder.close()
