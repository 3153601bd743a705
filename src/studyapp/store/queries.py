"""Read functions: each takes a Session and returns plain values or frozen records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from studyapp.store.records import CardSnapshot, QuestionRecord
from studyapp.store.schema import (
    Bookmark,
    CardState,
    Question,
    ReviewLog,
    Setting,
    Topic,
    to_millis,
)

MILLIS_PER_DAY = 86_400_000


@dataclass(frozen=True, slots=True)
class TopicRow:
    id: int
    parent_id: int | None
    title: str
    position: int


@dataclass(frozen=True, slots=True)
class TopicTally:
    """Counts of one topic's own questions (not its subtopics')."""

    total: int = 0
    reviewed: int = 0
    due: int = 0
    retrievability_sum: float = 0.0


def topic_rows(session: Session) -> list[TopicRow]:
    rows = session.execute(
        select(Topic.id, Topic.parent_id, Topic.title, Topic.position).order_by(
            Topic.parent_id, Topic.position, Topic.id
        )
    )
    return [TopicRow(*row) for row in rows]


_TALLY_SQL = text(
    """
    SELECT q.topic_id, count(*) AS total, count(c.question_id) AS reviewed,
           sum(c.due <= :now) AS due,
           sum(CASE WHEN c.stability > 0 THEN
                 pow(1 + :factor * max(:now - c.last_review, 0) / (:day * c.stability), :decay)
               ELSE 0 END) AS r_sum
    FROM question AS q LEFT JOIN card_state AS c ON c.question_id = q.id
    WHERE q.retired_at IS NULL
    GROUP BY q.topic_id
    """
)


def topic_tallies(
    session: Session, now: datetime, decay: float, factor: float
) -> dict[int, TopicTally]:
    """Per topic: questions, reviewed, due, and the summed FSRS retrievability at `now`."""
    params = {"now": to_millis(now), "factor": factor, "decay": decay, "day": MILLIS_PER_DAY}
    return {
        topic_id: TopicTally(total, reviewed, due or 0, r_sum or 0.0)
        for topic_id, total, reviewed, due, r_sum in session.execute(_TALLY_SQL, params)
    }


def bookmark_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Bookmark)
            .join(Question, Question.id == Bookmark.question_id)
            .where(Question.retired_at.is_(None))
        )
        or 0
    )


def new_introduced_since(session: Session, since: datetime) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(ReviewLog)
            .where(ReviewLog.reviewed_at >= since, ReviewLog.was_new.is_(True))
        )
        or 0
    )


def reviews_since(session: Session, since: datetime) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(ReviewLog).where(ReviewLog.reviewed_at >= since)
        )
        or 0
    )


def next_due_after(session: Session, now: datetime) -> datetime | None:
    return session.scalar(
        select(func.min(CardState.due))
        .join(Question, Question.id == CardState.question_id)
        .where(CardState.due > now, Question.retired_at.is_(None))
    )


def due_question_ids(
    session: Session, topic_ids: Sequence[int] | None, until: datetime
) -> list[tuple[int, datetime]]:
    """Questions due by `until`, most overdue first."""
    query = (
        select(CardState.question_id, CardState.due)
        .join(Question, Question.id == CardState.question_id)
        .where(CardState.due <= until, Question.retired_at.is_(None))
        .order_by(CardState.due, CardState.question_id)
    )
    if topic_ids is not None:
        query = query.where(Question.topic_id.in_(topic_ids))
    return [(qid, due) for qid, due in session.execute(query)]


def new_question_ids(session: Session, topic_ids: Sequence[int] | None, limit: int) -> list[int]:
    """Never-reviewed questions in deck order."""
    if limit <= 0:
        return []
    query = (
        select(Question.id)
        .outerjoin(CardState, CardState.question_id == Question.id)
        .where(CardState.question_id.is_(None), Question.retired_at.is_(None))
        .order_by(Question.source_id, Question.position, Question.id)
        .limit(limit)
    )
    if topic_ids is not None:
        query = query.where(Question.topic_id.in_(topic_ids))
    return list(session.scalars(query))


def bookmarked_question_ids(session: Session) -> list[int]:
    query = (
        select(Bookmark.question_id)
        .join(Question, Question.id == Bookmark.question_id)
        .where(Question.retired_at.is_(None))
        .order_by(Bookmark.created_at, Bookmark.question_id)
    )
    return list(session.scalars(query))


def all_question_ids(session: Session, topic_ids: Sequence[int] | None) -> list[int]:
    query = (
        select(Question.id)
        .where(Question.retired_at.is_(None))
        .order_by(Question.source_id, Question.position, Question.id)
    )
    if topic_ids is not None:
        query = query.where(Question.topic_id.in_(topic_ids))
    return list(session.scalars(query))


def card_snapshot(session: Session, question_id: int) -> CardSnapshot | None:
    state = session.get(CardState, question_id)
    return None if state is None else snapshot_of(state)


def snapshot_of(state: CardState) -> CardSnapshot:
    return CardSnapshot(
        state=state.state,
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def question_record(session: Session, question_id: int) -> QuestionRecord | None:
    question = session.get(Question, question_id)
    if question is None:
        return None
    return QuestionRecord(
        id=question.id,
        topic_id=question.topic_id,
        topic_path=topic_path(session, question.topic_id),
        external_key=question.external_key,
        prompt_md=question.prompt_md,
        answer_md=question.answer_md,
        tags=tuple(tag for tag in question.tags.split(",") if tag),
        card=None if question.card_state is None else snapshot_of(question.card_state),
        bookmarked=question.bookmark is not None,
    )


def topic_path(session: Session, topic_id: int) -> tuple[str, ...]:
    titles: list[str] = []
    current: int | None = topic_id
    while current is not None:
        row = session.execute(select(Topic.title, Topic.parent_id).where(Topic.id == current))
        title, current = row.one()
        titles.append(title)
    return tuple(reversed(titles))


def question_topic_ids(session: Session, question_ids: Iterable[int]) -> dict[int, int]:
    ids = list(question_ids)
    rows = session.execute(select(Question.id, Question.topic_id).where(Question.id.in_(ids)))
    return {row[0]: row[1] for row in rows}


def is_bookmarked(session: Session, question_id: int) -> bool:
    return session.get(Bookmark, question_id) is not None


def setting(session: Session, key: str) -> str | None:
    return session.scalar(select(Setting.value).where(Setting.key == key))


def settings(session: Session) -> dict[str, str]:
    return {row[0]: row[1] for row in session.execute(select(Setting.key, Setting.value))}


def latest_review_id(session: Session) -> int | None:
    return session.scalar(select(func.max(ReviewLog.id)))


def question_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Question).where(Question.retired_at.is_(None))
        )
        or 0
    )
