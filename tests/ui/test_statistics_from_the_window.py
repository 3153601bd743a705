"""Tools › Statistics (Ctrl+Shift+S) opens the statistics of the topic being studied, or of
everything, from whatever widget has the focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studyapp.ui.main_window import MainWindow
from studyapp.ui.stats_window import StatsWindow

from tests.ui.helpers import press
from tests.ui.test_study_loop import click_topic

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_windows() -> list[StatsWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, StatsWindow)]


def test_the_shortcut_opens_statistics_for_everything_then_for_a_topic(
    qtbot: QtBot, window: MainWindow
) -> None:
    press(qtbot, window, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: len(open_windows()) == 1)
    (overall,) = open_windows()
    assert overall.windowTitle() == "Statistics — StudyApp"
    assert overall.topic_id is None
    overall.close()
    window.activateWindow()  # what a window manager does when the statistics window closes
    qtbot.waitUntil(window.isActiveWindow)
    click_topic(qtbot, window, "Git")  # the mouse, then the keyboard
    press(qtbot, window, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: any(w.topic_id is not None for w in open_windows()))
    (topic,) = [w for w in open_windows() if w.topic_id is not None]
    assert "Git" in topic.windowTitle()
    assert window.acts.statistics in window.menuBar().actions()[4].menu().actions()
    topic.close()


def test_the_statistics_window_takes_the_keys_and_escape_gives_them_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The statistics window has the keys once open (under Xvfb, with no window manager,
    only because it asks for them), and they come back to the study window when Escape
    closes it."""
    press(qtbot, window, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: len(open_windows()) == 1)
    (stats,) = open_windows()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is stats)
    press(qtbot, window, Qt.Key.Key_Escape)  # to the focused widget: the statistics'
    qtbot.waitUntil(lambda: not open_windows())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
