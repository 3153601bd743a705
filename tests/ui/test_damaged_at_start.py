"""A damaged database at start: the window offers to restore the newest good backup, keeps
the damaged file beside, and studies on; or it quits without touching anything."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from studyapp.store.db import Database
from studyapp.store.rotation import back_up
from studyapp.ui.main_window import MainWindow

from tests.conftest import make_questions, seed
from tests.ui.helpers import rows


def damaged_database_with_a_backup(data_dir: Path) -> Path:
    path = data_dir / "studyapp.sqlite3"
    database = Database.open(path)
    seed(database, make_questions(40))
    back_up(database.raw_connection(), data_dir / "backups", "daily", datetime.now(UTC))
    database.close()
    data = bytearray(path.read_bytes())
    for offset in range(2 * 4096, len(data) - 4096, 4096):
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    return path


def answer_offer(qtbot: QtBot, window: MainWindow, button_text: str) -> None:
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "damagedDialog") is not None)
    box = window.findChild(QMessageBox, "damagedDialog")
    assert box is not None
    assert "cannot be read" in box.text() or "damaged" in box.text()
    button = next(b for b in box.buttons() if b.text() == button_text)
    button.click()


def test_restore_newest_backup_keeps_the_damaged_file_aside(
    qtbot: QtBot, data_dir: Path, deck_folder: Path
) -> None:
    path = damaged_database_with_a_backup(data_dir)
    damaged = hashlib.sha256(path.read_bytes()).hexdigest()
    window = MainWindow(data_dir, deck_folder=deck_folder)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.became_usable, timeout=20_000):
        answer_offer(qtbot, window, "Restore Newest Backup")
    assert rows(qtbot, window, "SELECT count(*) FROM question WHERE external_key LIKE 'q%'") == [
        (40,)
    ]
    aside = list(data_dir.glob("studyapp.damaged-*.sqlite3"))
    assert len(aside) == 1
    assert hashlib.sha256(aside[0].read_bytes()).hexdigest() == damaged
    window.close()


def test_quit_leaves_the_damaged_file_as_it_was(qtbot: QtBot, data_dir: Path) -> None:
    path = damaged_database_with_a_backup(data_dir)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.show()
    answer_offer(qtbot, window, "Quit")
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.exit_code == 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not list(data_dir.glob("studyapp.damaged-*"))
