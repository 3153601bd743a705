"""The topic tree with its counts, "Known" per topic, and the end-of-session summary.

Counts agree with the study session by construction: a topic's "Due" is what a session on it
would show now — questions due within the learn-ahead horizon (LEARN_AHEAD, as the queue) —
and its "New" is capped by the new questions left today, as the queue's new line is.

"Known" (`TopicCounts.mastery`) is the share of the topic's questions you would still recall
a week from now (FSRS retrievability at now + KNOWN_HORIZON, summed over questions past their
learning steps, divided by all the topic's questions). New questions and questions still in
their learning steps count as not known. A week ahead, one Easy answer gives about 95 %, one
Good about 75 %: a single answer is never shown as 100 %.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.store import queries
from studyapp.store.queries import TopicRow, TopicTally
from studyapp.store.records import TopicCounts, TopicNode, TopicTree
from studyapp.store.schema import CardState, Question
from studyapp.study.clock import day_start
from studyapp.study.queue import LEARN_AHEAD
from studyapp.study.scheduler import SchedulerSettings, decay_constants

KNOWN_HORIZON = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class WeakTopic:
    path: tuple[str, ...]
    mastery: float
    reviewed: int


@dataclass(frozen=True, slots=True)
class Summary:
    reviewed_today: int
    next_due: datetime | None
    weakest: tuple[WeakTopic, ...]
    total_questions: int


def new_left_today(session: Session, now: datetime, new_per_day: int) -> int:
    return max(new_per_day - queries.new_introduced_since(session, day_start(now)), 0)


def build_tree(
    session: Session, now: datetime, new_per_day: int, scheduler: SchedulerSettings
) -> TopicTree:
    """The whole tree from scratch (one pass over every question)."""
    return TallyCache().tree(session, now, new_per_day, scheduler)


class TallyCache:
    """Per-topic counts kept between refreshes, so that a grade re-counts one topic.

    Due counts (questions due within the learn-ahead horizon) move on with time: instead of
    re-counting everything, a refresh adds the questions that came within the horizon since
    the last one (an index range on `due`). "Known" drifts slowly, so the full pass that
    refreshes it runs every few minutes at most.
    """

    FULL_EVERY = timedelta(minutes=10)

    def __init__(self) -> None:
        self.rows: list[TopicRow] | None = None
        self.tallies: dict[int, TopicTally] = {}
        self.as_of: datetime | None = None
        self.full_at: datetime | None = None
        self.dirty: set[int] = set()

    def invalidate(self) -> None:
        """Topics were added, moved or removed (an import, a deck update)."""
        self.rows = None

    def mark(self, topic_ids: Iterable[int]) -> None:
        self.dirty.update(topic_ids)

    def tree(
        self, session: Session, now: datetime, new_per_day: int, scheduler: SchedulerSettings
    ) -> TopicTree:
        decay, factor = decay_constants(scheduler)
        if self._needs_full(now):
            self.rows = queries.topic_rows(session)
            self.tallies = _tallies(session, now, decay, factor, None)
            self.full_at = now
        else:
            self._advance(session, now, decay, factor)
        self.as_of = now
        self.dirty.clear()
        assert self.rows is not None
        return assemble_tree(
            self.rows,
            self.tallies,
            now=now,
            new_left=new_left_today(session, now, new_per_day),
            bookmarked=queries.bookmark_count(session),
        )

    def _needs_full(self, now: datetime) -> bool:
        return (
            self.rows is None
            or self.as_of is None
            or self.full_at is None
            or now < self.as_of
            or now - self.full_at > self.FULL_EVERY
        )

    def _advance(self, session: Session, now: datetime, decay: float, factor: float) -> None:
        assert self.as_of is not None
        if now > self.as_of:
            came_due = queries.newly_due_by_topic(
                session, self.as_of + LEARN_AHEAD, now + LEARN_AHEAD
            )
            for topic_id, count in came_due.items():
                tally = self.tallies.get(topic_id, TopicTally())
                self.tallies[topic_id] = replace(tally, due=tally.due + count)
        if self.dirty:
            fresh = _tallies(session, now, decay, factor, self.dirty)
            for topic_id in self.dirty:
                self.tallies[topic_id] = fresh.get(topic_id, TopicTally())


def _tallies(
    session: Session, now: datetime, decay: float, factor: float, topic_ids: set[int] | None
) -> dict[int, TopicTally]:
    """Counts due within the learn-ahead horizon; retrievability a week ahead ("Known").

    One pass at the week's horizon gives the retrievability; the due counts it also gives
    (due within the week) are brought back by subtracting what falls due in between. A few
    topics (after a grade) are cheaper counted twice than corrected.
    """
    soon, horizon = now + LEARN_AHEAD, now + KNOWN_HORIZON
    ahead = queries.topic_tallies(session, horizon, decay, factor, topic_ids=topic_ids)
    if topic_ids is not None:
        due = queries.topic_tallies(session, soon, decay, factor, topic_ids=topic_ids)
        return {
            topic_id: replace(tally, due=due.get(topic_id, TopicTally()).due)
            for topic_id, tally in ahead.items()
        }
    later = queries.newly_due_by_topic(session, soon, horizon)
    return {
        topic_id: replace(tally, due=tally.due - later.get(topic_id, 0))
        for topic_id, tally in ahead.items()
    }


def assemble_tree(
    rows: list[TopicRow],
    tallies: dict[int, TopicTally],
    *,
    now: datetime,
    new_left: int,
    bookmarked: int,
) -> TopicTree:
    """Sum each topic's tally with its subtopics'; imported topics with no questions below
    are left out."""
    children: dict[int | None, list[TopicRow]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.position, r.id)):
        children[row.parent_id].append(row)
    empty = (0, 0, 0, 0.0, 0)

    def build(row: TopicRow) -> tuple[TopicNode | None, tuple[int, int, int, float, int]]:
        own = tallies.get(row.id)
        total, reviewed, due, r_sum, stable = (
            empty
            if own is None
            else (own.total, own.reviewed, own.due, own.retrievability_sum, own.stable)
        )
        kids: list[TopicNode] = []
        for child in children.get(row.id, ()):
            node, (c_total, c_reviewed, c_due, c_sum, c_stable) = build(child)
            if node is not None:
                kids.append(node)
            total, reviewed, due, r_sum, stable = (
                total + c_total,
                reviewed + c_reviewed,
                due + c_due,
                r_sum + c_sum,
                stable + c_stable,
            )
        summed = (total, reviewed, due, r_sum, stable)
        # An imported topic left without questions goes; one the user made stays, so that
        # they can fill it (issue 15).
        if total == 0 and not kids and not row.made_here:
            return None, summed
        node = TopicNode(
            row.id, row.parent_id, row.title, row.position, _counts(summed, new_left), tuple(kids)
        )
        return node, summed

    roots: list[TopicNode] = []
    grand_total = grand_reviewed = grand_due = 0
    for row in children.get(None, ()):
        node, (total, reviewed, due, _r, _stable) = build(row)
        grand_total, grand_reviewed, grand_due = (
            grand_total + total,
            grand_reviewed + reviewed,
            grand_due + due,
        )
        if node is not None:
            roots.append(node)
    return TopicTree(
        roots=tuple(roots),
        due_now=grand_due + min(grand_total - grand_reviewed, new_left),
        bookmarked=bookmarked,
        all_questions=grand_total,
        built_at=now,
    )


def _counts(summed: tuple[int, int, int, float, int], new_left: int) -> TopicCounts:
    """`new` is what a session on this topic would show today (capped by the day's new
    questions left); Known is None until something in the topic was answered."""
    total, reviewed, due, r_sum, _stable = summed
    return TopicCounts(
        due=due,
        new=min(total - reviewed, new_left),
        total=total,
        reviewed=reviewed,
        mastery=min(r_sum / total, 1.0) if reviewed else None,
    )


def summarize(
    session: Session, tree: TopicTree, now: datetime, topic_ids: list[int] | None = None
) -> Summary:
    """The end screen of a session over `topic_ids` (None: every topic). "Next due" is the
    first question of the scope beyond this session (after the learn-ahead horizon)."""
    return Summary(
        reviewed_today=queries.reviews_since(session, day_start(now)),
        next_due=next_due_after(session, now + LEARN_AHEAD, topic_ids),
        weakest=weakest_topics(tree),
        total_questions=tree.all_questions,
    )


def next_due_after(
    session: Session, moment: datetime, topic_ids: list[int] | None
) -> datetime | None:
    if topic_ids is None:
        return queries.next_due_after(session, moment)
    # the scoped variant of queries.next_due_after (a candidate for the store)
    return session.scalar(
        select(func.min(CardState.due))
        .join(Question, Question.id == CardState.question_id)
        .where(CardState.due > moment, queries.ACTIVE_QUESTION, Question.topic_id.in_(topic_ids))
    )


WEAK_BELOW = 0.9


def weakest_topics(tree: TopicTree, limit: int = 3) -> tuple[WeakTopic, ...]:
    """Leaf-most topics known less well than the default desired retention, weakest first:
    a topic everyone would recall isn't worth pointing at."""
    found: list[WeakTopic] = []

    def visit(node: TopicNode, path: tuple[str, ...]) -> None:
        here = (*path, node.title)
        mastery = node.counts.mastery
        if not node.children and mastery is not None and mastery < WEAK_BELOW:
            found.append(WeakTopic(here, mastery, node.counts.reviewed))
        for child in node.children:
            visit(child, here)

    for root in tree.roots:
        visit(root, ())
    found.sort(key=lambda weak: (weak.mastery, -weak.reviewed))
    return tuple(found[:limit])
