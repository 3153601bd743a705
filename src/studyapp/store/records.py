"""Frozen records that leave the store. Plain dataclasses: the UI may import this module
without loading SQLAlchemy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class TopicCounts:
    """Counts include every subtopic. `mastery` is the mean FSRS retrievability (0–1) of the
    questions past their learning steps, or None while there are none."""

    due: int = 0
    new: int = 0
    total: int = 0
    reviewed: int = 0
    mastery: float | None = None


@dataclass(frozen=True, slots=True)
class TopicNode:
    id: int
    parent_id: int | None
    title: str
    position: int
    counts: TopicCounts
    children: tuple[TopicNode, ...] = ()

    def walk(self) -> list[TopicNode]:
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes


@dataclass(frozen=True, slots=True)
class TopicTree:
    """The whole topic forest with the counts of the fixed nodes."""

    roots: tuple[TopicNode, ...]
    due_now: int
    bookmarked: int
    all_questions: int
    built_at: datetime

    def find(self, topic_id: int) -> TopicNode | None:
        for root in self.roots:
            for node in root.walk():
                if node.id == topic_id:
                    return node
        return None


@dataclass(frozen=True, slots=True)
class CardSnapshot:
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    id: int
    topic_id: int
    topic_path: tuple[str, ...]
    external_key: str
    prompt_md: str
    answer_md: str
    tags: tuple[str, ...]
    card: CardSnapshot | None
    bookmarked: bool

    @property
    def is_new(self) -> bool:
        return self.card is None


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    id: int
    question_id: int
    rating: int
    reviewed_at: datetime
    duration_ms: int


@dataclass(frozen=True, slots=True)
class Changes:
    """What an operation changed, so that views refresh only what they show of it."""

    question_ids: frozenset[int] = frozenset()
    topic_ids: frozenset[int] = frozenset()
    structure: bool = False
    bookmarks: bool = False
    reviews: bool = False
    settings: frozenset[str] = field(default_factory=frozenset)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            question_ids=self.question_ids | other.question_ids,
            topic_ids=self.topic_ids | other.topic_ids,
            structure=self.structure or other.structure,
            bookmarks=self.bookmarks or other.bookmarks,
            reviews=self.reviews or other.reviews,
            settings=self.settings | other.settings,
        )


@dataclass(frozen=True, slots=True)
class SnippetPart:
    text: str
    hit: bool = False  # a matched word: shown highlighted


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: the question, where it lives, and the passage that matched."""

    question_id: int
    uid: str
    topic_id: int
    topic_path: tuple[str, ...]
    prompt_md: str
    snippet: tuple[SnippetPart, ...]

    def snippet_text(self, before: str = "", after: str = "") -> str:
        """The snippet as text, each hit wrapped in `before` … `after`."""
        return "".join(
            f"{before}{part.text}{after}" if part.hit else part.text for part in self.snippet
        )
