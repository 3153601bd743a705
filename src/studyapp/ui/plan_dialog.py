"""Tools › Interview Plan: the date, the minutes a day and the recall to reach, for
everything or one topic. The dialog shows what that budget secures before anything is
saved; "Save Plan" makes it the plan that Study › Today's Interview Plan (Ctrl+Shift+P)
follows. The stored schedule is never rewritten by a plan."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.errors import StudyAppError
from studyapp.study.clock import utc_now

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.services.stats import PlanOutlook
    from studyapp.ui.runner import DbRunner


class PlanDialog(QDialog):
    study_today = Signal()
    plan_saved = Signal()

    def __init__(self, runner: DbRunner, topics: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planDialog")
        self.setWindowTitle("Interview Plan — StudyApp")
        self.runner = runner
        self.date = QDateEdit(QDate.currentDate().addDays(14))
        self.date.setCalendarPopup(True)
        # The date as the outlook below writes it: a locale's short format may be two-digit
        # years ("12/17/26") or, with no locale set, "17 12 2026".
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMinimumDate(QDate.currentDate().addDays(1))
        self.minutes = QSpinBox(minimum=5, maximum=600, value=30, suffix=" min a day")
        self.target = QDoubleSpinBox(minimum=0.7, maximum=0.99, value=0.9, singleStep=0.01)
        self.scope = QComboBox()
        self.scope.addItem("Every question", None)
        for path in topics:
            self.scope.addItem(path, path)
        self.outlook = QLabel("Working it out…")
        self.outlook.setObjectName("planOutlook")
        self.outlook.setWordWrap(True)
        self.outlook.setMinimumWidth(460)
        form = QFormLayout()
        form.addRow("Interview &date", self.date)
        form.addRow("&Time a day", self.minutes)
        form.addRow("Target &recall", self.target)
        form.addRow("&Study", self.scope)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save = QPushButton("Save Plan")
        self.study = QPushButton("Save and Study Today's Plan")
        self.buttons.addButton(self.save, QDialogButtonBox.ButtonRole.ApplyRole)
        self.buttons.addButton(self.study, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        self.save.clicked.connect(lambda: self._submit(save=True, then_study=False))
        self.study.clicked.connect(lambda: self._submit(save=True, then_study=True))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.outlook)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(lambda: self._submit(save=False, then_study=False))
        for signal in (
            self.date.dateChanged,
            self.minutes.valueChanged,
            self.target.valueChanged,
            self.scope.currentIndexChanged,
        ):
            signal.connect(lambda *_args: self._timer.start())
        self._timer.start()

    def _values(self) -> tuple[str, float, float, str | None]:
        chosen: date = self.date.date().toPython()  # type: ignore[assignment]
        return (
            chosen.isoformat(),
            float(self.minutes.value()),
            round(self.target.value(), 2),
            self.scope.currentData(),
        )

    def _submit(self, *, save: bool, then_study: bool) -> None:
        when, minutes, target, topic = self._values()
        now = utc_now()

        def plan(services: Services) -> PlanOutlook:
            from studyapp.services import stats

            return stats.plan_outlook(services, when, minutes, target, topic, now, save=save)

        def done(outlook: PlanOutlook) -> None:
            if not shiboken6.isValid(self.outlook):
                return
            self.show_outlook(outlook, saved=save)
            if save:
                self.plan_saved.emit()
            if then_study:
                self.study_today.emit()
                self.accept()

        self.runner.submit(plan, on_done=done, on_error=self._failed)

    def show_outlook(self, outlook: PlanOutlook, *, saved: bool) -> None:
        lines = [f"<p><b>{outlook.headline}</b></p>", f"<p>{outlook.today}</p>"]
        if outlook.not_secured:
            lines.append(f"<p>Not secured: {', '.join(outlook.not_secured)}.</p>")
        if outlook.weak_topics:
            items = "".join(f"<li>{topic}</li>" for topic in outlook.weak_topics[:8])
            lines.append(f"<p>Topics not wholly secured:</p><ul>{items}</ul>")
        if saved:
            lines.append("<p><i>Saved: Study › Today's Interview Plan (Ctrl+Shift+P).</i></p>")
        self.outlook.setText("".join(lines))

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, StudyAppError):
            raise error
        if shiboken6.isValid(self.outlook):
            self.outlook.setText(f"<p><b>{error.message}</b></p><p>{error.hint}</p>")
