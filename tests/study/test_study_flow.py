"""Grading, undo, bookmarks, the queue and the tree counts, on a real SQLite file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError

from studyapp.store.db import Database
from studyapp.store.schema import CardState, Question, ReviewLog, Topic
from studyapp.study import bookmarks, reviews
from studyapp.study.collection import Collection
from studyapp.study.scheduler import Grade, retrievability
from studyapp.study.scope import ALL_QUESTIONS, BOOKMARKED, DUE_NOW, Scope, ScopeKind
from studyapp.study.stats import build_tree

from tests.conftest import NOW, make_questions, seed


@pytest.fixture
def col(db: Database) -> Collection:
    seed(db, make_questions(30, (("Python", "Basics"), ("Python", "OOP"), ("Git",))))
    return Collection(db)


def review_rows(db: Database) -> list[tuple[int, int, bool]]:
    with db.begin() as session:
        rows = session.execute(
            select(ReviewLog.question_id, ReviewLog.rating, ReviewLog.was_new).order_by(
                ReviewLog.id
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_grade_commits_log_and_state_in_one_transaction(col: Collection) -> None:
    col.start(DUE_NOW, NOW)
    assert col.queue is not None
    first = col.queue.next(NOW)
    assert first is not None
    result = reviews.grade(col, first, Grade.GOOD, NOW, duration_ms=4200)
    assert review_rows(col.db) == [(first, 3, True)]
    with col.db.begin() as session:
        state = session.get(CardState, first)
        assert state is not None
        assert state.due == result.card.due > NOW
        duration = session.scalar(select(ReviewLog.duration_ms))
        assert duration == 4200


def test_undo_restores_the_exact_previous_state_and_walks_back(col: Collection) -> None:
    col.start(DUE_NOW, NOW)
    assert col.queue is not None
    qid = col.queue.next(NOW)
    assert qid is not None
    first = reviews.grade(col, qid, Grade.GOOD, NOW)
    later = first.card.due
    reviews.grade(col, qid, Grade.EASY, later)
    undone = reviews.undo_last(col, later)
    assert undone is not None
    assert undone.question_id == qid
    with col.db.begin() as session:
        state = session.get(CardState, qid)
        assert state is not None
        assert (state.due, state.stability, state.state, state.step) == (
            first.card.due.replace(microsecond=first.card.due.microsecond // 1000 * 1000),
            first.card.stability,
            first.card.state,
            first.card.step,
        )
    assert reviews.undo_last(col, later) is not None
    with col.db.begin() as session:
        assert session.get(CardState, qid) is None  # new again
    with col.db.begin() as session:
        log = session.execute(text("SELECT id, kind, reverts_id FROM review_log ORDER BY id"))
        (first_id, *_), (second_id, *_), *reverts = log.all()
        assert [(kind, target) for _id, kind, target in reverts] == [
            ("revert", second_id),
            ("revert", first_id),
        ]
        assert session.execute(text("SELECT count(*) FROM effective_review")).scalar() == 0
    assert reviews.undo_last(col, later) is None
    assert col.queue.next(later) == qid  # the undone question is shown again


def test_bookmark_toggle_and_undo(col: Collection) -> None:
    with col.db.begin() as session:
        qid = session.scalar(select(func.min(Question.id)))
    assert qid is not None
    on, changes = bookmarks.toggle(col, qid, NOW)
    assert on
    assert changes.bookmarks
    assert bookmarks.bookmarked_ids(col) == [qid]
    assert reviews.undo_last(col, NOW) is not None
    assert bookmarks.bookmarked_ids(col) == []


def test_queue_order_due_most_overdue_first_then_new_in_deck_order(col: Collection) -> None:
    with col.db.begin() as session:
        ids = list(session.scalars(select(Question.id).order_by(Question.position)))
        session.add(
            CardState(
                question_id=ids[5],
                state=2,
                step=None,
                stability=3.0,
                difficulty=5.0,
                due=NOW - timedelta(days=1),
                last_review=NOW - timedelta(days=4),
            )
        )
        session.add(
            CardState(
                question_id=ids[7],
                state=2,
                step=None,
                stability=3.0,
                difficulty=5.0,
                due=NOW - timedelta(days=3),
                last_review=NOW - timedelta(days=6),
            )
        )
        session.add(
            CardState(
                question_id=ids[9],
                state=2,
                step=None,
                stability=3.0,
                difficulty=5.0,
                due=NOW + timedelta(days=3),
                last_review=NOW - timedelta(days=1),
            )
        )
    queue = col.start(DUE_NOW, NOW)
    order = [queue.next(NOW) for _ in range(4)]
    assert order == [ids[7], ids[5], ids[0], ids[1]]


def test_new_questions_per_day_are_capped(col: Collection) -> None:
    col.update_settings(new_per_day=3)
    queue = col.start(DUE_NOW, NOW)
    seen = []
    while (qid := queue.next(NOW)) is not None:
        seen.append(qid)
        reviews.grade(col, qid, Grade.EASY, NOW)
    assert len(seen) == 3
    assert col.start(DUE_NOW, NOW + timedelta(minutes=5)).remaining() == 0
    # the next study day brings three more
    assert col.start(DUE_NOW, NOW + timedelta(days=1)).remaining() == 3


def test_again_brings_the_question_back_in_the_same_session(col: Collection) -> None:
    col.update_settings(new_per_day=1)
    queue = col.start(DUE_NOW, NOW)
    qid = queue.next(NOW)
    assert qid is not None
    result = reviews.grade(col, qid, Grade.AGAIN, NOW)
    assert result.card.due - NOW < timedelta(minutes=20)
    assert queue.next(NOW + timedelta(minutes=2)) == qid


def test_topic_scope_includes_subtopics_only(col: Collection) -> None:
    with col.db.begin() as session:
        python_id = session.scalar(select(Topic.id).where(Topic.title == "Python"))
        topic_of = {
            row[0]: row[1] for row in session.execute(select(Question.id, Topic.title).join(Topic))
        }
    queue = col.start(Scope(ScopeKind.TOPIC, python_id), NOW)
    ids = list(queue.new)
    assert ids
    assert all(topic_of[qid] in ("Basics", "OOP") for qid in ids)


def test_bookmarked_and_all_scopes_practise_everything(col: Collection) -> None:
    with col.db.begin() as session:
        some = list(session.scalars(select(Question.id).limit(2)))
    for qid in some:
        bookmarks.toggle(col, qid, NOW)
    assert sorted(col.start(BOOKMARKED, NOW).new) == sorted(some)
    assert col.start(ALL_QUESTIONS, NOW).remaining() == 30


def test_tree_counts_include_subtopics_and_known(col: Collection) -> None:
    """Known = the recall expected a week ahead, over all the topic's questions."""
    queue = col.start(DUE_NOW, NOW)
    qid = queue.next(NOW)
    assert qid is not None
    result = reviews.grade(col, qid, Grade.EASY, NOW)
    later = NOW + timedelta(days=1)
    with col.db.begin() as session:
        tree = build_tree(session, later, 20, col.settings.scheduler)
    python = next(node for node in tree.roots if node.title == "Python")
    assert python.counts.total == 20
    assert python.counts.total == sum(child.counts.total for child in python.children)
    assert python.counts.reviewed == 1
    week_ahead = retrievability(result.card, later + timedelta(days=7))
    assert 0.8 < week_ahead < 0.99  # one Easy answer: likely, not certain
    assert python.counts.mastery == pytest.approx(week_ahead / 20, rel=1e-3)
    assert tree.all_questions == 30


def test_a_hard_delete_can_never_take_history_with_it(col: Collection) -> None:
    """Questions and topics are soft-deleted; a DELETE that slipped through is refused by
    the foreign keys (no ON DELETE CASCADE into states, reviews or bookmarks)."""
    queue = col.start(DUE_NOW, NOW)
    qid = queue.next(NOW)
    assert qid is not None
    reviews.grade(col, qid, Grade.GOOD, NOW)
    bookmarks.toggle(col, qid, NOW)
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), col.db.begin() as session:
        session.execute(delete(Question).where(Question.id == qid))
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), col.db.begin() as session:
        session.execute(delete(Topic).where(Topic.title == "Python"))
    with col.db.begin() as session:
        for table in ("card_state", "review_log", "bookmark"):
            count = session.execute(
                text(f"SELECT count(*) FROM {table} WHERE question_id = :q"), {"q": qid}
            ).scalar()
            assert count == 1, table
        assert session.scalar(select(func.count()).select_from(Topic)) == 4


def test_the_review_log_refuses_updates_and_deletes(col: Collection) -> None:
    queue = col.start(DUE_NOW, NOW)
    qid = queue.next(NOW)
    assert qid is not None
    reviews.grade(col, qid, Grade.GOOD, NOW)
    for sql in ("UPDATE review_log SET rating = 1", "DELETE FROM review_log"):
        with pytest.raises(IntegrityError, match="append-only"), col.db.begin() as session:
            session.execute(text(sql))
    assert len(review_rows(col.db)) == 1


def test_weakest_topics_name_only_topics_known_less_than_ninety_percent() -> None:
    from datetime import UTC, datetime

    from studyapp.store.records import TopicCounts, TopicNode, TopicTree
    from studyapp.study.stats import weakest_topics

    def leaf(topic_id: int, title: str, mastery: float | None) -> TopicNode:
        counts = TopicCounts(total=5, reviewed=5 if mastery is not None else 0, mastery=mastery)
        return TopicNode(topic_id, None, title, topic_id, counts)

    tree = TopicTree(
        (
            leaf(1, "Strong", 0.97),
            leaf(2, "Weak", 0.55),
            leaf(3, "Shaky", 0.8),
            leaf(4, "New", None),
        ),
        due_now=0,
        bookmarked=0,
        all_questions=20,
        built_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert [w.path for w in weakest_topics(tree)] == [("Weak",), ("Shaky",)]
