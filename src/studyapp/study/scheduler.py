"""FSRS scheduling as a pure function: (state, rating, now) → new state.

Fuzzing is off so that the interval a grade button shows is exactly the one the grade gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum
from functools import lru_cache

from fsrs import Card, Rating, Scheduler, State

from studyapp.store.records import CardSnapshot

DEFAULT_RETENTION = 0.9


class Grade(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


LEARNING_STATES = frozenset({int(State.Learning), int(State.Relearning)})


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    desired_retention: float = DEFAULT_RETENTION
    maximum_interval_days: int = 36500


@lru_cache(maxsize=8)
def _scheduler(settings: SchedulerSettings) -> Scheduler:
    return Scheduler(
        desired_retention=settings.desired_retention,
        maximum_interval=settings.maximum_interval_days,
        enable_fuzzing=False,
    )


def _to_card(snapshot: CardSnapshot | None, now: datetime) -> Card:
    # card_id is irrelevant to scheduling; passing one avoids fsrs's 1 ms sleep per Card.
    if snapshot is None:
        return Card(card_id=1, due=now)
    return Card(
        card_id=1,
        state=State(snapshot.state),
        step=snapshot.step,
        stability=snapshot.stability,
        difficulty=snapshot.difficulty,
        due=snapshot.due,
        last_review=snapshot.last_review,
    )


def _to_snapshot(card: Card) -> CardSnapshot:
    return CardSnapshot(
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def review(
    snapshot: CardSnapshot | None,
    grade: Grade,
    now: datetime,
    settings: SchedulerSettings = SchedulerSettings(),
) -> CardSnapshot:
    """The state after grading at `now`; `None` means the question was new."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    card, _log = _scheduler(settings).review_card(
        _to_card(snapshot, now), Rating(int(grade)), review_datetime=now
    )
    return _to_snapshot(card)


def preview(
    snapshot: CardSnapshot | None,
    now: datetime,
    settings: SchedulerSettings = SchedulerSettings(),
) -> dict[Grade, timedelta]:
    """How long until the question returns, for each grade, without saving anything."""
    return {grade: review(snapshot, grade, now, settings).due - now for grade in Grade}


def retrievability(
    snapshot: CardSnapshot | None,
    now: datetime,
    settings: SchedulerSettings = SchedulerSettings(),
) -> float:
    """Probability of recalling the question at `now` (0 for a question never reviewed)."""
    if snapshot is None:
        return 0.0
    return float(_scheduler(settings).get_card_retrievability(_to_card(snapshot, now), now))


def decay_constants(settings: SchedulerSettings = SchedulerSettings()) -> tuple[float, float]:
    """(decay, factor) of the FSRS forgetting curve R = (1 + factor·t/S)^decay, t in days,
    for the store's SQL that averages retrievability without leaving SQLite."""
    decay = -float(_scheduler(settings).parameters[20])
    factor = 0.9 ** (1 / decay) - 1
    return decay, factor


def format_interval(delta: timedelta) -> str:
    """Compact, like Anki: '1 min', '10 min', '3 h', '4 d', '2.5 mo', '1.2 y'."""
    seconds = max(delta.total_seconds(), 0)
    minutes = seconds / 60
    if minutes < 60:
        return f"{max(round(minutes), 1)} min"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)} h"
    days = hours / 24
    if days < 30:
        return f"{round(days)} d"
    if days < 365:
        return f"{days / 30:.1f} mo".replace(".0 ", " ")
    return f"{days / 365:.1f} y".replace(".0 ", " ")
