"""What comes next: learning steps that are due, then due reviews (most overdue first), then
new questions in deck order up to the day's cap, then learning steps that come due within a
few minutes (the learn-ahead horizon, as Anki does).

The queue is built once per scope and kept in memory on the worker, so picking the next
question is a list operation, not a query. It also knows the question on screen, so that its
counts are the session's ("New 3 · Learning 1 · Review 12", the current question included)
and an undo can put both the undone and the shown question back in line.

"Learning" counts the steps that come back within this session: questions answered in it
into a short step, and those coming due within the learn-ahead horizon. A question already
due when the session starts is in the review line whatever its FSRS state: telling them apart
would cost a row lookup per due question (measured: +25 ms at 100k questions).
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum

from sqlalchemy.orm import Session

from studyapp.store import queries
from studyapp.store.schema import from_millis, to_millis
from studyapp.study.scope import Scope, ScopeKind, SessionCounts

LEARN_AHEAD = timedelta(minutes=20)
_LONG_AGO = datetime(1970, 1, 1, tzinfo=UTC)


class Line(Enum):
    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"


@dataclass
class StudyQueue:
    scope: Scope
    reviews: deque[int] = field(default_factory=deque)
    new: deque[int] = field(default_factory=deque)
    learning: list[tuple[datetime, int]] = field(default_factory=list)
    current: tuple[int, Line] | None = None

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
        if scope.kind is ScopeKind.SELECTION:  # the caller's order is the point of it
            queue.reviews.extend(scope.question_ids)
            return queue
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
        """The question to show now; it leaves its line and becomes `current`."""
        self.current = self._take(now)
        return None if self.current is None else self.current[0]

    def _take(self, now: datetime) -> tuple[int, Line] | None:
        if self.learning and self.learning[0][0] <= now:
            return self.learning.pop(0)[1], Line.LEARNING
        if self.reviews:
            return self.reviews.popleft(), Line.REVIEW
        if self.new:
            return self.new.popleft(), Line.NEW
        if self.learning and self.learning[0][0] <= now + LEARN_AHEAD:
            return self.learning.pop(0)[1], Line.LEARNING
        return None

    def counts(self) -> SessionCounts:
        new, learning, review = len(self.new), len(self.learning), len(self.reviews)
        if self.current is not None:
            line = self.current[1]
            new += line is Line.NEW
            learning += line is Line.LEARNING
            review += line is Line.REVIEW
        if self.scope.is_practice:
            return SessionCounts(new=new + learning + review, practice=True)
        return SessionCounts(new=new, learning=learning, review=review)

    def remaining(self) -> int:
        return self.counts().total

    def after_grade(self, question_id: int, due: datetime, now: datetime) -> None:
        """A question graded into a short learning step comes back within this session.

        A graded question was handed out by `next`, so it is in no line but (at most) the
        learning list: scanning the review and new lines too would cost O(queue) per grade.
        """
        if self.current is not None and self.current[0] == question_id:
            self.current = None
        self.learning = [item for item in self.learning if item[1] != question_id]
        if due <= now + LEARN_AHEAD and not self.scope.is_practice:
            bisect.insort(self.learning, (due, question_id))

    def put_back(self, question_id: int, was_new: bool) -> None:
        """Undo: the question on screen goes back to the front of its line, and the undone
        one in front of it."""
        self.return_current()
        self.discard(question_id)
        (self.new if was_new else self.reviews).appendleft(question_id)

    def return_current(self) -> None:
        if self.current is None:
            return
        question_id, line = self.current
        self.current = None
        if line is Line.NEW:
            self.new.appendleft(question_id)
        elif line is Line.REVIEW:
            self.reviews.appendleft(question_id)
        else:  # it was due when shown, so it goes first
            self.learning.insert(0, (_LONG_AGO, question_id))

    def discard_all(self, question_ids: Iterable[int]) -> None:
        """Many questions leave at once (a topic deleted): one pass over each line."""
        gone = set(question_ids)
        if self.current is not None and self.current[0] in gone:
            self.current = None
        self.reviews = deque(q for q in self.reviews if q not in gone)
        self.new = deque(q for q in self.new if q not in gone)
        self.learning = [item for item in self.learning if item[1] not in gone]

    def discard(self, question_id: int) -> None:
        if self.current is not None and self.current[0] == question_id:
            self.current = None
        for line in (self.reviews, self.new):
            if question_id in line:
                line.remove(question_id)
        self.learning = [item for item in self.learning if item[1] != question_id]


def _practice_ids(session: Session, scope: Scope, topic_ids: list[int] | None) -> list[int]:
    if scope.kind is ScopeKind.BOOKMARKED:
        return queries.bookmarked_question_ids(session)
    return queries.all_question_ids(session, topic_ids)
