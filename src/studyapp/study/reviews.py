"""Grading and undoing grades: each one transaction that commits before it returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studyapp.store import mutations, queries
from studyapp.store.mutations import ReviewInput
from studyapp.store.records import CardSnapshot, Changes
from studyapp.study import scheduler
from studyapp.study.collection import Collection, UndoEntry
from studyapp.study.scheduler import Grade


@dataclass(frozen=True, slots=True)
class GradeResult:
    review_id: int
    question_id: int
    grade: Grade
    card: CardSnapshot
    changes: Changes


@dataclass(frozen=True, slots=True)
class UndoResult:
    kind: str
    question_id: int
    changes: Changes
    bookmarked: bool = False


def grade(
    col: Collection, question_id: int, rating: Grade, now: datetime, duration_ms: int = 0
) -> GradeResult:
    device_id = col.db.device_id  # read before the transaction: it opens its own
    with col.db.begin() as session:
        topic_id, before = queries.grading_context(session, question_id)
        after = scheduler.review(before, rating, now, col.settings.scheduler)
        review_id = mutations.save_review(
            session,
            ReviewInput(
                question_id, int(rating), now, max(duration_ms, 0), before, after, device_id
            ),
        )
    col.push_undo(UndoEntry("grade", question_id, review_id=review_id, was_new=before is None))
    if col.queue is not None:
        col.queue.after_grade(question_id, after.due, now)
    col.tallies.mark({topic_id})
    changes = Changes(
        question_ids=frozenset({question_id}), topic_ids=frozenset({topic_id}), reviews=True
    )
    return GradeResult(review_id, question_id, rating, after, changes)


def undo_last(col: Collection, now: datetime) -> UndoResult | None:
    """Undo the newest grade, bookmark toggle, edit or topic change; None when there is
    nothing to undo."""
    device_id = col.db.device_id
    while col.undo_stack:
        entry = col.undo_stack.pop()
        undone_changes = Changes()
        with col.db.begin() as session:
            if entry.kind == "grade":
                assert entry.review_id is not None
                undone = mutations.undo_review(
                    session, entry.review_id, now=now, device_id=device_id
                )
                if undone is None:
                    continue  # the review is gone (e.g. a restore): skip to the one before
            elif entry.kind in ("edit", "topic"):
                from studyapp.store import authoring

                assert isinstance(entry.old_values, authoring.Undo)
                undone_changes = authoring.undo(session, entry.old_values)
            else:
                mutations.set_bookmark(session, entry.question_id, entry.bookmarked_before, now)
            topic_ids = queries.question_topic_ids(session, [entry.question_id])
        returns = entry.kind == "grade" or (entry.kind == "edit" and entry.back_to_study)
        if returns and col.queue is not None:
            col.queue.put_back(entry.question_id, entry.was_new)
        structural = entry.kind in ("edit", "topic")
        if structural:  # a suspend, delete or move undone changes what is counted
            col.tallies.invalidate()
        col.tallies.mark(topic_ids.values())
        changes = Changes(
            question_ids=frozenset({entry.question_id}) if entry.question_id else frozenset(),
            topic_ids=frozenset(topic_ids.values()),
            reviews=entry.kind == "grade",
            bookmarks=entry.kind == "bookmark",
            structure=structural,
        )
        if entry.kind == "topic":
            changes |= undone_changes
        return UndoResult(entry.kind, entry.question_id, changes, entry.bookmarked_before)
    return None
