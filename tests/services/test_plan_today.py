"""The tree's plan node on the worker: made once a study day, ticked off by grades."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from studyapp.services.app import Places, Services
from studyapp.services.plan_node import PlanNode, plan_node
from studyapp.services.rendering import Renderer
from studyapp.services.stats import interview_plan
from studyapp.store.db import Database
from studyapp.study import planning
from studyapp.study.collection import Collection
from studyapp.study.history import study_day, to_date
from studyapp.study.planning import PlanSettings

from tests.conftest import NOW, make_questions, seed


@pytest.fixture
def services(db: Database, data_dir: Path) -> Services:
    seed(db, make_questions(12, (("Python", "Basics"), ("Git",))))
    places = Places(data_dir / "studyapp.sqlite3", data_dir / "backups")
    return Services(Collection(db), places, Renderer("light"))


def save(services: Services, days: int) -> None:
    date = (to_date(study_day(NOW)) + timedelta(days=days)).isoformat()
    with services.col.db.begin() as session:
        planning.save_settings(session, PlanSettings(date=date, minutes=30))


def made(services: Services, now: datetime) -> PlanNode | None:
    """The node once today's plan is made (studying it waits for it; the node does not)."""
    services.plan_today.left(services, now)
    node = plan_node(services, now)
    assert node is None or node.today_left is not None
    return node


def test_no_plan_no_node(services: Services) -> None:
    assert plan_node(services, NOW) is None


def test_grades_tick_off_today_and_a_new_day_makes_it_again(services: Services) -> None:
    save(services, days=2)
    node = made(services, NOW)
    assert node is not None
    assert node.days_left == 2
    assert node.today_left >= 2
    full = interview_plan(services, NOW)  # what the plan dialog and the command line say
    assert full is not None
    assert services.plan_today.left(services, NOW) == full.plan.today
    assert node.days_left == full.days_left
    view = services.study.choose("plan", NOW)
    assert view.scope_key == "plan"
    assert view.card is not None
    assert view.title == f"Interview plan: today ({node.today_left})"
    services.study.grade(view.card.question.id, 3, 5000, NOW)
    assert node.today_left is not None
    assert plan_node(services, NOW) == PlanNode(2, node.today_left - 1)
    services.study.undo(NOW)
    assert plan_node(services, NOW) == node
    later = made(services, NOW + timedelta(days=1))
    assert later is not None
    assert later.days_left == 1
    assert "1 day ·" in later.line


def test_a_new_plan_is_made_at_once(services: Services) -> None:
    save(services, days=2)
    first = made(services, NOW)
    save(services, days=9)
    second = made(services, NOW)
    assert first is not None
    assert second is not None
    assert (first.days_left, second.days_left) == (2, 9)


def test_the_node_never_waits_for_the_plan_and_says_it_is_being_made(
    services: Services,
) -> None:
    save(services, days=2)
    first = plan_node(services, NOW)  # made on a thread of its own: done or not yet
    assert first is not None
    assert first.days_left == 2
    assert PlanNode(2, None).line == "Interview plan — 2 days · planning…"
    today = services.plan_today.left(services, NOW)  # studying the plan waits for it
    assert today is not None
    assert plan_node(services, NOW) == PlanNode(2, len(today))
