"""Writes of the authoring half: edit, add, move, suspend, delete, flag and bookmark.

Each takes a Session inside the caller's transaction and returns an `Undo`: the old values
of every row it changed, which `undo()` writes back, so that Ctrl+Z reverts any of them
exactly. Edits keep the review history and FSRS state; deletes are soft (`deleted_at`), and
nothing here touches the review log except `forget_progress`, which appends reset entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from studyapp.errors import StudyAppError
from studyapp.store.content import EditConflict
from studyapp.store.mutations import reset_question_states
from studyapp.store.records import Changes
from studyapp.store.schema import Bookmark, Question, Source, Topic
from studyapp.store.uid import new_uid

LOCAL_SOURCE_KEY = "local"  # questions added in the app: external_key is unique within it

RowValues = tuple[int, tuple[tuple[str, Any], ...]]  # (row id, ((column, old value), …))


class AuthoringError(StudyAppError):
    title = "Cannot make that change"


@dataclass(frozen=True, slots=True)
class Undo:
    """What reverts one write: old column values per row, the bookmarks as they were
    (question id, created_at or None for none, note), and rows that the write added."""

    changes: Changes
    questions: tuple[RowValues, ...] = ()
    topics: tuple[RowValues, ...] = ()
    bookmarks: tuple[tuple[int, datetime | None, str], ...] = ()
    added_questions: tuple[int, ...] = ()
    added_topics: tuple[int, ...] = ()


def undo(session: Session, entry: Undo) -> Changes:
    """Write back what `entry` recorded; return what changed, for the views."""
    for model, rows in ((Question, entry.questions), (Topic, entry.topics)):
        for row_id, values in rows:
            session.execute(update(model).where(model.id == row_id).values(dict(values)))
    for question_id, created_at, note in entry.bookmarks:
        session.execute(delete(Bookmark).where(Bookmark.question_id == question_id))
        if created_at is not None:
            session.add(Bookmark(question_id=question_id, created_at=created_at, note=note))
    # Rows added by the write have no history yet (a review would make them undeletable
    # by foreign key, and the undo of an add is offered only right after it).
    if entry.added_questions:
        session.execute(delete(Question).where(Question.id.in_(entry.added_questions)))
    if entry.added_topics:
        session.execute(delete(Topic).where(Topic.id.in_(entry.added_topics)))
    session.flush()
    return entry.changes


def old_values(
    session: Session,
    model: type[Question] | type[Topic],
    ids: Iterable[int],
    columns: Sequence[str],
) -> tuple[RowValues, ...]:
    query = select(model.id, *(getattr(model, c) for c in columns)).where(model.id.in_(list(ids)))
    return tuple(
        (row[0], tuple(zip(columns, row[1:], strict=True))) for row in session.execute(query)
    )


def _question_topics(session: Session, ids: Sequence[int]) -> frozenset[int]:
    return frozenset(session.scalars(select(Question.topic_id).where(Question.id.in_(ids))))


def _require_questions(session: Session, ids: Sequence[int]) -> list[int]:
    wanted = sorted(set(ids))
    found = set(session.scalars(select(Question.id).where(Question.id.in_(wanted))))
    if missing := [i for i in wanted if i not in found]:
        raise AuthoringError(f"Question {missing[0]} no longer exists.", "Reload and try again.")
    return wanted


def _set_questions(
    session: Session, ids: Sequence[int], values: dict[str, Any], *, structure: bool = False
) -> Undo:
    """Set `values` on questions `ids`; the Undo holds each row's old values."""
    wanted = _require_questions(session, ids)
    old = old_values(session, Question, wanted, list(values))
    topics = _question_topics(session, wanted)
    session.execute(update(Question).where(Question.id.in_(wanted)).values(values))
    topics |= _question_topics(session, wanted)
    changes = Changes(question_ids=frozenset(wanted), topic_ids=topics, structure=structure)
    return Undo(changes=changes, questions=old)


# --- questions ------------------------------------------------------------------------


def edit_question(
    session: Session,
    question_id: int,
    now: datetime,
    *,
    prompt_md: str | None = None,
    answer_md: str | None = None,
    tags: Sequence[str] | None = None,
    topic_id: int | None = None,
) -> Undo:
    """Change what is given and mark the question edited (deck updates then never overwrite
    it silently). Its reviews and FSRS state stay: use `forget_progress` to start over."""
    values: dict[str, Any] = {"edited_at": now, "updated_at": now}
    if prompt_md is not None:
        if not prompt_md.strip():
            raise AuthoringError("A question needs a prompt.", "Write the question first.")
        values["prompt_md"] = prompt_md
    if answer_md is not None:
        values["answer_md"] = answer_md
    if tags is not None:
        values["tags"] = _tags_text(tags)
    if topic_id is not None:
        require_topic(session, topic_id)
        values["topic_id"] = topic_id
    return _set_questions(session, [question_id], values, structure=topic_id is not None)


def move_questions(session: Session, ids: Sequence[int], topic_id: int, now: datetime) -> Undo:
    require_topic(session, topic_id)
    values = {"topic_id": topic_id, "edited_at": now, "updated_at": now}
    return _set_questions(session, ids, values, structure=True)


def tag_questions(
    session: Session,
    ids: Sequence[int],
    now: datetime,
    *,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
) -> Undo:
    """Add and remove tags on many questions; each keeps its other tags, in order."""
    wanted = _require_questions(session, ids)
    old = old_values(session, Question, wanted, ["tags", "edited_at", "updated_at"])
    gone = {tag.strip().lower() for tag in remove}
    for question_id, values in old:
        tags = [t for t in str(dict(values)["tags"]).split(",") if t and t.lower() not in gone]
        tags += [t for t in add if t.strip() and t.strip() not in tags]
        session.execute(
            update(Question)
            .where(Question.id == question_id)
            .values(tags=_tags_text(tags), edited_at=now, updated_at=now)
        )
    changes = Changes(question_ids=frozenset(wanted), topic_ids=_question_topics(session, wanted))
    return Undo(changes=changes, questions=old)


def set_suspended(session: Session, ids: Sequence[int], on: bool, now: datetime) -> Undo:
    """Suspended questions leave study (counts and queues) until unsuspended."""
    return _set_questions(session, ids, {"suspended_at": now if on else None}, structure=True)


def set_deleted(session: Session, ids: Sequence[int], on: bool, now: datetime) -> Undo:
    """Soft delete (or bring back): the row, its reviews and its bookmark all stay."""
    return _set_questions(session, ids, {"deleted_at": now if on else None}, structure=True)


def set_flag(session: Session, ids: Sequence[int], on: bool, now: datetime, note: str = "") -> Undo:
    """ "Flag for fixing" with a note saying what is wrong; `is:flagged` lists them."""
    values = {"flagged_at": now if on else None, "flag_note": note if on else ""}
    return _set_questions(session, ids, values)


def set_bookmarks(session: Session, ids: Sequence[int], on: bool, now: datetime) -> Undo:
    wanted = _require_questions(session, ids)
    rows = session.execute(
        select(Bookmark.question_id, Bookmark.created_at, Bookmark.note).where(
            Bookmark.question_id.in_(wanted)
        )
    )
    existing = {row[0]: (row[1], row[2]) for row in rows}
    before = tuple((i, *existing.get(i, (None, ""))) for i in wanted)
    if on:
        new = [i for i in wanted if i not in existing]
        if new:
            session.execute(
                insert(Bookmark), [{"question_id": i, "created_at": now, "note": ""} for i in new]
            )
    else:
        session.execute(delete(Bookmark).where(Bookmark.question_id.in_(wanted)))
    changes = Changes(
        question_ids=frozenset(wanted), topic_ids=_question_topics(session, wanted), bookmarks=True
    )
    return Undo(changes=changes, bookmarks=before)


def take_new_text(session: Session, conflicts: Sequence[EditConflict], now: datetime) -> Undo:
    """Replace the user's edits by their source's newer text (one conflict, or all of an
    import's): the question is no longer marked edited; it stays in its topic. Reviews and
    state stay."""
    entries = [
        _set_questions(
            session,
            [conflict.question_id],
            {
                "prompt_md": conflict.prompt_md,
                "answer_md": conflict.answer_md,
                "tags": conflict.tags,
                "edited_at": None,
                "updated_at": now,
            },
            structure=True,
        )
        for conflict in conflicts
    ]
    changes = Changes(structure=True)
    for entry in entries:
        changes |= entry.changes
    return Undo(changes=changes, questions=tuple(row for e in entries for row in e.questions))


def forget_progress(session: Session, ids: Sequence[int], now: datetime) -> Changes:
    """Make questions new again. The log keeps their reviews and gains a reset entry each
    (it is append-only): this is not undone by `undo`, so ask before calling it."""
    wanted = _require_questions(session, ids)
    reset_question_states(session, wanted, now)
    return Changes(
        question_ids=frozenset(wanted), topic_ids=_question_topics(session, wanted), reviews=True
    )


def add_question(
    session: Session,
    topic_id: int,
    prompt_md: str,
    answer_md: str,
    now: datetime,
    tags: Sequence[str] = (),
) -> tuple[int, Undo]:
    """A new question in the 'local' source (the app's own), after the others there."""
    if not prompt_md.strip():
        raise AuthoringError("A question needs a prompt.", "Write the question first.")
    require_topic(session, topic_id)
    source_id = _local_source(session, now)
    position = session.scalar(
        select(func.coalesce(func.max(Question.position) + 1, 0)).where(
            Question.source_id == source_id
        )
    )
    uid = new_uid()
    result = session.connection().execute(
        insert(Question).values(
            uid=uid,
            topic_id=topic_id,
            source_id=source_id,
            external_key=uid,
            prompt_md=prompt_md,
            answer_md=answer_md,
            position=position or 0,
            tags=_tags_text(tags),
            created_at=now,
            updated_at=now,
        )
    )
    (question_id,) = result.inserted_primary_key or (0,)
    changes = Changes(
        question_ids=frozenset({question_id}), topic_ids=frozenset({topic_id}), structure=True
    )
    return int(question_id), Undo(changes=changes, added_questions=(int(question_id),))


def _local_source(session: Session, now: datetime) -> int:
    found = session.scalar(select(Source.id).where(Source.key == LOCAL_SOURCE_KEY))
    if found is not None:
        return found
    source = Source(
        key=LOCAL_SOURCE_KEY,
        name="Added in StudyApp",
        kind="local",
        path=None,
        content_hash="",
        imported_at=now,
    )
    session.add(source)
    session.flush()
    return source.id


def _tags_text(tags: Iterable[str]) -> str:
    cleaned: list[str] = []
    for raw in tags:
        tag = raw.strip().replace(",", " ")
        if tag and tag not in cleaned:
            cleaned.append(tag)
    return ",".join(cleaned)


def require_topic(session: Session, topic_id: int) -> None:
    deleted = session.execute(select(Topic.deleted_at).where(Topic.id == topic_id)).first()
    if deleted is None or deleted[0] is not None:
        raise AuthoringError(f"Topic {topic_id} no longer exists.", "Reload and try again.")
