"""Flows several window tests share: importing a package through the dialog, and studying
the results of a search (Ctrl+F, type, Enter), each as a person does them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from studyapp.ui.main_window import MainWindow
from studyapp.ui.search_window import SearchWindow

from tests.ui.helpers import press, type_text


def study_search(qtbot: QtBot, window: MainWindow, query: str) -> None:
    """Ctrl+F, type, Enter: study the matches, as a person does."""
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    def search_windows() -> list[SearchWindow]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, SearchWindow)]

    qtbot.waitUntil(lambda: len(search_windows()) == 1)
    search = search_windows()[0]
    qtbot.waitUntil(search.field.hasFocus)
    type_text(qtbot, window, query)
    qtbot.waitUntil(search.study.isEnabled, timeout=10_000)
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_Return)
    back_to(qtbot, window)


def window_on_deck(qtbot: QtBot, data_dir: Path, folder: Path, name: str, deck: str) -> MainWindow:
    """The real window, usable, on a deck folder that holds only `deck` (as `name`)."""
    folder.mkdir()
    (folder / name).write_text(deck, encoding="utf-8")
    window = MainWindow(data_dir, deck_folder=folder)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.became_usable, timeout=30_000):
        window.show()
    return window


def import_package(qtbot: QtBot, window: MainWindow, package: Path, *, back: bool = True) -> None:
    """Import through the preview dialog's OK; `back=False` when another dialog follows
    (the conflict view) and keeps the focus."""
    window.imports.start(package)
    qtbot.waitUntil(lambda: window.imports.dialog is not None, timeout=10_000)
    dialog = window.imports.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    with qtbot.waitSignal(window.view_shown, timeout=20_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    if back:
        back_to(qtbot, window)


def back_to(qtbot: QtBot, window: MainWindow) -> None:
    """The other window has closed: the main window is active again (a window manager does
    this; the offscreen platform does not)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
