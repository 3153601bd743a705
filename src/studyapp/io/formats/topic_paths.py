"""Topic paths of flat rows (CSV rows, Anki notes): reading, writing and nesting them.

In a CSV topic column, `::` (Anki's deck separator), ` > ` and ` / ` separate titles. A title
that itself holds a separator (or a backslash, or an edge colon) is written with a backslash
before each `\\`, `:`, `>` and `/`, so that an export reads back as the same titles; only
those four characters are unescaped, so other backslashes in users' files stay as typed.
Paths deeper than `MAX_TOPIC_DEPTH` keep their last titles together in the deepest one.
"""

from __future__ import annotations

import re

from studyapp.content.deck_format import MAX_TOPIC_DEPTH
from studyapp.content.model import DeckQuestion, DeckTopic

TOKEN = re.compile(r"\\([\\:>/])|::| > | / ")
NEEDS_ESCAPE = re.compile(r"::| > | / |\\|^:|:$")
ESCAPED = re.compile(r"([\\:>/])")


def split_topic(value: str) -> tuple[str, ...]:
    parts: list[str] = []
    current: list[str] = []
    position = 0
    for match in TOKEN.finditer(value):
        current.append(value[position : match.start()])
        if match.group(1):
            current.append(match.group(1))
        else:
            parts.append("".join(current))
            current = []
        position = match.end()
    current.append(value[position:])
    parts.append("".join(current))
    return tuple(part.strip() for part in parts if part.strip())


def join_topic(path: tuple[str, ...]) -> str:
    return "::".join(ESCAPED.sub(r"\\\1", t) if NEEDS_ESCAPE.search(t) else t for t in path)


def cap_depth(path: tuple[str, ...]) -> tuple[str, ...]:
    """The path, or its first levels with the rest kept together as the deepest title."""
    if len(path) <= MAX_TOPIC_DEPTH:
        return path
    return (*path[: MAX_TOPIC_DEPTH - 1], "::".join(path[MAX_TOPIC_DEPTH - 1 :]))


DEPTH_WARNING = (
    f"the topic path is deeper than {MAX_TOPIC_DEPTH} levels; the deepest titles are kept "
    "together as one"
)


def topics_from_paths(
    questions: dict[tuple[str, ...], list[DeckQuestion]],
) -> tuple[DeckTopic, ...]:
    """Topics in first-seen order; a path's parents are created as needed."""
    order: dict[tuple[str, ...], None] = {}
    for path in questions:
        for depth in range(1, len(path) + 1):
            order.setdefault(path[:depth], None)
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for path in order:
        children.setdefault(path[:-1], []).append(path)

    def build(path: tuple[str, ...]) -> DeckTopic:
        kids = tuple(build(child) for child in children.get(path, []))
        return DeckTopic(path[-1], tuple(questions.get(path, [])), kids)

    return tuple(build(path) for path in children.get((), []))
