"""The question browser's use cases (issue 15): list a topic's questions or a search's,
sort them, and change many at once (move, tag, suspend, bookmark, delete).

Each change is one transaction and one entry on the undo stack, so Ctrl+Z in the main
window takes back a whole bulk change; the study session drops what left study."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from studyapp.services.views import BrowseListing
from studyapp.wording import counted

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from studyapp.services.app import Services
    from studyapp.services.views import BrowseRow, StudyView
    from studyapp.store.authoring import Undo


class Column(Enum):
    """The browser's columns, in the order shown."""

    PROMPT = "Question"
    TOPIC = "Topic"
    DUE = "Due"
    RECALL = "Recall"
    REVIEWS = "Reviews"
    BOOKMARKED = "Bookmarked"
    SUSPENDED = "Suspended"


COLUMNS = tuple(Column)


class BulkAction(Enum):
    """Each value is what the message says was done."""

    MOVE = "Moved"
    ADD_TAGS = "Tagged"
    REMOVE_TAGS = "Untagged"
    SUSPEND = "Suspended"
    UNSUSPEND = "Unsuspended"
    BOOKMARK = "Bookmarked"
    UNBOOKMARK = "Unbookmarked"
    DELETE = "Deleted"


# Questions that leave study with the action: the session drops them.
_LEAVE_STUDY = (BulkAction.SUSPEND, BulkAction.DELETE)


def list_topic(app: Services, topic_id: int | None, title: str, now: datetime) -> BrowseListing:
    """The questions of a topic and its subtopics (None: every topic)."""
    from studyapp.store.browse import listed_question_ids
    from studyapp.study.collection import scope_topic_ids
    from studyapp.study.scope import Scope, ScopeKind

    with app.col.db.begin() as session:
        topic_ids = None
        if topic_id is not None:
            topic_ids = scope_topic_ids(session, Scope(ScopeKind.TOPIC, topic_id=topic_id))
        ids = listed_question_ids(session, topic_ids)
        return BrowseListing(title, _rows(app, session, ids, now))


def list_query(app: Services, query: str, now: datetime) -> BrowseListing:
    """Every match of a search (the search window's language), best first; a malformed
    query raises BadQuery (message and hint)."""
    from studyapp.services.search import recall_curve
    from studyapp.store.search import search_ids

    with app.col.db.begin() as session:
        ids = search_ids(session, query, now, recall_curve(app))
        return BrowseListing(f"Search: {query}", _rows(app, session, ids, now))


def rows_of(app: Services, question_ids: Sequence[int], now: datetime) -> tuple[BrowseRow, ...]:
    """Fresh rows for a few listed questions (after a grade or an edit)."""
    with app.col.db.begin() as session:
        return _rows(app, session, list(question_ids), now)


def _rows(app: Services, session: Session, ids: list[int], now: datetime) -> tuple[BrowseRow, ...]:
    from studyapp.services.search import recall_curve
    from studyapp.store.browse import browse_rows

    return tuple(browse_rows(session, ids, now, recall_curve(app)))


def sort_key(column: Column) -> Callable[[BrowseRow], Any]:
    """How a column sorts: new questions (no due date) and unreviewed ones (no recall) after
    the rest when ascending; ties keep the listing's order (the sort is stable)."""
    far = datetime.max.replace(tzinfo=None)
    keys: dict[Column, Callable[[BrowseRow], Any]] = {
        Column.PROMPT: lambda row: row.prompt_md.strip().casefold(),
        Column.TOPIC: lambda row: tuple(part.casefold() for part in row.topic_path),
        Column.DUE: lambda row: (row.due is None, row.due.replace(tzinfo=None) if row.due else far),
        Column.RECALL: lambda row: (row.recall is None, row.recall or 0.0),
        Column.REVIEWS: lambda row: row.reviews,
        Column.BOOKMARKED: lambda row: row.bookmarked,
        Column.SUSPENDED: lambda row: row.suspended,
    }
    return keys[column]


def sort_rows(rows: Sequence[BrowseRow], column: Column, descending: bool) -> tuple[BrowseRow, ...]:
    """Sorted off the GUI thread: 100,000 rows take longer than a frame."""
    return tuple(sorted(rows, key=sort_key(column), reverse=descending))


def apply(
    app: Services,
    action: BulkAction,
    question_ids: Sequence[int],
    now: datetime,
    *,
    topic_id: int = 0,
    tags: Sequence[str] = (),
) -> StudyView:
    """Change the chosen questions in one transaction; Ctrl+Z undoes all of it."""
    from studyapp.store import authoring
    from studyapp.study.collection import UndoEntry

    ids = list(dict.fromkeys(question_ids))
    if not ids:
        return app.study.refresh(now)
    writes: dict[BulkAction, Callable[[Session], Undo]] = {
        BulkAction.MOVE: lambda s: authoring.move_questions(s, ids, topic_id, now),
        BulkAction.ADD_TAGS: lambda s: authoring.tag_questions(s, ids, now, add=tags),
        BulkAction.REMOVE_TAGS: lambda s: authoring.tag_questions(s, ids, now, remove=tags),
        BulkAction.SUSPEND: lambda s: authoring.set_suspended(s, ids, True, now),
        BulkAction.UNSUSPEND: lambda s: authoring.set_suspended(s, ids, False, now),
        BulkAction.BOOKMARK: lambda s: authoring.set_bookmarks(s, ids, True, now),
        BulkAction.UNBOOKMARK: lambda s: authoring.set_bookmarks(s, ids, False, now),
        BulkAction.DELETE: lambda s: authoring.set_deleted(s, ids, True, now),
    }
    with app.col.db.begin() as session:
        old = writes[action](session)
    # Undoing a bulk change does not put questions back into the running session: they
    # were chosen in a list, not taken from the question on screen.
    app.col.push_undo(UndoEntry("edit", ids[0], old_values=old, back_to_study=False))
    queue = app.col.queue
    if action in _LEAVE_STUDY and queue is not None:
        for question_id in ids:
            queue.discard(question_id)
    app.col.tallies.invalidate()
    message = f"{action.value} {counted(len(ids), 'question')} (Ctrl+Z undoes it)."
    return app.study.after_change(now, old.changes, message)
