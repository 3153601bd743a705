"""Drill weakest: the studied questions with the lowest recall right now, due or not, and how
their recall moved after the session.

Never-studied questions are left out: they are not weak, they are new (the plan and the normal
queue bring them in). Recall is FSRS retrievability from the stored state, read, not changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from studyapp.store import stats_queries
from studyapp.store.records import CardSnapshot, TopicTree
from studyapp.store.schema import from_millis
from studyapp.store.stats_queries import CardRow
from studyapp.study.scheduler import SchedulerSettings, retrievability

DEFAULT_SCHEDULER = SchedulerSettings()


@dataclass(frozen=True, slots=True)
class WeakQuestion:
    question_id: int
    recall: float


@dataclass(frozen=True, slots=True)
class RecallShift:
    question_id: int
    before: float
    after: float


@dataclass(frozen=True, slots=True)
class DrillSummary:
    shifts: tuple[RecallShift, ...]

    @property
    def mean_before(self) -> float:
        return sum(s.before for s in self.shifts) / len(self.shifts) if self.shifts else 0.0

    @property
    def mean_after(self) -> float:
        return sum(s.after for s in self.shifts) / len(self.shifts) if self.shifts else 0.0


def _recall(row: CardRow, now: datetime, scheduler: SchedulerSettings) -> float | None:
    if row.state is None or row.due_ms is None:
        return None
    snapshot = CardSnapshot(
        state=row.state,
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=from_millis(row.due_ms),
        last_review=None if row.last_review_ms is None else from_millis(row.last_review_ms),
    )
    return retrievability(snapshot, now, scheduler)


def weakest(
    session: Session,
    now: datetime,
    topic_ids: Sequence[int] | None,
    limit: int,
    scheduler: SchedulerSettings = DEFAULT_SCHEDULER,
) -> list[WeakQuestion]:
    """Up to `limit` studied questions in scope, lowest recall first (deck order on ties)."""
    found: list[WeakQuestion] = []
    for row in stats_queries.card_rows(session, topic_ids):
        recall = _recall(row, now, scheduler)
        if recall is not None:
            found.append(WeakQuestion(row.question_id, recall))
    found.sort(key=lambda weak: weak.recall)  # stable: deck order among equals
    return found[:limit]


def weakest_topic_ids(tree: TopicTree, count: int) -> list[int]:
    """The `count` leaf topics known least (mean recall of their studied questions)."""
    leaves = [
        node
        for root in tree.roots
        for node in root.walk()
        if not node.children and node.counts.mastery is not None
    ]
    leaves.sort(key=lambda node: (node.counts.mastery or 0.0, node.position, node.id))
    return [node.id for node in leaves[:count]]


def recall_moved(
    session: Session,
    now: datetime,
    before: Sequence[WeakQuestion],
    scheduler: SchedulerSettings = DEFAULT_SCHEDULER,
) -> DrillSummary:
    """Each drilled question's recall before the session and now, for the session summary."""
    wanted = {weak.question_id for weak in before}
    now_recall = {
        row.question_id: _recall(row, now, scheduler) or 0.0
        for row in stats_queries.card_rows(session)
        if row.question_id in wanted
    }
    return DrillSummary(
        tuple(
            RecallShift(w.question_id, w.recall, now_recall.get(w.question_id, 0.0)) for w in before
        )
    )
