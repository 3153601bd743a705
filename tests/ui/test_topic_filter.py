"""The filter box narrows the topic tree (issue 13): the real window, keys to the focused
widget, asserting the rows the tree shows (hidden rows and closed topics left out), the counts,
and the expansion the database keeps."""

from __future__ import annotations

import json

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from studyapp.ui.main_window import MainWindow
from studyapp.ui.topic_tree import SCOPE_ROLE

from tests.ui.helpers import press, rows, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def shown_lines(window: MainWindow) -> list[str]:
    """The rows on screen top to bottom (as a person scrolls through them), indented by depth:
    a hidden row, or one inside a closed topic, is not there."""
    tree, lines = window.tree, []
    index = tree.model().index(0, 0, QModelIndex())
    while index.isValid():
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        lines.append("  " * depth + str(index.data()))
        index = tree.indexBelow(index)
    return lines


def topic_key(window: MainWindow, title: str) -> str:
    model = window.tree_model
    return next(key for key in model.topic_keys() if model.title_of(key) == title)


def saved_expansion(qtbot: QtBot, window: MainWindow) -> list[int]:
    found = rows(qtbot, window, "SELECT value FROM setting WHERE key = 'study.expanded_topics'")
    return [] if not found else sorted(json.loads(found[0][0]))


def topic_id(window: MainWindow, title: str) -> int:
    return int(topic_key(window, title).removeprefix("topic:"))


def test_typing_shows_the_matches_under_their_topics_and_escape_restores_the_tree(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = shown_lines(window)
    assert "Git" in before
    assert "Python" in before
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    type_text(qtbot, window, "func")
    shown = shown_lines(window)
    # The fixed rows stay with their counts; a match shows under its (opened) topic.
    assert shown == ["Due now", "Bookmarked (0)", "All questions (5)", "Python", "  Functions"]
    type_text(qtbot, window, "x")
    assert shown_lines(window)[3:] == []
    assert window.tree_pane.match_hint.text() == "No match"
    press(qtbot, window, Qt.Key.Key_Backspace)
    assert shown_lines(window)[3:] == ["Python", "  Functions"]
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.filter_edit.text() == ""
    assert shown_lines(window) == before  # what the filter opened is closed again
    assert not window.tree_pane.match_hint.isVisible()


def test_a_match_in_a_closed_topic_opens_it_only_while_filtering(
    qtbot: QtBot, window: MainWindow
) -> None:
    python = window.filter_model.mapFromSource(
        window.tree_model.index_for(topic_key(window, "Python"))
    )
    window.tree.collapse(python)
    qtbot.waitUntil(lambda: saved_expansion(qtbot, window) == [])
    assert "  Core data types" not in shown_lines(window)
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    type_text(qtbot, window, "types")
    assert shown_lines(window)[3:] == ["Python", "  Core data types"]
    press(qtbot, window, Qt.Key.Key_Escape)
    assert shown_lines(window)[3:] == ["Python", "Git"]
    assert saved_expansion(qtbot, window) == []  # the filter's opening was never saved


def test_expanding_and_collapsing_after_a_filter_are_saved(
    qtbot: QtBot, window: MainWindow
) -> None:
    python = window.filter_model.mapFromSource(
        window.tree_model.index_for(topic_key(window, "Python"))
    )
    window.tree.collapse(python)
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    type_text(qtbot, window, "core")
    press(qtbot, window, Qt.Key.Key_Escape)
    window.tree.setFocus()
    window.tree.setCurrentIndex(python)
    press(qtbot, window, Qt.Key.Key_Right)  # a person opens the topic
    assert shown_lines(window)[3:] == ["Python", "  Core data types", "  Functions", "Git"]
    qtbot.waitUntil(lambda: saved_expansion(qtbot, window) == [topic_id(window, "Python")])
    press(qtbot, window, Qt.Key.Key_Left)
    assert shown_lines(window)[3:] == ["Python", "Git"]
    qtbot.waitUntil(lambda: saved_expansion(qtbot, window) == [])


def test_the_matches_keep_their_counts(qtbot: QtBot, window: MainWindow) -> None:
    model = window.tree_model

    def row_text(title: str) -> list[str]:
        index = model.index_for(topic_key(window, title))
        return [str(index.siblingAtColumn(c).data() or "") for c in range(model.columnCount())]

    before = row_text("Core data types")
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    type_text(qtbot, window, "data")
    current = window.tree.currentIndex()
    assert shown_lines(window)[3:] == ["Python", "  Core data types"]
    shown = window.filter_model.mapFromSource(model.index_for(topic_key(window, "Core data types")))
    assert [str(shown.siblingAtColumn(c).data() or "") for c in range(4)] == before
    assert before[2] == "2"  # its two new questions
    assert window.tree.currentIndex() == current  # typing never changes what is studied
    assert str(current.data(SCOPE_ROLE)) == window.scope_key
