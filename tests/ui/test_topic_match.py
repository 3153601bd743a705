"""Which topic Enter in the filter studies: exact, then word start, then substring."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from studyapp.ui.topic_match import TitleIndex, rank, ranked

TOPICS = [
    ("a", "Data warehousing"),
    ("b", "Databases"),
    ("c", "Redis"),
    ("d", "Redis cluster"),
    ("e", "Predis client"),
    ("f", "Core data types"),
]


def test_exact_then_word_start_then_substring_each_in_tree_order() -> None:
    assert ranked(TOPICS, "redis") == ["c", "d", "e"]
    assert ranked(TOPICS, "data") == ["a", "b", "f"]
    assert ranked(TOPICS, "DATABASES") == ["b"]
    assert ranked(TOPICS, "types") == ["f"]
    assert ranked(TOPICS, "ware") == ["a"]


def test_blank_or_unknown_text_matches_nothing() -> None:
    assert ranked(TOPICS, "") == []
    assert ranked(TOPICS, "   ") == []
    assert ranked(TOPICS, "kubernetes") == []


@given(
    st.lists(st.text(alphabet="abc ", min_size=1, max_size=8), min_size=1, max_size=8),
    st.text(alphabet="abc", min_size=1, max_size=3),
)
def test_every_title_containing_the_text_is_offered_once(titles: list[str], text: str) -> None:
    pairs = [(str(i), title) for i, title in enumerate(titles)]
    expected = {key for key, title in pairs if text in title}
    found = ranked(pairs, text)
    assert sorted(found) == sorted(expected)
    exact = [key for key, title in pairs if title == text]
    assert found[: len(exact)] == exact


@given(
    st.lists(st.text(alphabet="ab -Ä", min_size=1, max_size=8), min_size=1, max_size=8),
    st.text(alphabet="ab -ä", min_size=1, max_size=3),
)
def test_the_index_ranks_as_each_title_would_alone(titles: list[str], text: str) -> None:
    pairs = [(str(i), title) for i, title in enumerate(titles)]
    scored = sorted(
        (score, order, key)
        for order, (key, title) in enumerate(pairs)
        if (score := rank(title, text)) is not None
    )
    index = TitleIndex(pairs)
    assert index.ranked(text) == [key for _score, _order, key in scored]
