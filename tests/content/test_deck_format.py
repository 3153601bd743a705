"""The Markdown deck format: parse, errors with lines, and write → read round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.content.deck_format import (
    derive_key,
    parse_deck,
    read_deck_dir,
    read_deck_file,
    write_deck,
)
from studyapp.content.model import Deck, DeckQuestion, DeckTopic
from studyapp.errors import DeckFormatError

DECK = """\
# Python
## Core data types

### Q: What is the difference between a list and a tuple? {#python.list-vs-tuple}
Tags: basics, data-types
A list is mutable.

```python
# a comment, not a heading
x = [1, 2]
```

### Q: Why use a set?   {#python.set}
Fast membership tests.

## Functions
### Q: What is a closure?
A function that remembers its scope.

# Git
## Q: Fetch or pull? {#git.fetch-pull}
Fetch downloads; pull also merges.
"""


def test_parses_topics_questions_ids_tags_and_fences() -> None:
    deck = parse_deck(DECK, source="deck.md")
    assert [t.title for t in deck.topics] == ["Python", "Git"]
    python = deck.topics[0]
    assert [c.title for c in python.children] == ["Core data types", "Functions"]
    first = python.children[0].questions[0]
    assert first.key == "python.list-vs-tuple"
    assert first.prompt_md == "What is the difference between a list and a tuple?"
    assert first.tags == ("basics", "data-types")
    assert "# a comment, not a heading" in first.answer_md
    assert first.answer_md.startswith("A list is mutable.")
    assert python.children[0].questions[1].key == "python.set"
    closure = python.children[1].questions[0]
    assert closure.key == derive_key(("Python", "Functions"), "What is a closure?")
    assert deck.topics[1].questions[0].key == "git.fetch-pull"
    assert deck.question_count == 4


def test_derived_keys_survive_spacing_and_case_edits() -> None:
    a = parse_deck("# Python\n## Q: What is a   closure ?\nA.\n")
    b = parse_deck("# python\n## Q:  what is a closure?\nA.\n")
    assert a.questions()[0][1].key == b.questions()[0][1].key


def test_bom_and_crlf_are_read(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_bytes(("\ufeff" + DECK).replace("\n", "\r\n").encode("utf-8"))
    assert read_deck_file(path) == parse_deck(DECK)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("intro text\n# T\n## Q: a? {#a}\nb\n", 1, "before the first heading"),
        ("## Q: a? {#a}\nb\n", 1, "above any topic"),
        ("# T\n## Q: a? {#a}\n\n## Q: c? {#c}\nd\n", 2, "has no answer"),
        ("# T\n## Q: a? {#x}\nb\n## Q: c? {#x}\nd\n", 4, "used twice (first on line 2)"),
        ("# T\n## Q: a? {#bad id!}\nb\n", 2, "not valid"),
        ("# T\n## Q:  {#a}\nb\n", 2, "no prompt"),
        ("# T\n##\nb\n", 2, "no title"),
    ],
)
def test_malformed_decks_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(DeckFormatError) as caught:
        parse_deck(text, source="my.md")
    assert caught.value.line == line
    assert f"my.md:{line}:" in str(caught.value)
    assert fragment in str(caught.value)
    assert caught.value.hint


def test_non_utf8_is_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_bytes(b"# T\n## Q: a? {#a}\ncaf\xe9\n")
    with pytest.raises(DeckFormatError, match="not UTF-8") as caught:
        read_deck_file(path)
    assert caught.value.line == 3


def test_folder_merges_topics_and_rejects_ids_repeated_across_files(tmp_path: Path) -> None:
    (tmp_path / "01.md").write_text("# Python\n## Q: a? {#a}\nA.\n")
    (tmp_path / "02.md").write_text("# Python\n## Q: b? {#b}\nB.\n# Go\n## Q: c? {#c}\nC.\n")
    deck = read_deck_dir(tmp_path)
    assert [t.title for t in deck.topics] == ["Python", "Go"]
    assert [q.key for q in deck.topics[0].questions] == ["a", "b"]
    (tmp_path / "03.md").write_text("# Rust\n## Q: again? {#a}\nA.\n")
    with pytest.raises(DeckFormatError, match=r"also used in 01\.md:2"):
        read_deck_dir(tmp_path)


def test_writer_escapes_heading_lines_in_answers_and_keeps_them_literal() -> None:
    deck = Deck((DeckTopic("T", (DeckQuestion("k", "p?", "# not a heading\ntext"),)),))
    text = write_deck(deck)
    assert "\\# not a heading" in text
    again = parse_deck(text)
    assert again.question_count == 1  # the escaped line did not start a topic


# --- round trip -------------------------------------------------------------------------

WORDS = (
    st.text(
        alphabet=st.characters(
            codec="utf-8",
            categories=("L", "N", "P", "S", "Zs"),
            exclude_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
TITLES = WORDS.filter(lambda t: not t.startswith("Q:") and t.strip("#").strip() != "")
ANSWER_LINES = st.one_of(
    WORDS,
    st.sampled_from(
        [
            "",
            "- item",
            "1. first",
            "Tags: looks like tags",
            "```",
            "```python",
            "# inside or outside a fence",
            "    indented",
            "| a | b |",
            "~~~",
        ]
    ),
)
KEYS = st.from_regex(r"[a-z0-9][a-z0-9._:-]{0,20}", fullmatch=True)


@st.composite
def answers(draw: st.DrawFn) -> str:
    lines = draw(st.lists(ANSWER_LINES, min_size=1, max_size=8))
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        text = "answer"
    # A deck's answers are what parse_deck can produce: no heading lines outside fences.
    return parse_deck(write_deck(_one(text))).topics[0].questions[0].answer_md


def _one(answer: str) -> Deck:
    return Deck((DeckTopic("T", (DeckQuestion("k", "p", answer),)),))


@st.composite
def topics(draw: st.DrawFn, depth: int = 1) -> DeckTopic:
    questions = tuple(
        DeckQuestion(
            draw(KEYS),
            draw(WORDS),
            draw(answers()),
            tuple(dict.fromkeys(draw(st.lists(WORDS.filter(lambda w: "," not in w), max_size=3)))),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    children: tuple[DeckTopic, ...] = ()
    if depth < 4:
        children = tuple(draw(st.lists(topics(depth + 1), max_size=2)))
    return DeckTopic(draw(TITLES), questions, children)


@st.composite
def decks(draw: st.DrawFn) -> Deck:
    deck = Deck(tuple(draw(st.lists(topics(), min_size=1, max_size=3))))
    seen: set[str] = set()
    fixed = []
    for topic in deck.topics:
        fixed.append(_unique(topic, seen))
    return Deck(tuple(fixed))


def _unique(topic: DeckTopic, seen: set[str]) -> DeckTopic:
    questions = []
    for question in topic.questions:
        key = question.key
        while key in seen:
            key += "x"
        seen.add(key)
        questions.append(DeckQuestion(key, question.prompt_md, question.answer_md, question.tags))
    children = tuple(_unique(child, seen) for child in topic.children)
    return DeckTopic(topic.title, tuple(questions), children)


@settings(max_examples=120, deadline=None)
@given(decks())
def test_write_then_read_gives_the_same_deck(deck: Deck) -> None:
    assert parse_deck(write_deck(deck)) == deck
