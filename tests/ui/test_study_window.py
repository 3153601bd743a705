"""The study loop driven through the real window: keys and clicks in, screen and rows out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studyapp.ui.main_window import MainWindow, Mode

from tests.ui.conftest import WindowFactory
from tests.ui.helpers import (
    answer_visible,
    press,
    press_and_wait,
    rows,
    shown_prompt,
    shown_question_id,
)

GRADE_KEYS = {1: Qt.Key.Key_1, 2: Qt.Key.Key_2, 3: Qt.Key.Key_3, 4: Qt.Key.Key_4}


def test_first_launch_opens_on_due_now_with_a_question_ready(window: MainWindow) -> None:
    assert window.scope_key == "due"
    assert window.mode is Mode.QUESTION
    assert shown_prompt(window) == "What is the difference between a list and a tuple?"
    assert window.study.breadcrumb.text() == "Python › Core data types"
    assert not answer_visible(window)
    assert window.windowTitle().startswith("StudyApp ")


def test_space_reveals_then_grades_good_and_the_next_question_shows(
    qtbot: QtBot, window: MainWindow
) -> None:
    first = shown_question_id(window)
    press(qtbot, window, Qt.Key.Key_Space)
    assert answer_visible(window)
    assert "mutable" in window.study.answer.toPlainText()
    assert "Good · 10 min" in window.study.grade_buttons[3].text()
    press_and_wait(qtbot, window, Qt.Key.Key_Space)
    assert shown_question_id(window) != first
    assert not answer_visible(window)
    assert rows(qtbot, window, "SELECT question_id, rating, was_new FROM review_log") == [
        (first, 3, 1)
    ]
    assert "returns in 10 min" in window.statusBar().currentMessage()


def test_each_grade_key_saves_its_rating(qtbot: QtBot, window: MainWindow) -> None:
    graded = []
    for rating, key in GRADE_KEYS.items():
        graded.append((shown_question_id(window), rating))
        press(qtbot, window, Qt.Key.Key_Space)
        press_and_wait(qtbot, window, key)
    saved = rows(qtbot, window, "SELECT question_id, rating FROM review_log ORDER BY id")
    assert saved == graded
    states = rows(qtbot, window, "SELECT count(*) FROM card_state")
    assert states == [(4,)]


def test_grade_keys_do_nothing_before_the_answer_is_revealed(
    qtbot: QtBot, window: MainWindow
) -> None:
    press(qtbot, window, Qt.Key.Key_3)
    assert window.mode is Mode.QUESTION
    assert rows(qtbot, window, "SELECT count(*) FROM review_log") == [(0,)]


def test_repeated_keys_while_saving_grade_only_once(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_Space)
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_3)
        assert window.mode is Mode.SAVING
        assert not window.study.grade_buttons[3].isEnabled()
        qtbot.keyClick(window, Qt.Key.Key_3)
        qtbot.keyClick(window, Qt.Key.Key_4)
        qtbot.keyClick(window, Qt.Key.Key_Space)
    assert rows(qtbot, window, "SELECT count(*) FROM review_log") == [(1,)]
    assert window.mode is Mode.QUESTION


def test_clicking_the_grade_buttons(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.study.reveal_button, Qt.MouseButton.LeftButton)
    assert answer_visible(window)
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        qtbot.mouseClick(window.study.grade_buttons[4], Qt.MouseButton.LeftButton)
    assert rows(qtbot, window, "SELECT rating FROM review_log") == [(4,)]


def test_undo_walks_back_grades_and_shows_the_question_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    first = shown_question_id(window)
    press(qtbot, window, Qt.Key.Key_Space)
    press_and_wait(qtbot, window, Qt.Key.Key_3)
    second = shown_question_id(window)
    press(qtbot, window, Qt.Key.Key_Space)
    press_and_wait(qtbot, window, Qt.Key.Key_1)
    assert rows(qtbot, window, "SELECT count(*) FROM review_log") == [(2,)]
    with qtbot.waitSignal(window.view_shown):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown_question_id(window) == second
    assert rows(qtbot, window, "SELECT question_id FROM effective_review") == [(first,)]
    with qtbot.waitSignal(window.view_shown):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown_question_id(window) == first
    assert rows(qtbot, window, "SELECT count(*) FROM effective_review") == [(0,)]
    assert rows(qtbot, window, "SELECT count(*) FROM card_state") == [(0,)]
    assert "undone" in window.statusBar().currentMessage()


def test_bookmark_key_marks_and_the_bookmarked_node_studies_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    question = shown_question_id(window)
    press_and_wait(qtbot, window, Qt.Key.Key_B)
    assert window.study.bookmark.isChecked()
    assert "★" in window.study.bookmark.text()
    assert rows(qtbot, window, "SELECT question_id FROM bookmark") == [(question,)]
    bookmarked = window.tree_model.index_for("bookmarked")
    assert bookmarked.data() == "Bookmarked (1)"
    press(qtbot, window, Qt.Key.Key_Space)  # move on to another question first
    press_and_wait(qtbot, window, Qt.Key.Key_3)
    assert shown_question_id(window) != question
    with qtbot.waitSignal(window.view_shown):
        window.tree.setCurrentIndex(window.filter_model.mapFromSource(bookmarked))
    assert window.scope_key == "bookmarked"
    assert shown_question_id(window) == question
    press_and_wait(qtbot, window, Qt.Key.Key_B)  # toggles off
    assert rows(qtbot, window, "SELECT count(*) FROM bookmark") == [(0,)]
    with qtbot.waitSignal(window.view_shown):  # and undo brings it back
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(qtbot, window, "SELECT question_id FROM bookmark") == [(question,)]


def test_choosing_a_topic_studies_only_that_topic(qtbot: QtBot, window: MainWindow) -> None:
    git = window.tree_model.index_for(_topic_key(window, "Git"))
    rect = window.tree.visualRect(window.filter_model.mapFromSource(git))
    with qtbot.waitSignal(window.view_shown):
        qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.study.breadcrumb.text() == "Git"
    assert shown_prompt(window) == "What is the difference between fetch and pull?"
    press(qtbot, window, Qt.Key.Key_Space)
    press_and_wait(qtbot, window, Qt.Key.Key_4)
    press(qtbot, window, Qt.Key.Key_Space)
    press_and_wait(qtbot, window, Qt.Key.Key_4)
    assert window.pages.currentWidget() is window.summary
    assert "Nothing more to study" in window.summary.text.text()


def test_counts_update_in_place_without_collapsing_or_losing_selection(
    qtbot: QtBot, window: MainWindow
) -> None:
    python = window.filter_model.mapFromSource(
        window.tree_model.index_for(_topic_key(window, "Python"))
    )
    window.tree.expand(python)
    resets: list[int] = []
    window.tree_model.modelReset.connect(lambda: resets.append(1))
    due = window.tree_model.index_for("due")
    before = window.tree_model.index(due.row(), 1).data()
    new_before = window.tree_model.index(python.row(), 2).data()
    press(qtbot, window, Qt.Key.Key_Space)
    press_and_wait(qtbot, window, Qt.Key.Key_4)
    assert window.tree_model.index(due.row(), 1).data() == str(int(before) - 1)
    assert window.tree_model.index(python.row(), 2).data() == str(int(new_before) - 1)
    assert resets == []
    assert window.tree.isExpanded(python)
    assert window.tree.currentIndex().data() == "Due now"


def test_a_restart_finds_everything_as_it_was(qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    git_key = _topic_key(window, "Git")
    git = window.filter_model.mapFromSource(window.tree_model.index_for(git_key))
    with qtbot.waitSignal(window.view_shown):
        window.tree.setCurrentIndex(git)
    question = shown_question_id(window)
    press_and_wait(qtbot, window, Qt.Key.Key_B)
    press(qtbot, window, Qt.Key.Key_Space)
    press_and_wait(qtbot, window, Qt.Key.Key_2)
    window.close()

    again = open_window()
    assert again.scope_key == git_key
    assert again.study.breadcrumb.text() == "Git"
    assert rows(qtbot, again, "SELECT question_id, rating FROM review_log") == [(question, 2)]
    assert rows(qtbot, again, "SELECT question_id FROM bookmark") == [(question,)]


def test_type_to_filter_topics(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.filter_edit.hasFocus()
    qtbot.keyClicks(window.filter_edit, "func")
    visible = _visible_titles(window)
    assert "Functions" in visible
    assert "Python" in visible  # ancestors of a match stay
    assert "Git" not in visible
    assert {"Due now", "Bookmarked (0)", "All questions (5)"} <= set(visible)
    # typing in the filter never grades or bookmarks
    assert window.mode is Mode.QUESTION
    assert rows(qtbot, window, "SELECT count(*) FROM bookmark") == [(0,)]


def _topic_key(window: MainWindow, title: str) -> str:
    for key in window.tree_model.topic_keys():
        if window.tree_model.index_for(key).data() == title:
            return key
    raise AssertionError(f"no topic {title!r} in the tree")


def _visible_titles(window: MainWindow) -> list[str]:
    model = window.filter_model
    titles: list[str] = []

    def visit(parent: object) -> None:
        for row in range(model.rowCount(parent)):  # type: ignore[arg-type]
            index = model.index(row, 0, parent)  # type: ignore[arg-type]
            if window.tree.isRowHidden(row, index.parent()):
                continue  # the filter hides the rows it leaves out
            titles.append(str(index.data()))
            visit(index)

    from PySide6.QtCore import QModelIndex

    visit(QModelIndex())
    return titles


def test_view_menu_theme_and_text_size(qtbot: QtBot, window: MainWindow) -> None:
    from studyapp.ui.theme import ThemeChoice

    press(qtbot, window, Qt.Key.Key_Space)
    with qtbot.waitSignal(window.view_shown):
        window.acts.themes[ThemeChoice.DARK].trigger()
    assert window.theme == "dark"
    assert answer_visible(window)  # the revealed answer stays revealed after re-rendering
    assert "#101216" in window.view.card.answer_html  # type: ignore[union-attr]
    before = window.point_size
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.point_size == before + 1
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.point_size == before
    window.close()
    again = MainWindow(window.data_dir, deck_folder=window.deck_folder)
    assert again.theme_choice is ThemeChoice.DARK
    assert again.theme == "dark"
    again.deleteLater()


def test_expanded_topics_survive_a_restart(qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    python = window.filter_model.mapFromSource(
        window.tree_model.index_for(_topic_key(window, "Python"))
    )
    assert not window.tree.isExpanded(python)
    window.tree.expand(python)
    rows(qtbot, window, "SELECT 1")  # the worker has saved the expansion before this answers
    window.close()
    again = open_window()
    python_again = again.filter_model.mapFromSource(
        again.tree_model.index_for(_topic_key(again, "Python"))
    )
    assert again.tree.isExpanded(python_again)


def test_filter_enter_studies_the_first_match_and_escape_leaves(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.filter_edit, "git")
    with qtbot.waitSignal(window.view_shown):
        qtbot.keyClick(window.filter_edit, Qt.Key.Key_Return)
    assert window.study.breadcrumb.text() == "Git"
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Escape)
    assert window.filter_edit.text() == ""
    assert not window.filter_edit.hasFocus()
    press(qtbot, window, Qt.Key.Key_Space)  # the keys study again
    assert answer_visible(window)
