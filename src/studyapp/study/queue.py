"""What comes next: due reviews (most overdue first), then new questions in deck order up
to the day's cap, then learning steps that come due within a few minutes.

The queue is built once per scope and kept in memory on the worker, so picking the next
question is a list operation, not a query (Anki does the same).
"""

from __future__ import annotations

import bisect
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from studyapp.store import queries
from studyapp.store.schema import from_millis, to_millis
from studyapp.study.scope import Scope, ScopeKind

LEARN_AHEAD = timedelta(minutes=20)


@dataclass
class StudyQueue:
    scope: Scope
    reviews: deque[int] = field(default_factory=deque)
    new: deque[int] = field(default_factory=deque)
    learning: list[tuple[datetime, int]] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        session: Session,
        scope: Scope,
        topic_ids: list[int] | None,
        now: datetime,
        new_left: int,
    ) -> StudyQueue:
        queue = cls(scope)
        if scope.is_practice:
            ids = _practice_ids(session, scope, topic_ids)
            due = {qid for qid, _millis in queries.due_question_ids(session, topic_ids, now)}
            queue.reviews.extend(qid for qid in ids if qid in due)
            queue.new.extend(qid for qid in ids if qid not in due)
            return queue
        now_millis = to_millis(now)
        for qid, due_millis in queries.due_question_ids(session, topic_ids, now + LEARN_AHEAD):
            if due_millis <= now_millis:
                queue.reviews.append(qid)
            else:
                queue.learning.append((from_millis(due_millis), qid))
        queue.new.extend(queries.new_question_ids(session, topic_ids, new_left))
        return queue

    def next(self, now: datetime) -> int | None:
        """The question to show now, removed from the queue."""
        if self.learning and self.learning[0][0] <= now:
            return self.learning.pop(0)[1]
        if self.reviews:
            return self.reviews.popleft()
        if self.new:
            return self.new.popleft()
        if self.learning and self.learning[0][0] <= now + LEARN_AHEAD:
            return self.learning.pop(0)[1]
        return None

    def remaining(self) -> int:
        return len(self.reviews) + len(self.new) + len(self.learning)

    def after_grade(self, question_id: int, due: datetime, now: datetime) -> None:
        """A question graded into a short learning step comes back within this session.

        A graded question was handed out by `next`, so it is in no line but (at most) the
        learning list: scanning the review and new lines too would cost O(queue) per grade.
        """
        self.learning = [item for item in self.learning if item[1] != question_id]
        if due <= now + LEARN_AHEAD:
            bisect.insort(self.learning, (due, question_id))

    def put_back(self, question_id: int, was_new: bool) -> None:
        """Undo puts the question first in line again."""
        self.discard(question_id)
        (self.new if was_new else self.reviews).appendleft(question_id)

    def discard(self, question_id: int) -> None:
        for line in (self.reviews, self.new):
            if question_id in line:
                line.remove(question_id)
        self.learning = [item for item in self.learning if item[1] != question_id]


def _practice_ids(session: Session, scope: Scope, topic_ids: list[int] | None) -> list[int]:
    if scope.kind is ScopeKind.BOOKMARKED:
        return queries.bookmarked_question_ids(session)
    return queries.all_question_ids(session, topic_ids)
