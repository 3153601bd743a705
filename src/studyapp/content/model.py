"""The parsed shape of a deck: what every text format turns into before anything is stored.

Every importer (the Markdown deck format, outline notes, CSV, Anki text) produces a `Deck`, so
that the store has one way to write content and the preview dialog one way to show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ParseWarning:
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class DeckQuestion:
    """One question; `key` is its stable id within the deck (``{#id}`` or derived)."""

    key: str
    prompt_md: str
    answer_md: str
    tags: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class DeckTopic:
    title: str
    questions: tuple[DeckQuestion, ...] = ()
    children: tuple[DeckTopic, ...] = ()
    line: int = field(default=0, compare=False)

    def walk(self, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], DeckTopic]]:
        """Every topic below and including this one, with its full title path, in deck order."""
        here = (*path, self.title)
        found = [(here, self)]
        for child in self.children:
            found.extend(child.walk(here))
        return found


@dataclass(frozen=True, slots=True)
class Deck:
    topics: tuple[DeckTopic, ...]
    warnings: tuple[ParseWarning, ...] = field(default=(), compare=False)

    def walk(self) -> list[tuple[tuple[str, ...], DeckTopic]]:
        found: list[tuple[tuple[str, ...], DeckTopic]] = []
        for topic in self.topics:
            found.extend(topic.walk())
        return found

    def questions(self) -> list[tuple[tuple[str, ...], DeckQuestion]]:
        """Every question with the title path of its topic, in deck order."""
        return [(path, q) for path, topic in self.walk() for q in topic.questions]

    @property
    def question_count(self) -> int:
        return sum(len(topic.questions) for _, topic in self.walk())
