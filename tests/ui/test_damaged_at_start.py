"""A damaged database at start: the window offers to restore the newest good backup, keeps
the damaged file beside, and studies on; or it quits without touching anything."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
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


def test_enter_on_the_offer_quits_and_never_restores(qtbot: QtBot, data_dir: Path) -> None:
    """The safe choice is the default: a user who presses Enter keeps their file."""
    path = damaged_database_with_a_backup(data_dir)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "damagedDialog") is not None)
    box = window.findChild(QMessageBox, "damagedDialog")
    assert box is not None
    assert box.defaultButton().text() == "Quit"
    qtbot.waitUntil(box.isVisible)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.exit_code == 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not list(data_dir.glob("studyapp.damaged-*"))


# The real app, started as `studyapp --data-dir DIR` in a child process without root's
# power over file permissions; a watcher reports each dialog it shows and presses Enter on it.
CHILD = """
import sys
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from studyapp.app import main

application = QApplication([sys.argv[0]])
answered = set()

def answer_dialogs():
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible() and id(widget) not in answered:
            answered.add(id(widget))
            default = widget.defaultButton()
            print("dialog", widget.objectName() or "-", "|", widget.text(), "|",
                  default.text() if default else "-", flush=True)
            QTest.keyClick(widget, Qt.Key.Key_Return)

timer = QTimer()
timer.timeout.connect(answer_dialogs)
timer.start(50)
code = main(["--data-dir", sys.argv[1]])
print("exit", code, flush=True)
sys.exit(code)
"""


@pytest.mark.slow
@pytest.mark.skipif(
    os.name != "posix" or (os.geteuid() == 0 and shutil.which("setpriv") is None),
    reason="needs POSIX permissions (and setpriv to drop root's)",
)
def test_a_healthy_read_only_database_is_never_called_damaged() -> None:
    """As a non-root user would meet it: Enter on whatever appears must not swap in a backup."""
    folder = Path(tempfile.mkdtemp(prefix="studyapp-ro-"))
    try:
        data_dir = folder / "data"
        data_dir.mkdir()
        path = data_dir / "studyapp.sqlite3"
        database = Database.open(path)
        seed(database, make_questions(30))
        back_up(database.raw_connection(), data_dir / "backups", "daily", datetime.now(UTC))
        database.close()
        path.chmod(0o444)
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        script = folder / "child.py"
        script.write_text(CHILD)
        command = [sys.executable, str(script), str(data_dir)]
        if os.geteuid() == 0:
            command = ["setpriv", "--bounding-set=-all", "--inh-caps=-all", *command]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        env.pop("STUDYAPP_DATA_DIR", None)
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=120, env=env, check=False
        )
        dialogs = [line for line in result.stdout.splitlines() if line.startswith("dialog")]
        assert len(dialogs) == 1, result
        assert "damagedDialog" not in dialogs[0]
        assert "read-only" in dialogs[0]
        assert "exit 1" in result.stdout
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        assert not list(data_dir.glob("studyapp.damaged-*"))
    finally:
        for item in (folder, *folder.rglob("*")):
            item.chmod(0o700 if item.is_dir() else 0o600)
        shutil.rmtree(folder)
