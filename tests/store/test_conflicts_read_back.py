"""`edit_conflicts` reads from the store the conflicts `apply_content` reports, for callers
that get no ApplyReport (the file importer): the same list, before or after the import."""

from __future__ import annotations

from datetime import timedelta

from studyapp.store import authoring
from studyapp.store.content import (
    QuestionSpec,
    SourceSpec,
    any_edited,
    apply_content,
    edit_conflicts,
)
from studyapp.store.db import Database

from tests.conftest import NOW

SOURCE = SourceSpec("file:/notes.md", "notes.md", "deck", "/notes.md", "h")
DECK = [
    QuestionSpec("a", ("T",), "What is a tuple?", "An immutable sequence.", ("py",)),
    QuestionSpec("b", ("T",), "What is a list?", "A mutable sequence.", ()),
    QuestionSpec("c", ("U",), "What is a set?", "Unique items.", ()),
]
NEWER = [
    DECK[0]._replace(answer_md="An immutable, hashable sequence."),
    DECK[1]._replace(tags=("py",)),
    DECK[2],
]


def test_the_conflicts_read_back_are_those_the_import_reported(db: Database) -> None:
    with db.begin() as session:
        apply_content(session, SOURCE, [("T",), ("U",)], DECK, NOW)
        assert not any_edited(session)
        ids = {spec.key: i for spec, i in zip(DECK, range(1, 4), strict=True)}
        for key in ("a", "b", "c"):
            authoring.edit_question(session, ids[key], NOW, answer_md=f"mine {key}")
        assert any_edited(session)
        before = edit_conflicts(session, SOURCE.key, NEWER)
        report = apply_content(session, SOURCE, [("T",), ("U",)], NEWER, NOW + timedelta(days=1))
        after = edit_conflicts(session, SOURCE.key, NEWER)
    # Every edited question differs from the file now (the user's answers), all three.
    assert report.conflicts == before == after
    assert {c.question_id for c in after} == {1, 2, 3}
    assert after[0].answer_md == "An immutable, hashable sequence."
    assert after[1].tags == "py"


def test_an_unknown_source_has_no_conflicts(db: Database) -> None:
    with db.begin() as session:
        assert edit_conflicts(session, "file:/elsewhere.md", NEWER) == ()
