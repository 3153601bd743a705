"""The browser's use cases on a real file: listings by topic and by search, sorting, and
bulk changes that leave the session and come back with one undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.services.app import Places, Services
from studyapp.services.browse import BulkAction, Column, apply, list_query, list_topic, sort_rows
from studyapp.services.rendering import Renderer
from studyapp.store.db import Database
from studyapp.study.collection import Collection

from tests.conftest import NOW, make_questions, seed


@pytest.fixture
def services(db: Database, data_dir: Path) -> Services:
    seed(db, make_questions(12, (("Python", "Basics"), ("Python", "OOP"), ("Git",))))
    places = Places(data_dir / "studyapp.sqlite3", data_dir / "backups")
    return Services(Collection(db), places, Renderer("light"))


def scalar(services: Services, query: str) -> int:
    with services.col.db.begin() as session:
        return int(session.execute(text(query)).scalar() or 0)


def topic_id(services: Services, title: str) -> int:
    return scalar(services, f"SELECT id FROM topic WHERE title = '{title}'")


def test_a_topic_lists_its_subtopics_and_keeps_suspended_ones(services: Services) -> None:
    python = list_topic(services, topic_id(services, "Python"), "Python", NOW)
    assert len(python.rows) == 8
    assert {row.topic_path[0] for row in python.rows} == {"Python"}
    first = python.rows[0].question_id
    apply(services, BulkAction.SUSPEND, [first], NOW)
    again = list_topic(services, topic_id(services, "Python"), "Python", NOW)
    assert [row.suspended for row in again.rows if row.question_id == first] == [True]
    apply(services, BulkAction.DELETE, [first], NOW)
    assert len(list_topic(services, topic_id(services, "Python"), "Python", NOW).rows) == 7
    assert len(list_topic(services, None, "All", NOW).rows) == 11


def test_a_search_lists_every_match(services: Services) -> None:
    found = list_query(services, "topic:Git", NOW)
    assert len(found.rows) == 4
    assert found.title == "Search: topic:Git"


def test_sorting_is_stable_and_puts_new_questions_last(services: Services) -> None:
    rows = list_topic(services, None, "All", NOW).rows
    by_prompt = sort_rows(rows, Column.PROMPT, False)
    assert [r.prompt_md for r in by_prompt] == sorted(r.prompt_md for r in rows)
    assert sort_rows(rows, Column.PROMPT, True) == by_prompt[::-1]
    assert sort_rows(rows, Column.DUE, False) == rows  # all new: the listing's order stays


def test_one_undo_takes_back_a_whole_bulk_change(services: Services) -> None:
    from studyapp.study.reviews import undo_last

    rows = list_topic(services, None, "All", NOW).rows
    ids = [row.question_id for row in rows[:5]]
    git = topic_id(services, "Git")
    view = apply(services, BulkAction.MOVE, ids, NOW, topic_id=git)
    assert "5 questions" in view.message
    in_git = f"SELECT count(*) FROM question WHERE topic_id = {git}"
    assert scalar(services, in_git) == 4 + sum(1 for r in rows[:5] if r.topic_path != ("Git",))
    apply(services, BulkAction.ADD_TAGS, ids, NOW, tags=("later",))
    assert scalar(services, "SELECT count(*) FROM question WHERE tags = 'later'") == 5
    assert undo_last(services.col, NOW) is not None
    assert scalar(services, "SELECT count(*) FROM question WHERE tags = 'later'") == 0
    assert undo_last(services.col, NOW) is not None
    assert scalar(services, in_git) == 4
