"""The study loop as a person drives it: keys go to whichever widget has the focus, and mouse
clicks come in between. What the window shows is checked against the database."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studyapp.ui.main_window import MainWindow, Mode
from studyapp.ui.topic_tree import SCOPE_ROLE

from tests.ui.helpers import (
    answer_visible,
    click,
    press,
    press_and_wait,
    rows,
    shown_question_id,
    type_text,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def topic_key(window: MainWindow, title: str) -> str:
    for key in window.tree_model.topic_keys():
        if window.tree_model.title_of(key) == title:
            return key
    raise AssertionError(f"no topic {title!r}")


def click_topic(qtbot: QtBot, window: MainWindow, title: str) -> None:
    index = window.filter_model.mapFromSource(window.tree_model.index_for(topic_key(window, title)))
    window.tree.scrollTo(index)
    rect = window.tree.visualRect(index)
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def selected_key(window: MainWindow) -> str:
    return str(window.tree.currentIndex().data(SCOPE_ROLE))


def studied_topic_ids(qtbot: QtBot, window: MainWindow, question_id: int) -> int:
    return int(rows(qtbot, window, f"SELECT topic_id FROM question WHERE id = {question_id}")[0][0])


def test_enter_in_the_filter_studies_the_topic_it_selects(qtbot: QtBot, window: MainWindow) -> None:
    click_topic(qtbot, window, "Git")
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    type_text(qtbot, window, "func")
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_Return)
    functions = topic_key(window, "Functions")
    assert window.scope_key == functions
    assert selected_key(window) == functions  # the topic you see selected …
    assert window.study.breadcrumb.text() == "Python › Functions"
    question = shown_question_id(window)  # … is the topic you study, in the database too
    assert f"topic:{studied_topic_ids(qtbot, window, question)}" == functions
    assert not window.filter_edit.hasFocus()
    saved = rows(qtbot, window, "SELECT value FROM setting WHERE key LIKE '%last_scope'")
    assert saved == [(f'"{functions}"',)]


def test_typing_in_the_filter_never_changes_the_session(qtbot: QtBot, window: MainWindow) -> None:
    click_topic(qtbot, window, "Git")
    question = shown_question_id(window)
    shown: list[int] = []
    window.view_shown.connect(lambda: shown.append(1))
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    type_text(qtbot, window, "python")  # hides Git, so the tree's current row moves
    press(qtbot, window, Qt.Key.Key_Backspace)
    type_text(qtbot, window, "zz")
    rows(qtbot, window, "SELECT 1")  # anything submitted by now has been shown
    assert shown == []
    assert window.scope_key == topic_key(window, "Git")
    assert shown_question_id(window) == question
    press(qtbot, window, Qt.Key.Key_Escape)
    assert selected_key(window) == topic_key(window, "Git")


def test_space_in_a_focused_filter_types_a_space_and_switches_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_topic(qtbot, window, "Git")
    window.filter_edit.setFocus(Qt.FocusReason.TabFocusReason)  # Tab into it
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.filter_edit.text() == " "
    assert not answer_visible(window)
    rows(qtbot, window, "SELECT 1")
    assert window.scope_key == topic_key(window, "Git")
    assert window.mode is Mode.QUESTION


def test_enter_prefers_exact_then_word_start_and_arrows_step_through(
    qtbot: QtBot, window: MainWindow
) -> None:
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    type_text(qtbot, window, "t")  # "types" starts with t; Python, Functions, Git contain it
    assert window.tree_pane.matches[:2] == [
        topic_key(window, "Core data types"),
        topic_key(window, "Python"),
    ]
    assert "Python › Core data types" in window.tree_pane.match_hint.text()
    press(qtbot, window, Qt.Key.Key_Down)
    assert "Enter studies Python " in window.tree_pane.match_hint.text() + " "
    press(qtbot, window, Qt.Key.Key_Up)
    press(qtbot, window, Qt.Key.Key_Up)  # wraps to the last match
    assert window.tree_pane.match_hint.text().startswith("Enter studies Git")
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_Return)
    assert window.scope_key == topic_key(window, "Git")


def test_no_match_is_said_and_enter_keeps_the_typing(qtbot: QtBot, window: MainWindow) -> None:
    before = window.scope_key
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    type_text(qtbot, window, "kubernetes")
    assert window.tree_pane.match_hint.text() == "No match"
    assert window.tree_pane.match_hint.isVisible()
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.filter_edit.hasFocus()
    assert window.filter_edit.text() == "kubernetes"
    assert window.scope_key == before


def test_keys_study_after_clicking_the_grade_button(qtbot: QtBot, window: MainWindow) -> None:
    click(qtbot, window.study.reveal_button)
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        click(qtbot, window.study.grade_buttons[3])
    assert QApplication.focusWidget() is not window.filter_edit
    second = shown_question_id(window)
    press(qtbot, window, Qt.Key.Key_Space)  # reveals, never types into the filter
    assert answer_visible(window)
    assert window.filter_edit.text() == ""
    press_and_wait(qtbot, window, Qt.Key.Key_4)
    assert rows(qtbot, window, "SELECT question_id, rating FROM review_log ORDER BY id")[1] == (
        second,
        4,
    )


def test_keys_study_after_clicking_a_topic_or_the_text(qtbot: QtBot, window: MainWindow) -> None:
    click_topic(qtbot, window, "Git")
    assert window.tree.hasFocus()
    press(qtbot, window, Qt.Key.Key_Space)
    assert answer_visible(window)
    question = shown_question_id(window)
    press_and_wait(qtbot, window, Qt.Key.Key_2)
    assert rows(qtbot, window, "SELECT question_id, rating FROM review_log") == [(question, 2)]
    qtbot.mouseClick(window.study.prompt.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    press(qtbot, window, Qt.Key.Key_Space)
    assert answer_visible(window)
    press_and_wait(qtbot, window, Qt.Key.Key_B)
    assert rows(qtbot, window, "SELECT count(*) FROM bookmark") == [(1,)]


def test_choosing_a_topic_while_a_grade_saves_studies_it_afterwards(
    qtbot: QtBot, window: MainWindow
) -> None:
    press(qtbot, window, Qt.Key.Key_Space)
    press(qtbot, window, Qt.Key.Key_3)  # saving …
    git = window.filter_model.mapFromSource(window.tree_model.index_for(topic_key(window, "Git")))
    window.tree.setCurrentIndex(git)  # … while the user picks Git
    qtbot.waitUntil(lambda: window.scope_key == topic_key(window, "Git"), timeout=10_000)
    assert window.study.breadcrumb.text() == "Git"
    assert selected_key(window) == topic_key(window, "Git")


def due_now_in_database(qtbot: QtBot, window: MainWindow, topic: str | None = None) -> int:
    """What a session would show now, counted in SQL: due within 20 minutes, plus the new
    questions left today (20 a day)."""
    from studyapp.study.clock import utc_now

    until = int(utc_now().timestamp() * 1000) + 20 * 60_000
    only = "" if topic is None else f"AND t.title = '{topic}'"
    due = rows(
        qtbot,
        window,
        "SELECT count(*) FROM card_state c JOIN question q ON q.id = c.question_id "
        f"JOIN topic t ON t.id = q.topic_id WHERE c.due <= {until} {only}",
    )[0][0]
    new = rows(
        qtbot,
        window,
        "SELECT count(*) FROM question q JOIN topic t ON t.id = q.topic_id "
        f"WHERE q.id NOT IN (SELECT question_id FROM card_state) {only}",
    )[0][0]
    introduced = rows(qtbot, window, "SELECT count(*) FROM review_log WHERE was_new = 1")[0][0]
    return int(due) + min(int(new), 20 - int(introduced))


def shown_counts(window: MainWindow) -> str:
    return re.sub("<[^>]+>", "", window.study.remaining.text())


def header_total(window: MainWindow) -> int:
    counts = window.study.counts
    assert counts is not None
    return counts.total


def tree_due_now(window: MainWindow) -> int:
    due = window.tree_model.index_for("due")
    return int(window.tree_model.index(due.row(), 1).data())


def test_header_tree_and_database_agree_through_a_session(qtbot: QtBot, window: MainWindow) -> None:
    assert header_total(window) == tree_due_now(window) == due_now_in_database(qtbot, window)
    assert shown_counts(window) == "New 5 · Learning 0 · Review 0"
    for key in (Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_1, Qt.Key.Key_3):
        press(qtbot, window, Qt.Key.Key_Space)
        press_and_wait(qtbot, window, key)
        expected = due_now_in_database(qtbot, window)
        assert header_total(window) == tree_due_now(window) == expected
    assert "Learning 3" in shown_counts(window)  # Good, Again, Good on new questions


def test_a_topics_end_screen_names_its_own_next_question(qtbot: QtBot, window: MainWindow) -> None:
    from datetime import UTC, datetime

    from studyapp.ui.summary_panel import local_time

    press(qtbot, window, Qt.Key.Key_Space)  # a Python question, back in a minute
    press_and_wait(qtbot, window, Qt.Key.Key_1)
    click_topic(qtbot, window, "Git")
    git_row = window.tree_model.index_for(topic_key(window, "Git"))
    for _ in range(2):
        press(qtbot, window, Qt.Key.Key_Space)
        press_and_wait(qtbot, window, Qt.Key.Key_4)
    assert window.pages.currentWidget() is window.summary
    git_next = rows(
        qtbot,
        window,
        "SELECT min(c.due) FROM card_state c JOIN question q ON q.id = c.question_id "
        "JOIN topic t ON t.id = q.topic_id WHERE t.title = 'Git'",
    )[0][0]
    expected = local_time(datetime.fromtimestamp(git_next / 1000, tz=UTC))
    assert expected in window.summary.text.text()
    assert window.tree_model.index(git_row.row(), 1, git_row.parent()).data() == ""
    assert due_now_in_database(qtbot, window, "Git") == 0
