"""The tree's "Interview plan" node: the countdown and what is left of today's plan.

Making the plan takes about a second on a large collection, so it is made at most once per
study day and saved plan, on the worker (the window asks through the runner), and kept here;
a grade only ticks its question off today's list. Studying today's plan takes its list from
here too, so the node and the session always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.study.planning import PlanSettings


@dataclass(frozen=True, slots=True)
class PlanNode:
    days_left: int
    today_left: int

    @property
    def line(self) -> str:
        days = "1 day" if self.days_left == 1 else f"{self.days_left} days"
        today = f"{self.today_left} today" if self.today_left else "done today"
        return f"Interview plan — {days} · {today}"


class PlanToday:
    """Today's plan as last made, and the questions answered since."""

    def __init__(self) -> None:
        self._made_for: tuple[PlanSettings, int] | None = None
        self._days_left = 0
        self._today: tuple[int, ...] = ()
        self._answered: set[int] = set()

    def node(self, app: Services, now: datetime) -> PlanNode | None:
        """None while no plan is saved (or its date has passed)."""
        left = self.left(app, now)
        return None if left is None else PlanNode(self._days_left, len(left))

    def left(self, app: Services, now: datetime) -> tuple[int, ...] | None:
        """Today's questions not answered yet, in the plan's order; None without a plan."""
        from studyapp.errors import StudyAppError
        from studyapp.study import planning
        from studyapp.study.history import study_day

        with app.col.db.begin() as session:
            settings = planning.load_settings(session)
            made_for = None if settings is None else (settings, study_day(now))
            if made_for is not None and made_for != self._made_for:
                try:
                    today = planning.build_today(session, made_for[0], now)
                except StudyAppError:  # its date has passed, or nothing is left to plan
                    made_for = None
                else:
                    self._days_left, self._today = today.days_left, today.question_ids
                    self._answered = set()
        self._made_for = made_for
        if made_for is None:
            return None
        return tuple(q for q in self._today if q not in self._answered)

    def answered(self, question_id: int) -> None:
        self._answered.add(question_id)

    def unanswered(self, question_id: int) -> None:
        """A grade undone: the question is on today's list again (if it was)."""
        self._answered.discard(question_id)

    def forget(self) -> None:
        """Questions left or came back (a topic deleted or restored): make it again."""
        self._made_for = None


def plan_node(app: Services, now: datetime) -> PlanNode | None:
    return app.plan_today.node(app, now)
