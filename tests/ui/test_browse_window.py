"""Edit › Browse Questions (Ctrl+B): every question of the topic studied (or of a search) in
a sortable table; changes to many at once, each undone by one Ctrl+Z in the main window;
Enter edits the current question."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from studyapp.services.browse import BulkAction, Column
from studyapp.study.clock import utc_now
from studyapp.ui.browse_window import BrowseWindow
from studyapp.ui.edit_dialog import EditDialog
from studyapp.ui.main_window import MainWindow
from studyapp.ui.search_window import SearchWindow

from tests.ui.helpers import click, press, rows, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


def browsers() -> list[BrowseWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, BrowseWindow)]


def open_browser(qtbot: QtBot, window: MainWindow) -> BrowseWindow:
    press(qtbot, window, Qt.Key.Key_B, CTRL)
    qtbot.waitUntil(lambda: len(browsers()) == 1)
    browser = browsers()[0]
    qtbot.waitUntil(lambda: len(browser.model.rows) > 0, timeout=10_000)
    qtbot.waitUntil(browser.table.hasFocus)
    return browser


def cell(browser: BrowseWindow, row: int, column: Column) -> str:
    index = browser.model.index(row, list(Column).index(column))
    return str(browser.model.data(index))


def column_text(browser: BrowseWindow, column: Column) -> list[str]:
    return [cell(browser, row, column) for row in range(browser.model.rowCount())]


def click_row(
    qtbot: QtBot,
    browser: BrowseWindow,
    row: int,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    rect = browser.table.visualRect(browser.model.index(row, 0))
    qtbot.mouseClick(browser.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def click_header(qtbot: QtBot, browser: BrowseWindow, column: Column) -> None:
    header = browser.table.horizontalHeader()
    section = list(Column).index(column)
    at = QPoint(header.sectionViewportPosition(section) + 10, header.height() // 2)
    with qtbot.waitSignal(browser.listed, timeout=10_000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)


def change_and_wait(qtbot: QtBot, window: MainWindow, browser: BrowseWindow, act: object) -> None:
    """Do something that changes questions; wait until the main window and the list show it."""
    assert callable(act)
    with (
        qtbot.waitSignal(window.view_shown, timeout=10_000),
        qtbot.waitSignal(browser.listed, timeout=10_000),
    ):
        act()


def count(qtbot: QtBot, window: MainWindow, where: str) -> int:
    return int(rows(qtbot, window, f"SELECT count(*) FROM question WHERE {where}")[0][0])


def key(qtbot: QtBot, browser: BrowseWindow, name: Qt.Key, modifier: Qt.KeyboardModifier) -> object:
    return lambda: qtbot.keyClick(browser.table, name, modifier)


def button(qtbot: QtBot, browser: BrowseWindow, action: BulkAction) -> object:
    return lambda: click(qtbot, browser.buttons[action])


def prompt_ids(qtbot: QtBot, window: MainWindow) -> dict[str, int]:
    return dict(rows(qtbot, window, "SELECT prompt_md, id FROM question"))


def test_lists_every_question_with_its_columns_and_sorts_by_header(
    qtbot: QtBot, window: MainWindow
) -> None:
    browser = open_browser(qtbot, window)
    assert browser.model.rowCount() == 5
    assert browser.model.columnCount() == 7
    headers = [browser.model.headerData(i, Qt.Orientation.Horizontal) for i in range(7)]
    assert headers == ["Question", "Topic", "Due", "Recall", "Reviews", "Bookmarked", "Suspended"]
    assert cell(browser, 0, Column.TOPIC) == "Python › Core data types"
    assert set(column_text(browser, Column.DUE)) == {"new"}
    assert set(column_text(browser, Column.RECALL)) == {"—"}
    click_header(qtbot, browser, Column.PROMPT)
    prompts = column_text(browser, Column.PROMPT)
    assert prompts == sorted(prompts, key=str.casefold)
    assert prompts[0] == "What does a generator do?"
    click_header(qtbot, browser, Column.PROMPT)  # again: the other way
    assert column_text(browser, Column.PROMPT) == prompts[::-1]
    click_header(qtbot, browser, Column.TOPIC)
    topics = column_text(browser, Column.TOPIC)
    assert topics[0] == "Git"
    assert topics[-1] == "Python › Functions"
    # Ctrl+B again brings the same window back rather than a second one.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(browser.listed, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_B, CTRL)
    assert browsers() == [browser]


def test_bulk_suspend_bookmark_tag_move_and_delete_are_each_one_undo(
    qtbot: QtBot, window: MainWindow
) -> None:
    ids = prompt_ids(qtbot, window)
    browser = open_browser(qtbot, window)
    click_header(qtbot, browser, Column.PROMPT)
    # What does a generator do? / What does rebase do? / What is the difference between a
    # list…/ fetch…/ When do you use a set?
    click_row(qtbot, browser, 0)
    click_row(qtbot, browser, 2, SHIFT)
    click_row(qtbot, browser, 4, CTRL)
    chosen = {ids[p] for p in column_text(browser, Column.PROMPT)[:3]}
    chosen.add(ids["When do you use a set?"])
    assert set(browser.selected_ids()) == chosen
    assert "4 selected" in browser.status.text()

    change_and_wait(qtbot, window, browser, button(qtbot, browser, BulkAction.SUSPEND))
    suspended = rows(qtbot, window, "SELECT id FROM question WHERE suspended_at IS NOT NULL")
    suspended = {i for (i,) in suspended}
    assert suspended == chosen
    assert column_text(browser, Column.SUSPENDED).count("yes") == 4
    assert browser.message.text().startswith("Suspended 4 questions")
    assert set(browser.selected_ids()) == chosen  # the selection survives the reload
    assert window.tree_model is not None

    # Bookmark from the keyboard, with the table focused.
    browser.table.setFocus()
    change_and_wait(qtbot, window, browser, key(qtbot, browser, Qt.Key.Key_K, CTRL))
    assert {i for (i,) in rows(qtbot, window, "SELECT question_id FROM bookmark")} == chosen

    # Tags through their dialog.
    click(qtbot, browser.buttons[BulkAction.ADD_TAGS])
    qtbot.waitUntil(lambda: browser.findChild(QInputDialog, "tagsDialog") is not None)
    tags = browser.findChild(QInputDialog, "tagsDialog")
    assert tags is not None
    tags.setTextValue("review later")
    change_and_wait(qtbot, window, browser, tags.accept)
    tagged = rows(qtbot, window, "SELECT id, tags FROM question WHERE tags LIKE '%later%'")
    assert {i for i, _ in tagged} == chosen
    assert all(t.split(",")[-2:] == ["review", "later"] for _, t in tagged)

    # Move to a topic through its dialog.
    click(qtbot, browser.buttons[BulkAction.MOVE])
    qtbot.waitUntil(lambda: browser.findChild(QInputDialog, "moveDialog") is not None)
    move = browser.findChild(QInputDialog, "moveDialog")
    assert move is not None
    move.setTextValue("Git")
    change_and_wait(qtbot, window, browser, move.accept)
    git = rows(qtbot, window, "SELECT id FROM topic WHERE title = 'Git'")[0][0]
    topics = dict(rows(qtbot, window, "SELECT id, topic_id FROM question"))
    assert all(topics[i] == git for i in chosen)

    # Delete (soft): the rows leave the list, the database keeps them.
    browser.activateWindow()
    qtbot.waitUntil(browser.isActiveWindow)
    browser.table.setFocus()
    change_and_wait(qtbot, window, browser, key(qtbot, browser, Qt.Key.Key_Delete, NONE))
    assert browser.model.rowCount() == 1
    deleted = rows(qtbot, window, "SELECT count(*) FROM question WHERE deleted_at IS NOT NULL")
    assert deleted == [(4,)]

    # Ctrl+Z in the main window: one step per bulk change, newest first.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    undo = lambda: press(qtbot, window, Qt.Key.Key_Z, CTRL)  # noqa: E731
    change_and_wait(qtbot, window, browser, undo)
    assert browser.model.rowCount() == 5
    assert count(qtbot, window, "deleted_at IS NOT NULL") == 0
    change_and_wait(qtbot, window, browser, undo)
    topics_after = dict(rows(qtbot, window, "SELECT id, topic_id FROM question"))
    assert sum(1 for i in chosen if topics_after[i] == git) == 1  # the one that was in Git
    change_and_wait(qtbot, window, browser, undo)
    assert rows(qtbot, window, "SELECT count(*) FROM question WHERE tags LIKE '%later%'") == [(0,)]
    change_and_wait(qtbot, window, browser, undo)
    assert rows(qtbot, window, "SELECT count(*) FROM bookmark") == [(0,)]
    change_and_wait(qtbot, window, browser, undo)
    assert count(qtbot, window, "suspended_at IS NOT NULL") == 0
    assert column_text(browser, Column.SUSPENDED).count("yes") == 0


def test_ctrl_a_selects_all_and_unsuspend_brings_them_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    browser = open_browser(qtbot, window)
    qtbot.keyClick(browser.table, Qt.Key.Key_A, CTRL)
    assert len(browser.selected_ids()) == 5
    change_and_wait(qtbot, window, browser, key(qtbot, browser, Qt.Key.Key_J, CTRL))
    assert count(qtbot, window, "suspended_at IS NULL") == 0
    assert window.view is not None
    assert window.view.card is None
    change_and_wait(qtbot, window, browser, button(qtbot, browser, BulkAction.UNSUSPEND))
    assert count(qtbot, window, "suspended_at IS NULL") == 5
    # Ctrl+Z works from the browser too: it is the main window's undo.
    browser.table.setFocus()
    change_and_wait(qtbot, window, browser, key(qtbot, browser, Qt.Key.Key_Z, CTRL))
    assert count(qtbot, window, "suspended_at IS NULL") == 0


def test_enter_and_double_click_edit_the_current_question(qtbot: QtBot, window: MainWindow) -> None:
    ids = prompt_ids(qtbot, window)
    browser = open_browser(qtbot, window)
    click_header(qtbot, browser, Column.PROMPT)
    click_row(qtbot, browser, 1)
    qtbot.keyClick(browser.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: browser.findChild(EditDialog, "editDialog") is not None)
    dialog = browser.findChild(EditDialog, "editDialog")
    assert dialog is not None
    assert dialog.prompt.toPlainText() == "What does rebase do?"
    dialog.prompt.setPlainText("What does git rebase do?")
    change_and_wait(
        qtbot,
        window,
        browser,
        lambda: click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save)),
    )
    assert "What does git rebase do?" in column_text(browser, Column.PROMPT)
    rebase = ids["What does rebase do?"]
    stored = rows(qtbot, window, f"SELECT prompt_md FROM question WHERE id = {rebase}")
    assert stored == [("What does git rebase do?",)]
    qtbot.waitUntil(lambda: browser.findChild(EditDialog, "editDialog") is None)
    # A double click opens the editor too (a person's is a click, then the double click).
    rect = browser.table.visualRect(browser.model.index(0, 0))
    qtbot.mouseClick(browser.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(browser.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: browser.findChild(EditDialog, "editDialog") is not None)
    dialog = browser.findChild(EditDialog, "editDialog")
    assert dialog is not None
    assert dialog.prompt.toPlainText() == cell(browser, 0, Column.PROMPT)
    dialog.reject()


def test_the_search_window_browses_its_results(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(
        lambda: any(isinstance(w, SearchWindow) for w in QApplication.topLevelWidgets())
    )
    search = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SearchWindow))
    qtbot.waitUntil(search.field.hasFocus)
    type_text(qtbot, window, "topic:Python")
    qtbot.waitUntil(search.browse.isEnabled, timeout=10_000)
    qtbot.keyClick(search, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(browsers()) == 1)
    browser = browsers()[0]
    qtbot.waitUntil(lambda: browser.model.rowCount() == 3, timeout=10_000)
    assert all(t.startswith("Python") for t in column_text(browser, Column.TOPIC))
    assert browser.field.text() == "topic:Python"
    # A malformed query says why in the window.
    browser.field.setFocus()
    browser.field.setText('"unclosed')
    qtbot.keyClick(browser.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: browser.model.rowCount() == 0, timeout=10_000)
    assert browser.status.text() not in ("", "Loading…")


def test_a_sort_asked_for_while_rows_reload_sorts_the_new_rows(
    qtbot: QtBot, window: MainWindow
) -> None:
    ids = prompt_ids(qtbot, window)
    browser = open_browser(qtbot, window)
    now = utc_now()
    rebase = ids["What does rebase do?"]
    # Changed behind the window's back (no view comes to say so): only a reload shows it.
    window.runner.submit(
        lambda services: services.study.save_edit(rebase, "Aardvark rebase?", "A.", (), now)
    )
    browser.reload()
    header = browser.table.horizontalHeader()
    at = QPoint(header.sectionViewportPosition(0) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)  # sort by prompt
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=10_000)
    prompts = column_text(browser, Column.PROMPT)
    assert prompts[0] == "Aardvark rebase?"
    assert prompts == sorted(prompts, key=str.casefold)
