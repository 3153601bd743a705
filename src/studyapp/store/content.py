"""Writing a deck's topics and questions into the store, matched by stable key.

Callers pass plain specs (no parser types), so the store stays ignorant of file formats.
Questions are matched by (source, key): a changed question is updated in place, a new one
inserted, and one that left the deck is retired, keeping its history and bookmark.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from studyapp.store import fts, mutations
from studyapp.store.schema import Question, Source, Topic, to_millis
from studyapp.store.uid import iter_new_uids, new_uid


@dataclass(frozen=True, slots=True)
class SourceSpec:
    key: str
    name: str
    kind: str
    path: str | None
    content_hash: str


class QuestionSpec(NamedTuple):
    """A named tuple rather than a frozen dataclass: imports build 100,000 of them, and a
    tuple is several times cheaper to create."""

    key: str
    topic_path: tuple[str, ...]
    prompt_md: str
    answer_md: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EditConflict:
    """A question edited in the app whose source now says something else: the store kept
    the user's text; this is the source's, for the user to take (authoring.take_new_text)."""

    question_id: int
    prompt_md: str
    answer_md: str
    tags: str


@dataclass(frozen=True, slots=True)
class ApplyReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    topics_created: int = 0
    source_id: int = 0
    question_ids: frozenset[int] = field(default_factory=frozenset)
    conflicts: tuple[EditConflict, ...] = ()


def source_hash(session: Session, key: str) -> str | None:
    return session.scalar(select(Source.content_hash).where(Source.key == key))


def apply_content(
    session: Session,
    source: SourceSpec,
    topic_paths: Sequence[tuple[str, ...]],
    questions: Sequence[QuestionSpec],
    now: datetime,
    *,
    parent_id: int | None = None,
    match_elsewhere: bool = False,
) -> ApplyReport:
    """Bring the store in line with one source's content, in the caller's transaction.

    With `match_elsewhere` (a file that carries ids, such as an export), a key this source
    lacks but exactly one other source has updates that question in place, so that
    re-importing an export does not duplicate what it was exported from."""
    source_row = _upsert_source(session, source, {q.key for q in questions}, now)
    topics = _TopicIndex.load(session, source_row.id, parent_id)
    for path in topic_paths:
        topics.ensure(path)
    existing = _existing_questions(session, source_row.id)
    if match_elsewhere:
        missing = {spec.key for spec in questions if spec.key not in existing}
        elsewhere = _questions_elsewhere(session, source_row.id, missing)
    else:
        elsewhere = {}
    # Positions of new questions (their rows are made as they are written), as machine
    # integers: a list of 100,000 ints would cost 3 MB more at the import's peak.
    new = array("l")
    updates: list[dict[str, Any]] = []
    unchanged = 0
    conflicts: list[EditConflict] = []
    by_path = topics.by_path
    for position, spec in enumerate(questions):
        topic_id = by_path.get(spec.topic_path) or topics.ensure(spec.topic_path)
        old = existing.pop(spec.key, None) if existing else None
        if old is None and spec.key in elsewhere:
            old = elsewhere.pop(spec.key)
            position = old["position"]  # noqa: PLW2901 - its place is in its own source's order
        if old is None:
            new.append(position)
            continue
        row = {
            "topic_id": topic_id,
            "prompt_md": spec.prompt_md,
            "answer_md": spec.answer_md,
            "tags": ",".join(spec.tags),
            "position": position,
        }
        change, conflict = _compare(old, row, now)
        if conflict is not None:
            conflicts.append(conflict)
        if change is None:
            unchanged += 1
        else:
            updates.append(change)
    retire = [
        {"id": old["id"], "retired_at": now}
        for old in existing.values()
        if old["retired_at"] is None
    ]
    if new:
        _insert_questions(session, _new_rows(questions, new, by_path, source_row.id, now))
    if updates or retire:
        session.execute(update(Question), updates + retire)
    session.flush()
    return ApplyReport(
        created=len(new),
        updated=len(updates),
        unchanged=unchanged,
        retired=len(retire),
        topics_created=topics.created,
        source_id=source_row.id,
        conflicts=tuple(conflicts),
    )


def _compare(
    old: dict[str, Any], row: dict[str, Any], now: datetime
) -> tuple[dict[str, Any] | None, EditConflict | None]:
    """The update an existing question needs (None when it is as the source says), and the
    conflict to report when the user edited it in the app and the source changed since."""
    if old["edited_at"] is not None:
        # Edited in the app: keep the user's text and topic, and say what changed.
        conflict = None
        if any(old[k] != row[k] for k in _TEXT):
            conflict = EditConflict(old["id"], row["prompt_md"], row["answer_md"], row["tags"])
        if old["retired_at"] is not None or old["position"] != row["position"]:
            return {"id": old["id"], "position": row["position"], "retired_at": None}, conflict
        return None, conflict
    if old["retired_at"] is not None or any(old[k] != v for k, v in row.items()):
        return {"id": old["id"], **row, "updated_at": now, "retired_at": None}, None
    return None, None


def any_edited(session: Session) -> bool:
    """Whether any question was edited in the app (else no import can conflict)."""
    edited = select(Question.id).where(Question.edited_at.is_not(None)).exists()
    return bool(session.scalar(select(edited)))


def edit_conflicts(
    session: Session,
    source_key: str,
    questions: Sequence[QuestionSpec],
    *,
    match_elsewhere: bool = False,
) -> tuple[EditConflict, ...]:
    """The conflicts `apply_content` reports for this content, read from the store as it is
    now (before or after the import: an edited question keeps the user's text either way),
    for callers that get no ApplyReport."""
    source_id = session.scalar(select(Source.id).where(Source.key == source_key))
    existing = {} if source_id is None else _existing_questions(session, source_id)
    elsewhere: dict[str, dict[str, Any]] = {}
    if match_elsewhere:
        missing = {spec.key for spec in questions if spec.key not in existing}
        elsewhere = _questions_elsewhere(session, source_id or 0, missing)
    conflicts: list[EditConflict] = []
    for spec in questions:
        old = existing.get(spec.key) or elsewhere.get(spec.key)
        if old is None or old["edited_at"] is None:
            continue
        tags = ",".join(spec.tags)
        if (old["prompt_md"], old["answer_md"], old["tags"]) != (
            spec.prompt_md,
            spec.answer_md,
            tags,
        ):
            conflicts.append(EditConflict(old["id"], spec.prompt_md, spec.answer_md, tags))
    return tuple(conflicts)


def retire_source(session: Session, source_key: str, now: datetime) -> int:
    """Take a whole source out of study, keeping its history; return how many retired."""
    source_id = session.scalar(select(Source.id).where(Source.key == source_key))
    if source_id is None:
        return 0
    result = session.execute(
        update(Question)
        .where(Question.source_id == source_id, Question.retired_at.is_(None))
        .values(retired_at=now)
    )
    session.execute(update(Source).where(Source.id == source_id).values(content_hash=""))
    return int(getattr(result, "rowcount", 0) or 0)


def reset_progress(session: Session, source_key: str, now: datetime) -> int:
    """Make one source's questions new again; return how many had progress. The log keeps
    their reviews and gains a reset entry each. Bookmarks stay."""
    source_id = session.scalar(select(Source.id).where(Source.key == source_key))
    if source_id is None:
        return 0
    return mutations.reset_source_states(session, source_id, now)


_TEXT = ("prompt_md", "answer_md", "tags")  # a move in the app is no conflict
BULK_INSERT_ROWS = 500


def _new_rows(
    questions: Sequence[QuestionSpec],
    positions: Sequence[int],
    by_path: dict[tuple[str, ...], int],
    source_id: int,
    now: datetime,
) -> Iterator[tuple[Any, ...]]:
    """Rows to insert, in _BULK_COLUMNS order, made one at a time: an import of 100,000
    questions would otherwise hold 100,000 more tuples (or dicts) at its peak."""
    now_ms = to_millis(now)
    uids = iter_new_uids(len(positions))
    for position in positions:
        spec = questions[position]
        yield (
            next(uids),
            by_path[spec.topic_path],
            source_id,
            spec.key,
            spec.prompt_md,
            spec.answer_md,
            position,
            ",".join(spec.tags),
            now_ms,
            now_ms,
            None,
        )


def _insert_questions(session: Session, rows: Iterator[tuple[Any, ...]]) -> None:
    connection = session.connection()
    first = list(itertools.islice(rows, BULK_INSERT_ROWS))
    if len(first) < BULK_INSERT_ROWS:
        connection.exec_driver_sql(_BULK_INSERT_SQL, first)
        return
    first_new_id = (session.scalar(select(func.max(Question.id))) or 0) + 1
    # The driver's executemany, fed as rows are made: SQLAlchemy's per-row parameter
    # processing would cost more than SQLite's work at this size.
    driver = connection.connection.driver_connection  # sqlite3: takes an iterator
    assert driver is not None
    with fts.deferred_indexing(connection, first_new_id):
        driver.executemany(_BULK_INSERT_SQL, itertools.chain(first, rows))


_BULK_COLUMNS = (
    "uid",
    "topic_id",
    "source_id",
    "external_key",
    "prompt_md",
    "answer_md",
    "position",
    "tags",
    "created_at",
    "updated_at",
    "retired_at",
)
_BULK_INSERT_SQL = (
    f"INSERT INTO question ({', '.join(_BULK_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _BULK_COLUMNS)})"
)


def _upsert_source(session: Session, spec: SourceSpec, keys: set[str], now: datetime) -> Source:
    row = session.scalar(select(Source).where(Source.key == spec.key))
    if row is None:
        row = _moved_source(session, spec, keys)
    if row is None:
        row = Source(key=spec.key)
        session.add(row)
    row.key = spec.key
    row.name = spec.name
    row.kind = spec.kind
    row.path = spec.path
    row.content_hash = spec.content_hash
    row.imported_at = now
    session.flush()
    return row


def _moved_source(session: Session, spec: SourceSpec, keys: set[str]) -> Source | None:
    """The source this file was imported as from another place: a file that was moved or
    renamed folder, or the same notes on a second machine. Identity must not hang on an
    absolute path: it is the file's name and kind, and at least half of its question keys.
    A source whose file still exists where it was is another copy, not this one."""
    best: tuple[int, Source] | None = None
    candidates = session.scalars(
        select(Source).where(Source.name == spec.name, Source.kind == spec.kind)
    )
    for candidate in candidates:
        if candidate.path and candidate.path != spec.path and Path(candidate.path).exists():
            continue
        known = set(
            session.scalars(select(Question.external_key).where(Question.source_id == candidate.id))
        )
        shared = len(known & keys)
        enough = shared and 2 * shared >= min(len(known), len(keys))
        if enough and (best is None or shared > best[0]):
            best = (shared, candidate)
    return None if best is None else best[1]


# What an import compares an existing question by (and updates it from).
_COMPARED = (
    Question.external_key,
    Question.id,
    Question.topic_id,
    Question.prompt_md,
    Question.answer_md,
    Question.tags,
    Question.position,
    Question.retired_at,
    Question.edited_at,
)


def _existing_questions(session: Session, source_id: int) -> dict[str, dict[str, Any]]:
    rows = session.execute(select(*_COMPARED).where(Question.source_id == source_id))
    return {row.external_key: dict(row._mapping) for row in rows}


def _questions_elsewhere(
    session: Session, source_id: int, keys: set[str]
) -> dict[str, dict[str, Any]]:
    """Active questions of other sources whose key is one of `keys` and in one source only."""
    if not keys:
        return {}
    found: dict[str, dict[str, Any]] = {}
    repeated: set[str] = set()
    rows = session.execute(
        select(*_COMPARED).where(Question.source_id != source_id, Question.retired_at.is_(None))
    )
    for row in rows:
        if row.external_key in keys:
            if row.external_key in found:
                repeated.add(row.external_key)
            found[row.external_key] = dict(row._mapping)
    return {key: row for key, row in found.items() if key not in repeated}


class _TopicIndex:
    """Topics by (parent, title): a deck's "Python" merges into an existing "Python"."""

    def __init__(self, session: Session, source_id: int, root_parent: int | None) -> None:
        self.session = session
        self.source_id = source_id
        self.root_parent = root_parent
        self.ids: dict[tuple[int | None, str], int] = {}
        self.next_position: dict[int | None, int] = {}
        self.by_path: dict[tuple[str, ...], int] = {}
        self.created = 0

    @classmethod
    def load(cls, session: Session, source_id: int, root_parent: int | None) -> _TopicIndex:
        index = cls(session, source_id, root_parent)
        for topic_id, parent, title, position, deleted_at in session.execute(
            select(Topic.id, Topic.parent_id, Topic.title, Topic.position, Topic.deleted_at)
        ):
            # A topic the user deleted takes no new questions, where they would be hidden:
            # its name is made again, and its deleted questions stay deleted.
            if deleted_at is None:
                index.ids.setdefault((parent, title), topic_id)
            index.next_position[parent] = max(index.next_position.get(parent, 0), position + 1)
        return index

    def ensure(self, path: tuple[str, ...]) -> int:
        found = self.by_path.get(path)
        if found is not None:
            return found
        parent = self.ensure(path[:-1]) if len(path) > 1 else self.root_parent
        topic_id = self.ids.get((parent, path[-1]))
        if topic_id is None:
            topic_id = self._create(parent, path[-1])
        self.by_path[path] = topic_id
        return topic_id

    def _create(self, parent: int | None, title: str) -> int:
        position = self.next_position.get(parent, 0)
        self.next_position[parent] = position + 1
        # A driver-level insert, not the unit of work nor a Core statement (~0.3 ms each to
        # build and run): an import can create hundreds of topics.
        result = self.session.connection().exec_driver_sql(
            "INSERT INTO topic (uid, parent_id, title, position, source_id) VALUES (?, ?, ?, ?, ?)",
            (new_uid(), parent, title, position, self.source_id),
        )
        topic_id = result.lastrowid
        self.ids[(parent, title)] = topic_id
        self.created += 1
        return int(topic_id)
