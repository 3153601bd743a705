"""The open collection: the database plus the in-memory study state that lives beside it on
the worker thread (the current queue and the undo stack)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.store.db import Database
from studyapp.store.schema import Topic
from studyapp.study import settings as study_settings
from studyapp.study.queue import StudyQueue
from studyapp.study.scope import Scope, ScopeKind
from studyapp.study.settings import StudySettings
from studyapp.study.stats import TallyCache, new_left_today

UNDO_DEPTH = 100


@dataclass(frozen=True, slots=True)
class UndoEntry:
    kind: Literal["grade", "bookmark", "edit", "topic"]
    question_id: int  # 0 for "topic"
    review_id: int | None = None
    was_new: bool = False
    bookmarked_before: bool = False
    # "edit" is any change made in the app (text, suspend, delete, flag, add): the store's
    # record of the old values (store.authoring.Undo), and whether undoing it brings the
    # question back into the session. "topic" is a change to the topic tree (add, rename,
    # move, delete), with its store.authoring.Undo in `old_values` too.
    old_values: object = None
    back_to_study: bool = True


class Collection:
    def __init__(self, db: Database) -> None:
        self.db = db
        with db.begin() as session:
            self.settings: StudySettings = study_settings.load(session)
        self.queue: StudyQueue | None = None
        self.undo_stack: list[UndoEntry] = []
        self.tallies = TallyCache()

    @classmethod
    def open(cls, path: Path, *, backups: Path | None = None) -> Collection:
        return cls(Database.open(path, backups=backups))

    def close(self) -> None:
        self.db.close()

    def push_undo(self, entry: UndoEntry) -> None:
        self.undo_stack.append(entry)
        del self.undo_stack[:-UNDO_DEPTH]

    def update_settings(self, **changes: object) -> StudySettings:
        with self.db.begin() as session:
            self.settings = study_settings.save(session, self.settings, **changes)
        return self.settings

    def start(self, scope: Scope, now: datetime) -> StudyQueue:
        with self.db.begin() as session:
            topic_ids = scope_topic_ids(session, scope)
            new_left = new_left_today(session, now, self.settings.new_per_day)
            self.queue = StudyQueue.build(session, scope, topic_ids, now, new_left)
        return self.queue


def scope_topic_ids(session: Session, scope: Scope) -> list[int] | None:
    """The topic and all its subtopics, or None for scopes that span every topic."""
    if scope.kind is not ScopeKind.TOPIC or scope.topic_id is None:
        return None
    children: dict[int | None, list[int]] = {}
    for topic_id, parent_id in session.execute(select(Topic.id, Topic.parent_id)):
        children.setdefault(parent_id, []).append(topic_id)
    found: list[int] = []
    pending = [scope.topic_id]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children.get(current, []))
    return found
