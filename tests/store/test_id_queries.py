"""The id queries that can return the whole collection (read through the driver's cursor):
order, topic filter and the due bound, against rows written straight into the file."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.store import queries
from studyapp.store.db import Database
from studyapp.store.schema import to_millis

from tests.conftest import NOW, make_questions, seed


def topic_ids(session: Session, title: str) -> list[int]:
    rows = session.execute(text("SELECT id FROM topic WHERE title = :t"), {"t": title})
    return [row[0] for row in rows]


def test_all_question_ids_in_deck_order_and_by_topic(db: Database) -> None:
    seed(db, make_questions(9, (("Python",), ("Git",), ("Go",))))
    with db.begin() as session:
        session.execute(text("UPDATE question SET suspended_at = 1 WHERE external_key = 'q4'"))
        every = queries.all_question_ids(session, None)
        git_and_go = queries.all_question_ids(
            session, topic_ids(session, "Git") + topic_ids(session, "Go")
        )
        ordered = [
            row[0]
            for row in session.execute(
                text("SELECT id FROM question WHERE suspended_at IS NULL ORDER BY position, id")
            )
        ]
        in_git_or_go = {
            row[0]
            for row in session.execute(
                text(
                    "SELECT q.id FROM question q JOIN topic t ON t.id = q.topic_id "
                    "WHERE t.title IN ('Git', 'Go') AND q.suspended_at IS NULL"
                )
            )
        }
    assert every == ordered
    assert len(every) == 8
    assert git_and_go == [qid for qid in ordered if qid in in_git_or_go]
    assert len(git_and_go) == 5


def test_due_question_ids_most_overdue_first_up_to_the_bound(db: Database) -> None:
    seed(db, make_questions(6, (("Python",), ("Git",))))
    with db.begin() as session:
        ids = [row[0] for row in session.execute(text("SELECT id FROM question ORDER BY id"))]
        dues = {
            qid: to_millis(NOW + timedelta(hours=offset))
            for qid, offset in zip(ids, (3, -5, 0, -1, 9, -2), strict=True)
        }
        for qid, due in dues.items():
            session.execute(
                text("INSERT INTO card_state(question_id, state, due) VALUES (:q, 2, :due)"),
                {"q": qid, "due": due},
            )
        due_now = queries.due_question_ids(session, None, NOW)
        python = topic_ids(session, "Python")
        due_in_python = queries.due_question_ids(session, python, NOW + timedelta(hours=4))
        python_questions = {
            row[0]
            for row in session.execute(
                text("SELECT id FROM question WHERE topic_id = :t"), {"t": python[0]}
            )
        }
    assert due_now == [
        (ids[1], dues[ids[1]]),
        (ids[5], dues[ids[5]]),
        (ids[3], dues[ids[3]]),
        (ids[2], dues[ids[2]]),
    ]
    expected = sorted(
        (dues[qid], qid)
        for qid in python_questions
        if dues[qid] <= to_millis(NOW + timedelta(hours=4))
    )
    assert due_in_python == [(qid, due) for due, qid in expected]
    assert due_in_python
