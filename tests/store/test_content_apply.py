"""Writing a source's content: matched by key, history kept, FTS in step, atomic."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from studyapp.store import fts
from studyapp.store.content import (
    BULK_INSERT_ROWS,
    QuestionSpec,
    SourceSpec,
    apply_content,
)
from studyapp.store.db import Database
from studyapp.store.derived import FTS_INSERT_TRIGGER as INSERT_TRIGGER
from studyapp.store.derived import FTS_TABLES, TRIGGERS
from studyapp.store.schema import Question
from studyapp.study.collection import Collection
from studyapp.study.reviews import grade
from studyapp.study.scheduler import Grade

from tests.conftest import NOW, make_questions

SOURCE = SourceSpec("file:/notes.txt", "notes.txt", "outline", "/notes.txt", "h1")


def apply(db: Database, questions: list[QuestionSpec], when=NOW):  # type: ignore[no-untyped-def]
    with db.begin() as session:
        paths = sorted({q.topic_path for q in questions})
        return apply_content(session, SOURCE, paths, questions, when)


def fts_ids(db: Database, word: str, table: str = "question_fts") -> set[int]:
    with db.begin() as session:
        return set(
            session.scalars(text(f"SELECT rowid FROM {table} WHERE {table} MATCH :w"), {"w": word})
        )


def test_reimport_updates_in_place_and_keeps_history(db: Database) -> None:
    questions = make_questions(5)
    first = apply(db, questions)
    assert (first.created, first.updated, first.unchanged) == (5, 0, 0)
    col = Collection(db)
    with db.begin() as session:
        qid = session.scalar(select(Question.id).where(Question.external_key == "q1"))
    assert qid is not None
    grade(col, qid, Grade.GOOD, NOW)
    edited = [q._replace(answer_md="A better answer.") if q.key == "q1" else q for q in questions]
    edited = [q for q in edited if q.key != "q4"] + [
        QuestionSpec("q9", ("Python", "Basics"), "New?", "Yes.", ())
    ]
    second = apply(db, edited, NOW + timedelta(days=1))
    assert (second.created, second.updated, second.unchanged, second.retired) == (1, 1, 3, 1)
    with db.begin() as session:
        assert session.scalar(select(Question.answer_md).where(Question.id == qid)) == (
            "A better answer."
        )
        assert session.execute(text("SELECT count(*) FROM review_log")).scalar() == 1
        retired = session.scalar(select(Question.retired_at).where(Question.external_key == "q4"))
        assert retired is not None
    back = apply(db, questions, NOW + timedelta(days=2))
    assert back.retired == 1  # q9 leaves
    assert back.updated == 2  # q1's answer restored, q4 back from retirement


def catch_up(db: Database) -> int:
    with db.begin() as session:
        return fts.catch_up(session.connection())


def pending_from(db: Database) -> int | None:
    with db.begin() as session:
        return fts.pending_from(session.connection())


def assert_index_whole(db: Database) -> None:
    with db.begin() as session:
        for table in FTS_TABLES:
            session.execute(text(f"INSERT INTO {table}({table}) VALUES ('integrity-check')"))


def test_fts_follows_inserts_updates_and_bulk_imports(db: Database) -> None:
    apply(db, [QuestionSpec("a", ("T",), "What is a closure?", "A function with state.", ())])
    assert len(fts_ids(db, "closure")) == 1
    assert pending_from(db) is None  # a small write is indexed by the triggers
    bulk = [
        QuestionSpec(f"b{i}", ("Bulk",), f"Bulk question {i} zebra?", "Answer.", ())
        for i in range(BULK_INSERT_ROWS + 10)
    ]
    with db.begin() as session:
        apply_content(session, replace(SOURCE, key="file:/bulk.csv"), [("Bulk",)], bulk, NOW)
        first_bulk = session.scalar(
            select(func.min(Question.id)).where(Question.external_key.like("b%"))
        )
    # The bulk rows are committed unindexed, behind a mark the triggers respect.
    assert fts_ids(db, "zebra") == set()
    assert pending_from(db) == first_bulk
    with db.begin() as session:  # edits and deletes before the catch-up touch no index entry
        session.execute(
            text("UPDATE question SET prompt_md = 'Okapi?' WHERE id = :i"), {"i": first_bulk}
        )
        session.execute(text("DELETE FROM question WHERE id = :i"), {"i": first_bulk + 1})
        session.execute(text("UPDATE question SET answer_md = 'Lexical capture.' WHERE id = 1"))
    assert catch_up(db) == BULK_INSERT_ROWS + 9
    assert pending_from(db) is None
    assert catch_up(db) == 0
    assert_index_whole(db)
    assert len(fts_ids(db, "zebra")) == BULK_INSERT_ROWS + 8
    assert fts_ids(db, "okapi") == {first_bulk}
    assert len(fts_ids(db, "closure")) == 1
    assert len(fts_ids(db, "lexical")) == 1
    # The trigram index (substrings of code) catches up too.
    assert len(fts_ids(db, '"bra?"', "question_fts_trigram")) == BULK_INSERT_ROWS + 8
    assert len(fts_ids(db, '"closure?"', "question_fts_trigram")) == 1
    with db.begin() as session:
        trigger = session.scalar(
            text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": INSERT_TRIGGER}
        )
        assert trigger == TRIGGERS[INSERT_TRIGGER]
    apply(db, [QuestionSpec("a", ("T",), "What is a closure?", "Dynamic scope.", ())])
    assert len(fts_ids(db, "dynamic")) == 1
    assert len(fts_ids(db, '"mic sco"', "question_fts_trigram")) == 1
    assert_index_whole(db)


def test_a_second_bulk_import_before_the_catch_up_keeps_the_first_mark(db: Database) -> None:
    apply(db, make_questions(BULK_INSERT_ROWS + 5))
    first = pending_from(db)
    with db.begin() as session:
        more = [q._replace(key=f"x{q.key}") for q in make_questions(BULK_INSERT_ROWS + 5)]
        apply_content(session, replace(SOURCE, key="other"), [("X",)], more, NOW)
    assert pending_from(db) == first
    assert catch_up(db) == 2 * (BULK_INSERT_ROWS + 5)
    assert_index_whole(db)


def test_a_failing_write_leaves_nothing_behind(db: Database) -> None:
    apply(db, make_questions(3))
    bad = [*make_questions(BULK_INSERT_ROWS + 5), QuestionSpec("q0", ("X",), "dup", "dup", ())]
    with pytest.raises(Exception, match="UNIQUE"), db.begin() as session:
        apply_content(session, replace(SOURCE, key="other"), [("X",)], bad, NOW)
    with db.begin() as session:
        assert session.scalar(select(func.count()).select_from(Question)) == 3
        trigger = session.scalar(
            text("SELECT count(*) FROM sqlite_master WHERE name = :n"), {"n": INSERT_TRIGGER}
        )
        assert trigger == 1
    assert pending_from(db) is None  # the mark rolled back with the rows


def fts_settings(db: Database) -> dict[str, dict[str, object]]:
    with db.begin() as session:
        return {
            table: dict(session.execute(text(f"SELECT k, v FROM {table}_config")).all())
            for table in FTS_TABLES
        }


def test_a_bulk_import_leaves_the_index_settings_as_fts5_s_defaults(db: Database) -> None:
    """The bulk path indexes with a larger buffer; afterwards (or after a failure) every
    later write runs with FTS5's defaults again."""
    from studyapp.store.fts import DEFAULT_SETTINGS

    before = fts_settings(db)
    bad = [*make_questions(BULK_INSERT_ROWS + 5), QuestionSpec("q0", ("X",), "dup", "dup", ())]
    with pytest.raises(Exception, match="UNIQUE"), db.begin() as session:
        apply_content(session, replace(SOURCE, key="other"), [("X",)], bad, NOW)
    assert fts_settings(db) == before
    apply(db, make_questions(BULK_INSERT_ROWS + 5))
    catch_up(db)
    for table, settings in fts_settings(db).items():
        assert {k: settings[k] for k in DEFAULT_SETTINGS} == DEFAULT_SETTINGS, table


def test_a_bulk_reimport_updates_in_place_and_the_index_follows(db: Database) -> None:
    count = BULK_INSERT_ROWS + 20
    first = [
        QuestionSpec(f"k{i}", ("Bulk",), f"Bulk {i} walrus?", f"Answer {i}.", ())
        for i in range(count)
    ]
    assert apply(db, first).created == count
    with db.begin() as session:
        ids = dict(session.execute(select(Question.external_key, Question.id)).all())
        uids = list(session.scalars(select(Question.uid)))
    assert len(set(uids)) == count
    second = [q._replace(prompt_md=f"Bulk {i} narwhal?") for i, q in enumerate(first)]
    second += [QuestionSpec(f"n{i}", ("Bulk",), f"New {i} okapi?", "A.", ()) for i in range(count)]
    catch_up(db)
    report = apply(db, second, NOW + timedelta(days=1))
    assert (report.created, report.updated) == (count, count)
    catch_up(db)
    assert_index_whole(db)
    with db.begin() as session:
        after = dict(session.execute(select(Question.external_key, Question.id)).all())
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []
    assert {k: after[k] for k in ids} == ids  # the same rows, updated
    assert fts_ids(db, "walrus") == set()
    assert fts_ids(db, "narwhal") == set(ids.values())
    assert len(fts_ids(db, "okapi")) == count
    assert len(fts_ids(db, '"kap"', "question_fts_trigram")) == count


def test_a_search_and_a_check_before_the_catch_up_see_a_whole_collection(db: Database) -> None:
    from studyapp.store.check import check_database
    from studyapp.store.search import RecallCurve, search_ids

    apply(db, [QuestionSpec(f"w{i}", ("W",), f"Wombat {i}?", "A.", ()) for i in range(600)])
    assert pending_from(db) is not None
    report = check_database(db, 0)
    assert report.ok, report.format()  # rows waiting for the index are not damage
    with db.begin() as session:
        found = search_ids(session, "wombat", NOW, RecallCurve(-0.5, 19 / 81))
    assert len(found) == 600
    assert pending_from(db) is None
    assert check_database(db, 0).ok


def test_a_fragmented_word_index_is_merged_into_one_segment(db: Database) -> None:
    """Every commit that changes the index adds a segment; FTS5 merges them only level by
    level. From SEGMENTS_WORTH_MERGING on, the word index becomes one segment, finding
    exactly what it found before."""
    apply(db, make_questions(40))
    with db.begin() as session:
        ids = list(session.scalars(select(Question.id).order_by(Question.id)))
    for round_number, question_id in enumerate(ids):
        with db.begin() as session:
            if fts.segment_count(session.connection()) >= fts.SEGMENTS_WORTH_MERGING:
                break
            assert not fts.merge_if_fragmented(session.connection())
        with db.begin() as session:  # one commit, one new segment
            session.execute(
                text("UPDATE question SET answer_md = :a WHERE id = :i"),
                {"a": f"Edited answer {round_number} about zebras.", "i": question_id},
            )
    else:
        pytest.fail("the index never reached SEGMENTS_WORTH_MERGING segments")
    before = fts_ids(db, "zebra"), fts_ids(db, "question")
    with db.begin() as session:
        assert fts.merge_if_fragmented(session.connection())
        assert fts.segment_count(session.connection()) == 1
    assert (fts_ids(db, "zebra"), fts_ids(db, "question")) == before
    assert len(before[0]) == round_number
    assert_index_whole(db)
