"""Re-importing a file that changed questions the user edited in the app: the import keeps
the user's text, then shows each such question with both texts; the user keeps theirs or
takes the new one, per question or for all. Nothing is overwritten before they choose."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextFormat
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot

from studyapp.ui.browse_window import BrowseWindow
from studyapp.ui.conflict_dialog import ConflictDialog
from studyapp.ui.edit_dialog import EditDialog
from studyapp.ui.main_window import MainWindow

from tests.ui.conftest import WindowFactory
from tests.ui.flows import import_package
from tests.ui.helpers import click, press, rows

NOTES = """\
Kubernetes:
\t- What is a pod?
\t\tThe smallest deployable unit: one or more containers.
\t- What is a service?
\t\tA stable address in front of pods.
\t- What is a node?
\t\tA machine that runs pods.
"""
# At the source, later: two answers changed, one not.
NEWER = (
    NOTES.replace("one or more containers.", "one or more containers sharing a network.")
    .replace("A stable address in front of pods.", "A stable name and address for a set of pods.")
    .replace("A machine that runs pods.", "A machine that runs pods.")
)
MY_POD = "Smallest unit; my words."
MY_SERVICE = "Stable front for pods; my words."


def edit_answer(qtbot: QtBot, window: MainWindow, prompt: str, answer: str) -> None:
    """Through the browser, as a person would: search, Enter, type, save."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(BrowseWindow, "browseWindow") is not None)
    browser = window.findChild(BrowseWindow, "browseWindow")
    assert browser is not None
    qtbot.waitUntil(lambda: bool(browser.model.rows), timeout=10_000)
    row = [r.prompt_md for r in browser.model.rows].index(prompt)
    browser.table.selectRow(row)
    qtbot.keyClick(browser.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: browser.findChild(EditDialog, "editDialog") is not None)
    editor = browser.findChild(EditDialog, "editDialog")
    assert editor is not None
    editor.answer.setPlainText(answer)
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        click(qtbot, editor.buttons.button(editor.buttons.StandardButton.Save))
    browser.close()
    qtbot.waitUntil(lambda: window.findChild(BrowseWindow, "browseWindow") is None)


def answers(qtbot: QtBot, window: MainWindow) -> dict[str, tuple[str, bool]]:
    sql = (
        "SELECT prompt_md, answer_md, edited_at IS NOT NULL FROM question "
        "WHERE prompt_md LIKE 'What is a %'"
    )
    return {p: (a, bool(e)) for p, a, e in rows(qtbot, window, sql)}


def marked_lines(box: QPlainTextEdit) -> list[str]:
    block = box.document().firstBlock()
    found = []
    while block.isValid():
        if block.blockFormat().hasProperty(QTextFormat.Property.BackgroundBrush):
            found.append(block.text())
        block = block.next()
    return found


def reimport_with_edits(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> ConflictDialog:
    notes = tmp_path / "k8s.txt"
    notes.write_text(NOTES)
    import_package(qtbot, window, notes, back=False)
    edit_answer(qtbot, window, "What is a pod?", MY_POD)
    edit_answer(qtbot, window, "What is a service?", MY_SERVICE)
    notes.write_text(NEWER)
    import_package(qtbot, window, notes, back=False)
    qtbot.waitUntil(lambda: window.findChild(ConflictDialog, "conflictDialog") is not None)
    dialog = window.findChild(ConflictDialog, "conflictDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_each_changed_question_is_shown_and_chosen_one_by_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = reimport_with_edits(qtbot, window, tmp_path)
    # Nothing was overwritten by the import itself.
    before = answers(qtbot, window)
    assert before["What is a pod?"] == (MY_POD, True)
    assert before["What is a service?"] == (MY_SERVICE, True)
    assert "2 questions you edited changed" in window.statusBar().currentMessage()
    assert dialog.list.count() == 2  # the node's text did not change: no question about it
    assert "What is a pod?" in dialog.list.item(0).text()
    assert MY_POD in dialog.mine.toPlainText()
    assert "sharing a network" in dialog.new.toPlainText()
    # Only the lines that differ are marked, on each side.
    assert marked_lines(dialog.mine) == [MY_POD]
    assert marked_lines(dialog.new) == [
        "The smallest deployable unit: one or more containers sharing a network."
    ]
    # Pod: take the new text (keyboard); service: keep mine (mouse).
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(dialog.list.hasFocus)
    qtbot.keyClick(dialog.list, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    # A mnemonic "clicks" its button after a short animation; then on to the next question.
    qtbot.waitUntil(lambda: dialog.list.currentRow() == 1)
    assert MY_SERVICE in dialog.mine.toPlainText()
    click(qtbot, dialog.keep_button)
    assert "take the new text" in dialog.list.item(0).text()
    assert "yours kept" in dialog.list.item(1).text()
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Apply))
    after = answers(qtbot, window)
    pod_answer, pod_edited = after["What is a pod?"]
    assert pod_answer.endswith("one or more containers sharing a network.")
    assert not pod_edited  # no longer edited: later imports update it again
    assert after["What is a service?"] == (MY_SERVICE, True)
    # One Ctrl+Z in the main window brings the user's text back.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert answers(qtbot, window)["What is a pod?"] == (MY_POD, True)


def test_take_all_new_and_keep_all_mine(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = reimport_with_edits(qtbot, window, tmp_path)
    click(qtbot, dialog.take_all)
    assert len(dialog.chosen_new()) == 2
    click(qtbot, dialog.keep_all)  # changed my mind: closing keeps everything mine
    assert dialog.chosen_new() == ()
    click(qtbot, dialog.take_all)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Escape keeps mine, whatever was ticked
    qtbot.waitUntil(lambda: window.findChild(ConflictDialog, "conflictDialog") is None)
    kept = answers(qtbot, window)
    assert kept["What is a pod?"] == (MY_POD, True)
    assert kept["What is a service?"] == (MY_SERVICE, True)
    # Importing again asks again (nothing was decided), and Take All New takes both.
    notes = tmp_path / "k8s.txt"
    import_package(qtbot, window, notes, back=False)
    qtbot.waitUntil(lambda: window.findChild(ConflictDialog, "conflictDialog") is not None)
    dialog = window.findChild(ConflictDialog, "conflictDialog")
    assert dialog is not None
    click(qtbot, dialog.take_all)
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Apply))
    taken = answers(qtbot, window)
    assert taken["What is a service?"][0].endswith("A stable name and address for a set of pods.")
    assert taken["What is a service?"][1] is False
    assert taken["What is a pod?"][1] is False


def test_a_newer_builtin_deck_asks_about_the_questions_edited_in_the_app(
    qtbot: QtBot, open_window: WindowFactory, deck_folder: Path
) -> None:
    window = open_window()
    mine = "Moves my commits; my words."
    edit_answer(qtbot, window, "What does rebase do?", mine)
    window.close()
    deck = deck_folder / "small.md"
    deck.write_text(
        deck.read_text().replace(
            "It replays commits on top of another base.", "It replays your commits onto a new base."
        )
    )
    window = open_window()  # the app starts with the newer deck
    qtbot.waitUntil(lambda: window.findChild(ConflictDialog, "conflictDialog") is not None)
    dialog = window.findChild(ConflictDialog, "conflictDialog")
    assert dialog is not None
    assert "the built-in deck" in dialog.findChild(QLabel).text()
    assert dialog.list.count() == 1
    assert mine in dialog.mine.toPlainText()
    assert "onto a new base" in dialog.new.toPlainText()
    sql = "SELECT answer_md, edited_at IS NOT NULL FROM question WHERE prompt_md LIKE '%rebase%'"
    assert rows(qtbot, window, sql) == [(mine, 1)]  # kept until the user chooses
    click(qtbot, dialog.take_button)
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Apply))
    assert rows(qtbot, window, sql) == [("It replays your commits onto a new base.", 0)]


def test_restoring_the_builtin_deck_asks_too(
    qtbot: QtBot, window: MainWindow, deck_folder: Path
) -> None:
    edit_answer(qtbot, window, "When do you use a set?", "Uniqueness; my words.")
    deck = deck_folder / "small.md"
    deck.write_text(deck.read_text().replace("removing duplicates", "dropping duplicates"))
    window.acts.restore_deck.trigger()
    qtbot.waitUntil(lambda: window.findChild(ConflictDialog, "conflictDialog") is not None)
    dialog = window.findChild(ConflictDialog, "conflictDialog")
    assert dialog is not None
    assert "dropping duplicates" in dialog.new.toPlainText()
    sql = "SELECT answer_md FROM question WHERE prompt_md = 'When do you use a set?'"
    assert rows(qtbot, window, sql) == [("Uniqueness; my words.",)]
    dialog.reject()
