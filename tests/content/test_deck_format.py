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
        ("# 1\n## 2\n### 3\n#### 4\n##### 5\n###### 6\n", 6, "deeper than 5 levels"),
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


def test_a_question_without_an_answer_is_kept_with_a_warning() -> None:
    deck = parse_deck("# T\n## Q: a? {#a}\n\n## Q: c? {#c}\nd\n", source="my.md")
    assert [(q.key, q.answer_md) for _p, q in deck.questions()] == [("a", ""), ("c", "d")]
    assert [(w.line, w.message) for w in deck.warnings] == [(2, "the question 'a?' has no answer")]


def test_awkward_keys_prompts_and_titles_are_escaped_and_read_back() -> None:
    question = DeckQuestion("auto:git/what is {this}?", "two\nlines &#10; &amp;", "# h\n\\# e")
    deck = Deck((DeckTopic("Q: not a question", (question,)),))
    text = write_deck(deck)
    assert "{#auto:git/what%20is%20%7Bthis%7D%3F}" in text
    assert "Q: two&#10;lines &#38;#10; &amp;" in text
    assert "# \\Q: not a question" in text
    assert "\\# h\n\\\\# e" in text
    assert parse_deck(text) == deck


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
LINE_PIECES = st.sampled_from(
    [
        "#",
        "# ",
        "##",
        "\\",
        "\\\\",
        "```",
        "~~~",
        "````",
        "Q:",
        "Tags:",
        "{#x}",
        "&#10;",
        "&#38;",
        " ",
        "   ",
        "    ",
        "\t",
        "-",
        "|",
        "python",
    ]
)
ANSWER_LINES = st.lists(st.one_of(WORDS, LINE_PIECES), max_size=4).map("".join)
TITLES = (
    st.lists(st.one_of(WORDS, LINE_PIECES, st.just("\n")), min_size=1, max_size=4)
    .map(lambda parts: "".join(parts).strip())
    .filter(bool)
)
# Keys may hold anything an importer can produce: derived `auto:` keys, Anki GUIDs, ids.
KEYS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20
).filter(lambda k: k == k.strip() and k.strip())
TAGS = WORDS.filter(lambda w: "," not in w)


@st.composite
def answers(draw: st.DrawFn) -> str:
    """Any lines at all (headings, fences left open, backslashes): the writer must escape
    whatever needs it. Importers strip answers, so an answer never starts or ends blank."""
    return "\n".join(draw(st.lists(ANSWER_LINES, max_size=8))).strip()


@st.composite
def topics(draw: st.DrawFn, depth: int = 1) -> DeckTopic:
    questions = tuple(
        DeckQuestion(
            draw(KEYS),
            draw(TITLES),
            draw(answers()),
            tuple(dict.fromkeys(draw(st.lists(TAGS, max_size=3)))),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    children: tuple[DeckTopic, ...] = ()
    if depth < 5:
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


@settings(max_examples=200, deadline=None)
@given(decks())
def test_write_then_read_gives_the_same_deck(deck: Deck) -> None:
    assert parse_deck(write_deck(deck)) == deck


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_the_ascii_key_path_gives_what_the_general_path_gives(prompt: str) -> None:
    """Derived keys must never change between versions: the fast path for ASCII text
    gives exactly the slug of the general (Unicode) path."""
    from studyapp.content.deck_format import NON_WORD

    general = NON_WORD.sub("-", prompt.casefold()).strip("-") or "-"
    assert derive_key(("T",), prompt) == "auto:t/" + general
