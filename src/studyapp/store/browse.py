"""The rows of the question browser: one record per question with the columns it shows
(prompt, topic, due, recall, reviews, bookmarked, suspended), for ids from a search
(`search.search_ids`) or a topic, in the order given; the view sorts them in memory."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from studyapp.store.queries import MILLIS_PER_DAY
from studyapp.store.schema import Question, to_millis
from studyapp.store.search import RecallCurve, topic_paths


class BrowseRow(NamedTuple):
    """A named tuple rather than a frozen dataclass: a listing makes 100,000 of them, and a
    tuple is several times cheaper to create."""

    question_id: int
    uid: str
    topic_id: int
    topic_path: tuple[str, ...]
    prompt_md: str
    due: datetime | None  # None: new
    recall: float | None  # FSRS retrievability now; None: never reviewed
    reviews: int  # reviews that count (not undone)
    bookmarked: bool
    suspended: bool
    flagged: bool
    edited: bool
    deleted: bool


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ROWS = text(
    """
    SELECT q.id, q.uid, q.topic_id, q.prompt_md, c.due,
           CASE WHEN c.stability > 0 AND c.last_review IS NOT NULL THEN
             pow(1 + :factor * max(:now - c.last_review, 0) / (:day * c.stability), :decay)
           END,
           (SELECT count(*) FROM effective_review AS r WHERE r.question_id = q.id),
           b.question_id IS NOT NULL, q.suspended_at IS NOT NULL, q.flagged_at IS NOT NULL,
           q.edited_at IS NOT NULL, q.deleted_at IS NOT NULL
    FROM question AS q
    LEFT JOIN card_state AS c ON c.question_id = q.id
    LEFT JOIN bookmark AS b ON b.question_id = q.id
    WHERE q.id IN (SELECT value FROM json_each(:ids))
    """
)


def browse_rows(
    session: Session, question_ids: Sequence[int], now: datetime, recall: RecallCurve
) -> list[BrowseRow]:
    params = {
        "ids": json.dumps(list(question_ids)),
        "now": to_millis(now),
        "day": MILLIS_PER_DAY,
        "decay": recall.decay,
        "factor": recall.factor,
    }
    rows = session.execute(_ROWS, params).all()
    paths = topic_paths(session, {row[2] for row in rows})
    # Positional, and the epoch plus a delta rather than `from_millis`: both are measurably
    # cheaper at 100,000 rows (bench/browse.py), and the delta is exact to the millisecond.
    by_id = {
        row[0]: BrowseRow(
            row[0],
            row[1],
            row[2],
            paths.get(row[2], ()),
            row[3],
            None if row[4] is None else _EPOCH + timedelta(milliseconds=row[4]),
            row[5],
            row[6],
            bool(row[7]),
            bool(row[8]),
            bool(row[9]),
            bool(row[10]),
            bool(row[11]),
        )
        for row in rows
    }
    return [by_id[i] for i in dict.fromkeys(question_ids) if i in by_id]


def listed_question_ids(session: Session, topic_ids: Sequence[int] | None) -> list[int]:
    """The questions a topic (with its subtopics; None: every topic) lists in the browser:
    suspended ones too, so they can be unsuspended there; deleted and retired ones not."""
    query = (
        select(Question.id)
        .where(Question.retired_at.is_(None), Question.deleted_at.is_(None))
        .order_by(Question.source_id, Question.position, Question.id)
    )
    if topic_ids is not None:
        query = query.where(Question.topic_id.in_(topic_ids))
    return list(session.scalars(query))
