"""Reading the window and the database the way a test asserts on them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from studyapp.services.app import Services
from studyapp.ui.main_window import MainWindow


def press(
    qtbot: QtBot,
    window: MainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press a key the way a person does: it goes to whichever widget has the focus (the
    filter box, the tree, a browser …), not to the window."""
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


def press_and_wait(
    qtbot: QtBot,
    window: MainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press a key that saves something, and wait until the window shows the result."""
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        press(qtbot, window, key, modifier)


def type_text(qtbot: QtBot, window: MainWindow, text: str) -> None:
    target = QApplication.focusWidget() or window
    qtbot.keyClicks(target, text)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def shown_prompt(window: MainWindow) -> str:
    return window.study.prompt.toPlainText().strip()


def shown_question_id(window: MainWindow) -> int:
    assert window.view is not None
    assert window.view.card is not None
    return window.view.card.question.id


def answer_visible(window: MainWindow) -> bool:
    return window.study.answer_stack.currentWidget() is window.study.answer


def rows(qtbot: QtBot, window: MainWindow, sql: str) -> list[tuple[Any, ...]]:
    """Query the database through the window's own worker: the file is held exclusively,
    and going through the serial worker also means every earlier write has committed."""
    result: list[list[tuple[Any, ...]]] = []

    def query(services: Services) -> list[tuple[Any, ...]]:
        with services.col.db.begin() as session:
            return [tuple(row) for row in session.execute(text(sql))]

    window.runner.submit(query, on_done=result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=10_000)
    return result[0]
