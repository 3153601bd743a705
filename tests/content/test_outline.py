"""Outline notes in the shapes people keep: a corpus of files with their expected topics and
questions, and generated outlines whose expected structure is built beside the text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.content.outline import parse_outline
from studyapp.io.importer import preview_file

CORPUS = Path(__file__).resolve().parents[1] / "data" / "outline"
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "interview-notes.txt"
FILES = sorted(path for path in CORPUS.glob("*.txt"))


def test_the_corpus_has_at_least_thirty_shapes() -> None:
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_corpus_file_gives_its_expected_topics_and_questions(path: Path) -> None:
    expected = json.loads(path.with_suffix("").with_suffix(".expected.json").read_text("utf-8"))
    preview = preview_file(path)
    deck = preview.deck
    assert preview.format == "outline"
    assert [" / ".join(p) for p, _topic in deck.walk()] == expected["topics"]
    assert [[" / ".join(p), q.prompt_md] for p, q in deck.questions()] == expected["questions"]
    answers = {q.prompt_md: q.answer_md for _p, q in deck.questions()}
    for prompt, fragments in expected["answer_has"].items():
        for fragment in fragments:
            assert fragment in answers[prompt], (prompt, fragment)
    for prompt, blocks in expected["code_blocks"].items():
        assert answers[prompt].count("```") == 2 * blocks, answers[prompt]
    keys = [q.key for _p, q in deck.questions()]
    assert len(keys) == len(set(keys))


def test_the_sample_notes_in_the_docs_import_as_their_sections() -> None:
    deck = preview_file(EXAMPLE).deck
    assert [topic.title for topic in deck.topics] == [
        "Introduction",
        "Python Questions",
        "Django",
        "Git Commands",
        "Databases",
    ]
    assert deck.question_count == 12
    assert [w.message for w in deck.warnings if not w.message.endswith("are code")] == []


def test_guesses_are_reported_with_their_lines() -> None:
    deck = preview_file(CORPUS / "22-python-snippet-under-answer.txt").deck
    assert [(w.line, w.message) for w in deck.warnings] == [(4, "guessed that lines 4–9 are code")]
    plain = parse_outline("Git\n  - fetch vs pull\n    fetch downloads\n", source="n.txt")
    assert [(w.line, w.message) for w in plain.warnings] == [
        (1, "guessed that 'Git' is a topic title")
    ]


def test_a_repeated_question_gets_its_own_key_and_a_warning() -> None:
    deck = preview_file(CORPUS / "31-duplicate-question.txt").deck
    assert [(w.line, w.message) for w in deck.warnings] == [
        (4, "the question 'What is a channel?' appears twice in this topic")
    ]


def test_nesting_deeper_than_the_limit_is_kept_with_one_warning() -> None:
    notes = "Deep:\n" + "".join("\t" * level + f"- level {level}\n" for level in range(1, 600))
    deck = parse_outline(notes, source="deep.txt")
    assert "level 599" in deck.questions()[0][1].answer_md
    assert [w.message for w in deck.warnings if "nested" in w.message] == [
        "lines nested deeper than 40 levels are kept at level 40"
    ]


# --- generated outlines ---------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """How a generated file is typed: the title style, the question marker, whether the
    questions sit at the title's indentation, the indentation unit and the line ends."""

    title: str
    bullet: str
    flat: bool
    unit: str
    newline: str


SHAPES = st.builds(
    Shape,
    st.sampled_from(["underline=", "underline-", "colon", "caps", "heading", "roman"]),
    st.sampled_from(["- ", "* ", "• ", "o ", "> ", "1. ", ""]),
    st.booleans(),
    st.sampled_from(["\t", "    ", "  ", " \t"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=2, max_size=8)
NAME = st.lists(WORD, min_size=1, max_size=3).map(" ".join)
PROMPT = st.tuples(NAME, st.sampled_from(["?", ""])).map("".join)
ANSWER = st.lists(st.lists(WORD, min_size=1, max_size=5).map(" ".join), min_size=1, max_size=3)


def _title_lines(shape: Shape, title: str, number: int) -> list[str]:
    if shape.title.startswith("underline"):
        return [title.capitalize(), shape.title[-1] * max(3, len(title))]
    if shape.title == "colon":
        return [title.capitalize() + ":"]
    if shape.title == "caps":
        return [title.upper()]
    if shape.title == "heading":
        return ["# " + title.capitalize()]
    return [f"{'I' * number}. {title.capitalize()}"]


def _expected_title(shape: Shape, title: str) -> str:
    if shape.title == "caps":
        words = title.upper().split()
        return title.upper().title() if max(len(w) for w in words) >= 5 else title.upper()
    return title.capitalize()


@st.composite
def outlines(draw: st.DrawFn) -> tuple[str, list[tuple[str, list[str]]]]:
    """The text of an outline, and the (title, prompts) it was built from."""
    shape = draw(SHAPES)
    titles = draw(st.lists(NAME, min_size=1, max_size=4, unique_by=str.upper))
    lines: list[str] = []
    expected: list[tuple[str, list[str]]] = []
    for number, title in enumerate(titles, start=1):
        lines.extend(_title_lines(shape, title, number))
        prompts = draw(st.lists(PROMPT, min_size=1, max_size=4, unique=True))
        question_indent = "" if shape.flat else shape.unit
        for prompt in prompts:
            bullet = shape.bullet if shape.bullet != "" or prompt.endswith("?") else ""
            lines.append(question_indent + bullet + prompt)
            lines.extend(question_indent + shape.unit + part for part in draw(ANSWER))
        if draw(st.booleans()):
            lines.append("")
        expected.append((_expected_title(shape, title), prompts))
    return shape.newline.join(lines) + shape.newline, expected


@settings(max_examples=150, deadline=None)
@given(outlines())
def test_generated_outlines_give_the_structure_they_were_built_from(
    case: tuple[str, list[tuple[str, list[str]]]],
) -> None:
    text, expected = case
    deck = parse_outline(text, source="notes.txt")
    found = [
        (topic.title, [question.prompt_md for question in topic.questions])
        for _path, topic in deck.walk()
    ]
    assert found == expected, text


def test_code_is_kept_with_its_relative_indentation() -> None:
    notes = "Go:\n\t- A goroutine\n\t\tgo func() {\n\t\t\tfmt.Println(1)\n\t\t}()\n"
    answer = parse_outline(notes, source="n.txt").questions()[0][1].answer_md
    assert re.search(r"```\ngo func\(\) \{\n    fmt\.Println\(1\)\n\}\(\)\n```", answer), answer
