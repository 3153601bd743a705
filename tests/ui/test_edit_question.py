"""Edit › Edit Question (E): the Markdown source in plain-text editors with a live preview;
saving changes what the window shows and the database holds, keeps the reviews and the
schedule, marks the question edited, and Ctrl+Z undoes it."""

from __future__ import annotations

import gc

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studyapp.ui.edit_dialog import EditDialog
from studyapp.ui.main_window import MainWindow, Mode

from tests.ui.helpers import (
    click,
    press,
    press_and_wait,
    rows,
    shown_prompt,
    shown_question_id,
)


def open_editor(qtbot: QtBot, window: MainWindow) -> EditDialog:
    press(qtbot, window, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: window.findChild(EditDialog, "editDialog") is not None)
    dialog = window.findChild(EditDialog, "editDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_an_edit_is_saved_shown_kept_apart_from_history_and_undone(
    qtbot: QtBot, window: MainWindow
) -> None:
    question = shown_question_id(window)
    original = shown_prompt(window)
    press(qtbot, window, Qt.Key.Key_Space)
    press_and_wait(qtbot, window, Qt.Key.Key_1)  # a review and a schedule to keep
    assert shown_question_id(window) != question
    # Come back to it: undo the grade, then edit.
    press_and_wait(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Space)
    press_and_wait(qtbot, window, Qt.Key.Key_1)
    press_and_wait(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown_question_id(window) == question
    dialog = open_editor(qtbot, window)
    assert dialog.prompt.toPlainText() == original
    qtbot.waitUntil(lambda: original.split()[0] in dialog.preview.toPlainText(), timeout=10_000)
    dialog.prompt.setFocus()
    dialog.prompt.selectAll()
    qtbot.keyClicks(dialog.prompt, "What is a tuple, **exactly**?")
    qtbot.waitUntil(lambda: "exactly" in dialog.preview.toPlainText(), timeout=10_000)
    assert "**" not in dialog.preview.toPlainText()  # rendered, not shown as source
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    assert shown_prompt(window) == "What is a tuple, exactly?"
    stored = rows(
        qtbot,
        window,
        f"SELECT prompt_md, edited_at IS NOT NULL FROM question WHERE id = {question}",
    )
    assert stored == [("What is a tuple, **exactly**?", 1)]
    assert (
        rows(qtbot, window, f"SELECT count(*) FROM review_log WHERE question_id = {question}")[0][0]
        == 4
    )  # review, revert, review, revert: history untouched by the edit
    window.activateWindow()  # the editor closed: the main window has the keys again
    qtbot.waitUntil(window.isActiveWindow)
    press_and_wait(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown_prompt(window) == original
    assert rows(qtbot, window, f"SELECT edited_at FROM question WHERE id = {question}") == [(None,)]


def test_cancel_changes_nothing(qtbot: QtBot, window: MainWindow) -> None:
    question = shown_question_id(window)
    before = rows(qtbot, window, f"SELECT prompt_md, answer_md FROM question WHERE id = {question}")
    dialog = open_editor(qtbot, window)
    qtbot.keyClicks(dialog.answer, " more")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(EditDialog, "editDialog") is None)
    after = rows(qtbot, window, f"SELECT prompt_md, answer_md FROM question WHERE id = {question}")
    assert after == before


def test_suspend_and_delete_take_a_question_out_of_study_and_ctrl_z_brings_it_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    for key, column in ((Qt.Key.Key_J, "suspended_at"), (Qt.Key.Key_Delete, "deleted_at")):
        question = shown_question_id(window)
        press_and_wait(qtbot, window, key, Qt.KeyboardModifier.ControlModifier)
        assert shown_question_id(window) != question
        marked = rows(
            qtbot, window, f"SELECT {column} IS NOT NULL FROM question WHERE id = {question}"
        )
        assert marked == [(1,)]
        press_and_wait(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert shown_question_id(window) == question
        assert rows(qtbot, window, f"SELECT {column} FROM question WHERE id = {question}") == [
            (None,)
        ]


def test_a_question_added_with_a_joins_the_topic_as_new(qtbot: QtBot, window: MainWindow) -> None:
    shown = shown_question_id(window)
    topic = rows(qtbot, window, f"SELECT topic_id FROM question WHERE id = {shown}")[0][0]
    press(qtbot, window, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: window.findChild(EditDialog, "editDialog") is not None)
    dialog = window.findChild(EditDialog, "editDialog")
    assert dialog is not None
    assert dialog.windowTitle().startswith("Add Question")
    dialog.prompt.setPlainText("What is a frozenset?")
    dialog.answer.setPlainText("An immutable, hashable set.")
    dialog.tags.setText("python sets")
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    added = rows(
        qtbot,
        window,
        "SELECT topic_id, answer_md, tags FROM question WHERE prompt_md = 'What is a frozenset?'",
    )
    assert added == [(topic, "An immutable, hashable set.", "python,sets")]
    assert shown_question_id(window) == shown  # studying goes on where it was


def formats_of_line(dialog: EditDialog, line: int) -> list[tuple[str, bool, str]]:
    """(text, bold, colour) of each highlighted run of the answer editor's `line`."""
    block = dialog.answer.document().findBlockByNumber(line)
    text = block.text()
    return [
        (
            text[run.start : run.start + run.length],
            run.format.fontWeight() >= QFont.Weight.Bold,
            run.format.foreground().color().name(),
        )
        for run in block.layout().formats()
    ]


def test_the_editors_highlight_markdown_and_fenced_code(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_editor(qtbot, window)
    gc.collect()  # the highlighters live as long as their editors, not as a Python name
    dialog.answer.setFocus()
    dialog.answer.selectAll()
    qtbot.keyClicks(dialog.answer, "It is **fast**.")
    for line in ("", "```python", "def f(): return 'x'", "```", "# After"):
        qtbot.keyClick(dialog.answer, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.answer, line)
    assert dialog.answer.toPlainText().splitlines()[-1] == "# After"
    assert ("**fast**", True, formats_of_line(dialog, 0)[0][2]) in formats_of_line(dialog, 0)
    code = formats_of_line(dialog, 3)
    assert ("def", True) in [(text, bold) for text, bold, _colour in code]
    assert any(text == "'x'" for text, _bold, _colour in code)  # a string, in its colour
    assert [text for text, _bold, _colour in formats_of_line(dialog, 5)] == ["# After"]
    # The closing fence ends the code: the heading after it is Markdown again, and the
    # plain words of the first line are left plain.
    assert "It is " not in [text for text, _bold, _colour in formats_of_line(dialog, 0)]


def test_the_editor_moves_a_question_to_another_topic_and_ctrl_z_moves_it_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    question = shown_question_id(window)
    topic_of = f"SELECT topic_id FROM question WHERE id = {question}"
    before = rows(qtbot, window, topic_of)[0][0]
    dialog = open_editor(qtbot, window)
    assert dialog.topic.currentData() == before
    assert dialog.topic.count() == rows(qtbot, window, "SELECT count(*) FROM topic")[0][0]
    dialog.topic.setFocus()
    key = Qt.Key.Key_Down if dialog.topic.currentIndex() == 0 else Qt.Key.Key_Up
    qtbot.keyClick(dialog.topic, key)
    chosen, path = dialog.topic.currentData(), dialog.topic.currentText()
    assert chosen != before
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    assert rows(qtbot, window, topic_of) == [(chosen,)]
    assert window.study.breadcrumb.text() == path  # the question shown says where it is now
    assert "new topic" in window.statusBar().currentMessage()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press_and_wait(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(qtbot, window, topic_of) == [(before,)]


def test_a_question_added_goes_to_the_topic_chosen(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: window.findChild(EditDialog, "editDialog") is not None)
    dialog = window.findChild(EditDialog, "editDialog")
    assert dialog is not None
    dialog.topic.setCurrentIndex(dialog.topic.count() - 1)
    chosen = dialog.topic.currentData()
    dialog.prompt.setPlainText("What is a memoryview?")
    dialog.answer.setPlainText("A view of a buffer without a copy.")
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    added = rows(
        qtbot, window, "SELECT topic_id FROM question WHERE prompt_md = 'What is a memoryview?'"
    )
    assert added == [(chosen,)]


def test_the_keys_come_back_to_the_study_window_when_the_editor_closes(
    qtbot: QtBot, window: MainWindow
) -> None:
    """No window manager gives them back here (the offscreen platform, like Xvfb): the app
    does, so Space reveals at once after Escape closed the editor."""
    dialog = open_editor(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.mode is Mode.ANSWER)
