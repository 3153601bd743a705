"""The tree's cells and columns: colours follow the theme, and the count columns are sized
once from sample text (never from the rows, which made every key in the filter slow)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from studyapp.ui.theme import ACCENTS
from studyapp.ui.topic_tree import TopicTreeModel
from studyapp.ui.tree_pane import TreePane

from tests.ui.test_topic_tree_model import make_tree


def test_count_colours_follow_the_theme() -> None:
    model = TopicTreeModel()
    model.set_tree(make_tree())
    due = model.index(0, 1, model.index_for("topic:1"))
    assert due.data(Qt.ItemDataRole.ForegroundRole) == QColor(ACCENTS["light"]["due"])
    model.theme = "dark"
    assert due.data(Qt.ItemDataRole.ForegroundRole) == QColor(ACCENTS["dark"]["due"])


def test_count_columns_are_fixed_and_hold_their_widest_text(qtbot: QtBot) -> None:
    pane = TreePane()
    qtbot.addWidget(pane)
    pane.set_tree(make_tree())
    header = pane.tree.header()
    metrics = QFontMetrics(pane.tree.font())
    for column, widest in ((1, "100000"), (2, "9999"), (3, "100%")):
        assert header.sectionResizeMode(column) is QHeaderView.ResizeMode.Fixed
        assert header.sectionSize(column) > metrics.horizontalAdvance(widest)
