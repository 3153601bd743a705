"""Updating from the first edition of the built-in deck to this one keeps every user's history.

`data/first_edition_ids.txt` lists the 229 ids the first edition shipped. The test installs a
deck with exactly those ids (standing in for the first edition), reviews and bookmarks some of
them, then syncs the deck this app ships: every old question must be updated in place (same
row, same reviews, same bookmark), none retired, and the new questions added.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from studyapp.content.deck_format import read_deck_dir
from studyapp.io.sync import sync_builtin_deck
from studyapp.paths import builtin_decks_dir
from studyapp.store.db import Database
from studyapp.store.schema import Question
from studyapp.study import bookmarks, reviews
from studyapp.study.collection import Collection
from studyapp.study.scheduler import Grade

from tests.conftest import NOW

FIRST_EDITION = Path(__file__).parent / "data" / "first_edition_ids.txt"


def first_edition_ids() -> list[str]:
    return [line for line in FIRST_EDITION.read_text(encoding="utf-8").split() if line]


def first_edition_deck(folder: Path, ids: list[str]) -> Path:
    """A deck with the first edition's ids, under topics of another shape, so that the update
    also moves questions between topics."""
    folder.mkdir()
    lines = ["# First edition", ""]
    for key in ids:
        lines += [f"## Q: Old prompt of {key} {{#{key}}}", f"Old answer of {key}.", ""]
    (folder / "deck.md").write_text("\n".join(lines), encoding="utf-8")
    return folder


def question_rows(db: Database) -> dict[str, int]:
    with db.begin() as session:
        rows = session.execute(select(Question.external_key, Question.id))
        return {row[0]: row[1] for row in rows}


def test_every_first_edition_id_is_still_in_the_deck() -> None:
    keys = {question.key for _path, question in read_deck_dir(builtin_decks_dir()).questions()}
    ids = first_edition_ids()
    assert len(ids) == len(set(ids)) == 229
    assert sorted(set(ids) - keys) == []


def test_updating_from_the_first_edition_keeps_reviews_and_bookmarks(
    db: Database, tmp_path: Path
) -> None:
    ids = first_edition_ids()
    first = sync_builtin_deck(db, NOW, folder=first_edition_deck(tmp_path / "v1", ids))
    assert first.created == 229
    before = question_rows(db)
    col = Collection(db)
    studied = ids[::10]
    for key in studied:
        reviews.grade(col, before[key], Grade.GOOD, NOW)
    bookmarks.toggle(col, before["python.gil"], NOW)

    later = NOW + timedelta(days=3)
    update = sync_builtin_deck(db, later)
    current = read_deck_dir(builtin_decks_dir())
    assert (update.updated, update.retired) == (229, 0)
    assert update.created == current.question_count - 229
    after = question_rows(db)
    assert {key: after[key] for key in ids} == before  # same rows, updated in place
    with db.begin() as session:
        assert session.execute(text("SELECT count(*) FROM review_log")).scalar() == len(studied)
        assert session.execute(text("SELECT count(*) FROM bookmark")).scalar() == 1
        retired = session.scalar(
            select(func.count()).select_from(Question).where(Question.retired_at.is_not(None))
        )
        assert retired == 0
        gil = session.scalar(select(Question.prompt_md).where(Question.id == before["python.gil"]))
        assert gil is not None
        assert not gil.startswith("Old prompt")
