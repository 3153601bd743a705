"""The read-only statistics and plan use cases the window calls, on a real file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.services.app import Places, Services
from studyapp.services.rendering import Renderer
from studyapp.services.stats import interview_plan, statistics
from studyapp.store.db import Database
from studyapp.study import planning
from studyapp.study.collection import Collection
from studyapp.study.history import study_day, to_date
from studyapp.study.planning import PlanSettings

from tests.conftest import NOW, make_questions, seed


@pytest.fixture
def services(db: Database, data_dir: Path) -> Services:
    seed(db, make_questions(6, (("Python", "Basics"), ("Git",))))
    places = Places(data_dir / "studyapp.sqlite3", data_dir / "backups")
    return Services(Collection(db), places, Renderer("light"))


def in_days(days: int) -> str:
    return (to_date(study_day(NOW)) + timedelta(days=days)).isoformat()


def test_statistics_for_all_and_for_one_topic(services: Services) -> None:
    everything = statistics(services, None, NOW)
    assert [t.path for t in everything.topics] == [("Git",), ("Python",), ("Python", "Basics")]
    with services.col.db.begin() as session:
        python = session.execute(text("SELECT id FROM topic WHERE title = 'Python'")).scalar_one()
    one = statistics(services, python, NOW)
    assert [t.path for t in one.topics] == [("Python",), ("Python", "Basics")]


def test_the_saved_plan_is_built_until_its_date_passes(services: Services) -> None:
    assert interview_plan(services, NOW) is None
    with services.col.db.begin() as session:
        planning.save_settings(session, PlanSettings(in_days(5), minutes=20))
    report = interview_plan(services, NOW)
    assert report is not None
    assert report.days_left == 5
    assert report.plan.questions == 6
    assert interview_plan(services, NOW + timedelta(days=6)) is None
