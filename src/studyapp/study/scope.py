"""What the user chose to study (a fixed node of the tree or a topic), and what is left of
it in the session."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ScopeKind(StrEnum):
    DUE = "due"
    BOOKMARKED = "bookmarked"
    ALL = "all"
    TOPIC = "topic"
    # A list of questions chosen for the session (drill weakest, today's interview plan,
    # search results), studied in the given order, due or not.
    SELECTION = "selection"


@dataclass(frozen=True, slots=True)
class Scope:
    kind: ScopeKind
    topic_id: int | None = None
    practice: bool = False
    question_ids: tuple[int, ...] = ()
    title: str = ""
    origin: str = ""  # a selection's node in the tree (PLAN_SCOPE), if it has one

    @property
    def key(self) -> str:
        """The setting value that brings the user back here next time (and the tree's node)."""
        if self.kind is ScopeKind.TOPIC:
            return f"topic:{self.topic_id}"
        return self.origin or self.kind.value

    @classmethod
    def parse(cls, key: str) -> Scope:
        if key.startswith("topic:"):
            try:
                return cls(ScopeKind.TOPIC, int(key.removeprefix("topic:")))
            except ValueError:
                return cls(ScopeKind.DUE)
        try:
            return cls(ScopeKind(key))
        except ValueError:
            return cls(ScopeKind.DUE)

    @property
    def is_practice(self) -> bool:
        """Practice scopes go through every question in order, due or not."""
        return self.practice or self.kind in (
            ScopeKind.BOOKMARKED,
            ScopeKind.ALL,
            ScopeKind.SELECTION,
        )


PLAN_SCOPE = "plan"  # today's share of the saved interview plan: a selection made anew
DUE_NOW = Scope(ScopeKind.DUE)
BOOKMARKED = Scope(ScopeKind.BOOKMARKED)
ALL_QUESTIONS = Scope(ScopeKind.ALL)


@dataclass(frozen=True, slots=True)
class SessionCounts:
    """What is left in the session, the question on screen included. A practice session
    goes through questions whatever their state, so it has one count (`total`)."""

    new: int = 0
    learning: int = 0
    review: int = 0
    practice: bool = False

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review
