"""Search's fast path gives what the plain statements give: the shown page is the head of
the full ranking, the ranked pool is the newest matches, `-word` leaves bm25 alone, and
each hit's snippet is the one snippet() makes for that row; a filter beside words keeps
what it keeps alone."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.store import mutations
from studyapp.store import search as search_module
from studyapp.store.content import QuestionSpec
from studyapp.store.db import Database
from studyapp.store.search import RecallCurve, search, search_ids
from studyapp.store.search_query import BadQuery
from studyapp.study.collection import Collection
from studyapp.study.reviews import grade
from studyapp.study.scheduler import Grade, decay_constants

from tests.conftest import NOW, seed

RECALL = RecallCurve(*decay_constants())
WORDS = ["lock", "thread", "merge", "cache", "heap", "queue", "binary", "search", "tree", "sort"]
CODE = ["`dict.get(k)`", "`a->b`", "`C++`", "`std::vector<int>`"]
TOPICS = [("Core",), ("Core", "Memory"), ("Tools",)]


def questions(count: int = 120) -> list[QuestionSpec]:
    rng = random.Random(15)
    weights = [1 / rank for rank in range(1, len(WORDS) + 1)]

    def sentence(count: int) -> str:
        return " ".join(rng.choices(WORDS, weights, k=count))

    return [
        QuestionSpec(
            f"q{i}",
            TOPICS[i % len(TOPICS)],
            f"What is {sentence(rng.randint(1, 4))}?",
            f"{sentence(rng.randint(2, 12))} {rng.choice(CODE)} {sentence(rng.randint(0, 9))}",
            (f"t{i % 3}",),
        )
        for i in range(count)
    ]


def studied(
    path: Path,
    count: int,
    graded: range,
    bookmarked: range,
    flag_every: int,
    grade_of: Callable[[int], Grade] = lambda _question_id: Grade.AGAIN,
) -> Database:
    """`count` questions, `graded` ones graded, a few deleted, suspended and flagged, and
    `bookmarked` ones bookmarked: every state a filter can ask for."""
    database = Database.open(path)
    seed(database, questions(count))
    col = Collection(database)
    for question_id in graded:
        grade(col, question_id, grade_of(question_id), NOW)
    with database.begin() as session:
        session.execute(text("UPDATE question SET deleted_at = 1 WHERE id % 17 = 0"))
        session.execute(text("UPDATE question SET suspended_at = 1 WHERE id % 13 = 0"))
        session.execute(
            text("UPDATE question SET flagged_at = 1 WHERE id % :every = 0"), {"every": flag_every}
        )
        for question_id in bookmarked:
            mutations.set_bookmark(session, question_id, True, NOW)
    return database


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path: Path = tmp_path_factory.mktemp("ranking") / "studyapp.sqlite3"
    database = studied(path, 120, range(1, 120, 9), range(3, 120, 7), flag_every=11)
    yield database
    database.close()


TERMS = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).map(lambda word: f"-{word}"),
    st.sampled_from(WORDS).map(lambda word: f"{word[:3]}*"),
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(lambda p: f'"{p[0]} {p[1]}"'),
    st.sampled_from(["`dict.get`", "`->`", "`vector<`", "C++", "std::vector", "-`a->b`"]),
    st.sampled_from(
        ["topic:core", "-topic:memory", "tag:t1", "is:new", "is:due", "is:deleted", "is:suspended"]
    ),
    st.sampled_from(["is:bookmarked", "-is:bookmarked", "is:flagged", "-is:flagged"]),
)
QUERIES = st.lists(st.tuples(TERMS, st.sampled_from([" ", " OR "])), min_size=1, max_size=4).map(
    lambda parts: "".join(term + joint for term, joint in parts)[: -len(parts[-1][1])]
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(QUERIES, st.integers(min_value=1, max_value=60))
def test_the_page_is_the_head_of_the_full_ranking(
    collection: Database, query: str, limit: int
) -> None:
    # Fewer matches than RANK_POOL: the pool is every match, so the page is exact.
    with collection.begin() as session:
        try:
            every = search_ids(session, query, NOW, RECALL)
        except BadQuery:
            return
        page = search(session, query, NOW, RECALL, limit=limit)
    assert [hit.question_id for hit in page] == every[:limit]


def reference(
    session: Session, match: str, without: str | None, pool: int, limit: int
) -> list[tuple[int, str]]:
    """The plain way: every match newest first, the newest `pool` ranked by bm25 (prompt
    4:1), a snippet for each."""
    rows = session.execute(
        text(
            "SELECT q.id, bm25(question_fts, 4.0, 1.0), "
            "snippet(question_fts, -1, '[', ']', '…', 14) "
            "FROM question_fts JOIN question AS q ON q.id = question_fts.rowid "
            "WHERE question_fts MATCH :m AND q.deleted_at IS NULL AND q.retired_at IS NULL "
            "ORDER BY question_fts.rowid DESC"
        ),
        {"m": match},
    ).all()
    if without is not None:
        excluded = set(
            session.scalars(
                text("SELECT rowid FROM question_fts WHERE question_fts MATCH :m"),
                {"m": without},
            )
        )
        rows = [row for row in rows if row[0] not in excluded]
    ranked = sorted(rows[:pool], key=lambda row: (row[1], row[0]))
    return [(row[0], row[2]) for row in ranked[:limit]]


@pytest.mark.parametrize(
    ("query", "match", "without"),
    [
        ("lock", '"lock"', None),
        ("thread lock", '"thread" AND "lock"', None),
        ("lock OR heap", '"lock" OR "heap"', None),
        ("lock -thread", '"lock"', '"thread"'),
        ("sea*", '"sea" *', None),
        ('"binary search"', '"binary search"', None),
    ],
)
@pytest.mark.parametrize("pool", [1, 7, 30, 1000])
def test_the_newest_pool_is_ranked_and_each_hit_has_its_own_snippet(
    collection: Database,
    monkeypatch: pytest.MonkeyPatch,
    query: str,
    match: str,
    without: str | None,
    pool: int,
) -> None:
    monkeypatch.setattr(search_module, "RANK_POOL", pool)
    with collection.begin() as session:
        expected = reference(session, match, without, pool, limit=10)
        hits = search(session, query, NOW, RECALL, limit=10)
    assert expected, "the query must find something for the test to mean anything"
    assert [(hit.question_id, hit.snippet_text("[", "]")) for hit in hits] == expected


FILTERS = [
    "is:due",
    "is:new",
    "is:bookmarked",
    "is:flagged",
    "is:suspended",
    "rated:2",
    "rated:2:1",
    "prop:r<0.95",
    "prop:s>0",
    "topic:memory",
    "tag:t2",
    "`->`",
    "-lock",
]


@pytest.mark.parametrize("words", ["lock", "thread OR heap", "cache -merge", "`dict.get`"])
@pytest.mark.parametrize("negated", [False, True])
@pytest.mark.parametrize("state", FILTERS)
def test_a_filter_beside_words_keeps_what_it_keeps_alone(
    collection: Database, words: str, negated: bool, state: str
) -> None:
    # With words, the index drives and the filter is a list checked on its rows; alone,
    # the filter is checked question by question in deck order. Both must agree.
    later = NOW + timedelta(days=1)  # the questions graded AGAIN are due by then
    state = f"-{state}" if negated and not state.startswith("-") else state
    with collection.begin() as session:
        both = search_ids(session, f"({words}) {state}", later, RECALL)
        alone = set(search_ids(session, state, later, RECALL))
        apart = set(search_ids(session, words, later, RECALL)) & alone
    assert set(both) == apart


# Each state filter that has a list of its own (due, bookmarked, flagged, rated, recall).
STATE_LISTS = ["is:due", "is:bookmarked", "is:flagged", "rated:2", "rated:2:1", "prop:r<0.95"]


@pytest.mark.parametrize(
    "query",
    [
        *STATE_LISTS,
        "is:due -tag:t1",
        "is:bookmarked is:flagged",
        "is:bookmarked -is:due",
        "rated:2 is:suspended",
        "is:deleted is:bookmarked",
    ],
)
def test_a_short_state_list_read_instead_of_the_deck_finds_the_same_page(
    collection: Database, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    later = NOW + timedelta(days=1)
    with collection.begin() as session:
        listed = [hit.question_id for hit in search(session, query, later, RECALL, limit=7)]
        listed_all = search_ids(session, query, later, RECALL)
        listed_study = search_ids(session, query, later, RECALL, in_study=True)
        monkeypatch.setattr(search_module, "DRIVING_SET_LIMIT", -1)
        in_deck_order = [hit.question_id for hit in search(session, query, later, RECALL, limit=7)]
        deck_all = search_ids(session, query, later, RECALL)
        deck_study = search_ids(session, query, later, RECALL, in_study=True)
    assert deck_all, "the query must find something for the test to mean anything"
    assert (listed, listed_all, listed_study) == (in_deck_order, deck_all, deck_study)


@pytest.fixture(scope="module")
def listed_collection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """Long state lists (a question in three is due, rated, bookmarked...), so that words
    beside any of them find enough to rank."""
    database = studied(
        tmp_path_factory.mktemp("listed") / "studyapp.sqlite3",
        240,
        range(1, 241, 3),
        range(2, 241, 2),
        flag_every=4,
        grade_of=lambda question_id: Grade.AGAIN if question_id % 2 else Grade.GOOD,
    )
    yield database
    database.close()


# Words as the query writes them, the FTS5 expression that finds them in one index and
# what that expression must not find (`-word`): the plain statement ranks by it.
BESIDE_A_LIST = [
    ("lock", "question_fts", '"lock"', None),
    ("thread OR heap", "question_fts", '"thread" OR "heap"', None),
    ("cache -merge", "question_fts", '"cache"', '"merge"'),
    ("sea*", "question_fts", '"sea" *', None),
    ('"lock thread"', "question_fts", '"lock thread"', None),
    ("`dict.get`", "question_fts_trigram", '"dict.get"', None),
    ("`vector<`", "question_fts_trigram", '"vector<"', None),
]
LISTS = [
    *STATE_LISTS,
    "is:due is:bookmarked",
    "is:bookmarked -tag:t1",
    "is:due -is:flagged",
]


@pytest.mark.parametrize(("words", "index", "match", "without"), BESIDE_A_LIST)
@pytest.mark.parametrize("state", LISTS)
@pytest.mark.parametrize("pool", [5, 1000])
@pytest.mark.parametrize("in_study", [False, True])
def test_words_beside_a_state_list_rank_as_every_match_ranked(
    listed_collection: Database,
    monkeypatch: pytest.MonkeyPatch,
    words: str,
    index: str,
    match: str,
    without: str | None,
    state: str,
    pool: int,
    in_study: bool,
) -> None:
    # The list is joined with the index's rows instead of checked on each of them: the
    # page must still be the best of the newest `pool` matches that the filter keeps,
    # as bm25 orders every match of the words by a plain statement.
    monkeypatch.setattr(search_module, "RANK_POOL", pool)
    later = NOW + timedelta(days=1)  # the questions graded AGAIN are due by then
    query = f"({words}) {state}"
    with listed_collection.begin() as session:
        kept = set(search_ids(session, state, later, RECALL, in_study=in_study))
        excluded = (
            set(
                session.scalars(
                    text(f"SELECT rowid FROM {index} WHERE {index} MATCH :m"), {"m": without}
                )
            )
            if without is not None
            else set()
        )
        rows = session.execute(
            text(
                f"SELECT rowid, bm25({index}, 4.0, 1.0) FROM {index} "
                f"WHERE {index} MATCH :m ORDER BY rowid DESC"
            ),
            {"m": match},
        ).all()
        newest = [row for row in rows if row[0] in kept and row[0] not in excluded][:pool]
        expected = [row[0] for row in sorted(newest, key=lambda row: (row[1], row[0]))]
        page = search(session, query, later, RECALL, limit=10) if not in_study else None
        every = search_ids(session, query, later, RECALL, in_study=in_study)
    assert len(expected) > 1, "the query must find a few to mean anything"
    if page is not None:
        assert [hit.question_id for hit in page] == expected[:10]
    if pool >= len(rows):  # every match ranked: search_ids is the whole ranking
        assert every == expected
    else:
        assert set(every) == {row[0] for row in rows if row[0] in kept} - excluded


@pytest.mark.parametrize(
    "query", ["lock is:bookmarked", "(thread OR heap) is:flagged", "cache -merge rated:2"]
)
def test_rows_looked_up_one_by_one_have_their_own_snippets(
    collection: Database, query: str
) -> None:
    with collection.begin() as session:
        words = query.rsplit(" ", 1)[0]
        expected_ids = search_ids(session, query, NOW, RECALL)[:10]
        hits = search(session, query, NOW, RECALL, limit=10)
        compiler = search_module._Compiler(session, NOW, RECALL)
        plan = search_module._plan(compiler, search_module.parse_query(words))
        snippets = [
            session.scalar(
                text(
                    "SELECT snippet(question_fts, -1, '[', ']', '…', 14) FROM question_fts "
                    f"WHERE question_fts MATCH {plan.match} AND rowid = :id"
                ),
                {**compiler.params, "id": question_id},
            )
            for question_id in expected_ids
        ]
    assert expected_ids, "the query must find something for the test to mean anything"
    assert [(hit.question_id, hit.snippet_text("[", "]")) for hit in hits] == list(
        zip(expected_ids, snippets, strict=True)
    )


# The last one can overlap itself (`->b->b->`): ranked by bm25, not by counting.
SUBSTRINGS = ["dict.get", "vector<", "a->b", "Get(", "->b->"]


def code_questions() -> list[QuestionSpec]:
    """Substrings of code in prompts and answers, once or several times, in either case,
    in texts of different lengths: what bm25 weighs."""
    rng = random.Random(7)
    pieces = ["dict.get(k)", "DICT.GET", "std::vector<int>", "a->b", "x.get(y)", "a->b->b->c"]

    def text_of(count: int) -> str:
        words = rng.choices(WORDS, k=rng.randint(0, 20))
        for _ in range(count):
            words.insert(rng.randint(0, len(words)), rng.choice(pieces))
        return " ".join(words) or "empty"

    return [
        QuestionSpec(f"c{i}", ("Code",), text_of(rng.randint(0, 2)), text_of(rng.randint(0, 4)), ())
        for i in range(150)
    ]


@pytest.fixture(scope="module")
def code_collection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = Database.open(tmp_path_factory.mktemp("code") / "studyapp.sqlite3")
    seed(database, code_questions())
    yield database
    database.close()


@pytest.mark.parametrize("substring", SUBSTRINGS)
@pytest.mark.parametrize("pool", [5, 40, 1000])
def test_one_substring_is_ranked_as_bm25_ranks_it(
    code_collection: Database, monkeypatch: pytest.MonkeyPatch, substring: str, pool: int
) -> None:
    # Ranked without bm25 (its idf costs a pass over every match): the same order.
    monkeypatch.setattr(search_module, "RANK_POOL", pool)
    with code_collection.begin() as session:
        rows = session.execute(
            text(
                "SELECT rowid, bm25(question_fts_trigram, 4.0, 1.0) FROM question_fts_trigram "
                "WHERE question_fts_trigram MATCH :m ORDER BY rowid DESC"
            ),
            {"m": f'"{substring}"'},
        ).all()
        hits = search(session, f"`{substring}`", NOW, RECALL, limit=30)
        plan = search_module._plan(
            search_module._Compiler(session, NOW, RECALL),
            search_module.parse_query(f"`{substring}`"),
        )
    assert (plan.substring is None) == (substring == "->b->")
    expected = [row[0] for row in sorted(rows[:pool], key=lambda row: (row[1], row[0]))]
    assert len(rows) > pool or pool == 1000, "the pool must leave matches out to mean anything"
    assert [hit.question_id for hit in hits] == expected[:30]
    assert len({row[1] for row in rows}) > 5, "the scores must differ to mean anything"


@pytest.mark.parametrize("filters", ["is:due", "is:bookmarked tag:t1", "-lock"])
def test_one_substring_beside_filters_is_ranked_by_counting(
    code_collection: Database, filters: str
) -> None:
    # The filters are conditions on the substring's rows: the query is still one phrase
    # of the trigram index, whose order needs no bm25 (the results are checked against
    # bm25 in test_words_beside_a_state_list_rank_as_every_match_ranked).
    with code_collection.begin() as session:
        plan = search_module._plan(
            search_module._Compiler(session, NOW, RECALL),
            search_module.parse_query(f"`dict.get` {filters}"),
        )
    assert plan.substring == "dict.get"
