"""Edit › Find (Ctrl+F): type a query, see the matches with their topic path and passage,
Enter studies them as a session; a malformed query says why, in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studyapp.ui.edit_dialog import EditDialog
from studyapp.ui.main_window import MainWindow, Mode
from studyapp.ui.search_results import HIT_TINT, RESULT_ROLE
from studyapp.ui.search_window import SearchWindow
from studyapp.ui.theme import blend

from tests.ui.helpers import click, press, rows, shown_prompt, type_text


def open_search(qtbot: QtBot, window: MainWindow) -> SearchWindow:
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    def windows() -> list[SearchWindow]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, SearchWindow)]

    qtbot.waitUntil(lambda: len(windows()) == 1)
    search = windows()[0]
    # The window asks for the keyboard itself: typing must reach its field, not study keys.
    qtbot.waitUntil(search.field.hasFocus)
    return search


def test_find_shows_matches_and_enter_studies_them(qtbot: QtBot, window: MainWindow) -> None:
    search = open_search(qtbot, window)
    type_text(qtbot, window, "rebase")
    qtbot.waitUntil(lambda: "matches" in search.status.text(), timeout=10_000)
    # The prompt that names it ranks above the answer that says "rebases" (stemmed).
    assert search.results.count() == 2
    assert search.status.text() == "2 matches (Enter studies them)."  # all, not "best"
    assert "fetch and pull" in search.results.item(1).text()
    item = search.results.item(0).text()
    assert item.startswith("What does rebase do?")
    assert "Git" in item
    shown = search.results.item(0).data(RESULT_ROLE)
    assert "rebase" in [part.text.lower() for part in shown.passage if part.hit]
    # The delegate paints the matched word on a tint of the selection colour (row 1: row 0
    # is selected, where matched words are underlined instead).
    palette = search.results.palette()
    tint = blend(
        palette.color(QPalette.ColorRole.Base),
        palette.color(QPalette.ColorRole.Highlight),
        HIT_TINT,
    )
    row = search.results.visualItemRect(search.results.item(1))
    image = search.results.viewport().grab(row).toImage()
    assert any(
        image.pixelColor(x, y) == tint for x in range(image.width()) for y in range(image.height())
    )
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_Return)
    assert window.view is not None
    assert window.view.title == "Search: rebase"
    assert shown_prompt(window) == "What does rebase do?"
    assert window.tree.selectionModel().selectedIndexes() == []  # no tree node claims it
    # The keys are the study window's again: Space reveals, 3 grades.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.mode is Mode.ANSWER)


def test_escape_gives_the_keys_back_to_the_study_window(qtbot: QtBot, window: MainWindow) -> None:
    open_search(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.mode is Mode.ANSWER)


def test_code_and_operators_are_searched_as_text(qtbot: QtBot, window: MainWindow) -> None:
    search = open_search(qtbot, window)
    type_text(qtbot, window, "O(n) C++ NOT x")
    qtbot.waitUntil(lambda: "matches" in search.status.text(), timeout=10_000)
    assert search.status.text() == "No question matches."
    search.field.clear()
    type_text(qtbot, window, '"unclosed')
    qtbot.waitUntil(lambda: search.status.text() != "No question matches.", timeout=10_000)
    assert search.results.count() == 0
    assert not search.study.isEnabled()
    search.close()


def test_a_result_opened_from_the_list_is_studied_first(qtbot: QtBot, window: MainWindow) -> None:
    """Clicking the second result and pressing Enter (keys go to the list then) begins
    with that one; the other results follow."""
    search = open_search(qtbot, window)
    type_text(qtbot, window, "rebase")
    qtbot.waitUntil(lambda: search.results.count() == 2, timeout=10_000)
    second = search.results.item(1)
    rect = search.results.visualItemRect(second)
    qtbot.mouseClick(search.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert QApplication.focusWidget() is search.results
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_Return)
    assert window.view is not None
    assert window.view.title == "Search: rebase"
    assert "fetch and pull" in shown_prompt(window)


def test_e_on_a_result_edits_it_and_the_results_are_searched_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    search = open_search(qtbot, window)
    type_text(qtbot, window, "rebase")
    qtbot.waitUntil(lambda: search.results.count() == 2, timeout=10_000)
    second = search.results.item(1)
    question = int(second.data(Qt.ItemDataRole.UserRole))
    rect = search.results.visualItemRect(second)
    qtbot.mouseClick(search.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    press(qtbot, window, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: search.findChild(EditDialog, "editDialog") is not None)
    dialog = search.findChild(EditDialog, "editDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert "fetch and pull" in dialog.prompt.toPlainText()
    dialog.prompt.setPlainText("How do git fetch and git pull differ, and when to rebase?")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    qtbot.waitUntil(
        lambda: search.results.count() == 2 and "differ" in search.results.item(1).text(),
        timeout=10_000,
    )
    assert search.results.currentRow() == 1  # the edited result stays selected
    stored = rows(qtbot, window, f"SELECT prompt_md FROM question WHERE id = {question}")
    assert stored == [("How do git fetch and git pull differ, and when to rebase?",)]
    search.close()  # left open, it would cover the windows of the tests after this one
