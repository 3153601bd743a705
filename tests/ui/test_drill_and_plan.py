"""Drill weakest and today's interview plan are study sessions over chosen questions, in
their order, from the Study menu and its shortcuts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studyapp.services.app import Services
from studyapp.ui.main_window import MainWindow

from tests.ui.helpers import (
    answer_visible,
    click,
    press,
    press_and_wait,
    rows,
    shown_question_id,
)

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def grade_through(qtbot: QtBot, window: MainWindow, grades: list[Qt.Key]) -> list[int]:
    seen = []
    for key in grades:
        seen.append(shown_question_id(window))
        press(qtbot, window, Qt.Key.Key_Space)
        assert answer_visible(window)
        press_and_wait(qtbot, window, key)
    return seen


def test_drill_studies_the_weakest_first_due_or_not(qtbot: QtBot, window: MainWindow) -> None:
    again, good, easy = grade_through(qtbot, window, [Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_4])
    press_and_wait(qtbot, window, Qt.Key.Key_D, CTRL_SHIFT)
    assert window.view is not None
    assert window.view.title == "Drill: 3 weakest"
    assert "weakest" in window.statusBar().currentMessage()
    drilled = grade_through(qtbot, window, [Qt.Key.Key_3, Qt.Key.Key_3, Qt.Key.Key_3])
    assert drilled[0] == again  # lowest recall first
    assert set(drilled) == {again, good, easy}
    assert window.view.card is None  # the drill is done: its end screen says how recall moved
    end_screen = window.summary.text.text()
    assert "Drill: 3 weakest (recall " in end_screen
    before, after = end_screen.split("(recall ")[1].split(")")[0].split(" → ")
    assert int(after.rstrip("%")) >= int(before.rstrip("%"))  # studied just now: no drop
    reviewed = rows(qtbot, window, "SELECT count(*) FROM effective_review")[0][0]
    assert reviewed == 6


def test_today_s_plan_is_studied_from_the_saved_plan(qtbot: QtBot, window: MainWindow) -> None:
    from studyapp.study import planning
    from studyapp.study.planning import PlanSettings

    press_and_wait(qtbot, window, Qt.Key.Key_P, CTRL_SHIFT)
    assert "No interview plan" in window.statusBar().currentMessage()
    date = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()  # new work starts today

    def save_plan(services: Services) -> None:
        with services.col.db.begin() as session:
            planning.save_settings(session, PlanSettings(date=date, minutes=30))

    saved: list[object] = []
    window.runner.submit(save_plan, on_done=saved.append)
    qtbot.waitUntil(lambda: bool(saved))
    press_and_wait(qtbot, window, Qt.Key.Key_P, CTRL_SHIFT)
    assert window.view is not None
    assert window.view.title.startswith("Interview plan: today"), (
        window.statusBar().currentMessage()
    )
    assert window.view.card is not None
    assert "planned today" in window.statusBar().currentMessage()


def test_the_plan_dialog_shows_the_outlook_saves_it_and_studies_today(
    qtbot: QtBot, window: MainWindow
) -> None:
    from PySide6.QtCore import QDate

    from studyapp.ui.plan_dialog import PlanDialog

    press(qtbot, window, Qt.Key.Key_I, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.findChild(PlanDialog, "planDialog") is not None)
    dialog = window.findChild(PlanDialog, "planDialog")
    assert dialog is not None
    qtbot.waitUntil(lambda: "secures" in dialog.outlook.text(), timeout=15_000)
    assert "5 of 5" in dialog.outlook.text()  # the small deck, 30 min a day, 14 days
    assert rows(qtbot, window, "SELECT count(*) FROM setting WHERE key LIKE 'plan%'") == [(0,)]
    dialog.date.setDate(QDate.currentDate().addDays(2))
    # Written as the outlook writes dates, whatever the locale (none is set here).
    assert dialog.date.text() == QDate.currentDate().addDays(2).toString("yyyy-MM-dd")
    dialog.minutes.setValue(45)
    qtbot.waitUntil(lambda: "45 min/day" in dialog.outlook.text(), timeout=15_000)
    with qtbot.waitSignal(window.view_shown, timeout=15_000):
        click(qtbot, dialog.study)
    assert window.view is not None
    assert window.view.title.startswith("Interview plan: today")
    saved = rows(qtbot, window, "SELECT value FROM setting WHERE key LIKE 'plan%'")
    assert len(saved) == 1
    assert '"minutes": 45' in saved[0][0]
