"""The tree's "Interview plan" node (issue 16): there while a plan is saved, with the days
left and today's share; choosing it studies today's plan, and each grade ticks one off."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDate, QModelIndex, Qt
from pytestqt.qtbot import QtBot

from studyapp.services.app import Services
from studyapp.ui.main_window import MainWindow
from studyapp.ui.topic_tree import SCOPE_ROLE

from tests.ui.helpers import answer_visible, click, press, press_and_wait, rows

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
LINE = re.compile(r"Interview plan — (\d+) days? · (\d+ today|done today)")


def first_row(window: MainWindow) -> QModelIndex:
    return window.filter_model.index(0, 0)


def plan_line(window: MainWindow) -> re.Match[str] | None:
    return LINE.fullmatch(str(first_row(window).data()))


def save_plan(qtbot: QtBot, window: MainWindow, days: int) -> None:
    from studyapp.study import planning
    from studyapp.study.planning import PlanSettings

    date = (datetime.now(UTC) + timedelta(days=days)).date().isoformat()

    def save(services: Services) -> None:
        with services.col.db.begin() as session:
            planning.save_settings(session, PlanSettings(date=date, minutes=30))

    saved: list[object] = []
    window.runner.submit(save, on_done=saved.append)
    qtbot.waitUntil(lambda: bool(saved))


def test_no_plan_no_node(qtbot: QtBot, window: MainWindow) -> None:
    window.plan_node.refresh()
    # The worker is serial and its answers arrive in order: the refresh's came first.
    assert rows(qtbot, window, "SELECT 1") == [(1,)]
    assert not window.plan_node._asked
    assert str(first_row(window).data()) == "Due now"


def test_the_node_counts_down_studies_today_and_ticks_off_grades(
    qtbot: QtBot, window: MainWindow
) -> None:
    save_plan(qtbot, window, days=2)  # so close that new questions start today
    window.plan_node.refresh()  # what saving from the plan dialog does
    qtbot.waitUntil(lambda: plan_line(window) is not None, timeout=15_000)
    found = plan_line(window)
    assert found is not None
    assert int(found[1]) in (2, 3)  # 3 before the study day's start hour
    today = int(found[2].split()[0])
    assert today >= 2
    assert window.tree.isFirstColumnSpanned(0, QModelIndex())  # the line is not cut
    rect = window.tree.visualRect(first_row(window))
    with qtbot.waitSignal(window.view_shown, timeout=15_000):
        qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view is not None
    assert window.view.title == f"Interview plan: today ({today})"
    assert window.tree.currentIndex().data(SCOPE_ROLE) == "plan"  # the node stays chosen
    window.setFocus()
    press(qtbot, window, Qt.Key.Key_Space)
    assert answer_visible(window)
    press_and_wait(qtbot, window, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: (m := plan_line(window)) is not None and m[2] == f"{today - 1} today")
    assert rows(qtbot, window, "SELECT count(*) FROM review_log") == [(1,)]
    press_and_wait(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: (m := plan_line(window)) is not None and m[2] == f"{today} today")


def test_saving_in_the_plan_dialog_shows_the_node(qtbot: QtBot, window: MainWindow) -> None:
    from studyapp.ui.plan_dialog import PlanDialog

    press(qtbot, window, Qt.Key.Key_I, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.findChild(PlanDialog, "planDialog") is not None)
    dialog = window.findChild(PlanDialog, "planDialog")
    assert dialog is not None
    dialog.date.setDate(QDate.currentDate().addDays(5))
    qtbot.waitUntil(lambda: "secures" in dialog.outlook.text(), timeout=15_000)
    assert plan_line(window) is None
    click(qtbot, dialog.save)
    qtbot.waitUntil(lambda: plan_line(window) is not None, timeout=15_000)
