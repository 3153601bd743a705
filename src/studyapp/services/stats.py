"""Statistics and the interview plan, read-only use cases for the window (issue 16).

Plain functions over `Services` (the window's jobs receive it): nothing here changes the
collection, so nothing returns `Changes`. `now` comes from the caller, as everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.study.history import StatsReport
    from studyapp.study.planning import PlanReport, PlanSettings


@dataclass(frozen=True, slots=True)
class PlanOutlook:
    """The interview plan in words, for the plan dialog."""

    settings: PlanSettings
    headline: str
    today: str
    weak_topics: tuple[str, ...]  # topics not wholly secured
    not_secured: tuple[str, ...]  # counts by reason
    today_count: int


__all__ = [
    "PlanOutlook",
    "PlanReport",
    "StatsReport",
    "interview_plan",
    "plan_outlook",
    "saved_outlook",
    "statistics",
]


def statistics(app: Services, topic_id: int | None, now: datetime) -> StatsReport:
    """Everything the Statistics window shows, for one topic and its subtopics or all."""
    from studyapp.study.collection import scope_topic_ids
    from studyapp.study.history import collect
    from studyapp.study.scope import Scope, ScopeKind

    settings = app.col.settings
    with app.col.db.begin() as session:
        topic_ids = (
            None if topic_id is None else scope_topic_ids(session, Scope(ScopeKind.TOPIC, topic_id))
        )
        return collect(session, now, settings.new_per_day, settings.scheduler, topic_ids)


def interview_plan(app: Services, now: datetime) -> PlanReport | None:
    """Today's interview plan from the saved settings (`studyapp plan --save`), or None when
    there is none or its date has passed (normal scheduling simply carries on)."""
    from studyapp.errors import StudyAppError
    from studyapp.study import planning

    with app.col.db.begin() as session:
        settings = planning.load_settings(session)
        if settings is None:
            return None
        try:
            return planning.build(session, settings, now)
        except StudyAppError:
            return None


def plan_outlook(
    app: Services,
    date: str,
    minutes: float,
    target: float,
    topic: str | None,
    now: datetime,
    *,
    save: bool = False,
) -> PlanOutlook:
    """The plan these settings make, in words; with `save`, also the plan the window follows
    from now on (built first, so a plan that cannot be made is never saved)."""
    from studyapp.study import planning
    from studyapp.study.planning import PlanSettings

    settings = PlanSettings(date=date, minutes=minutes, target=target, topic=topic)
    with app.col.db.begin() as session:
        report = planning.build(session, settings, now)
        if save:
            planning.save_settings(session, settings)
    return _outlook(report)


def saved_outlook(app: Services, now: datetime) -> PlanOutlook | None:
    report = interview_plan(app, now)
    return None if report is None else _outlook(report)


def _outlook(report: PlanReport) -> PlanOutlook:
    from studyapp.study import planning

    plan = report.plan
    topics = tuple(
        f"{t.topic}: {t.secured} of {t.questions} secured"
        for t in plan.by_topic
        if t.secured < t.questions
    )
    reasons = tuple(
        f"{count} {reason.value.replace('_', ' ')}"
        for reason, count in plan.not_secured.items()
        if count
    )
    return PlanOutlook(
        settings=report.settings,
        headline=planning.headline(report),
        today=planning.today_line(report),
        weak_topics=topics,
        not_secured=reasons,
        today_count=len(plan.today),
    )
