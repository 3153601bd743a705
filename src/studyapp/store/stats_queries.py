"""Read queries behind the statistics and the interview plan. Each takes a Session and returns
plain values; times are UTC milliseconds and days are whole study days counted from the Unix
epoch after shifting by `shift_ms` (the local UTC offset minus the day's rollover hour), so that
a day starts at 4 am local time as the study queue's does.

Statistics count only the reviews that still count: they read the `effective_review` view
(kind 'review' and not reverted by an undo), never `review_log` itself. Questions are those in
study: not retired, suspended or deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import TextClause, bindparam, text
from sqlalchemy.orm import Session

from studyapp.store.queries import ACTIVE_SQL

MILLIS_PER_DAY = 86_400_000
REVIEWS = "effective_review"
REVIEW_STATE = 2  # FSRS State.Review: a review of a question past its learning steps


@dataclass(frozen=True, slots=True)
class DayActivity:
    day: int  # study day number (see the module docstring)
    reviews: int
    passed: int  # graded Hard, Good or Easy
    duration_ms: int


@dataclass(frozen=True, slots=True)
class DayRetention:
    """Reviews of questions past their learning steps: true retention is passed / reviews."""

    day: int
    reviews: int
    passed: int


@dataclass(frozen=True, slots=True)
class CardRow:
    question_id: int
    topic_id: int
    state: int | None  # None: never studied
    step: int | None
    stability: float | None
    difficulty: float | None
    due_ms: int | None
    last_review_ms: int | None


_JOIN = "JOIN question AS q ON q.id = r.question_id"
_ONLY = "AND q.topic_id IN :topic_ids"


def _scoped(template: str) -> tuple[TextClause, TextClause]:
    """(every topic, some topics) versions of a query over the reviews that count: `{join}`
    and `{only}` in the template become the topic filter."""
    every = text(template.format(reviews=REVIEWS, join="", only=""))
    some = text(template.format(reviews=REVIEWS, join=_JOIN, only=_ONLY)).bindparams(
        bindparam("topic_ids", expanding=True)
    )
    return every, some


def _run(
    session: Session,
    statements: tuple[TextClause, TextClause],
    params: dict[str, object],
    topic_ids: Sequence[int] | None,
) -> Iterable[Sequence[Any]]:
    if topic_ids is None:
        return session.execute(statements[0], params)
    return session.execute(statements[1], {**params, "topic_ids": list(topic_ids)})


_ACTIVITY = _scoped(
    """
    SELECT (r.reviewed_at + :shift) / :day AS d, count(*), sum(r.rating > 1),
           sum(r.duration_ms)
    FROM {reviews} AS r {join} WHERE r.reviewed_at >= :since {only}
    GROUP BY d ORDER BY d
    """
)


def activity_by_day(
    session: Session, since_ms: int, shift_ms: int, topic_ids: Sequence[int] | None = None
) -> list[DayActivity]:
    params: dict[str, object] = {"since": since_ms, "shift": shift_ms, "day": MILLIS_PER_DAY}
    return [
        DayActivity(day, reviews, passed or 0, duration or 0)
        for day, reviews, passed, duration in _run(session, _ACTIVITY, params, topic_ids)
    ]


_RETENTION = _scoped(
    """
    SELECT (r.reviewed_at + :shift) / :day AS d, count(*), sum(r.rating > 1)
    FROM {reviews} AS r {join}
    WHERE r.reviewed_at >= :since AND r.prev_state = :review_state {only}
    GROUP BY d ORDER BY d
    """
)


def retention_by_day(
    session: Session, since_ms: int, shift_ms: int, topic_ids: Sequence[int] | None = None
) -> list[DayRetention]:
    params: dict[str, object] = {
        "since": since_ms,
        "shift": shift_ms,
        "day": MILLIS_PER_DAY,
        "review_state": REVIEW_STATE,
    }
    return [
        DayRetention(day, reviews, passed or 0)
        for day, reviews, passed in _run(session, _RETENTION, params, topic_ids)
    ]


_RECENT_DURATIONS = _scoped(
    """
    SELECT r.duration_ms FROM {reviews} AS r {join} WHERE r.duration_ms > 0 {only}
    ORDER BY r.reviewed_at DESC LIMIT :limit
    """
)


def recent_durations_ms(
    session: Session, limit: int = 1000, topic_ids: Sequence[int] | None = None
) -> list[int]:
    """Answer times of the newest reviews that recorded one (newest first)."""
    params: dict[str, object] = {"limit": limit}
    return [row[0] for row in _run(session, _RECENT_DURATIONS, params, topic_ids)]


_FORECAST = _scoped(
    """
    SELECT max((c.due + :shift) / :day, :today) AS d, count(*)
    FROM card_state AS c JOIN question AS q ON q.id = c.question_id
    WHERE {active} AND c.due < :until {only}
    GROUP BY d ORDER BY d
    """.replace("{active}", ACTIVE_SQL)
)


def due_by_day(
    session: Session,
    today: int,
    days: int,
    shift_ms: int,
    topic_ids: Sequence[int] | None = None,
) -> dict[int, int]:
    """Questions falling due on each study day from `today` for `days` days; overdue ones
    count on today."""
    until = (today + days) * MILLIS_PER_DAY - shift_ms
    params: dict[str, object] = {
        "shift": shift_ms,
        "day": MILLIS_PER_DAY,
        "today": today,
        "until": until,
    }
    return {row[0]: row[1] for row in _run(session, _FORECAST, params, topic_ids)}


_CARDS_SQL = """
    SELECT q.id, q.topic_id, c.state, c.step, c.stability, c.difficulty, c.due, c.last_review
    FROM question AS q LEFT JOIN card_state AS c ON c.question_id = q.id
    WHERE {active} {only}
    ORDER BY q.source_id, q.position, q.id
"""
_ALL_CARDS = text(_CARDS_SQL.format(active=ACTIVE_SQL, only=""))
_SOME_CARDS = text(
    _CARDS_SQL.format(active=ACTIVE_SQL, only="AND q.topic_id IN :topic_ids")
).bindparams(bindparam("topic_ids", expanding=True))


def card_rows(session: Session, topic_ids: Sequence[int] | None = None) -> list[CardRow]:
    """Every active question (or those of some topics) with its FSRS state, in deck order."""
    if topic_ids is None:
        result = session.execute(_ALL_CARDS)
    else:
        result = session.execute(_SOME_CARDS, {"topic_ids": list(topic_ids)})
    return [CardRow(*row) for row in result]


_BOOKMARKED_IDS = text("SELECT question_id FROM bookmark")  # the caller meets them with active ones


def bookmarked_ids(session: Session) -> set[int]:
    return {row[0] for row in session.execute(_BOOKMARKED_IDS)}
