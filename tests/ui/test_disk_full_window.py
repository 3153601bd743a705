"""With the disk full, a grade shows the "disk is full" dialog and is not shown as saved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from studyapp.services.app import Services
from studyapp.ui.main_window import MainWindow, Mode

from tests.ui.helpers import answer_visible, press, rows


def forbid_growth(services: Services) -> None:
    """The database may not grow by one page (SQLite's limit on this connection)."""
    with services.col.db.begin() as session:
        pages = session.execute(text("PRAGMA page_count")).scalar()
        session.execute(text(f"PRAGMA max_page_count = {pages}"))


def make_room(services: Services) -> None:
    with services.col.db.begin() as session:
        session.execute(text("PRAGMA max_page_count = 1073741823"))


def run(qtbot: QtBot, window: MainWindow, op: object) -> None:
    done: list[object] = []
    window.runner.submit(op, on_done=done.append)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)


def test_a_grade_on_a_full_disk_says_so_and_is_not_shown_as_saved(
    qtbot: QtBot, window: MainWindow
) -> None:
    run(qtbot, window, forbid_growth)
    saved = 0
    while True:  # grades fill the free space left in existing pages, then one fails
        question = window.view.card.question.id  # type: ignore[union-attr]
        press(qtbot, window, Qt.Key.Key_Space)
        qtbot.keyClick(window, Qt.Key.Key_1)
        qtbot.waitUntil(lambda: window.mode is not Mode.SAVING, timeout=10_000)
        dialog = window.findChild(QMessageBox, "errorDialog")
        if dialog is not None:
            break
        saved += 1
        assert saved < 500, "the database never filled up"
    assert dialog is not None
    assert "disk is full" in dialog.text()
    assert "Free some disk space" in dialog.informativeText()
    dialog.close()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorDialog") is None)
    window.activateWindow()  # as the desktop does when the dialog closes
    assert window.mode is Mode.ANSWER  # still on the same question, answer shown
    assert answer_visible(window)
    assert window.view.card.question.id == question  # type: ignore[union-attr]
    assert "not saved" in window.statusBar().currentMessage()
    assert rows(qtbot, window, "SELECT count(*) FROM review_log") == [(saved,)]
    assert rows(qtbot, window, "PRAGMA integrity_check") == [("ok",)]
    run(qtbot, window, make_room)
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_3)
    assert rows(qtbot, window, "SELECT count(*) FROM review_log") == [(saved + 1,)]
