"""The `Q:`/`A:` marks, one definition shared by the outline and the loose-Markdown readers."""

from __future__ import annotations

import pytest

from studyapp.content.outline import parse_outline
from studyapp.content.qa_marks import marked
from studyapp.io.formats.markdown_generic import parse_markdown_generic


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Q: What is a tuple?", ("Q", "What is a tuple?")),
        ("q. what is a tuple?", ("Q", "what is a tuple?")),
        ("Question 3: What is a tuple?", ("Q", "What is a tuple?")),
        ("Q3) What is a tuple?", ("Q", "What is a tuple?")),
        ("Q - What is a tuple?", ("Q", "What is a tuple?")),
        ("**Q:** What is a tuple?", ("Q", "What is a tuple?")),
        ("**Q**: What is a tuple?", ("Q", "What is a tuple?")),
        ("A: An immutable sequence.", ("A", "An immutable sequence.")),
        ("Answer – An immutable sequence.", ("A", "An immutable sequence.")),
        ("**A:**", ("A", "")),
        ("Q-learning is a reinforcement method", None),
        ("A-levels matter less later", None),
        ("Queue: FIFO", None),
        ("Q:", None),
    ],
)
def test_a_line_is_marked_as_asking_or_answering(
    line: str, expected: tuple[str, str] | None
) -> None:
    assert marked(line) == expected


def test_both_readers_pair_the_same_bold_marks() -> None:
    notes = "**Q:** What does GIL stand for?\n**A:** Global interpreter lock.\n"
    outline = parse_outline(notes, source="notes.txt")
    markdown = parse_markdown_generic("# Python\n" + notes, source="notes.md")
    for deck in (outline, markdown):
        questions = [q for _path, topic in deck.walk() for q in topic.questions]
        assert [(q.prompt_md, q.answer_md) for q in questions] == [
            ("What does GIL stand for?", "Global interpreter lock.")
        ]


def test_a_word_starting_with_q_dash_stays_an_ordinary_line() -> None:
    deck = parse_outline(
        "Reinforcement learning\n  Q-learning vs SARSA?\n    Off-policy vs on-policy.\n",
        source="notes.txt",
    )
    questions = [q for _path, topic in deck.walk() for q in topic.questions]
    assert [q.prompt_md for q in questions] == ["Q-learning vs SARSA?"]
