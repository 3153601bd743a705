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

from studyapp.io.apkg.collection import Card, Revlog
from studyapp.store.imported_history import ImportedReview
from studyapp.store.records import CardSnapshot
from studyapp.study import scheduler
from studyapp.study.scheduler import Grade

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
MANUAL, RESCHEDULED = 4, 5
EPOCH_SECONDS_FLOOR = 1_000_000_000  # learning "due" is epoch seconds, review due a day number
MAX_DURATION_MS = 3_600_000
DEFAULT_DIFFICULTY = 5.0


def card_history(
    card: Card, revlog: Sequence[Revlog], created_secs: int
) -> tuple[CardSnapshot | None, tuple[ImportedReview, ...]]:
    """The card's state (None while new) and its reviews, oldest first."""
    memory = _memory(card.data)
    if memory is not None:
        reviews = tuple(
            ImportedReview(entry.ease, entry.id, _duration(entry), None)
            for entry in revlog
            if _is_review(entry)
        )
        replayed = None
    else:
        replayed, reviews = _replay(revlog)
    if card.type == NEW:
        return None, reviews
    due = _due(card, created_secs)
    last = _last_review(reviews, card, due)
    if memory is not None:
        stability, difficulty = memory
    elif replayed is not None and replayed.stability and replayed.difficulty:
        stability, difficulty = replayed.stability, replayed.difficulty
    elif card.type == REVIEW:
        # No history came along (a shared deck): the interval is about what 90% recall gives.
        stability, difficulty = float(max(card.ivl, 1)), DEFAULT_DIFFICULTY
    else:
        return None, reviews  # a learning card with no memory and no log: start it fresh
    step = None if card.type == REVIEW else (replayed.step if replayed else 0) or 0
    state = CardSnapshot(card.type, step, stability, difficulty, due, last)
    return state, reviews


def _is_review(entry: Revlog) -> bool:
    return 1 <= entry.ease <= 4 and entry.type not in (MANUAL, RESCHEDULED)


def _is_forget(entry: Revlog) -> bool:
    return entry.type == MANUAL and entry.ease == 0 and entry.ivl == 0


def _duration(entry: Revlog) -> int:
    return min(max(entry.time_ms, 0), MAX_DURATION_MS)


def _replay(
    revlog: Sequence[Revlog],
) -> tuple[CardSnapshot | None, tuple[ImportedReview, ...]]:
    state: CardSnapshot | None = None
    reviews: list[ImportedReview] = []
    for entry in revlog:
        if _is_forget(entry):
            state = None
        elif _is_review(entry):
            at = datetime.fromtimestamp(entry.id / 1000, tz=UTC)
            reviews.append(ImportedReview(entry.ease, entry.id, _duration(entry), state))
            state = scheduler.review(state, Grade(entry.ease), at)
    return state, tuple(reviews)


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


def _last_review(reviews: Sequence[ImportedReview], card: Card, due: datetime) -> datetime:
    if reviews:
        return datetime.fromtimestamp(reviews[-1].reviewed_at_ms / 1000, tz=UTC)
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
