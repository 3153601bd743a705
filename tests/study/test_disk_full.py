"""A full disk fails a grade or an import cleanly: a clear error, nothing half-written, and
everything works again once there is room."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.errors import DiskFull
from studyapp.io.importer import import_file
from studyapp.store.db import Database
from studyapp.study import reviews
from studyapp.study.collection import Collection
from studyapp.study.queue import StudyQueue
from studyapp.study.scheduler import Grade
from studyapp.study.scope import ALL_QUESTIONS

from tests.conftest import NOW, make_questions, seed


def fill_the_disk(db: Database) -> None:
    """The database may not grow by a single page (SQLite's own limit, per connection)."""
    with db.begin() as session:
        pages = session.execute(text("PRAGMA page_count")).scalar()
        session.execute(text(f"PRAGMA max_page_count = {pages}"))


def make_room(db: Database) -> None:
    with db.begin() as session:
        session.execute(text("PRAGMA max_page_count = 1073741823"))


def grade_until_the_disk_is_full(col: Collection, queue: StudyQueue) -> tuple[int, DiskFull]:
    for step in range(300):
        question_id = queue.next(NOW)
        assert question_id is not None
        try:
            reviews.grade(col, question_id, Grade.GOOD, NOW + timedelta(seconds=step))
        except DiskFull as full:
            return step, full
    raise AssertionError("the database never filled up")


def count(db: Database, table: str) -> int:
    with db.begin() as session:
        return int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)


def test_grading_on_a_full_disk_fails_cleanly_then_recovers(db: Database) -> None:
    seed(db, make_questions(300))
    col = Collection(db)
    queue = col.start(ALL_QUESTIONS, NOW)
    fill_the_disk(db)
    saved, full = grade_until_the_disk_is_full(col, queue)
    assert "disk is full" in full.message
    assert full.hint
    assert count(db, "review_log") == saved  # the failed grade left no trace
    with db.begin() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    make_room(db)
    question_id = queue.next(NOW)
    assert question_id is not None
    reviews.grade(col, question_id, Grade.GOOD, NOW + timedelta(days=1))
    assert count(db, "review_log") == saved + 1


def test_an_import_on_a_full_disk_changes_nothing(db: Database, tmp_path: Path) -> None:
    seed(db, make_questions(5))
    notes = tmp_path / "big.tsv"
    rows = ["question\tanswer"] + [f"Question {i}?\t{'long answer ' * 40}" for i in range(800)]
    notes.write_text("\n".join(rows) + "\n")
    fill_the_disk(db)
    with pytest.raises(DiskFull):
        import_file(db, notes, NOW)
    assert count(db, "question") == 5
    make_room(db)
    assert import_file(db, notes, NOW).created == 800
