"""Write functions: each takes a Session inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from studyapp.store.records import CardSnapshot
from studyapp.store.schema import Bookmark, CardState, ReviewLog, Setting


@dataclass(frozen=True, slots=True)
class ReviewInput:
    question_id: int
    rating: int
    reviewed_at: datetime
    duration_ms: int
    before: CardSnapshot | None
    after: CardSnapshot


def save_review(session: Session, review: ReviewInput) -> int:
    """Append the log row (with the state before) and write the new state; return the log id.

    Core statements, not the unit of work: this is the hot path of every grade.
    """
    before = review.before
    connection = session.connection()
    result = connection.execute(
        insert(ReviewLog),
        {
            "question_id": review.question_id,
            "rating": review.rating,
            "reviewed_at": review.reviewed_at,
            "duration_ms": review.duration_ms,
            "was_new": before is None,
            "prev_state": None if before is None else before.state,
            "prev_step": None if before is None else before.step,
            "prev_stability": None if before is None else before.stability,
            "prev_difficulty": None if before is None else before.difficulty,
            "prev_due": None if before is None else before.due,
            "prev_last_review": None if before is None else before.last_review,
        },
    )
    _write_state(session, review.question_id, review.after)
    (review_id,) = result.inserted_primary_key or (None,)
    assert isinstance(review_id, int)
    return review_id


_STATE_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review")
_upsert = sqlite_insert(CardState)
# Built once: constructing the statement costs more than running it.
UPSERT_STATE = _upsert.on_conflict_do_update(
    index_elements=["question_id"],
    set_={name: _upsert.excluded[name] for name in _STATE_FIELDS},
)


def _write_state(session: Session, question_id: int, snapshot: CardSnapshot) -> None:
    session.connection().execute(
        UPSERT_STATE,
        {
            "question_id": question_id,
            "state": snapshot.state,
            "step": snapshot.step,
            "stability": snapshot.stability,
            "difficulty": snapshot.difficulty,
            "due": snapshot.due,
            "last_review": snapshot.last_review,
        },
    )


def undo_review(session: Session, review_id: int) -> int | None:
    """Remove a review and restore the state it replaced; return its question id, or None
    when that review no longer exists."""
    log = session.get(ReviewLog, review_id)
    if log is None:
        return None
    question_id = log.question_id
    if log.was_new or log.prev_state is None or log.prev_due is None:
        session.execute(delete(CardState).where(CardState.question_id == question_id))
    else:
        _write_state(
            session,
            question_id,
            CardSnapshot(
                state=log.prev_state,
                step=log.prev_step,
                stability=log.prev_stability,
                difficulty=log.prev_difficulty,
                due=log.prev_due,
                last_review=log.prev_last_review,
            ),
        )
    session.execute(delete(ReviewLog).where(ReviewLog.id == review_id))
    return question_id


def set_bookmark(session: Session, question_id: int, on: bool, now: datetime) -> None:
    existing = session.get(Bookmark, question_id)
    if on and existing is None:
        session.add(Bookmark(question_id=question_id, created_at=now, note=""))
    elif not on and existing is not None:
        session.delete(existing)
    session.flush()


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()
