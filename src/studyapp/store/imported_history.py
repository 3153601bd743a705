"""Writing the scheduling state and review history that came with an imported package.

Runs in the import's transaction, after `apply_content`, so content and history commit
together or not at all. Bulk driver-level inserts: a package can carry 100,000 reviews.
The same module reads them back for an Anki package export.
A re-import never rewrites what is already here: a state is replaced only by a newer one
(a later last review), and a review already logged (same question, same moment) is skipped.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.store import mutations
from studyapp.store.records import CardSnapshot
from studyapp.store.schema import CardState, Question, to_millis
from studyapp.store.uid import dated_uids

# (rating 1–4, reviewed_at in epoch ms, duration ms); plain tuples, as there can be millions.
ImportedReview = tuple[int, int, int]


class ImportedCard(NamedTuple):
    """One question's state (None: still new) and its review history, oldest first."""

    key: str
    state: CardSnapshot | None
    reviews: Sequence[ImportedReview]
    suspended: bool = False


class HistoryReport(NamedTuple):
    states: int
    reviews: int


def write_history(
    session: Session, source_id: int, cards: Sequence[ImportedCard], now: datetime
) -> HistoryReport:
    ids: dict[str, int] = {
        row[0]: row[1]
        for row in session.execute(
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
    reviews = _review_rows(session, source_id, ids, cards)
    if reviews:
        connection.exec_driver_sql(_INSERT_REVIEW_SQL, reviews)
    suspended = [(to_millis(now), ids[c.key]) for c in cards if c.suspended and c.key in ids]
    if suspended:
        connection.exec_driver_sql(
            "UPDATE question SET suspended_at = ? WHERE id = ? AND suspended_at IS NULL",
            suspended,
        )
    return HistoryReport(len(states), len(reviews))


def _review_rows(
    session: Session, source_id: int, ids: dict[str, int], cards: Sequence[ImportedCard]
) -> list[tuple[object, ...]]:
    """Log rows for the reviews not logged yet (a re-import adds only the new ones)."""
    logged = _logged_reviews(session, source_id)
    device = mutations.device_id(session)
    rows: list[tuple[int, int, str, int, int, bool]] = []
    for card in cards:
        question_id = ids.get(card.key)
        if question_id is None or not card.reviews:
            continue
        for index, (rating, at_ms, duration_ms) in enumerate(card.reviews):
            if (question_id, at_ms) not in logged:
                rows.append((at_ms, question_id, device, rating, duration_ms, index == 0))
    rows.sort()  # in time order, the uid and reviewed_at indexes grow at their end
    uids = dated_uids([row[0] for row in rows])
    return [(uid, *row) for uid, row in zip(uids, rows, strict=True)]


def _logged_reviews(session: Session, source_id: int) -> set[tuple[int, int]]:
    rows = session.connection().exec_driver_sql(
        "SELECT r.question_id, r.reviewed_at FROM review_log r "
        "JOIN question q ON q.id = r.question_id WHERE q.source_id = ? AND r.kind = 'review'",
        (source_id,),
    )
    return {(row[0], row[1]) for row in rows}


# The entry's UUIDv7 is dated by the review itself (?2).
_INSERT_REVIEW_SQL = (
    "INSERT INTO review_log (uid, reviewed_at, question_id, kind, device_id, rating, "
    "duration_ms, was_new) VALUES (?1, ?2, ?3, 'review', ?4, ?5, ?6, ?7)"
)


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


class ExportedQuestion(NamedTuple):
    """A question with its source key and state, for writing an Anki package."""

    id: int
    topic_id: int
    source_key: str
    key: str
    prompt_md: str
    answer_md: str
    tags: tuple[str, ...]
    state: CardSnapshot | None
    suspended: bool


class ExportedReview(NamedTuple):
    question_id: int
    rating: int
    reviewed_at_ms: int
    duration_ms: int
    prev_state: int | None
    prev_due_ms: int | None


_EXPORT_SQL = """
    SELECT q.id, q.topic_id, coalesce(s.key, ''), q.external_key, q.prompt_md, q.answer_md,
           q.tags, q.suspended_at IS NOT NULL,
           c.state, c.step, c.stability, c.difficulty, c.due, c.last_review
    FROM question q LEFT JOIN source s ON s.id = q.source_id
    LEFT JOIN card_state c ON c.question_id = q.id
    WHERE q.retired_at IS NULL AND q.deleted_at IS NULL
    ORDER BY q.source_id, q.position, q.id
"""


def questions_for_export(
    session: Session, topic_ids: Collection[int] | None
) -> list[ExportedQuestion]:
    from studyapp.store.schema import from_millis

    wanted = None if topic_ids is None else set(topic_ids)
    found: list[ExportedQuestion] = []
    for row in session.connection().exec_driver_sql(_EXPORT_SQL):
        qid, topic_id, source_key, key, prompt, answer, tags, suspended, *card = row
        if wanted is not None and topic_id not in wanted:
            continue
        state = None
        if card[0] is not None:
            last = None if card[5] is None else from_millis(card[5])
            state = CardSnapshot(card[0], card[1], card[2], card[3], from_millis(card[4]), last)
        tag_list = tuple(t for t in tags.split(",") if t)
        found.append(
            ExportedQuestion(
                qid, topic_id, source_key, key, prompt, answer, tag_list, state, bool(suspended)
            )
        )
    return found


def reviews_for_export(session: Session) -> list[ExportedReview]:
    """Every review that counts (not undone), in time order; the caller keeps those of
    the exported questions."""
    rows = session.connection().exec_driver_sql(
        "SELECT question_id, rating, reviewed_at, duration_ms, prev_state, prev_due "
        "FROM effective_review ORDER BY question_id, reviewed_at, id"
    )
    return [ExportedReview(*row) for row in rows]


def source_sharing_keys(session: Session, kind: str, keys: Collection[str]) -> str | None:
    """The key of the source of this kind that holds most of `keys` (at least half of the
    smaller side): with globally unique keys (Anki's GUIDs) that is the same deck, however
    its file was named or wherever it was saved."""
    wanted = set(keys)
    shared: dict[str, int] = {}
    sizes: dict[str, int] = {}
    rows = session.connection().exec_driver_sql(
        "SELECT s.key, q.external_key FROM question q JOIN source s ON s.id = q.source_id "
        "WHERE s.kind = ?",
        (kind,),
    )
    for source_key, key in rows:
        sizes[source_key] = sizes.get(source_key, 0) + 1
        if key in wanted:
            shared[source_key] = shared.get(source_key, 0) + 1
    best = max(shared, key=lambda k: shared[k], default=None)
    if best is None or 2 * shared[best] < min(sizes[best], len(wanted)):
        return None
    return best
