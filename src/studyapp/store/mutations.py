"""Write functions: each takes a Session inside the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from studyapp.store.records import CardSnapshot
from studyapp.store.schema import (
    Bookmark,
    CardState,
    ReviewKind,
    ReviewLog,
    Setting,
    to_millis,
)
from studyapp.store.uid import SQL_UUID7, new_uid

DEVICE_ID_SETTING = "device_id"


@dataclass(frozen=True, slots=True)
class ReviewInput:
    question_id: int
    rating: int
    reviewed_at: datetime
    duration_ms: int
    before: CardSnapshot | None
    after: CardSnapshot
    device_id: str = ""


def save_review(session: Session, review: ReviewInput) -> int:
    """Append the log row (with the state before) and write the new state; return the log id.

    Core statements, not the unit of work: this is the hot path of every grade.
    """
    review_id = _append_entry(
        session,
        review.question_id,
        ReviewKind.REVIEW,
        review.rating,
        review.reviewed_at,
        review.before,
        review.device_id,
        duration_ms=review.duration_ms,
    )
    _write_state(session, review.question_id, review.after)
    return review_id


def _append_entry(
    session: Session,
    question_id: int,
    kind: str,
    rating: int,
    moment: datetime,
    before: CardSnapshot | None,
    device_id: str,
    *,
    duration_ms: int = 0,
    reverts_id: int | None = None,
) -> int:
    result = session.connection().execute(
        insert(ReviewLog),
        {
            "uid": new_uid(),
            "question_id": question_id,
            "kind": kind,
            "reverts_id": reverts_id,
            "device_id": device_id,
            "rating": rating,
            "reviewed_at": moment,
            "duration_ms": duration_ms,
            "was_new": before is None,
            "prev_state": None if before is None else before.state,
            "prev_step": None if before is None else before.step,
            "prev_stability": None if before is None else before.stability,
            "prev_difficulty": None if before is None else before.difficulty,
            "prev_due": None if before is None else before.due,
            "prev_last_review": None if before is None else before.last_review,
        },
    )
    (entry_id,) = result.inserted_primary_key or (None,)
    assert isinstance(entry_id, int)
    return entry_id


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


def undo_review(
    session: Session, review_id: int, *, now: datetime, device_id: str = ""
) -> int | None:
    """Undo a review by appending a revert entry and restoring the exact state it replaced;
    return its question id, or None when there is no such review or it is undone already.

    The log is append-only: the review stays, and statistics skip it (`effective_review`).
    """
    log = session.get(ReviewLog, review_id)
    if log is None or log.kind != ReviewKind.REVIEW or _is_reverted(session, review_id):
        return None
    question_id = log.question_id
    current = _current_state(session, question_id)
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
    _append_entry(
        session, question_id, ReviewKind.REVERT, 0, now, current, device_id, reverts_id=review_id
    )
    session.expire(log)
    return question_id


def _is_reverted(session: Session, review_id: int) -> bool:
    found = session.scalar(select(ReviewLog.id).where(ReviewLog.reverts_id == review_id))
    return found is not None


def _current_state(session: Session, question_id: int) -> CardSnapshot | None:
    row = session.get(CardState, question_id)
    if row is None:
        return None
    return CardSnapshot(
        row.state, row.step, row.stability, row.difficulty, row.due, row.last_review
    )


_RESET_SQL = (
    "INSERT INTO review_log (uid, question_id, kind, reverts_id, device_id, rating, "
    "reviewed_at, duration_ms, was_new, prev_state, prev_step, prev_stability, "
    "prev_difficulty, prev_due, prev_last_review) "
    f"SELECT {SQL_UUID7.format(millis=':now')}, c.question_id, 'reset', NULL, :device, 0, "
    ":now, 0, 0, c.state, c.step, c.stability, c.difficulty, c.due, c.last_review "
    "FROM card_state AS c WHERE c.question_id IN ({which})"
)
_SOURCE_QUESTIONS = "SELECT id FROM question WHERE source_id = :source_id"


def reset_source_states(session: Session, source_id: int, now: datetime) -> int:
    """Forget the progress of one source's questions: append a reset entry (keeping the
    state it ends) for each that has one, then make them new. Earlier reviews stay in the
    log. Returns how many questions had progress."""
    params = {"now": to_millis(now), "device": device_id(session), "source_id": source_id}
    result = session.execute(text(_RESET_SQL.format(which=_SOURCE_QUESTIONS)), params)
    session.execute(
        text(f"DELETE FROM card_state WHERE question_id IN ({_SOURCE_QUESTIONS})"), params
    )
    return int(getattr(result, "rowcount", 0) or 0)


_LISTED_QUESTIONS = "SELECT value FROM json_each(:ids)"


def reset_question_states(session: Session, question_ids: Sequence[int], now: datetime) -> int:
    """`reset_source_states` for chosen questions ("forget progress" in the editor)."""
    params = {"now": to_millis(now), "device": device_id(session), "ids": json.dumps(question_ids)}
    result = session.execute(text(_RESET_SQL.format(which=_LISTED_QUESTIONS)), params)
    session.execute(
        text(f"DELETE FROM card_state WHERE question_id IN ({_LISTED_QUESTIONS})"), params
    )
    return int(getattr(result, "rowcount", 0) or 0)


def device_id(session: Session) -> str:
    """This database's device id (made by migration 0002), stamped on every log entry."""
    value = session.scalar(select(Setting.value).where(Setting.key == DEVICE_ID_SETTING))
    return value or ""


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
