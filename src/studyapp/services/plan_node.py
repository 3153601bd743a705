"""The tree's "Interview plan" node: the countdown and what is left of today's plan.

Making the plan is one projection of every question to the exam day: about a second for
1,000 questions, minutes for 100,000. It is made at most once per study day and saved plan,
and on a thread of its own: the worker only reads what it is made from, so grades never
wait behind it (the node says "planning…" meanwhile). Studying today's plan waits for it.
Once made it is kept here; a grade only ticks its question off today's list, so the node
and the session always agree.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.study.planning import PlanSettings

_MadeFor = tuple["PlanSettings", int]  # the settings and the study day a plan was made for


@dataclass(frozen=True, slots=True)
class PlanNode:
    days_left: int
    today_left: int | None  # None: today's plan is still being made

    @property
    def line(self) -> str:
        days = "1 day" if self.days_left == 1 else f"{self.days_left} days"
        if self.today_left is None:
            today = "planning…"
        else:
            today = f"{self.today_left} today" if self.today_left else "done today"
        return f"Interview plan — {days} · {today}"


@dataclass(frozen=True, slots=True)
class _Making:
    made_for: _MadeFor
    days_left: int
    today: Future[tuple[int, ...]]


class PlanToday:
    """Today's plan as last made, the one being made, and the questions answered since."""

    def __init__(self) -> None:
        self._made_for: _MadeFor | None = None
        self._days_left = 0
        self._today: tuple[int, ...] = ()
        self._answered: set[int] = set()
        self._making: _Making | None = None

    def node(self, app: Services, now: datetime) -> PlanNode | None:
        """None while no plan is saved (or its date has passed); never waits for the plan."""
        left = self._update(app, now, wait=False)
        if left is None:
            return None
        if isinstance(left, _Making):
            return PlanNode(left.days_left, None)
        return PlanNode(self._days_left, len(left))

    def left(self, app: Services, now: datetime) -> tuple[int, ...] | None:
        """Today's questions not answered yet, in the plan's order (waiting for the plan if
        it is being made); None without a plan."""
        left = self._update(app, now, wait=True)
        assert not isinstance(left, _Making)
        return left

    def answered(self, question_id: int) -> None:
        self._answered.add(question_id)

    def unanswered(self, question_id: int) -> None:
        """A grade undone: the question is on today's list again (if it was)."""
        self._answered.discard(question_id)

    def forget(self) -> None:
        """Questions left or came back (a topic deleted or restored): make it again."""
        self._made_for = None
        self._making = None

    def _update(
        self, app: Services, now: datetime, *, wait: bool
    ) -> tuple[int, ...] | _Making | None:
        from studyapp.errors import StudyAppError
        from studyapp.study import planning
        from studyapp.study.history import study_day

        with app.col.db.begin() as session:
            settings = planning.load_settings(session)
            made_for = None if settings is None else (settings, study_day(now))
            stale = made_for is not None and made_for != self._made_for
            if stale and (self._making is None or self._making.made_for != made_for):
                assert settings is not None
                try:
                    days_left, request, items = planning.today_request(session, settings, now)
                except StudyAppError:  # its date has passed, or nothing is left to plan
                    made_for = None
                else:
                    today = _in_background(lambda: planning.project_today(request, items))
                    self._making = _Making((settings, study_day(now)), days_left, today)
                    # Grades from here on are not in what the plan is made from: tick them off.
                    self._answered = set()
        if made_for is None:
            self._made_for = self._making = None
            return None
        if made_for != self._made_for:
            making = self._making
            assert making is not None
            if not wait and not making.today.done():
                return making
            self._today = making.today.result()
            self._days_left, self._made_for, self._making = making.days_left, made_for, None
        return tuple(q for q in self._today if q not in self._answered)


def _in_background(work: Callable[[], tuple[int, ...]]) -> Future[tuple[int, ...]]:
    # A daemon thread, not an executor: quitting must not wait for a plan nobody will see.
    future: Future[tuple[int, ...]] = Future()

    def run() -> None:
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(work())
            except BaseException as error:
                future.set_exception(error)

    threading.Thread(target=run, name="interview-plan", daemon=True).start()
    return future


def plan_node(app: Services, now: datetime) -> PlanNode | None:
    return app.plan_today.node(app, now)
