"""A newer app with an edited built-in deck updates questions in place by id."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, text

from studyapp.io.sync import (
    BUILTIN_SOURCE_KEY,
    remove_builtin_deck,
    reset_builtin_progress,
    sync_builtin_deck,
)
from studyapp.store.db import Database
from studyapp.store.schema import Question
from studyapp.study import bookmarks, reviews
from studyapp.study.collection import Collection
from studyapp.study.scheduler import Grade
from studyapp.study.scope import DUE_NOW

from tests.conftest import NOW

VERSION_1 = """\
# Python
## Q: List or tuple? {#py.list-tuple}
Lists are mutable.

## Q: What is the GIL? {#py.gil}
A lock.

# Git
## Q: Merge or rebase? {#git.merge-rebase}
It depends.
"""

VERSION_2 = """\
# Python
## Q: List or tuple? {#py.list-tuple}
Lists are mutable; tuples are not.

## Q: What are generators? {#py.generators}
Lazy iterators.

# Git
## Q: Merge or rebase? {#git.merge-rebase}
It depends.
"""


def write(folder: Path, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "deck.md").write_text(body, encoding="utf-8")
    return folder


def question_ids(db: Database) -> dict[str, int]:
    with db.begin() as session:
        rows = session.execute(select(Question.external_key, Question.id))
        return {row[0]: row[1] for row in rows}


def test_an_edited_deck_updates_adds_and_retires_without_touching_history(
    db: Database, tmp_path: Path
) -> None:
    first = sync_builtin_deck(db, NOW, folder=write(tmp_path / "v1", VERSION_1))
    assert first.created == 3
    ids = question_ids(db)
    col = Collection(db)
    reviews.grade(col, ids["py.list-tuple"], Grade.GOOD, NOW)
    reviews.grade(col, ids["py.gil"], Grade.HARD, NOW)
    bookmarks.toggle(col, ids["py.gil"], NOW)

    unchanged = sync_builtin_deck(db, NOW, folder=tmp_path / "v1")
    assert unchanged.created == unchanged.updated == unchanged.retired == 0

    later = NOW + timedelta(days=30)
    second = sync_builtin_deck(db, later, folder=write(tmp_path / "v2", VERSION_2))
    assert (second.created, second.updated, second.retired) == (1, 1, 1)
    assert question_ids(db)["py.list-tuple"] == ids["py.list-tuple"]  # same row, in place
    with db.begin() as session:
        answer = session.scalar(
            select(Question.answer_md).where(Question.id == ids["py.list-tuple"])
        )
        assert answer == "Lists are mutable; tuples are not."
        gil_retired = session.scalar(
            select(Question.retired_at).where(Question.id == ids["py.gil"])
        )
        assert gil_retired == later
        assert session.execute(text("SELECT count(*) FROM review_log")).scalar() == 2
        assert session.execute(text("SELECT count(*) FROM bookmark")).scalar() == 1
    # a retired question leaves study
    queue = col.start(DUE_NOW, later)
    assert ids["py.gil"] not in list(queue.reviews) + list(queue.new)


def test_removing_keeps_it_removed_until_restored(db: Database, tmp_path: Path) -> None:
    folder = write(tmp_path / "v1", VERSION_1)
    sync_builtin_deck(db, NOW, folder=folder)
    assert remove_builtin_deck(db, NOW) == 3
    assert sync_builtin_deck(db, NOW, folder=folder).created == 0
    with db.begin() as session:
        active = session.execute(
            text("SELECT count(*) FROM question WHERE retired_at IS NULL")
        ).scalar()
        assert active == 0
    restored = sync_builtin_deck(db, NOW, folder=folder, force=True)
    assert restored.updated == 3
    assert len(question_ids(db)) == 3


def test_reset_progress_forgets_reviews_but_keeps_bookmarks(db: Database, tmp_path: Path) -> None:
    sync_builtin_deck(db, NOW, folder=write(tmp_path / "v1", VERSION_1))
    ids = question_ids(db)
    col = Collection(db)
    reviews.grade(col, ids["py.gil"], Grade.GOOD, NOW)
    bookmarks.toggle(col, ids["py.gil"], NOW)
    assert reset_builtin_progress(db, NOW) == 1
    with db.begin() as session:
        counts = session.execute(
            text(
                "SELECT (SELECT count(*) FROM card_state), (SELECT count(*) FROM bookmark), "
                "(SELECT group_concat(kind) FROM review_log), "
                "(SELECT count(*) FROM effective_review)"
            )
        ).one()
        # The review stays in the (append-only) log, followed by the reset that ended it.
        assert tuple(counts) == (0, 1, "review,reset", 1)
        source = session.execute(
            text("SELECT count(*) FROM source WHERE key = :k"), {"k": BUILTIN_SOURCE_KEY}
        ).scalar()
        assert source == 1
