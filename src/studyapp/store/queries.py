"""Read functions: each takes a Session and returns plain values or frozen records."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, func, select, text
from sqlalchemy.orm import Session, aliased

from studyapp.errors import StudyAppError
from studyapp.store.records import CardSnapshot, QuestionRecord
from studyapp.store.schema import (
    Bookmark,
    CardState,
    Question,
    ReviewKind,
    ReviewLog,
    Setting,
    Topic,
    to_millis,
)

MILLIS_PER_DAY = 86_400_000

# In study: not retired from its deck, not suspended, not deleted.
ACTIVE_QUESTION = and_(
    Question.retired_at.is_(None), Question.suspended_at.is_(None), Question.deleted_at.is_(None)
)
ACTIVE_SQL = "q.retired_at IS NULL AND q.suspended_at IS NULL AND q.deleted_at IS NULL"
# Reviews that count: not revert or reset entries, and not undone.
_REVERT = aliased(ReviewLog)
EFFECTIVE_REVIEW = and_(
    ReviewLog.kind == ReviewKind.REVIEW,
    ~select(_REVERT.id).where(_REVERT.reverts_id == ReviewLog.id).exists(),
)


@dataclass(frozen=True, slots=True)
class TopicRow:
    id: int
    parent_id: int | None
    title: str
    position: int
    made_here: bool = False  # made in the app (no source): shown even while it is empty


@dataclass(frozen=True, slots=True)
class TopicTally:
    """Counts of one topic's own questions (not its subtopics'). Retrievability is summed
    over `stable` questions only — those past their learning steps — because a question
    answered once a minute ago is not yet known, however likely its recall is right now."""

    total: int = 0
    reviewed: int = 0
    due: int = 0
    retrievability_sum: float = 0.0
    stable: int = 0


def topic_rows(session: Session) -> list[TopicRow]:
    rows = session.execute(
        select(Topic.id, Topic.parent_id, Topic.title, Topic.position, Topic.source_id.is_(None))
        .where(Topic.deleted_at.is_(None))
        .order_by(Topic.parent_id, Topic.position, Topic.id)
    )
    return [TopicRow(*row[:4], made_here=bool(row[4])) for row in rows]


_TALLY_SQL = """
    SELECT q.topic_id, count(*) AS total, count(c.question_id) AS reviewed,
           sum(c.due <= :now) AS due,
           sum(c.state = 2) AS stable,
           sum(CASE WHEN c.state = 2 AND c.stability > 0 THEN
                 pow(1 + :factor * max(:now - c.last_review, 0) / (:day * c.stability), :decay)
               ELSE 0 END) AS r_sum
    FROM question AS q LEFT JOIN card_state AS c ON c.question_id = q.id
    WHERE {active} {only}
    GROUP BY q.topic_id
"""
_ALL_TALLIES = text(_TALLY_SQL.format(active=ACTIVE_SQL, only=""))
_SOME_TALLIES = text(
    _TALLY_SQL.format(active=ACTIVE_SQL, only="AND q.topic_id IN :topic_ids")
).bindparams(bindparam("topic_ids", expanding=True))


def topic_tallies(
    session: Session,
    now: datetime,
    decay: float,
    factor: float,
    topic_ids: Collection[int] | None = None,
) -> dict[int, TopicTally]:
    """Per topic: questions, reviewed, due, and the summed FSRS retrievability at `now`.

    With `topic_ids`, only those topics (an index range each): the per-grade refresh.
    """
    params: dict[str, object] = {
        "now": to_millis(now),
        "factor": factor,
        "decay": decay,
        "day": MILLIS_PER_DAY,
    }
    statement = _ALL_TALLIES
    if topic_ids is not None:
        statement = _SOME_TALLIES
        params["topic_ids"] = list(topic_ids)
    return {
        topic_id: TopicTally(total, reviewed, due or 0, r_sum or 0.0, stable or 0)
        for topic_id, total, reviewed, due, stable, r_sum in session.execute(statement, params)
    }


def newly_due_by_topic(session: Session, after: datetime, until: datetime) -> dict[int, int]:
    """How many questions per topic fell due in (after, until]: counts move on with time."""
    rows = session.execute(
        select(Question.topic_id, func.count())
        .join(CardState, CardState.question_id == Question.id)
        .where(
            CardState.due > after,
            CardState.due <= until,
            ACTIVE_QUESTION,
        )
        .group_by(Question.topic_id)
    )
    return {row[0]: row[1] for row in rows}


def bookmark_count(session: Session) -> int:
    # EXISTS keeps the planner on the (small) bookmark table instead of scanning questions.
    active = (
        select(Question.id).where(Question.id == Bookmark.question_id, ACTIVE_QUESTION).exists()
    )
    return session.scalar(select(func.count()).select_from(Bookmark).where(active)) or 0


def new_introduced_since(session: Session, since: datetime) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(ReviewLog)
            .where(ReviewLog.reviewed_at >= since, ReviewLog.was_new.is_(True), EFFECTIVE_REVIEW)
        )
        or 0
    )


def reviews_since(session: Session, since: datetime) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(ReviewLog)
            .where(ReviewLog.reviewed_at >= since, EFFECTIVE_REVIEW)
        )
        or 0
    )


def next_due_after(session: Session, now: datetime) -> datetime | None:
    return session.scalar(
        select(func.min(CardState.due))
        .join(Question, Question.id == CardState.question_id)
        .where(CardState.due > now, ACTIVE_QUESTION)
    )


_DUE_SQL = f"""
    SELECT c.question_id, c.due FROM card_state AS c JOIN question AS q ON q.id = c.question_id
    WHERE c.due <= :until AND {ACTIVE_SQL} {{only}}
    ORDER BY c.due
"""
_IN_TOPICS = "AND q.topic_id IN (SELECT value FROM json_each(:topic_ids))"


def due_question_ids(
    session: Session, topic_ids: Sequence[int] | None, until: datetime
) -> list[tuple[int, int]]:
    """(question id, due in UTC milliseconds) of questions due by `until`, most overdue
    first: the driver's rows, one at a time (see `driver_rows`)."""
    params: dict[str, object] = {"until": to_millis(until)}
    statement = _DUE_SQL.format(only="")
    if topic_ids is not None:
        statement = _DUE_SQL.format(only=_IN_TOPICS)
        params["topic_ids"] = json.dumps(list(topic_ids))
    return [(row[0], row[1]) for row in driver_rows(session, statement, params)]


def driver_rows(
    session: Session, statement: str, params: Mapping[str, object]
) -> Iterator[tuple[Any, ...]]:
    """The SQLite driver's own rows, in the session's transaction, each freed as soon as it
    is read. An id query can return the whole collection (100k rows): as SQLAlchemy rows,
    held together until the list was built, they set off full garbage collections that hold
    the GIL for ~100 ms, and the GUI thread stalled as long (bench/responsiveness.py,
    "All questions"); plain ints in a list are not even tracked by the collector."""
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(statement, params)
        while (row := cursor.fetchone()) is not None:
            yield tuple(row)
    finally:
        cursor.close()


def new_question_ids(session: Session, topic_ids: Sequence[int] | None, limit: int) -> list[int]:
    """Never-reviewed questions in deck order."""
    if limit <= 0:
        return []
    query = (
        select(Question.id)
        .outerjoin(CardState, CardState.question_id == Question.id)
        .where(CardState.question_id.is_(None), ACTIVE_QUESTION)
        .order_by(Question.source_id, Question.position)
        .limit(limit)
    )
    if topic_ids is not None:
        query = query.where(Question.topic_id.in_(topic_ids))
    return list(session.scalars(query))


def bookmarked_question_ids(session: Session) -> list[int]:
    query = (
        select(Bookmark.question_id)
        .join(Question, Question.id == Bookmark.question_id)
        .where(ACTIVE_QUESTION)
        .order_by(Bookmark.created_at, Bookmark.question_id)
    )
    return list(session.scalars(query))


_ALL_IDS_SQL = f"""
    SELECT q.id FROM question AS q WHERE {ACTIVE_SQL} {{only}}
    ORDER BY q.source_id, q.position, q.id
"""


def all_question_ids(session: Session, topic_ids: Sequence[int] | None) -> list[int]:
    """Every question in study, in deck order (see `driver_rows`)."""
    params: dict[str, object] = {}
    statement = _ALL_IDS_SQL.format(only="")
    if topic_ids is not None:
        statement = _ALL_IDS_SQL.format(only=_IN_TOPICS)
        params["topic_ids"] = json.dumps(list(topic_ids))
    return [row[0] for row in driver_rows(session, statement, params)]


_STATE_COLUMNS = (
    CardState.state,
    CardState.step,
    CardState.stability,
    CardState.difficulty,
    CardState.due,
    CardState.last_review,
)


_GRADING_CONTEXT = (
    select(Question.topic_id, CardState.question_id, *_STATE_COLUMNS)
    .outerjoin(CardState, CardState.question_id == Question.id)
    .where(Question.id == bindparam("question_id"))
)


def grading_context(session: Session, question_id: int) -> tuple[int, CardSnapshot | None]:
    """The question's topic and current state, in one indexed lookup (the grade hot path)."""
    row = session.execute(_GRADING_CONTEXT, {"question_id": question_id}).one()
    topic_id, has_state, *state = row
    return topic_id, None if has_state is None else _snapshot(state)


def _snapshot(values: Sequence[Any]) -> CardSnapshot:
    state, step, stability, difficulty, due, last_review = values
    return CardSnapshot(state, step, stability, difficulty, due, last_review)


def card_snapshot(session: Session, question_id: int) -> CardSnapshot | None:
    return grading_context(session, question_id)[1]


def snapshot_of(state: CardState) -> CardSnapshot:
    return CardSnapshot(
        state=state.state,
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


_QUESTION_RECORD = (
    select(
        Question.id,
        Question.topic_id,
        Question.external_key,
        Question.prompt_md,
        Question.answer_md,
        Question.tags,
        Bookmark.question_id,
        CardState.question_id,
        *_STATE_COLUMNS,
    )
    .outerjoin(CardState, CardState.question_id == Question.id)
    .outerjoin(Bookmark, Bookmark.question_id == Question.id)
    .where(Question.id == bindparam("question_id"))
)

_TOPIC_PATH = text(
    """
    WITH RECURSIVE path(id, parent_id, title, depth) AS (
        SELECT id, parent_id, title, 0 FROM topic WHERE id = :topic_id
        UNION ALL
        SELECT t.id, t.parent_id, t.title, path.depth + 1
        FROM topic AS t JOIN path ON t.id = path.parent_id
    )
    SELECT title FROM path ORDER BY depth DESC
    """
)


def question_record(session: Session, question_id: int) -> QuestionRecord | None:
    """One question with its state, bookmark and topic path: two indexed queries."""
    row = session.execute(_QUESTION_RECORD, {"question_id": question_id}).first()
    if row is None:
        return None
    qid, topic_id, key, prompt, answer, tags, bookmark, has_state, *state = row
    return QuestionRecord(
        id=qid,
        topic_id=topic_id,
        topic_path=topic_path(session, topic_id),
        external_key=key,
        prompt_md=prompt,
        answer_md=answer,
        tags=tuple(tag for tag in tags.split(",") if tag),
        card=None if has_state is None else _snapshot(state),
        bookmarked=bookmark is not None,
    )


def topic_path(session: Session, topic_id: int) -> tuple[str, ...]:
    return tuple(session.scalars(_TOPIC_PATH, {"topic_id": topic_id}))


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
    return session.scalar(select(func.count()).select_from(Question).where(ACTIVE_QUESTION)) or 0


@dataclass(frozen=True, slots=True)
class ExportRow:
    topic_id: int
    key: str
    prompt_md: str
    answer_md: str
    tags: tuple[str, ...]
    question_id: int


def export_rows(session: Session, topic_ids: Sequence[int] | None) -> list[ExportRow]:
    """Active questions in deck order, for writing them back out."""
    query = (
        select(
            Question.topic_id,
            Question.external_key,
            Question.prompt_md,
            Question.answer_md,
            Question.tags,
            Question.id,
        )
        .where(ACTIVE_QUESTION, Question.deleted_at.is_(None))
        .order_by(Question.source_id, Question.position, Question.id)
    )
    if topic_ids is not None:
        query = query.where(Question.topic_id.in_(topic_ids))
    return [
        ExportRow(row[0], row[1], row[2], row[3], tuple(t for t in row[4].split(",") if t), row[5])
        for row in session.execute(query)
    ]


def topic_path_of(topics: Mapping[int, TopicRow], topic_id: int) -> tuple[str, ...]:
    """The titles from the top down to `topic_id`, from rows already read (`topic_rows`)."""
    titles: list[str] = []
    current: int | None = topic_id
    while current is not None and current in topics:
        titles.append(topics[current].title)
        current = topics[current].parent_id
    return tuple(reversed(titles))


def subtree_at_path(topics: Mapping[int, TopicRow], topic_path: str) -> list[int]:
    """The topic named by a path such as 'Python/OOP' (or 'Python::OOP') and all its
    subtopics; a clear error when there is none (the command line and the plan say it)."""
    wanted = tuple(
        part.strip() for part in topic_path.replace("::", "/").split("/") if part.strip()
    )
    children = _children(topics)
    for topic_id in topics:
        if topic_path_of(topics, topic_id) == wanted:
            return _subtree(children, topic_id)
    raise StudyAppError(
        f"There is no topic {topic_path!r}.",
        "Give the topic's path from the top, separated by '/', e.g. 'Python/Core data types'.",
    )


def subtree_of(topics: Mapping[int, TopicRow], topic_id: int) -> list[int]:
    """`topic_id` and all its subtopics (the window names a topic by id: a title may hold
    a '/')."""
    if topic_id not in topics:
        raise StudyAppError("That topic is no longer there.", "Choose another topic.")
    return _subtree(_children(topics), topic_id)


def _children(topics: Mapping[int, TopicRow]) -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = {}
    for row in topics.values():
        children.setdefault(row.parent_id, []).append(row.id)
    return children


def _subtree(children: Mapping[int | None, list[int]], topic_id: int) -> list[int]:
    found, pending = [], [topic_id]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children.get(current, []))
    return found


def topic_position(session: Session, topic_id: int) -> int | None:
    return session.scalar(select(Topic.position).where(Topic.id == topic_id))


def questions_under_topic(session: Session, topic_id: int) -> int:
    """Questions not deleted in the topic and its subtopics (suspended ones count)."""
    children: dict[int | None, list[int]] = {}
    for child, parent in session.execute(
        select(Topic.id, Topic.parent_id).where(Topic.deleted_at.is_(None))
    ):
        children.setdefault(parent, []).append(child)
    count = session.scalar(
        select(func.count())
        .select_from(Question)
        .where(Question.topic_id.in_(_subtree(children, topic_id)), Question.deleted_at.is_(None))
    )
    return int(count or 0)
