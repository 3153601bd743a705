"""Exporting .apkg: re-imported here it gives the same questions and schedule, and the real
Anki library (when installed: a test-only tool, never shipped) imports it as Anki would."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from studyapp.errors import StudyAppError
from studyapp.io.apkg.reader import read_package
from studyapp.io.apkg.writer import export_apkg
from studyapp.io.exporter import Selection
from studyapp.io.importer import import_file
from studyapp.store.db import Database

from tests.conftest import NOW
from tests.io.apkg.conftest import fixture

CONTENT_SQL = (
    "SELECT t.title, q.prompt_md, q.answer_md, q.tags FROM question q "
    "JOIN topic t ON t.id = q.topic_id ORDER BY q.prompt_md"
)
DUE_SQL = (
    "SELECT q.prompt_md, c.state, c.due FROM question q JOIN card_state c "
    "ON c.question_id = q.id ORDER BY q.prompt_md"
)


def rows(db: Database, sql: str) -> list[tuple[Any, ...]]:
    with db.begin() as session:
        return [tuple(row) for row in session.execute(text(sql))]


@pytest.fixture
def studied(db: Database) -> Database:
    import_file(db, fixture("sm2.apkg"), NOW)
    return db


def test_export_then_import_gives_the_same_questions_and_schedule(
    studied: Database, tmp_path: Path
) -> None:
    out = tmp_path / "out.apkg"
    assert export_apkg(studied, out, NOW) == 8
    with zipfile.ZipFile(out) as archive:
        assert {"collection.anki2", "media", "0", "1"} <= set(archive.namelist())
    fresh = Database.open(tmp_path / "fresh" / "studyapp.sqlite3")
    import_file(fresh, out, NOW)
    # Anki's [sound:…] has no label: a sound's link reads as its file name after the trip.
    sound_label = re.compile(r"\[▶ [^\]]*\]")
    assert [sound_label.sub("[▶]", str(row)) for row in rows(fresh, CONTENT_SQL)] == [
        sound_label.sub("[▶]", str(row)) for row in rows(studied, CONTENT_SQL)
    ]
    again, before = rows(fresh, DUE_SQL), rows(studied, DUE_SQL)
    assert [(p, s) for p, s, _due in again] == [(p, s) for p, s, _due in before]
    history = "SELECT rating, reviewed_at, duration_ms FROM effective_review ORDER BY 2, 1"
    assert rows(fresh, history) == rows(studied, history)
    for (_p, state, due), (_q, _s, was) in zip(again, before, strict=True):
        # Review dues are whole days in Anki; learning dues keep their second.
        tolerance = 86_400_000 if state == 2 else 1000
        assert abs(due - was) <= tolerance
    fresh.close()


def test_without_scheduling_every_card_is_new(studied: Database, tmp_path: Path) -> None:
    out = tmp_path / "plain.apkg"
    export_apkg(studied, out, NOW, scheduling=False)
    package = read_package(out)
    assert package.deck.question_count == 8
    assert package.scheduled == 0
    assert package.reviews == 0


def test_one_topic_and_its_subtopics(studied: Database, tmp_path: Path) -> None:
    out = tmp_path / "git.apkg"
    assert export_apkg(studied, out, NOW, Selection(topic_path="Git")) == 3
    assert [path for path, _t in read_package(out).deck.walk()] == [("Git",)]
    with pytest.raises(StudyAppError, match="no topic"):
        export_apkg(studied, tmp_path / "none.apkg", NOW, Selection(topic_path="Nope"))
    assert not (tmp_path / "none.apkg").exists()


def test_anki_itself_imports_the_export(studied: Database, tmp_path: Path) -> None:
    """The third-party check: Anki's own importer reads our collection.anki2 package."""
    anki_collection = pytest.importorskip("anki.collection")
    out = tmp_path / "out.apkg"
    now = datetime.now(UTC)
    export_apkg(studied, out, now)
    (tmp_path / "anki").mkdir()
    col = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        options = anki_collection.ImportAnkiPackageOptions(with_scheduling=True)
        request = anki_collection.ImportAnkiPackageRequest(package_path=str(out), options=options)
        result = col.import_anki_package(request)
        assert len(result.log.new) == 8
        ours = {p: (s, due) for p, s, due in rows(studied, DUE_SQL)}
        seen = {}
        for card_id in col.find_cards(""):
            card = col.get_card(card_id)
            front = card.note().fields[0]
            seen[front] = (col.decks.name(card.did), card.type, card.note().tags)
            prompt = front.removeprefix("<p>").removesuffix("</p>")
            prompt = prompt.replace("<strong>", "**").replace("</strong>", "**")
            if card.type == 2:
                _state, due = ours[prompt]
                days_here = (datetime.fromtimestamp(due / 1000, tz=UTC) - now) / timedelta(days=1)
                assert abs((card.due - col.sched.today) - days_here) <= 1, prompt
                assert card.memory_state is not None
        assert seen["<p>List vs tuple</p>"] == ("Python::Core", 1, ["py", "types"])
        assert seen["<p>Never studied</p>"][:2] == ("Git", 0)
        assert sorted(col.media.check().unused) == []
        assert len(list(Path(col.media.dir()).iterdir())) == 2
        reviews = rows(studied, "SELECT count(*) FROM effective_review")[0][0]
        assert reviews > 0
        assert col.db.scalar("SELECT count() FROM revlog WHERE ease BETWEEN 1 AND 4") == reviews
    finally:
        col.close()
