"""Nested topics from the topic paths of flat rows (CSV rows, Anki notes)."""

from __future__ import annotations

from studyapp.content.model import DeckQuestion, DeckTopic


def topics_from_paths(
    questions: dict[tuple[str, ...], list[DeckQuestion]],
) -> tuple[DeckTopic, ...]:
    """Topics in first-seen order; a path's parents are created as needed."""
    order: list[tuple[str, ...]] = []
    for path in questions:
        for depth in range(1, len(path) + 1):
            if path[:depth] not in order:
                order.append(path[:depth])

    def build(path: tuple[str, ...]) -> DeckTopic:
        children = tuple(
            build(other) for other in order if len(other) == len(path) + 1 and other[:-1] == path
        )
        return DeckTopic(path[-1], tuple(questions.get(path, [])), children)

    return tuple(build(path) for path in order if len(path) == 1)
