"""Writing the scheduling state and review history that came with an imported package.

Runs in the import's transaction, after `apply_content`, so content and history commit
together or not at all. Bulk driver-level inserts: a package can carry 100,000 reviews.
A re-import never rewrites what is already here: a state is replaced only by a newer one
(a later last review), and a review already logged (same question, same moment) is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.store.records import CardSnapshot
from studyapp.store.schema import CardState, Question, to_millis


class ImportedReview(NamedTuple):
    rating: int
    reviewed_at_ms: int
    duration_ms: int
    before: CardSnapshot | None


class ImportedCard(NamedTuple):
    """One question's state (None: still new) and its review history, oldest first."""

    key: str
    state: CardSnapshot | None
    reviews: tuple[ImportedReview, ...]


class HistoryReport(NamedTuple):
    states: int
    reviews: int


def write_history(session: Session, source_id: int, cards: Sequence[ImportedCard]) -> HistoryReport:
    ids: dict[str, int] = {
        key: question_id
        for key, question_id in session.execute(
            select(Question.external_key, Question.id).where(Question.source_id == source_id)
        )
    }
    connection = session.connection()
    known = _known_last_reviews(session, source_id)
    states = [
        _state_row(ids[card.key], card.state)
        for card in cards
        if card.state is not None
        and card.key in ids
        and _is_newer(card.state, known.get(ids[card.key], _MISSING))
    ]
    if states:
        connection.exec_driver_sql(_UPSERT_STATE_SQL, states)
    return HistoryReport(len(states), 0)


_MISSING = -1
_STATE_COLUMNS = ("question_id", "state", "step", "stability", "difficulty", "due", "last_review")
_UPSERT_STATE_SQL = (
    f"INSERT INTO card_state ({', '.join(_STATE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _STATE_COLUMNS)}) "
    "ON CONFLICT (question_id) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in _STATE_COLUMNS[1:])
)


def _known_last_reviews(session: Session, source_id: int) -> dict[int, int]:
    """Question id → its current last review in ms (0 when it has a state without one)."""
    rows = session.execute(
        select(CardState.question_id, CardState.last_review)
        .join(Question, Question.id == CardState.question_id)
        .where(Question.source_id == source_id)
    )
    return {qid: 0 if last is None else to_millis(last) for qid, last in rows}


def _is_newer(state: CardSnapshot, known: int) -> bool:
    if known == _MISSING:
        return True
    return state.last_review is not None and to_millis(state.last_review) > known


def _state_row(question_id: int, state: CardSnapshot) -> tuple[object, ...]:
    return (
        question_id,
        state.state,
        state.step,
        state.stability,
        state.difficulty,
        to_millis(state.due),
        None if state.last_review is None else to_millis(state.last_review),
    )
