"""The editor's "Forget my progress" choice: unticked, saving keeps the schedule and the
history; ticked, the question starts over as new and the log gains a reset entry (its
reviews stay)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studyapp.ui.browse_window import BrowseWindow
from studyapp.ui.edit_dialog import EditDialog
from studyapp.ui.main_window import MainWindow

from tests.ui.helpers import click, press, press_and_wait, rows, shown_question_id


def open_browser(qtbot: QtBot, window: MainWindow) -> BrowseWindow:
    """The question was graded, so it is no longer on screen: edit it from the browser."""
    press(qtbot, window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(BrowseWindow, "browseWindow") is not None)
    browser = window.findChild(BrowseWindow, "browseWindow")
    assert browser is not None
    qtbot.waitUntil(lambda: len(browser.model.rows) == 5, timeout=10_000)
    return browser


def open_editor(qtbot: QtBot, browser: BrowseWindow, question: int) -> EditDialog:
    browser.activateWindow()
    qtbot.waitUntil(browser.isActiveWindow)
    browser.table.setFocus()
    row = [r.question_id for r in browser.model.rows].index(question)
    browser.table.selectRow(row)
    qtbot.keyClick(browser.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: browser.findChild(EditDialog, "editDialog") is not None)
    dialog = browser.findChild(EditDialog, "editDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def save(qtbot: QtBot, window: MainWindow, dialog: EditDialog) -> None:
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))


def history(qtbot: QtBot, window: MainWindow, question: int) -> list[str]:
    sql = f"SELECT kind FROM review_log WHERE question_id = {question} ORDER BY id"
    return [kind for (kind,) in rows(qtbot, window, sql)]


def state(qtbot: QtBot, window: MainWindow, question: int) -> list[tuple[object, ...]]:
    sql = f"SELECT due, stability FROM card_state WHERE question_id = {question}"
    return rows(qtbot, window, sql)


def test_saving_keeps_progress_unless_forget_is_ticked(qtbot: QtBot, window: MainWindow) -> None:
    question = shown_question_id(window)
    press(qtbot, window, Qt.Key.Key_Space)
    press_and_wait(qtbot, window, Qt.Key.Key_3)
    scheduled = state(qtbot, window, question)
    assert len(scheduled) == 1
    assert history(qtbot, window, question) == ["review"]

    browser = open_browser(qtbot, window)
    dialog = open_editor(qtbot, browser, question)
    assert not dialog.forget.isChecked()  # the default save keeps everything
    assert "history is kept" in dialog.forget.text()
    dialog.answer.setPlainText("A list can change; a tuple cannot.")
    save(qtbot, window, dialog)
    assert state(qtbot, window, question) == scheduled
    assert history(qtbot, window, question) == ["review"]
    edited = rows(qtbot, window, f"SELECT answer_md FROM question WHERE id = {question}")
    assert edited == [("A list can change; a tuple cannot.",)]

    qtbot.waitUntil(lambda: browser.findChild(EditDialog, "editDialog") is None)
    dialog = open_editor(qtbot, browser, question)
    dialog.forget.setFocus()
    qtbot.keyClick(dialog.forget, Qt.Key.Key_Space)  # tick it from the keyboard
    assert dialog.forget.isChecked()
    save(qtbot, window, dialog)
    assert state(qtbot, window, question) == []  # new again
    assert history(qtbot, window, question) == ["review", "reset"]  # nothing erased
    assert "forgotten" in window.statusBar().currentMessage()
    qtbot.waitUntil(
        lambda: [r.due for r in browser.model.rows if r.question_id == question] == [None],
        timeout=10_000,
    )


def test_adding_a_question_offers_no_forget(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: window.findChild(EditDialog, "editDialog") is not None)
    dialog = window.findChild(EditDialog, "editDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.forget.isVisible()
    dialog.reject()
