"""Statistics from the review log: activity and streaks, the due forecast, true retention
against the desired one, answer time, and recall per topic. Undone reviews never count.

Days are study days (they roll over at 4 am local time, like the queue's). The local offset
is taken at `now`, so a day that crossed a DST change is an hour off at its edge.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from studyapp.store import stats_queries
from studyapp.store.records import TopicNode
from studyapp.store.stats_queries import MILLIS_PER_DAY
from studyapp.study.clock import ROLLOVER_HOUR
from studyapp.study.scheduler import SchedulerSettings
from studyapp.study.stats import build_tree

EPOCH_DAY = date(1970, 1, 1)
HISTORY_DAYS = 365
FORECAST_DAYS = 30
RETENTION_WEEKS = 12


@dataclass(frozen=True, slots=True)
class DayStats:
    day: date
    reviews: int
    passed: int
    seconds: float  # time spent answering


@dataclass(frozen=True, slots=True)
class WeekRetention:
    week_start: date
    reviews: int  # reviews of questions past their learning steps
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None


@dataclass(frozen=True, slots=True)
class TopicRecall:
    path: tuple[str, ...]
    mastery: float | None  # mean predicted recall now of the questions past learning
    reviewed: int
    total: int


@dataclass(frozen=True, slots=True)
class StatsReport:
    today: date
    days: tuple[DayStats, ...]  # days with reviews in the last year, oldest first
    current_streak: int
    longest_streak: int
    forecast: tuple[tuple[date, int], ...]  # due per day, today (with overdue) first
    retention: tuple[WeekRetention, ...]
    desired_retention: float
    median_answer_seconds: float | None
    topics: tuple[TopicRecall, ...]  # depth-first, parents before children

    @property
    def reviews_total(self) -> int:
        return sum(day.reviews for day in self.days)


def day_shift_ms(now: datetime, rollover_hour: int = ROLLOVER_HOUR) -> int:
    """Added to a UTC millisecond time, makes whole days start at the local rollover."""
    offset = now.astimezone().utcoffset() or timedelta(0)
    return int(offset.total_seconds() * 1000) - rollover_hour * 3_600_000


def study_day(now: datetime) -> int:
    return (int(now.timestamp() * 1000) + day_shift_ms(now)) // MILLIS_PER_DAY


def to_date(day: int) -> date:
    return EPOCH_DAY + timedelta(days=day)


def collect(
    session: Session,
    now: datetime,
    new_per_day: int,
    scheduler: SchedulerSettings,
    topic_ids: Sequence[int] | None = None,
) -> StatsReport:
    """Everything the Statistics window and `studyapp stats` show; with `topic_ids`, for
    those topics only (a topic and its subtopics)."""
    shift = day_shift_ms(now)
    today = study_day(now)
    since = (today - HISTORY_DAYS + 1) * MILLIS_PER_DAY - shift
    activity = stats_queries.activity_by_day(session, since, shift, topic_ids)
    days = tuple(
        DayStats(to_date(a.day), a.reviews, a.passed, a.duration_ms / 1000) for a in activity
    )
    current, longest = streaks({a.day for a in activity if a.reviews}, today)
    due = stats_queries.due_by_day(session, today, FORECAST_DAYS, shift, topic_ids)
    forecast = tuple((to_date(d), due.get(d, 0)) for d in range(today, today + FORECAST_DAYS))
    weeks_since = (today - 7 * RETENTION_WEEKS + 1) * MILLIS_PER_DAY - shift
    retention = weekly(
        stats_queries.retention_by_day(session, weeks_since, shift, topic_ids), today
    )
    return StatsReport(
        today=to_date(today),
        days=days,
        current_streak=current,
        longest_streak=longest,
        forecast=forecast,
        retention=retention,
        desired_retention=scheduler.desired_retention,
        median_answer_seconds=median_answer_seconds(session, topic_ids),
        topics=topic_recall(session, now, new_per_day, scheduler, topic_ids),
    )


def streaks(active_days: set[int], today: int) -> tuple[int, int]:
    """(current, longest) runs of consecutive days with reviews. The current run still
    counts until today is over: a streak isn't broken before you had the day to study."""
    longest = run = 0
    previous = None
    for day in sorted(active_days):
        run = run + 1 if previous == day - 1 else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today if today in active_days else today - 1
    while day in active_days:
        current += 1
        day -= 1
    return current, longest


def weekly(days: list[stats_queries.DayRetention], today: int) -> tuple[WeekRetention, ...]:
    """Retention per 7-day week ending today, oldest first; weeks without reviews included."""
    first = today - 7 * RETENTION_WEEKS + 1
    sums = [[0, 0] for _ in range(RETENTION_WEEKS)]
    for day in days:
        index = (day.day - first) // 7
        if 0 <= index < RETENTION_WEEKS:
            sums[index][0] += day.reviews
            sums[index][1] += day.passed
    return tuple(
        WeekRetention(to_date(first + 7 * i), reviews, passed)
        for i, (reviews, passed) in enumerate(sums)
    )


def median_answer_seconds(session: Session, topic_ids: Sequence[int] | None = None) -> float | None:
    """The median of the newest answer times, or None before any was recorded."""
    durations = stats_queries.recent_durations_ms(session, topic_ids=topic_ids)
    return statistics.median(durations) / 1000 if durations else None


def topic_recall(
    session: Session,
    now: datetime,
    new_per_day: int,
    scheduler: SchedulerSettings,
    topic_ids: Sequence[int] | None = None,
) -> tuple[TopicRecall, ...]:
    tree = build_tree(session, now, new_per_day, scheduler)
    wanted = None if topic_ids is None else set(topic_ids)
    found: list[TopicRecall] = []

    def visit(node: TopicNode, path: tuple[str, ...]) -> None:
        here = (*path, node.title)
        counts = node.counts
        if wanted is None or node.id in wanted:
            found.append(TopicRecall(here, counts.mastery, counts.reviewed, counts.total))
        for child in node.children:
            visit(child, here)

    for root in tree.roots:
        visit(root, ())
    return tuple(found)
