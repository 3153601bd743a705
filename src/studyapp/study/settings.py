"""Study settings kept in the database's `setting` table, typed and with defaults."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy.orm import Session

from studyapp.store import mutations, queries
from studyapp.study.scheduler import DEFAULT_RETENTION, SchedulerSettings

PREFIX = "study."


@dataclass(frozen=True, slots=True)
class StudySettings:
    new_per_day: int = 20
    desired_retention: float = DEFAULT_RETENTION
    last_scope: str = "due"
    expanded_topics: tuple[int, ...] = ()

    @property
    def scheduler(self) -> SchedulerSettings:
        return SchedulerSettings(desired_retention=self.desired_retention)


def load(session: Session) -> StudySettings:
    stored = queries.settings(session)
    values: dict[str, Any] = {}
    for item in fields(StudySettings):
        raw = stored.get(PREFIX + item.name)
        if raw is None:
            continue
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        values[item.name] = tuple(value) if isinstance(value, list) else value
    try:
        return _validated(StudySettings(**values))
    except (TypeError, ValueError):
        return StudySettings()


def save(session: Session, settings: StudySettings, **changes: Any) -> StudySettings:
    updated = _validated(replace(settings, **changes))
    for name in changes:
        mutations.set_setting(session, PREFIX + name, json.dumps(getattr(updated, name)))
    return updated


def _validated(settings: StudySettings) -> StudySettings:
    if not 0 <= settings.new_per_day <= 9999:
        raise ValueError("new questions per day must be between 0 and 9999")
    if not 0.7 <= settings.desired_retention <= 0.99:
        raise ValueError("desired retention must be between 0.70 and 0.99")
    return settings
