"""Statistics and the interview plan, read-only use cases for the window (issue 16).

Plain functions over `Services` (the window's jobs receive it): nothing here changes the
collection, so nothing returns `Changes`. `now` comes from the caller, as everywhere.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.study.history import StatsReport
    from studyapp.study.planning import PlanReport

__all__ = ["PlanReport", "StatsReport", "interview_plan", "statistics"]


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
