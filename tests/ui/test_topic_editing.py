"""Topics in the tree (issue 15): new, rename in place, move by drag and drop and by Move To…,
delete with Ctrl+Z; each through the real window, asserting what the tree shows and the rows."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from studyapp.ui.main_window import MainWindow

from tests.ui.helpers import press, press_and_wait, rows, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
W = TypeVar("W", bound=QWidget)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def tree_lines(window: MainWindow) -> list[str]:
    """What the tree shows, top to bottom, indented by depth (expanded or not)."""
    model = window.filter_model
    lines: list[str] = []

    def walk(parent: QModelIndex, depth: int) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            lines.append("  " * depth + str(index.data()))
            walk(index, depth + 1)

    walk(QModelIndex(), 0)
    return lines


def index_of(window: MainWindow, title: str) -> QModelIndex:
    for key in window.tree_model.topic_keys():
        if window.tree_model.title_of(key) == title:
            index = window.filter_model.mapFromSource(window.tree_model.index_for(key))
            window.tree.scrollTo(index)
            return index
    raise AssertionError(f"no topic {title!r} in {tree_lines(window)}")


def click_topic(qtbot: QtBot, window: MainWindow, title: str) -> None:
    """Click a topic (it becomes what is studied, and the tree has the keyboard)."""
    rect = window.tree.visualRect(index_of(window, title))
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(window.tree.hasFocus)


def topic_row(qtbot: QtBot, window: MainWindow, title: str) -> tuple[object, ...]:
    found = rows(
        qtbot, window, f"SELECT id, parent_id, deleted_at FROM topic WHERE title = '{title}'"
    )
    assert len(found) == 1, found
    return found[0]


def back_to_window(qtbot: QtBot, window: MainWindow) -> None:
    """A closed dialog gives the keyboard back to the window (the offscreen platform does
    not activate it again by itself, as a desktop does)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def wait_for_dialog(qtbot: QtBot, window: MainWindow, kind: type[W], name: str) -> W:
    """The dialog, once it is open and has the keyboard."""
    qtbot.waitUntil(lambda: window.findChild(kind, name) is not None)
    dialog = window.findChild(kind, name)
    assert dialog is not None

    def focused() -> bool:
        widget = QApplication.focusWidget()
        return widget is not None and (widget is dialog or dialog.isAncestorOf(widget))

    qtbot.waitUntil(focused)
    return dialog


def answer_dialog(qtbot: QtBot, window: MainWindow, name: str, text: str) -> None:
    wait_for_dialog(qtbot, window, QInputDialog, name)
    type_text(qtbot, window, text)
    press_and_wait(qtbot, window, Qt.Key.Key_Return)
    back_to_window(qtbot, window)


def test_a_new_subtopic_and_a_new_top_level_topic_and_undo(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_topic(qtbot, window, "Python")
    python_id = topic_row(qtbot, window, "Python")[0]
    press(qtbot, window, Qt.Key.Key_Insert)
    answer_dialog(qtbot, window, "topicNameDialog", "Async  IO")
    assert "  Async IO" in tree_lines(window)  # Python's child, though it has no questions
    assert topic_row(qtbot, window, "Async IO")[1:] == (python_id, None)
    assert window.tree.isExpanded(index_of(window, "Python"))
    window.topic_commands.new_topic.trigger()  # Edit › Topic › New Topic…
    answer_dialog(qtbot, window, "topicNameDialog", "Databases")
    assert tree_lines(window)[-1] == "Databases"
    assert topic_row(qtbot, window, "Databases")[1:] == (None, None)
    window.setFocus()
    press_and_wait(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert "Databases" not in tree_lines(window)
    assert rows(qtbot, window, "SELECT count(*) FROM topic WHERE title = 'Databases'") == [(0,)]


def test_f2_renames_in_place(qtbot: QtBot, window: MainWindow) -> None:
    click_topic(qtbot, window, "Git")
    press(qtbot, window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "Git"
    editor.selectAll()
    type_text(qtbot, window, "Version control")
    press_and_wait(qtbot, window, Qt.Key.Key_Return)
    assert "Version control" in tree_lines(window)
    assert "Git" not in tree_lines(window)
    assert topic_row(qtbot, window, "Version control")[1] is None
    assert window.scope_key == f"topic:{topic_row(qtbot, window, 'Version control')[0]}"
    # The question shown says where it lives now, not where it lived.
    assert window.study.breadcrumb.text().split(" › ")[0] == "Version control"
    press_and_wait(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.study.breadcrumb.text().split(" › ")[0] == "Git"


def drop(qtbot: QtBot, window: MainWindow, title: str, at: QPoint) -> None:
    """What Qt does for a drag of `title` released at `at`: the view asks the model for the
    drag's data (QAbstractItemView.startDrag), then the viewport gets the enter, move and
    drop events (the offscreen platform has no drag loop to run a real QDrag)."""
    viewport = window.tree.viewport()
    mime = window.filter_model.mimeData([index_of(window, title)])
    move = Qt.DropAction.MoveAction
    buttons, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at, move, mime, buttons, none)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    moving = QDragMoveEvent(at, move, mime, buttons, none)
    QApplication.sendEvent(viewport, moving)
    assert moving.isAccepted(), "the view refuses the drop here"
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        QApplication.sendEvent(viewport, QDropEvent(at.toPointF(), move, mime, buttons, none))


def test_drag_a_topic_into_another_and_back_to_the_top(qtbot: QtBot, window: MainWindow) -> None:
    python_id = topic_row(qtbot, window, "Python")[0]
    window.tree.expandAll()
    onto_python = window.tree.visualRect(index_of(window, "Python")).center()
    drop(qtbot, window, "Git", onto_python)
    assert topic_row(qtbot, window, "Git")[1] == python_id
    assert tree_lines(window)[-1] == "  Git"  # last inside Python
    # Between two rows: just above "Core data types", so first inside Python.
    core = window.tree.visualRect(index_of(window, "Core data types"))
    drop(qtbot, window, "Git", QPoint(core.center().x(), core.top() + 1))
    lines = tree_lines(window)
    assert lines.index("  Git") == lines.index("Python") + 1
    # Below every row: the top level, last.
    bottom = QPoint(10, window.tree.viewport().height() - 3)
    drop(qtbot, window, "Functions", bottom)
    assert topic_row(qtbot, window, "Functions")[1] is None
    assert tree_lines(window)[-1] == "Functions"
    assert window.tree.isExpanded(index_of(window, "Python"))  # the view kept its state
    press_and_wait(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert topic_row(qtbot, window, "Functions")[1] == python_id


def test_a_topic_cannot_be_dropped_inside_itself(qtbot: QtBot, window: MainWindow) -> None:
    window.tree.expandAll()
    mime = window.filter_model.mimeData([index_of(window, "Python")])
    inside = index_of(window, "Functions")
    assert not window.filter_model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, inside)
    fixed = window.filter_model.index(0, 0)  # "Due now"
    assert not window.filter_model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, fixed)


def test_move_to_by_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    click_topic(qtbot, window, "Git")
    press(qtbot, window, Qt.Key.Key_M, CTRL_SHIFT)
    dialog = wait_for_dialog(qtbot, window, QInputDialog, "moveTopicDialog")
    assert dialog.comboBoxItems()[0] == "(Top level)"
    assert "Git" not in dialog.comboBoxItems()  # never inside itself
    for _ in range(dialog.comboBoxItems().index("Python › Functions")):
        press(qtbot, window, Qt.Key.Key_Down)
    assert dialog.textValue() == "Python › Functions"
    press_and_wait(qtbot, window, Qt.Key.Key_Return)
    functions_id = topic_row(qtbot, window, "Functions")[0]
    assert topic_row(qtbot, window, "Git")[1] == functions_id
    assert "    Git" in tree_lines(window)


def test_delete_asks_when_there_are_questions_and_ctrl_z_restores(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_topic(qtbot, window, "Git")
    press(qtbot, window, Qt.Key.Key_Space)  # study keys work with the tree focused
    press_and_wait(qtbot, window, Qt.Key.Key_3)
    reviews_before = rows(qtbot, window, "SELECT id, question_id FROM review_log")
    assert len(reviews_before) == 1
    window.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_Delete)
    box = wait_for_dialog(qtbot, window, QMessageBox, "deleteTopicBox")
    assert "2 questions" in box.text()
    press(qtbot, window, Qt.Key.Key_Return)  # the default is the safe choice
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "deleteTopicBox") is None)
    assert topic_row(qtbot, window, "Git")[2] is None
    assert "Git" in tree_lines(window)
    back_to_window(qtbot, window)
    window.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_Delete)
    box = wait_for_dialog(qtbot, window, QMessageBox, "deleteTopicBox")
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert "Git" not in tree_lines(window)
    assert topic_row(qtbot, window, "Git")[2] is not None
    gone = rows(
        qtbot,
        window,
        "SELECT count(*) FROM question q JOIN topic t ON t.id = q.topic_id "
        "WHERE t.title = 'Git' AND q.deleted_at IS NOT NULL",
    )
    assert gone == [(2,)]
    assert window.scope_key == "due"
    assert rows(qtbot, window, "SELECT id, question_id FROM review_log") == reviews_before
    back_to_window(qtbot, window)
    press_and_wait(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert "Git" in tree_lines(window)
    assert topic_row(qtbot, window, "Git")[2] is None
    assert rows(qtbot, window, "SELECT count(*) FROM question WHERE deleted_at IS NOT NULL") == [
        (0,)
    ]


def test_an_empty_topic_is_deleted_without_asking(qtbot: QtBot, window: MainWindow) -> None:
    window.topic_commands.new_topic.trigger()
    answer_dialog(qtbot, window, "topicNameDialog", "Scratch")
    click_topic(qtbot, window, "Scratch")
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_Delete)
    assert window.findChild(QMessageBox, "deleteTopicBox") is None
    assert "Scratch" not in tree_lines(window)
    assert topic_row(qtbot, window, "Scratch")[2] is not None
