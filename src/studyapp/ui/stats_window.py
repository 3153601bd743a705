"""The Statistics window: calendar with streaks, due forecast, retention, answer time and
topics, one tab each (Ctrl+1…Ctrl+5, Ctrl+Tab; F5 refreshes; Esc closes).

The numbers are collected on the DbRunner's worker (`services.stats.statistics`), from the
review log with undone reviews excluded; the window only draws what it was handed.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from studyapp.study.clock import utc_now
from studyapp.ui.stats_charts import Bars, Chart, Heatmap, RetentionLine, TopicBars
from studyapp.ui.window_state import resize_within_screen

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.services.stats import StatsReport
    from studyapp.ui.runner import DbRunner

ANSWER_DAYS = 30


def _page(title: QLabel, chart: QWidget, note: QLabel | None = None) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addWidget(title)
    layout.addWidget(chart, 1)
    if note is not None:
        layout.addWidget(note)
    return page


class StatsWindow(QWidget):
    def __init__(
        self,
        runner: DbRunner | None = None,
        parent: QWidget | None = None,
        topic_id: int | None = None,
        topic_title: str = "",
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        scope = f" — {topic_title}" if topic_title else ""
        self.setWindowTitle(f"Statistics{scope} — StudyApp")
        self.topic_id = topic_id
        resize_within_screen(self, 820, 420)
        self.runner = runner
        self.heatmap = Heatmap()
        self.forecast = Bars("questions due")
        self.retention = RetentionLine()
        self.answers = Bars("answers")
        self.answers.accent_name = "easy"
        self.topics = TopicBars()
        # one chart per tab, in tab order
        self.charts: list[Chart] = [
            self.heatmap,
            self.forecast,
            self.retention,
            self.answers,
            self.topics,
        ]
        self.streak = QLabel()
        self.due_note = QLabel()
        self.retention_note = QLabel()
        self.answer_note = QLabel()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.topics)
        self.tabs = QTabWidget()
        self.tabs.addTab(_page(self.streak, self.heatmap), "&Calendar")
        self.tabs.addTab(_page(self.due_note, self.forecast), "&Forecast")
        self.tabs.addTab(_page(self.retention_note, self.retention), "&Retention")
        self.tabs.addTab(_page(self.answer_note, self.answers), "&Answer time")
        self.tabs.addTab(_page(QLabel("How well each topic is known now"), scroll), "&Topics")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        for index in range(self.tabs.count()):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(partial(self.tabs.setCurrentIndex, index))
        QShortcut(QKeySequence(Qt.Key.Key_F5), self).activated.connect(self.refresh)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Close, self).activated.connect(self.close)

    def refresh(self) -> None:
        if self.runner is not None:
            from studyapp.services.stats import statistics

            topic_id, now = self.topic_id, utc_now()

            def collect(services: Services) -> StatsReport:
                return statistics(services, topic_id, now)

            self.runner.submit(collect, on_done=self.show_report)

    def show_report(self, report: StatsReport) -> None:
        if not shiboken6.isValid(self.heatmap):  # closed before the numbers arrived
            return
        days = {day.day: (day.reviews, day.passed, day.seconds) for day in report.days}
        self.heatmap.set_days(report.today, days)
        self.streak.setText(
            f"{report.reviews_total} reviews in the last year · streak "
            f"{report.current_streak} days · longest {report.longest_streak}"
        )
        self.forecast.set_values(
            [
                (day, float(count), f"{count} due" + (" (with overdue)" if i == 0 else ""))
                for i, (day, count) in enumerate(report.forecast)
            ]
        )
        week = sum(count for _day, count in report.forecast[:7])
        self.due_note.setText(f"Due in the next 30 days · {week} this week")
        self.retention.set_weeks(
            [(w.week_start, w.rate, w.reviews) for w in report.retention],
            report.desired_retention,
        )
        self.retention_note.setText(
            f"True retention per week vs the desired {report.desired_retention:.0%} (dashed)"
        )
        self._show_answer_time(report, days)
        self.topics.set_topics([(t.path, t.mastery, t.reviewed, t.total) for t in report.topics])

    def _show_answer_time(
        self, report: StatsReport, days: dict[date, tuple[int, int, float]]
    ) -> None:
        values = []
        for offset in range(ANSWER_DAYS - 1, -1, -1):
            day = report.today - timedelta(days=offset)
            reviews, _passed, seconds = days.get(day, (0, 0, 0.0))
            mean = seconds / reviews if reviews else 0.0
            detail = f"{mean:.1f} s an answer over {reviews} answers" if reviews else "no answers"
            values.append((day, round(mean, 1), detail))
        self.answers.set_values(values)
        median = report.median_answer_seconds
        self.answer_note.setText(
            "Seconds per answer, last 30 days · "
            + ("no answer times yet" if median is None else f"median {median:.1f} s")
        )


def open_stats_window(
    parent: QWidget, runner: DbRunner, topic_id: int | None = None, topic_title: str = ""
) -> StatsWindow:
    """The one call the main window needs (e.g. from a View ▸ Statistics action, Ctrl+Shift+S;
    with the selected topic's id and title for that topic's statistics)."""
    window = StatsWindow(runner, parent, topic_id, topic_title)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    window.raise_()
    window.activateWindow()  # its keys (the tabs' Alt+letters, Escape) are its own at once
    window.refresh()
    return window
