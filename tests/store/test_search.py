"""Search on a real database: code-friendly words, stemming, substrings of code, the
filters of the query language, ranking and snippets; no input reaches SQLite as syntax."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from studyapp.store import mutations
from studyapp.store.content import QuestionSpec, SourceSpec, apply_content
from studyapp.store.db import Database
from studyapp.store.records import SnippetPart
from studyapp.store.search import RecallCurve, search, search_ids
from studyapp.store.search_query import BadQuery
from studyapp.study.collection import Collection
from studyapp.study.reviews import grade
from studyapp.study.scheduler import Grade, decay_constants

from tests.conftest import NOW

RECALL = RecallCurve(*decay_constants())
QUESTIONS = [
    # key, topic path, prompt, answer, tags
    ("init", ("Python", "Classes"), "What does __init__ do?", "It sets up a new instance.", ()),
    ("git", ("Git",), "How do you init a git repo?", "Run git init in the folder.", ()),
    (
        "vec",
        ("C++",),
        "Cost of std::vector push_back?",
        "Amortised O(1); inserting in the middle is O(n).",
        ("cpp", "stl"),
    ),
    ("ab", ("Misc",), "What is A/B testing?", "Comparing two variants: an a-b test.", ()),
    ("deco", ("Python", "Functions"), "What are decorators?", "Wrappers of functions.", ()),
    (
        "clos",
        ("Python", "Functions"),
        "Explain closures",
        "A decorator often keeps its state in a closure.",
        (),
    ),
    ("null", ("Databases",), "What does NOT NULL mean?", "The column must hold a value.", ("sql",)),
    ("fast", ("C++",), "Why is C++ fast?", "Zero-cost abstractions.", ()),
]
KEYS = [q[0] for q in QUESTIONS]


def seed_questions(db: Database) -> dict[str, int]:
    specs = [QuestionSpec(*q) for q in QUESTIONS]
    with db.begin() as session:
        paths = sorted({q.topic_path for q in specs})
        apply_content(
            session, SourceSpec("test:deck", "Deck", "deck", None, "h"), paths, specs, NOW
        )
        rows = session.execute(text("SELECT external_key, id FROM question"))
        return {row[0]: row[1] for row in rows}


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    return seed_questions(db)


def found(db: Database, query: str, when=NOW) -> list[str]:  # type: ignore[no-untyped-def]
    with db.begin() as session:
        hits = search(session, query, when, RECALL)
        keys = dict(session.execute(text("SELECT id, external_key FROM question")).all())
    return [keys[hit.question_id] for hit in hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("__init__", ["init"]),  # one token, not every "init"
        ("init", ["git"]),
        ("O(n)", ["vec"]),
        ("C++", ["fast"]),
        ("std::vector", ["vec"]),
        ("a-b", ["ab"]),
        ("NOT NULL", ["null"]),
        ('"not null"', ["null"]),
        ("NOT", ["null"]),
        ("`push_`", ["vec"]),
        ("`(1);`", ["vec"]),
        ("`O(`", ["vec"]),  # shorter than a trigram: still found
        ("-wrappers decorator", ["clos"]),
        ("git -repo", []),
        ("zero-cost", ["fast"]),
        ("vector OR variants", ["vec", "ab"]),
        ("(decorators OR closures) wrappers", ["deco"]),
        ("`push_back` OR a-b", ["vec", "ab"]),
        ("colum*", ["null"]),
        ("what?", ["init", "ab", "deco", "null"]),
    ],
)
def test_text_queries(db: Database, ids: dict[str, int], query: str, expected: list[str]) -> None:
    assert sorted(found(db, query)) == sorted(expected)


def test_words_are_stemmed_and_the_prompt_ranks_above_the_answer(
    db: Database, ids: dict[str, int]
) -> None:
    assert found(db, "decorators") == ["deco", "clos"]
    assert found(db, "decorator") == ["deco", "clos"]
    assert found(db, "closures")[0] == "clos"


def test_hits_carry_the_topic_path_and_a_highlighted_snippet(
    db: Database, ids: dict[str, int]
) -> None:
    with db.begin() as session:
        first, second = search(session, "decorators", NOW, RECALL)
    assert first.topic_path == ("Python", "Functions")
    assert first.prompt_md == "What are decorators?"
    assert SnippetPart("decorators", hit=True) in first.snippet
    assert second.snippet_text("[", "]") == "A [decorator] often keeps its state in a closure."
    assert len(first.uid) == 36


def test_topic_and_tag_filters(db: Database, ids: dict[str, int]) -> None:
    assert sorted(found(db, "topic:python")) == ["clos", "deco", "init"]
    assert sorted(found(db, "topic:Python::functions")) == ["clos", "deco"]
    assert sorted(found(db, "topic:func*")) == ["clos", "deco"]
    assert sorted(found(db, 'topic:"C++"')) == ["fast", "vec"]
    assert found(db, "topic:nowhere") == []
    assert found(db, "tag:SQL") == ["null"]
    assert sorted(found(db, "tag:s*")) == ["null", "vec"]
    assert found(db, "tag:st") == []  # whole tags only
    assert sorted(found(db, "topic:python -topic:classes")) == ["clos", "deco"]
    assert found(db, "topic:python OR tag:stl") == ["init", "vec", "deco", "clos"]  # deck order


def test_state_filters(db: Database, ids: dict[str, int]) -> None:
    col = Collection(db)
    grade(col, ids["git"], Grade.AGAIN, NOW)  # due again within minutes
    grade(col, ids["deco"], Grade.EASY, NOW)
    grade(col, ids["fast"], Grade.AGAIN, NOW)  # due, but suspended below: not due
    with db.begin() as session:
        mutations.set_bookmark(session, ids["null"], True, NOW)
        session.execute(
            text("UPDATE question SET suspended_at = 1 WHERE id = :s"), {"s": ids["fast"]}
        )
        session.execute(
            text("UPDATE question SET edited_at = 1, flagged_at = 1 WHERE id = :e"),
            {"e": ids["ab"]},
        )
        session.execute(text("UPDATE question SET deleted_at = 1 WHERE id = :d"), {"d": ids["vec"]})
    later = NOW + timedelta(hours=1)
    assert found(db, "is:due", later) == ["git"]
    assert sorted(found(db, "is:new", later)) == ["ab", "clos", "init", "null"]
    assert found(db, "is:bookmarked") == ["null"]
    assert found(db, "is:suspended") == ["fast"]
    with db.begin() as session:
        studied = search_ids(session, 'topic:python OR topic:"C++"', later, RECALL, in_study=True)
    assert studied == [ids["init"], ids["deco"], ids["clos"]]  # vec deleted, fast suspended
    assert found(db, "is:edited") == ["ab"]
    assert found(db, "is:flagged") == ["ab"]
    assert found(db, "std::vector") == []  # deleted: found only when asked for
    assert found(db, "is:deleted") == ["vec"]
    assert sorted(found(db, "rated:1", later)) == ["deco", "fast", "git"]
    assert found(db, "rated:1:4", later) == ["deco"]
    assert found(db, "rated:1", NOW + timedelta(days=2)) == []
    assert len(found(db, "added:1", later)) == len(QUESTIONS) - 1
    assert found(db, "added:1", NOW + timedelta(days=2)) == []


def test_recall_filter_follows_the_forgetting_curve(db: Database, ids: dict[str, int]) -> None:
    col = Collection(db)
    grade(col, ids["deco"], Grade.GOOD, NOW)
    with db.begin() as session:
        stability = session.execute(
            text("SELECT stability FROM card_state WHERE question_id = :q"), {"q": ids["deco"]}
        ).scalar_one()
    # Independently of the code: R(t) = (1 + factor·t/S)^decay, so R = 0.9 at t = S days
    # by FSRS's definition of stability.
    at_stability = NOW + timedelta(days=stability)
    assert found(db, "prop:r<0.91", at_stability) == ["deco"]
    assert found(db, "prop:r<0.89", at_stability) == []
    assert found(db, "prop:r=0.9", at_stability) == ["deco"]
    month_on = at_stability + timedelta(days=stability * 30)
    recall = (1 + RECALL.factor * 31) ** RECALL.decay  # t = 31 S
    assert found(db, f"prop:r<{recall + 0.01:.3f}", month_on) == ["deco"]
    assert found(db, f"prop:r<{recall - 0.01:.3f}", month_on) == []
    assert found(db, "prop:s>0") == ["deco"]
    assert found(db, "-prop:r<2 topic:python::functions") == ["clos"]  # new: no recall


@pytest.mark.parametrize(
    "query", ["(a", '"open', "`code", "is:unknown", "prop:r<<1", "rated:x", "added:0", "OR a"]
)
def test_a_malformed_query_says_what_is_wrong(db: Database, query: str) -> None:
    with db.begin() as session, pytest.raises(BadQuery) as caught:
        search(session, query, NOW, RECALL)
    assert caught.value.message
    assert caught.value.hint


def test_search_ids_lists_every_match_best_first(db: Database, ids: dict[str, int]) -> None:
    with db.begin() as session:
        assert search_ids(session, "decorators", NOW, RECALL) == [ids["deco"], ids["clos"]]
        assert len(search_ids(session, "", NOW, RECALL)) == len(QUESTIONS)
        assert [hit.question_id for hit in search(session, "", NOW, RECALL, limit=2)] == [
            ids["init"],
            ids["git"],
        ]


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path: Path = tmp_path_factory.mktemp("search") / "studyapp.sqlite3"
    database = Database.open(path)
    seed_questions(database)
    yield database
    database.close()


SYNTAX = [*list("()\"`-*:_+.,;!?/\\^$%&|<>=~@#[]{}' "), "OR", "AND", "NOT", "NEAR", "is:", "tag:"]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(st.sampled_from(SYNTAX), st.text(max_size=4), st.sampled_from(["c++", "O(n)"])),
        max_size=8,
    ).map("".join)
)
def test_no_text_is_ever_an_sql_error(shared_db: Database, query: str) -> None:
    with shared_db.begin() as session:
        try:
            hits = search(session, query, NOW, RECALL, limit=5)
        except BadQuery:
            return
    assert len(hits) <= 5
