"""The search language parser: trees rendered to text by the test's own printer parse back
to themselves, and odd text is either a word or a clear BadQuery."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.store.search_query import (
    And,
    BadQuery,
    Code,
    Filter,
    Node,
    Not,
    Or,
    Prop,
    Rated,
    Words,
    parse_query,
)

WORD = st.text(
    alphabet=st.characters(categories=("L", "N"), include_characters="_+.:#/"), min_size=1
).filter(lambda w: w.lower() not in ("or", "and") and ":" not in w[:8])
PHRASE = st.text(alphabet=st.characters(exclude_characters='"\x00'), min_size=0, max_size=12)
CODE = st.text(alphabet=st.characters(exclude_characters="`\x00"), min_size=1, max_size=12)
LEAF = st.one_of(
    st.builds(Words, WORD),
    st.builds(lambda w: Words(w, prefix=True), WORD),
    st.builds(lambda p: Words(p, phrase=True), PHRASE),
    st.builds(Code, CODE),
    st.builds(Filter, st.just("is"), st.sampled_from(["due", "new", "flagged", "suspended"])),
    st.builds(Filter, st.sampled_from(["topic", "tag"]), WORD),
    st.builds(Prop, st.sampled_from("rsd"), st.sampled_from(["<", "<=", ">", "!="]), st.just(0.5)),
    st.builds(Rated, st.integers(1, 400), st.one_of(st.none(), st.integers(1, 4))),
)


def render(node: Node) -> str:
    """The test's own printer of a tree (not the code under test)."""
    if isinstance(node, Words):
        if node.phrase:
            return f'"{node.text}"'
        return node.text + ("*" if node.prefix else "")
    if isinstance(node, Code):
        return f"`{node.text}`"
    if isinstance(node, Filter):
        return f"{node.key}:{node.value}"
    if isinstance(node, Prop):
        return f"prop:{node.field}{node.op}{node.number}"
    if isinstance(node, Rated):
        return f"rated:{node.days}" + (f":{node.grade}" if node.grade else "")
    if isinstance(node, Not):
        return f"-{render(node.item)}"
    if isinstance(node, And):
        return "(" + " ".join(render(item) for item in node.items) + ")"
    assert isinstance(node, Or)
    return "(" + " OR ".join(render(item) for item in node.items) + ")"


TREE = st.recursive(
    LEAF,
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.builds(lambda items: And(tuple(items)), st.lists(inner, min_size=2, max_size=3)),
        st.builds(lambda items: Or(tuple(items)), st.lists(inner, min_size=2, max_size=3)),
    ),
    max_leaves=8,
)


@given(TREE)
def test_rendered_trees_parse_back(tree: Node) -> None:
    assert parse_query(render(tree)) == tree


@given(st.lists(WORD, min_size=2, max_size=6))
def test_plain_words_are_all_required(words: list[str]) -> None:
    assert parse_query(" ".join(words)) == And(tuple(Words(w) for w in words))


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("O(n)", Words("O(n)")),
        ("(a O(n))", And((Words("a"), Words("O(n)")))),
        ("std::vector", Words("std::vector")),
        ("C++ a-b", And((Words("C++"), Words("a-b")))),
        ("NOT x", And((Words("NOT"), Words("x")))),
        ('topic:"Core data types"', Filter("topic", "Core data types")),
        ("http://x", Words("http://x")),
        ("", And(())),
        ("smile :)", And((Words("smile"), Words(":)")))),
    ],
)
def test_code_and_odd_text_are_words(query: str, tree: Node) -> None:
    assert parse_query(query) == tree


@given(st.text())
def test_any_text_parses_or_says_why_not(query: str) -> None:
    problem: BadQuery | None = None
    try:
        parse_query(query)
    except BadQuery as error:
        problem = error
    assert problem is None or (problem.message, problem.hint) != ("", "")
