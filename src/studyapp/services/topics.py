"""Use cases on the topic tree (issue 15): new, rename, move and delete (soft) topics.

Each is one transaction, goes on the undo stack (Ctrl+Z undoes it) and comes back as a study
view whose tree shows the change. Deleting keeps every row and review: the topic, its
subtopics and their questions are only marked deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from studyapp.services.views import StudyView

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.store.authoring import Undo


class TopicService:
    def __init__(self, app: Services) -> None:
        self._app = app

    def add(self, parent_id: int | None, title: str, now: datetime) -> StudyView:
        """A new empty topic, last among its siblings (at the top level for None)."""
        from studyapp.store import authoring_topics

        with self._app.col.db.begin() as session:
            _topic_id, undo = authoring_topics.add_topic(session, parent_id, title)
        return self._done(undo, now, "Topic added (Ctrl+Z takes it out again).")

    def rename(self, topic_id: int, title: str, now: datetime) -> StudyView:
        from studyapp.store import authoring_topics

        with self._app.col.db.begin() as session:
            undo = authoring_topics.rename_topic(session, topic_id, title)
        return self._done(undo, now, "Topic renamed (Ctrl+Z undoes it).")

    def move(
        self, topic_id: int, parent_id: int | None, before_id: int | None, now: datetime
    ) -> StudyView:
        """Put the topic under `parent_id` (None: the top level), just before its sibling
        `before_id`, or last when that is None."""
        from studyapp.store import authoring_topics, queries

        with self._app.col.db.begin() as session:
            position = None if before_id is None else queries.topic_position(session, before_id)
            undo = authoring_topics.move_topic(session, topic_id, parent_id, position)
        return self._done(undo, now, "Topic moved (Ctrl+Z puts it back).")

    def question_count(self, topic_id: int) -> int:
        """The questions a delete would take with it (suspended ones included), so that the
        window asks first when there are any."""
        from studyapp.store import queries

        with self._app.col.db.begin() as session:
            return queries.questions_under_topic(session, topic_id)

    def delete(self, topic_id: int, now: datetime) -> StudyView:
        """Soft-delete the topic with its subtopics and questions; history stays."""
        from studyapp.store import authoring_topics
        from studyapp.study.scope import DUE_NOW, ScopeKind

        col = self._app.col
        with col.db.begin() as session:
            undo = authoring_topics.delete_topic(session, topic_id, now)
        queue = col.queue
        if queue is not None:
            studied = queue.scope
            if studied.kind is ScopeKind.TOPIC and studied.topic_id in undo.changes.topic_ids:
                col.start(DUE_NOW, now)  # what was studied is gone: back to what is due
            else:
                queue.discard_all(undo.changes.question_ids)
        self._app.plan_today.forget()  # its questions may have been on today's plan
        count = len(undo.changes.question_ids)
        return self._done(
            undo, now, f"Topic deleted with {count} questions; history kept (Ctrl+Z restores)."
        )

    def _done(self, undo: Undo, now: datetime, message: str) -> StudyView:
        from studyapp.study.collection import UndoEntry

        col = self._app.col
        col.push_undo(UndoEntry("topic", 0, old_values=undo))
        col.tallies.invalidate()  # the tree's shape changed: count it again
        return self._app.study.show_change(now, undo.changes, message)
