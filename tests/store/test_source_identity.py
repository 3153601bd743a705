"""A file's questions keep their identity when the file moves or is imported on another
machine: identity does not hang on an absolute path."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import text

from studyapp.io.importer import import_file
from studyapp.store.db import Database
from studyapp.study import reviews
from studyapp.study.collection import Collection
from studyapp.study.scheduler import Grade

from tests.conftest import NOW

NOTES = """Git:
  * What does git rebase do?
    Replays your commits on top of another base.
  * What is a fast-forward merge?
    Moving the branch pointer when there is no divergent work.
SQL:
  * What is an index?
    A structure that finds rows without scanning the table.
"""


def counts(db: Database) -> tuple[int, int, int]:
    with db.begin() as session:
        row = session.execute(
            text(
                "SELECT (SELECT count(*) FROM question), (SELECT count(*) FROM source), "
                "(SELECT count(*) FROM effective_review)"
            )
        ).one()
    return (row[0], row[1], row[2])


def test_a_moved_file_updates_its_questions_in_place(db: Database, tmp_path: Path) -> None:
    first = tmp_path / "old-place" / "notes.txt"
    first.parent.mkdir()
    first.write_text(NOTES, encoding="utf-8")
    import_file(db, first, NOW)
    reviews.grade(Collection(db), 1, Grade.GOOD, NOW)
    moved = tmp_path / "new-place" / "notes.txt"
    moved.parent.mkdir()
    shutil.move(first, moved)
    moved.write_text(NOTES.replace("another base", "a new base"), encoding="utf-8")
    report = import_file(db, moved, NOW)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert counts(db) == (3, 1, 1)
    with db.begin() as session:
        path = session.execute(text("SELECT path FROM source")).scalar()
    assert path == str(moved)


def test_the_same_notes_on_another_machine_match(tmp_path: Path) -> None:
    """A copy of the data folder on a second machine, where the notes live elsewhere."""
    home = tmp_path / "machine-a"
    (home / "notes").mkdir(parents=True)
    notes = home / "notes" / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    db_a = Database.open(home / "data" / "studyapp.sqlite3")
    import_file(db_a, notes, NOW)
    db_a.close()
    other = tmp_path / "machine-b"
    shutil.copytree(home / "data", other / "data")
    shutil.rmtree(home)  # machine A's path does not exist here
    (other / "Documents").mkdir()
    there = other / "Documents" / "notes.txt"
    there.write_text(NOTES, encoding="utf-8")
    db_b = Database.open(other / "data" / "studyapp.sqlite3")
    try:
        report = import_file(db_b, there, NOW)
        assert (report.created, report.unchanged) == (0, 3)
        assert counts(db_b) == (3, 1, 0)
    finally:
        db_b.close()


def test_a_second_copy_that_still_exists_is_its_own_source(db: Database, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "notes.txt").write_text(NOTES, encoding="utf-8")
    import_file(db, tmp_path / "a" / "notes.txt", NOW)
    report = import_file(db, tmp_path / "b" / "notes.txt", NOW)
    assert report.created == 3
    assert counts(db) == (6, 2, 0)


def test_a_different_file_with_the_same_name_is_not_taken_for_a_move(
    db: Database, tmp_path: Path
) -> None:
    first = tmp_path / "a" / "notes.txt"
    first.parent.mkdir()
    first.write_text(NOTES, encoding="utf-8")
    import_file(db, first, NOW)
    first.unlink()
    unrelated = tmp_path / "b" / "notes.txt"
    unrelated.parent.mkdir()
    unrelated.write_text("Go:\n  * What is a goroutine?\n    A lightweight thread.\n")
    report = import_file(db, unrelated, NOW)
    assert (report.created, report.retired) == (1, 0)
    assert counts(db) == (4, 2, 0)
