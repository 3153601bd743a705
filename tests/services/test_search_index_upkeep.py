"""The worker's upkeep of the search index after an import or at a start: the rows a bulk
import left are indexed, and a fragmented word index is merged (store/fts.py)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from studyapp.services.app import Places, Services
from studyapp.services.rendering import Renderer
from studyapp.store import fts
from studyapp.store.db import Database
from studyapp.study.collection import Collection

from tests.conftest import make_questions, seed


def test_the_start_s_upkeep_merges_a_fragmented_word_index(db: Database, data_dir: Path) -> None:
    seed(db, make_questions(30))
    services = Services(
        Collection(db),
        Places(data_dir / "studyapp.sqlite3", data_dir / "backups"),
        Renderer("light"),
    )
    for question_id in range(1, 31):  # one commit each: segments pile up
        with db.begin() as session:
            if fts.segment_count(session.connection()) >= fts.SEGMENTS_WORTH_MERGING:
                break
            session.execute(
                text("UPDATE question SET prompt_md = 'Why okapis?' WHERE id = :i"),
                {"i": question_id},
            )
    assert services.content.catch_up_search_index() == 0  # nothing was waiting
    with db.begin() as session:
        assert fts.segment_count(session.connection()) == 1
        found = session.scalars(
            text("SELECT rowid FROM question_fts WHERE question_fts MATCH 'okapi'")
        ).all()
    assert sorted(found) == list(range(1, question_id))
