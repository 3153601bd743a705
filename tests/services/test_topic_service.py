"""The topic use cases on a real file: what the tree shows after each, the rows behind it,
and Ctrl+Z's undo of each (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.services.app import Places, Services
from studyapp.services.rendering import Renderer
from studyapp.services.views import StudyView
from studyapp.store.db import Database
from studyapp.study.collection import Collection

from tests.conftest import NOW, make_questions, seed


@pytest.fixture
def services(db: Database, data_dir: Path) -> Services:
    seed(db, make_questions(12, (("Python", "Basics"), ("Python", "OOP"), ("Git",))))
    places = Places(data_dir / "studyapp.sqlite3", data_dir / "backups")
    return Services(Collection(db), places, Renderer("light"))


def rows(services: Services, query: str) -> list[tuple[object, ...]]:
    with services.col.db.begin() as session:
        return [tuple(row) for row in session.execute(text(query))]


def topic_id(services: Services, title: str) -> int:
    found = rows(services, f"SELECT id FROM topic WHERE title = '{title}'")
    assert len(found) == 1
    return int(str(found[0][0]))


def shown(view: StudyView) -> list[tuple[int, str]]:
    """The tree as (depth, title), top to bottom."""
    assert view.tree is not None
    out: list[tuple[int, str]] = []

    def walk(nodes: tuple[object, ...], depth: int) -> None:
        for node in nodes:
            out.append((depth, node.title))  # type: ignore[attr-defined]
            walk(node.children, depth + 1)  # type: ignore[attr-defined]

    walk(view.tree.roots, 0)
    return out


def test_a_new_empty_topic_shows_and_undo_takes_it_out(services: Services) -> None:
    services.study.choose("due", NOW)
    python = topic_id(services, "Python")
    view = services.topics.add(python, "  Async  IO ", NOW)
    assert (1, "Async IO") in shown(view)
    assert rows(services, "SELECT parent_id FROM topic WHERE title = 'Async IO'") == [(python,)]
    view = services.study.undo(NOW)
    assert (1, "Async IO") not in shown(view)
    assert rows(services, "SELECT id FROM topic WHERE title = 'Async IO'") == []


def test_move_before_a_sibling_then_undo(services: Services) -> None:
    services.study.choose("due", NOW)
    git, python = topic_id(services, "Git"), topic_id(services, "Python")
    oop, basics = topic_id(services, "OOP"), topic_id(services, "Basics")
    view = services.topics.move(git, python, basics, NOW)
    assert shown(view)[:4] == [(0, "Python"), (1, "Git"), (1, "Basics"), (1, "OOP")]
    view = services.topics.move(oop, None, None, NOW)
    assert [title for depth, title in shown(view) if depth == 0] == ["Python", "OOP"]
    assert rows(services, f"SELECT parent_id FROM topic WHERE id = {oop}") == [(None,)]
    services.study.undo(NOW)
    view = services.study.undo(NOW)
    assert shown(view) == [(0, "Git"), (0, "Python"), (1, "Basics"), (1, "OOP")]
    assert rows(services, f"SELECT parent_id FROM topic WHERE id = {git}") == [(None,)]


def test_delete_is_soft_leaves_the_session_and_undo_restores(services: Services) -> None:
    python = topic_id(services, "Python")
    services.study.choose(f"topic:{topic_id(services, 'OOP')}", NOW)
    assert services.topics.question_count(python) == 8
    view = services.topics.delete(python, NOW)
    assert shown(view) == [(0, "Git")]
    assert view.scope_key == "due"  # the studied topic went with it
    assert view.card is not None
    assert view.card.question.topic_path == ("Git",)
    deleted = rows(
        services,
        "SELECT count(*) FROM question WHERE deleted_at IS NOT NULL",
    )
    assert deleted == [(8,)]
    assert rows(services, "SELECT count(*) FROM topic WHERE deleted_at IS NOT NULL") == [(3,)]
    view = services.study.undo(NOW)
    assert shown(view) == [(0, "Git"), (0, "Python"), (1, "Basics"), (1, "OOP")]
    assert rows(services, "SELECT count(*) FROM question WHERE deleted_at IS NOT NULL") == [(0,)]


def test_renaming_to_nothing_is_refused_with_a_hint(services: Services) -> None:
    from studyapp.errors import StudyAppError

    with pytest.raises(StudyAppError) as error:
        services.topics.rename(topic_id(services, "Git"), "   ", NOW)
    assert error.value.hint
    assert rows(services, "SELECT count(*) FROM topic WHERE title = 'Git'") == [(1,)]
