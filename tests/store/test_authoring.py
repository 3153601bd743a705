"""Authoring writes on a real database: each keeps history, and its Undo reverts it exactly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from studyapp.store import authoring, authoring_topics, queries
from studyapp.store.authoring import AuthoringError
from studyapp.store.check import check_database
from studyapp.store.db import Database
from studyapp.store.schema import to_millis
from studyapp.store.search import RecallCurve, search_ids
from studyapp.study.collection import Collection
from studyapp.study.reviews import grade
from studyapp.study.scheduler import Grade, decay_constants

from tests.conftest import NOW, make_questions, seed

LATER = NOW + timedelta(hours=1)
RECALL = RecallCurve(*decay_constants())
TABLES = ("question", "topic", "bookmark", "card_state", "review_log", "source")


def dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    with db.begin() as session:
        return {
            table: [tuple(row) for row in session.execute(text(f"SELECT * FROM {table}"))]
            for table in TABLES
        }


def found(db: Database, query: str) -> list[int]:
    with db.begin() as session:
        return search_ids(session, query, LATER, RECALL)


@pytest.fixture
def seeded(db: Database) -> Database:
    seed(db, make_questions(6, topics=(("Python", "Basics"), ("Git",))))
    return db


def test_an_edit_keeps_reviews_and_state_and_undo_restores_it(seeded: Database) -> None:
    db = seeded
    grade(Collection(db), 1, Grade.GOOD, NOW)
    before = dump(db)
    with db.begin() as session:
        entry = authoring.edit_question(
            session, 1, LATER, prompt_md="What is a walrus?", answer_md="`:=`", tags=["py"]
        )
    after = dump(db)
    assert after["card_state"] == before["card_state"]
    assert after["review_log"] == before["review_log"]
    with db.begin() as session:
        record = queries.question_record(session, 1)
        edited = session.execute(text("SELECT edited_at FROM question WHERE id = 1")).scalar()
    assert record is not None
    assert (record.prompt_md, record.answer_md, record.tags) == (
        "What is a walrus?",
        "`:=`",
        ("py",),
    )
    assert edited == to_millis(LATER)
    assert found(db, "walrus") == [1]
    assert found(db, "`:=`") == [1]
    assert entry.changes.question_ids == {1}
    with db.begin() as session:
        authoring.undo(session, entry)
    assert dump(db) == before
    assert found(db, "walrus") == []
    assert check_database(db, to_millis(LATER)).ok


def test_forget_progress_appends_reset_entries(seeded: Database) -> None:
    db = seeded
    col = Collection(db)
    grade(col, 2, Grade.GOOD, NOW)
    grade(col, 3, Grade.AGAIN, NOW)
    with db.begin() as session:
        authoring.forget_progress(session, [2, 3, 4], LATER)
        kinds = session.execute(text("SELECT question_id, kind FROM review_log ORDER BY id")).all()
        states = session.execute(text("SELECT count(*) FROM card_state")).scalar()
    assert [tuple(k) for k in kinds] == [(2, "review"), (3, "review"), (2, "reset"), (3, "reset")]
    assert states == 0
    assert sorted(found(db, "is:new")) == [1, 2, 3, 4, 5, 6]
    assert check_database(db, to_millis(LATER)).ok


def test_added_questions_live_in_the_local_source(seeded: Database) -> None:
    db = seeded
    before = dump(db)
    with db.begin() as session:
        (topic_id,) = session.execute(text("SELECT id FROM topic WHERE title = 'Git'")).one()
        first, entry = authoring.add_question(
            session, topic_id, "What is a stash?", "A shelf.", LATER
        )
        second, _ = authoring.add_question(session, topic_id, "What is HEAD?", "A ref.", LATER)
        rows = session.execute(
            text(
                "SELECT q.external_key, q.uid, s.key FROM question AS q "
                "JOIN source AS s ON s.id = q.source_id WHERE q.id IN (:a, :b)"
            ),
            {"a": first, "b": second},
        ).all()
    assert [row[2] for row in rows] == ["local", "local"]
    assert rows[0][0] != rows[1][0]
    assert found(db, "stash") == [first]
    with db.begin() as session:
        authoring.undo(session, entry)
    assert found(db, "stash") == []
    assert found(db, "HEAD") == [second]
    assert len(dump(db)["question"]) == len(before["question"]) + 1


def test_suspend_delete_flag_and_bookmark_undo_exactly(seeded: Database) -> None:
    db = seeded
    with db.begin() as session:
        authoring.set_bookmarks(session, [1], True, NOW)
    before = dump(db)
    steps = [
        lambda s: authoring.set_suspended(s, [1, 2], True, LATER),
        lambda s: authoring.set_deleted(s, [3], True, LATER),
        lambda s: authoring.set_flag(s, [4], True, LATER, "answer is wrong"),
        lambda s: authoring.set_bookmarks(s, [1, 2, 5], True, LATER),
        lambda s: authoring.set_bookmarks(s, [1], False, LATER),
        lambda s: authoring.tag_questions(s, [5, 6], LATER, add=["git", "x"]),
        lambda s: authoring.tag_questions(s, [5], LATER, remove=["x"]),
        lambda s: authoring.move_questions(s, [6], 1, LATER),
    ]
    entries = []
    for step in steps:
        with db.begin() as session:
            entries.append(step(session))
    assert found(db, "is:suspended") == [1, 2]
    assert found(db, "is:deleted") == [3]
    assert found(db, "is:flagged") == [4]
    assert sorted(found(db, "is:bookmarked")) == [2, 5]
    assert found(db, "tag:x") == [6]
    assert sorted(found(db, "tag:git")) == [5, 6]
    with db.begin() as session:
        assert queries.all_question_ids(session, None) == [4, 5, 6]  # out of study
        note = session.execute(text("SELECT flag_note FROM question WHERE id = 4")).scalar()
    assert note == "answer is wrong"
    for entry in reversed(entries):
        with db.begin() as session:
            authoring.undo(session, entry)
    assert dump(db) == before


def test_topics_are_added_renamed_moved_and_soft_deleted(seeded: Database) -> None:
    db = seeded
    with db.begin() as session:
        authoring.set_deleted(session, [2], True, NOW)  # deleted before: stays deleted
    before = dump(db)
    with db.begin() as session:
        python, basics, git = (
            session.execute(text("SELECT id FROM topic WHERE title = :t"), {"t": t}).scalar_one()
            for t in ("Python", "Basics", "Git")
        )
        new_id, added = authoring_topics.add_topic(session, python, "  Async   IO ")
        renamed = authoring_topics.rename_topic(session, git, "Version control")
        moved = authoring_topics.move_topic(session, git, python)
        with pytest.raises(AuthoringError, match="inside itself"):
            authoring_topics.move_topic(session, python, basics)
        deleted = authoring_topics.delete_topic(session, python, LATER)
        titles = (
            session.execute(text("SELECT title FROM topic WHERE deleted_at IS NULL"))
            .scalars()
            .all()
        )
        assert (
            session.execute(text("SELECT title FROM topic WHERE id = :i"), {"i": new_id}).scalar()
            == "Async IO"
        )
    assert titles == []
    assert found(db, "") == []
    assert found(db, "is:deleted") == [1, 2, 3, 4, 5, 6]
    for entry in (deleted, moved, renamed, added):
        with db.begin() as session:
            authoring.undo(session, entry)
    assert dump(db) == before
    assert check_database(db, to_millis(LATER)).ok


def test_bad_authoring_input_is_refused_with_a_message(seeded: Database) -> None:
    with seeded.begin() as session:
        with pytest.raises(AuthoringError, match="needs a prompt"):
            authoring.edit_question(session, 1, LATER, prompt_md="   ")
        with pytest.raises(AuthoringError, match="no longer exists"):
            authoring.set_suspended(session, [999], True, LATER)
        with pytest.raises(AuthoringError, match="needs a name"):
            authoring_topics.add_topic(session, None, " ")
