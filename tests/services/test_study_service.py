"""The study service on a real file: the session's counts, the tree's counts and the end
screen agree with each other and with rows counted straight from the database."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.services.app import Places, Services
from studyapp.services.rendering import Renderer
from studyapp.services.views import StudyView, TopicNode
from studyapp.store.db import Database
from studyapp.study.collection import Collection
from studyapp.study.scheduler import Grade, retrievability

from tests.conftest import NOW, make_questions, seed

LEARN_AHEAD = timedelta(minutes=20)  # written out: the tests do not read the code's constant


@pytest.fixture
def services(db: Database, data_dir: Path) -> Services:
    seed(db, make_questions(30, (("Python", "Basics"), ("Python", "OOP"), ("Git",))))
    places = Places(data_dir / "studyapp.sqlite3", data_dir / "backups")
    return Services(Collection(db), places, Renderer("light"))


def sql(services: Services, query: str, **params: object) -> int:
    with services.col.db.begin() as session:
        return int(session.execute(text(query), params).scalar() or 0)


def millis(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def due_in_database(services: Services, now: datetime, topic: str | None = None) -> int:
    """Questions a session would show now: due within the learn-ahead horizon, plus the new
    questions left today (20 a day, minus new ones answered since the day began)."""
    only = "" if topic is None else "AND t.title = :topic"
    due = sql(
        services,
        "SELECT count(*) FROM card_state c JOIN question q ON q.id = c.question_id "
        f"JOIN topic t ON t.id = q.topic_id WHERE c.due <= :until {only}",
        until=millis(now + LEARN_AHEAD),
        topic=topic,
    )
    new = sql(
        services,
        "SELECT count(*) FROM question q JOIN topic t ON t.id = q.topic_id "
        f"WHERE q.id NOT IN (SELECT question_id FROM card_state) {only}",
        topic=topic,
    )
    introduced = sql(services, "SELECT count(*) FROM review_log WHERE was_new = 1")
    return due + min(new, 20 - introduced)


def node(view: StudyView, title: str) -> TopicNode:
    assert view.tree is not None
    return next(n for r in view.tree.roots for n in r.walk() if n.title == title)


def test_counts_agree_with_the_tree_and_the_database_through_a_session(
    services: Services,
) -> None:
    now = NOW
    view = services.study.choose("due", now)
    assert view.counts is not None
    assert view.tree is not None
    assert (view.counts.new, view.counts.learning, view.counts.review) == (20, 0, 0)
    assert view.counts.total == view.tree.due_now == due_in_database(services, now)
    for rating in [3, 4, 1, 2, 3, 3, 1, 4, 3, 2, 3, 3]:
        assert view.card is not None
        now += timedelta(minutes=1)
        view = services.study.grade(view.card.question.id, rating, 0, now)
        assert view.counts is not None
        assert view.tree is not None
        assert view.counts.total == view.tree.due_now == due_in_database(services, now)
    assert view.counts.learning > 0  # Again, Hard and Good answers of new questions


def test_a_topic_session_counts_what_its_tree_row_says(services: Services) -> None:
    view = services.study.choose("due", NOW)
    assert view.card is not None
    view = services.study.grade(view.card.question.id, 3, 0, NOW)  # a Python question
    git_key = f"topic:{node(view, 'Git').id}"
    view = services.study.choose(git_key, NOW)
    git = node(view, "Git")
    assert view.counts is not None
    assert (
        view.counts.total
        == git.counts.due + git.counts.new
        == due_in_database(services, NOW, "Git")
    )


def test_undo_gives_back_the_counts_and_the_question(services: Services) -> None:
    first = services.study.choose("due", NOW)
    assert first.card is not None
    graded = services.study.grade(first.card.question.id, 4, 0, NOW)
    assert graded.counts is not None
    assert graded.counts.total == 19
    undone = services.study.undo(NOW)
    assert undone.card is not None
    assert undone.card.question.id == first.card.question.id
    assert undone.counts == first.counts
    # the question that was on screen before the undo is still in the session
    seen = {undone.card.question.id}
    view = undone
    for _ in range(19):
        assert view.card is not None
        view = services.study.grade(view.card.question.id, 4, 0, NOW)
        if view.card is not None:
            seen.add(view.card.question.id)
    assert graded.card is not None
    assert graded.card.question.id in seen


@pytest.fixture
def small(db: Database, data_dir: Path) -> Services:
    seed(db, make_questions(5, (("Alpha",), ("Alpha",), ("Beta",), ("Beta",), ("Solo",))))
    places = Places(data_dir / "studyapp.sqlite3", data_dir / "backups")
    return Services(Collection(db), places, Renderer("light"))


def test_the_end_screen_names_the_next_question_of_its_own_topic(small: Services) -> None:
    view = small.study.choose("due", NOW)
    beta = f"topic:{node(view, 'Beta').id}"
    view = small.study.choose(beta, NOW)
    assert view.card is not None
    small.study.grade(view.card.question.id, 1, 0, NOW)  # Beta: back in a minute
    alpha = f"topic:{node(view, 'Alpha').id}"
    view = small.study.choose(alpha, NOW)
    while view.card is not None:
        view = small.study.grade(view.card.question.id, 4, 0, NOW)
    assert view.summary is not None
    alpha_next = sql(
        small,
        "SELECT min(c.due) FROM card_state c JOIN question q ON q.id = c.question_id "
        "JOIN topic t ON t.id = q.topic_id WHERE t.title = 'Alpha'",
    )
    assert view.summary.next_due is not None
    assert millis(view.summary.next_due) == alpha_next
    assert view.summary.next_due > NOW + timedelta(days=1)  # pushed out, not Beta's minute
    assert node(view, "Alpha").counts.due == 0


def test_known_is_not_certain_after_one_answer_and_counts_learning_as_unknown(
    small: Services,
) -> None:
    view = small.study.choose("due", NOW)
    solo_key = f"topic:{node(view, 'Solo').id}"
    view = small.study.choose(solo_key, NOW)
    assert view.card is not None
    graded = small.study.grade(view.card.question.id, 4, 0, NOW)
    solo = node(graded, "Solo")
    assert solo.counts.mastery is not None
    assert round(solo.counts.mastery * 100) < 100
    with small.col.db.begin() as session:
        from studyapp.store.queries import card_snapshot

        card = card_snapshot(session, view.card.question.id)
    assert solo.counts.mastery == pytest.approx(
        retrievability(card, NOW + timedelta(days=7)), rel=1e-3
    )
    view = small.study.choose(f"topic:{node(graded, 'Alpha').id}", NOW)
    assert view.card is not None
    view = small.study.grade(view.card.question.id, int(Grade.AGAIN), 0, NOW)
    assert view.card is not None
    view = small.study.grade(view.card.question.id, int(Grade.EASY), 0, NOW)
    alpha = node(view, "Alpha").counts
    assert alpha.reviewed == 2
    assert alpha.mastery is not None
    assert alpha.mastery < 0.5  # the Again answer counts as 0
