"""Edits survive updates: a question edited in the app is never overwritten by its source;
the import reports the newer text, which the user may take, per question or all."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from studyapp.store import authoring
from studyapp.store.content import EditConflict, QuestionSpec, SourceSpec, apply_content
from studyapp.store.db import Database
from studyapp.study.collection import Collection
from studyapp.study.reviews import grade
from studyapp.study.scheduler import Grade

from tests.conftest import NOW

SOURCE = SourceSpec("file:/notes.md", "notes.md", "deck", "/notes.md", "h")
DECK = [
    QuestionSpec("a", ("T",), "What is a tuple?", "An immutable sequence.", ("py",)),
    QuestionSpec("b", ("T",), "What is a list?", "A mutable sequence.", ()),
    QuestionSpec("c", ("U",), "What is a set?", "Unique items.", ()),
]


def apply(db: Database, questions: list[QuestionSpec], days: int):  # type: ignore[no-untyped-def]
    with db.begin() as session:
        paths = sorted({q.topic_path for q in questions})
        return apply_content(session, SOURCE, paths, questions, NOW + timedelta(days=days))


def row(db: Database, key: str) -> tuple[object, ...]:
    with db.begin() as session:
        return tuple(
            session.execute(
                text(
                    "SELECT id, topic_id, prompt_md, answer_md, tags, edited_at FROM question "
                    "WHERE external_key = :k"
                ),
                {"k": key},
            ).one()
        )


def test_an_update_keeps_edits_and_reports_the_new_text(db: Database) -> None:
    apply(db, DECK, 0)
    a_id, _t, *_ = row(db, "a")
    b_id, *_ = row(db, "b")
    c_topic = row(db, "c")[1]
    grade(Collection(db), a_id, Grade.GOOD, NOW)
    with db.begin() as session:
        authoring.edit_question(session, a_id, NOW, answer_md="Mine: a frozen list.")
        authoring.move_questions(session, [b_id], c_topic, NOW)  # a move is an edit too
    newer = [
        DECK[0]._replace(answer_md="An immutable, hashable sequence."),
        DECK[1],
        DECK[2]._replace(answer_md="Unique, unordered items."),
    ]
    report = apply(db, newer, 1)
    assert report.conflicts == (
        EditConflict(a_id, "What is a tuple?", "An immutable, hashable sequence.", "py"),
    )
    assert report.updated == 1  # c, which was not edited
    assert row(db, "a")[3] == "Mine: a frozen list."
    assert row(db, "b")[1] == c_topic  # the user's move stays
    assert row(db, "c")[3] == "Unique, unordered items."
    # Keeping theirs is doing nothing: the next import says it again.
    assert apply(db, newer, 2).conflicts == report.conflicts

    with db.begin() as session:
        taken = authoring.take_new_text(session, report.conflicts, NOW + timedelta(days=3))
        reviews = session.execute(text("SELECT count(*) FROM review_log")).scalar()
    assert reviews == 1
    assert row(db, "a")[3:] == ("An immutable, hashable sequence.", "py", None)
    assert apply(db, newer, 4).conflicts == ()
    with db.begin() as session:
        authoring.undo(session, taken)
    assert row(db, "a")[3] == "Mine: a frozen list."
    assert row(db, "a")[5] is not None
