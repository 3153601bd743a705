"""Authoring writes on topics: add, rename, move (never into its own subtree) and soft
delete with their questions; each returns an `Undo` (see store/authoring.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from studyapp.store.authoring import AuthoringError, Undo, old_values, require_topic
from studyapp.store.records import Changes
from studyapp.store.schema import Question, Topic
from studyapp.store.uid import new_uid


def _topic_changes(topic_ids: Iterable[int]) -> Changes:
    return Changes(topic_ids=frozenset(topic_ids), structure=True)


def add_topic(session: Session, parent_id: int | None, title: str) -> tuple[int, Undo]:
    title = _clean_title(title)
    if parent_id is not None:
        require_topic(session, parent_id)
    position = session.scalar(
        select(func.coalesce(func.max(Topic.position) + 1, 0)).where(
            Topic.parent_id.is_(None) if parent_id is None else Topic.parent_id == parent_id
        )
    )
    result = session.connection().execute(
        insert(Topic).values(uid=new_uid(), parent_id=parent_id, title=title, position=position)
    )
    (topic_id,) = result.inserted_primary_key or (0,)
    return int(topic_id), Undo(changes=_topic_changes({topic_id}), added_topics=(int(topic_id),))


def rename_topic(session: Session, topic_id: int, title: str) -> Undo:
    require_topic(session, topic_id)
    old = old_values(session, Topic, [topic_id], ["title"])
    session.execute(update(Topic).where(Topic.id == topic_id).values(title=_clean_title(title)))
    return Undo(changes=_topic_changes({topic_id}), topics=old)


def move_topic(
    session: Session, topic_id: int, parent_id: int | None, position: int | None = None
) -> Undo:
    """Put a topic under another (None: at the top), last or at `position` (before the
    siblings there); never under itself or one of its own subtopics."""
    require_topic(session, topic_id)
    if parent_id is not None:
        require_topic(session, parent_id)
        if topic_id in _ancestors(session, parent_id):
            raise AuthoringError(
                "A topic cannot go inside itself or one of its subtopics.",
                "Drop it on another topic.",
            )
    same_parent = Topic.parent_id.is_(None) if parent_id is None else Topic.parent_id == parent_id
    if position is None:
        siblings = session.scalar(
            select(func.coalesce(func.max(Topic.position) + 1, 0)).where(same_parent)
        )
        position = int(siblings or 0)
    # The siblings from `position` on make room, so that the topic lands right there.
    after = list(
        session.scalars(
            select(Topic.id).where(same_parent, Topic.position >= position, Topic.id != topic_id)
        )
    )
    old = old_values(session, Topic, [topic_id, *after], ["parent_id", "position"])
    if after:
        session.execute(
            update(Topic).where(Topic.id.in_(after)).values(position=Topic.position + 1)
        )
    session.execute(
        update(Topic).where(Topic.id == topic_id).values(parent_id=parent_id, position=position)
    )
    return Undo(changes=_topic_changes({topic_id}), topics=old)


def delete_topic(session: Session, topic_id: int, now: datetime) -> Undo:
    """Soft-delete a topic with its subtopics and their questions; `undo` brings back
    exactly those (questions deleted before stay deleted)."""
    require_topic(session, topic_id)
    topics = _subtree(session, topic_id)
    questions = list(
        session.scalars(
            select(Question.id).where(Question.topic_id.in_(topics), Question.deleted_at.is_(None))
        )
    )
    old_topics = old_values(session, Topic, topics, ["deleted_at"])
    old_questions = old_values(session, Question, questions, ["deleted_at"])
    session.execute(update(Topic).where(Topic.id.in_(topics)).values(deleted_at=now))
    session.execute(update(Question).where(Question.id.in_(questions)).values(deleted_at=now))
    changes = Changes(
        question_ids=frozenset(questions), topic_ids=frozenset(topics), structure=True
    )
    return Undo(changes=changes, questions=old_questions, topics=old_topics)


def _clean_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise AuthoringError("A topic needs a name.", "Type a name for it.")
    return cleaned


def _ancestors(session: Session, topic_id: int) -> set[int]:
    parents = {row[0]: row[1] for row in session.execute(select(Topic.id, Topic.parent_id))}
    seen: set[int] = set()
    current: int | None = topic_id
    while current is not None and current not in seen:
        seen.add(current)
        current = parents.get(current)
    return seen


def _subtree(session: Session, topic_id: int) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for child, parent in session.execute(
        select(Topic.id, Topic.parent_id).where(Topic.deleted_at.is_(None))
    ):
        children.setdefault(parent, []).append(child)
    found, stack = [], [topic_id]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found
