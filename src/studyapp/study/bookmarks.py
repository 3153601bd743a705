"""Bookmarks: one key marks a question to keep an eye on."""

from __future__ import annotations

from datetime import datetime

from studyapp.store import mutations, queries
from studyapp.store.records import Changes
from studyapp.study.collection import Collection, UndoEntry


def toggle(col: Collection, question_id: int, now: datetime) -> tuple[bool, Changes]:
    """Flip the bookmark; return whether it is now set."""
    with col.db.begin() as session:
        before = queries.is_bookmarked(session, question_id)
        mutations.set_bookmark(session, question_id, not before, now)
        topic_ids = queries.question_topic_ids(session, [question_id])
    col.push_undo(UndoEntry("bookmark", question_id, bookmarked_before=before))
    changes = Changes(
        question_ids=frozenset({question_id}),
        topic_ids=frozenset(topic_ids.values()),
        bookmarks=True,
    )
    return not before, changes


def bookmarked_ids(col: Collection) -> list[int]:
    with col.db.begin() as session:
        return queries.bookmarked_question_ids(session)
