"""An Anki card's schedule and history, as StudyApp's FSRS state and review log.

FSRS collections keep each card's memory state in `cards.data` (`s`, `d`, `lrt`): it is
taken as is. SM-2 collections have none, so the review log is replayed through fsrs
(manual reschedules skipped, a "forget" starting over) to get one. Either way the due
date is Anki's own, so a card due in 12 days in Anki is due in 12 days here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from studyapp.io.apkg.collection import Answer, Card
from studyapp.io.apkg.replay import replay_memory
from studyapp.store.imported_history import ImportedReview
from studyapp.store.records import CardSnapshot

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
EPOCH_SECONDS_FLOOR = 1_000_000_000  # learning "due" is epoch seconds, review due a day number
DEFAULT_DIFFICULTY = 5.0


def card_history(
    card: Card, answers: Sequence[Answer], forgotten_at: int, created_secs: int
) -> tuple[CardSnapshot | None, Sequence[ImportedReview]]:
    """The card's state (None while new) and its reviews, oldest first."""
    if card.type == NEW:
        return None, answers
    memory = _memory(card.data) or replay_memory(
        (at_ms, rating) for rating, at_ms, _duration in answers if at_ms > forgotten_at
    )
    due = _due(card, created_secs)
    last = _last_review(answers, card, due)
    if memory is not None:
        stability, difficulty = memory
    elif card.type == REVIEW:
        # No history came along (a shared deck): the interval is about what 90% recall gives.
        stability, difficulty = float(max(card.ivl, 1)), DEFAULT_DIFFICULTY
    else:
        return None, answers  # a learning card with no memory and no log: start it fresh
    step = None if card.type == REVIEW else 0
    return CardSnapshot(card.type, step, stability, difficulty, due, last), answers


def _memory(data: str) -> tuple[float, float] | None:
    if '"s"' not in data:
        return None
    try:
        parsed = json.loads(data)
        stability, difficulty = float(parsed["s"]), float(parsed["d"])
    except (ValueError, KeyError, TypeError):
        return None
    return (stability, difficulty) if stability > 0 and 1 <= difficulty <= 10 else None


def _due(card: Card, created_secs: int) -> datetime:
    if card.type in (LEARNING, RELEARNING) and card.due > EPOCH_SECONDS_FLOOR:
        return datetime.fromtimestamp(card.due, tz=UTC)
    return datetime.fromtimestamp(created_secs, tz=UTC) + timedelta(days=card.due)


def _last_review(answers: Sequence[Answer], card: Card, due: datetime) -> datetime:
    if answers:
        return datetime.fromtimestamp(answers[-1][1] / 1000, tz=UTC)
    lrt = _lrt(card.data)
    if lrt:
        return datetime.fromtimestamp(lrt, tz=UTC)
    return due - timedelta(days=max(card.ivl, 0))


def _lrt(data: str) -> int | None:
    if '"lrt"' not in data:
        return None
    try:
        value = json.loads(data)["lrt"]
    except (ValueError, KeyError, TypeError):
        return None
    return int(value) if isinstance(value, int | float) else None
