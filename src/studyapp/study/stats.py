"""The topic tree with its counts, mastery per topic, and the end-of-session summary."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from studyapp.store import queries
from studyapp.store.queries import TopicRow, TopicTally
from studyapp.store.records import TopicCounts, TopicNode, TopicTree
from studyapp.study.clock import day_start
from studyapp.study.scheduler import SchedulerSettings, decay_constants


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
    decay, factor = decay_constants(scheduler)
    tallies = queries.topic_tallies(session, now, decay, factor)
    return assemble_tree(
        queries.topic_rows(session),
        tallies,
        now=now,
        new_left=new_left_today(session, now, new_per_day),
        bookmarked=queries.bookmark_count(session),
    )


def assemble_tree(
    rows: list[TopicRow],
    tallies: dict[int, TopicTally],
    *,
    now: datetime,
    new_left: int,
    bookmarked: int,
) -> TopicTree:
    """Sum each topic's tally with its subtopics'; topics with no questions below are left out."""
    children: dict[int | None, list[TopicRow]] = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)

    def build(row: TopicRow) -> tuple[TopicNode | None, TopicTally]:
        own = tallies.get(row.id, TopicTally())
        kids: list[TopicNode] = []
        total = own
        for child in sorted(children.get(row.id, []), key=lambda r: (r.position, r.id)):
            node, tally = build(child)
            if node is not None:
                kids.append(node)
            total = _add(total, tally)
        if total.total == 0:
            return None, total
        return TopicNode(
            row.id, row.parent_id, row.title, row.position, _counts(total), tuple(kids)
        ), total

    roots: list[TopicNode] = []
    grand = TopicTally()
    for row in sorted(children.get(None, []), key=lambda r: (r.position, r.id)):
        node, tally = build(row)
        grand = _add(grand, tally)
        if node is not None:
            roots.append(node)
    new_total = grand.total - grand.reviewed
    return TopicTree(
        roots=tuple(roots),
        due_now=grand.due + min(new_total, new_left),
        bookmarked=bookmarked,
        all_questions=grand.total,
        built_at=now,
    )


def _add(a: TopicTally, b: TopicTally) -> TopicTally:
    return TopicTally(
        a.total + b.total,
        a.reviewed + b.reviewed,
        a.due + b.due,
        a.retrievability_sum + b.retrievability_sum,
    )


def _counts(tally: TopicTally) -> TopicCounts:
    mastery = tally.retrievability_sum / tally.reviewed if tally.reviewed else None
    return TopicCounts(
        due=tally.due,
        new=tally.total - tally.reviewed,
        total=tally.total,
        reviewed=tally.reviewed,
        mastery=mastery,
    )


def summarize(session: Session, tree: TopicTree, now: datetime) -> Summary:
    return Summary(
        reviewed_today=queries.reviews_since(session, day_start(now)),
        next_due=queries.next_due_after(session, now),
        weakest=weakest_topics(tree),
        total_questions=tree.all_questions,
    )


def weakest_topics(tree: TopicTree, limit: int = 3) -> tuple[WeakTopic, ...]:
    """Leaf-most topics with reviews, lowest mastery first."""
    found: list[WeakTopic] = []

    def visit(node: TopicNode, path: tuple[str, ...]) -> None:
        here = (*path, node.title)
        if not node.children and node.counts.mastery is not None:
            found.append(WeakTopic(here, node.counts.mastery, node.counts.reviewed))
        for child in node.children:
            visit(child, here)

    for root in tree.roots:
        visit(root, ())
    found.sort(key=lambda weak: (weak.mastery, -weak.reviewed))
    return tuple(found[:limit])
