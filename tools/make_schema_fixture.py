"""Build the frozen database of a released schema, for the migration tests.

Run it with the code of that release checked out (a later schema cannot write an older one):

    git switch --detach <release commit>
    .venv/bin/python tools/make_schema_fixture.py tests/store/fixtures/schema-<N>.sqlite3

The file holds every kind of row a user can have: two sources (the deck and an imported
file), nested topics, reviewed, new and retired questions, card states, reviews (one undone),
bookmarks and settings; from schema 2, a reset entry, edited, suspended and deleted
questions and a deleted topic; from schema 3, a flagged question with its note; from schema
4, a bulk import whose questions wait for the search index (the app stopped before its
worker indexed them). Times are fixed; the uids are new on each run.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from studyapp.io.importer import import_file
from studyapp.store import mutations
from studyapp.store.content import BULK_INSERT_ROWS, QuestionSpec, SourceSpec, apply_content
from studyapp.store.schema import Question, Topic
from studyapp.study import reviews
from studyapp.study.collection import Collection
from studyapp.study.scheduler import Grade

START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

NOTES = """Git:
  * What does git rebase do?
    Replays your commits on top of another base.
  * What is a fast-forward merge?
    Moving the branch pointer when there is no divergent work.
SQL:
  * What is an index?
    A structure that finds rows without scanning the table.
"""


def deck_questions(count: int) -> list[QuestionSpec]:
    paths = (("Python", "Core"), ("Python", "Async"), ("Databases",))
    return [
        QuestionSpec(
            key=f"q{i}",
            topic_path=paths[i % len(paths)],
            prompt_md=f"Question {i}: what does `f({i})` return?",
            answer_md=f"It returns **{i * i}**.\n\n```python\nf({i}) == {i * i}\n```",
            tags=("fixture", f"t{i % 3}"),
        )
        for i in range(count)
    ]


def build(target: Path) -> None:
    work = Path(tempfile.mkdtemp())
    try:
        db_path = work / "studyapp.sqlite3"
        col = Collection.open(db_path)
        source = SourceSpec("builtin:interview-deck", "Fixture deck", "builtin", None, "h1")
        questions = deck_questions(12)
        with col.db.begin() as session:
            paths = sorted({q.topic_path for q in questions})
            apply_content(session, source, paths, questions, START)
        # A second version of the deck that drops two questions: they are retired.
        with col.db.begin() as session:
            source2 = SourceSpec("builtin:interview-deck", "Fixture deck", "builtin", None, "h2")
            apply_content(session, source2, paths, questions[:10], START + timedelta(hours=1))
        notes = work / "notes.txt"
        notes.write_text(NOTES, encoding="utf-8")
        import_file(col.db, notes, START + timedelta(hours=2))
        now = START + timedelta(days=1)
        for day in range(4):
            moment = now + timedelta(days=day)
            for question_id, rating in ((1, Grade.GOOD), (2, Grade.AGAIN), (4, Grade.EASY)):
                reviews.grade(col, question_id, rating, moment, duration_ms=4000 + day)
        reviews.grade(col, 11, Grade.GOOD, now)  # a retired question keeps its history
        reviews.grade(col, 13, Grade.HARD, now + timedelta(days=2), duration_ms=9000)
        reviews.grade(col, 5, Grade.GOOD, now + timedelta(days=3))
        reviews.undo_last(col, now + timedelta(days=3))  # schema 1 deletes the undone review
        with col.db.begin() as session:
            mutations.set_bookmark(session, 2, True, now)
            mutations.set_bookmark(session, 11, True, now)
            mutations.set_bookmark(session, 13, True, now)
            mutations.set_setting(session, "new_per_day", "15")
        add_schema_2_rows(col, now + timedelta(days=4))
        add_schema_3_rows(col, now + timedelta(days=4))
        add_schema_4_rows(col, now + timedelta(days=5))
        col.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(db_path, target)
    finally:
        shutil.rmtree(work)


def add_schema_2_rows(col: Collection, moment: datetime) -> None:
    """Schema 2's kinds: a reset entry, edited, suspended and deleted questions, a deleted
    topic. Older code has no such columns: leave this out when building schema 1."""
    with col.db.begin() as session:
        mutations.reset_source_states(session, 2, moment)  # the notes: question 13
        changes = {
            3: {"suspended_at": moment},
            6: {"deleted_at": moment},
            7: {"edited_at": moment, "answer_md": "Edited in the app: it returns **36**."},
        }
        for question_id, values in changes.items():
            session.execute(update(Question).where(Question.id == question_id).values(values))
        empty = Topic(title="Scratch", position=9, deleted_at=moment)
        session.add(empty)


def add_schema_3_rows(col: Collection, moment: datetime) -> None:
    """Schema 3's kind: a question flagged for fixing, with its note. Leave this out when
    building schemas 1 and 2."""
    with col.db.begin() as session:
        values = {"flagged_at": moment, "flag_note": "The example misses the `else` branch."}
        session.execute(update(Question).where(Question.id == 8).values(values))


def add_schema_4_rows(col: Collection, moment: datetime) -> None:
    """Schema 4's kind: a bulk import committed unindexed, its mark left for the catch-up
    (store/fts.py). Their words are none of those the migration test searches for, so an
    upgrade that indexes them finds those words where it found them before. Leave this out
    when building schemas 1 to 3."""
    bulk = [
        QuestionSpec(f"b{i}", ("Bulk",), f"Bulk card {i}: what is zeta {i}?", "Zeta.", ())
        for i in range(BULK_INSERT_ROWS)
    ]
    source = SourceSpec("file:/bulk.csv", "bulk.csv", "csv", "/bulk.csv", "hb")
    with col.db.begin(bulk=True) as session:
        apply_content(session, source, [("Bulk",)], bulk, moment)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
    print(f"wrote {sys.argv[1]}")
