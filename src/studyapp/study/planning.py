"""The interview plan and the weak-topic drill over the collection: reads the questions'
FSRS states (never writes them: the stored schedule stays as it is), the user's own answer
time, and the saved plan settings.
"""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from studyapp.errors import StudyAppError
from studyapp.store import mutations, queries, stats_queries
from studyapp.store.queries import TopicRow
from studyapp.store.stats_queries import CardRow
from studyapp.study.history import study_day, to_date
from studyapp.study.plan import (
    DEFAULT_SECONDS_PER_REVIEW,
    DEFAULT_TARGET,
    Plan,
    PlanItem,
    PlanRequest,
    Reason,
    make_plan,
    project,
    reviews_per_day,
)
from studyapp.study.plan_model import Memory, Model
from studyapp.study.scheduler import LEARNING_STATES

PLAN_SETTING = "plan.interview"


@dataclass(frozen=True, slots=True)
class PlanSettings:
    date: str  # YYYY-MM-DD
    minutes: float
    target: float = DEFAULT_TARGET
    topic: str | None = None  # a topic path; None: every question
    bookmarked: bool = False  # only bookmarked questions


@dataclass(frozen=True, slots=True)
class PlanReport:
    plan: Plan
    settings: PlanSettings
    days_left: int
    seconds_per_review: float
    minutes_for_all: int | None


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StudyAppError(
            f"{text!r} is not a date.", "Give the interview date as YYYY-MM-DD, e.g. 2026-12-14."
        ) from None


def build(session: Session, settings: PlanSettings, now: datetime) -> PlanReport:
    """Today's plan for the saved (or given) settings, from the collection as it is now."""
    days_left, seconds, request, items = _request(session, settings, now)
    plan = make_plan(items, request)
    needed = plan.reviews_per_day_for_all
    minutes_for_all = None if needed is None else math.ceil(needed * seconds / 60)
    return PlanReport(plan, settings, days_left, seconds, minutes_for_all)


def today_request(
    session: Session, settings: PlanSettings, now: datetime
) -> tuple[int, PlanRequest, list[PlanItem]]:
    """What today's plan is made from, read from the collection (quick); making it
    (`project_today`) needs no database and can run anywhere."""
    days_left, _seconds, request, items = _request(session, settings, now)
    return days_left, request, items


def project_today(request: PlanRequest, items: list[PlanItem]) -> tuple[int, ...]:
    """Only today's queue (the tree's plan node): one projection, not the what-ifs that
    `build` adds for the plan dialog's outlook."""
    today = project(Model(), [item.memory for item in items], request).today
    return tuple(items[index].question_id for index in today)


# How many answers the default pace counts as: a few answers say little about the user's pace
# (two quick grades once made a 20-minute budget look like 240 answers a day and today's plan
# jump from 30 questions to 129), so the estimate moves from the default to the user's median
# as their answers pile up.
PACE_PRIOR_ANSWERS = 20


def answer_seconds(session: Session) -> float:
    """Seconds an answer takes, for turning minutes a day into answers a day."""
    durations = stats_queries.recent_durations_ms(session)
    if not durations:
        return DEFAULT_SECONDS_PER_REVIEW
    median = statistics.median(durations) / 1000
    weight = len(durations)
    return (weight * median + PACE_PRIOR_ANSWERS * DEFAULT_SECONDS_PER_REVIEW) / (
        weight + PACE_PRIOR_ANSWERS
    )


def _request(
    session: Session, settings: PlanSettings, now: datetime
) -> tuple[int, float, PlanRequest, list[PlanItem]]:
    days_left = (parse_date(settings.date) - to_date(study_day(now))).days
    seconds = answer_seconds(session)
    request = PlanRequest(days_left, reviews_per_day(settings.minutes, seconds), settings.target)
    items = plan_items(session, now, settings)
    if not items:
        raise StudyAppError(
            "There are no questions to plan for.",
            "Import or add questions, or choose another topic.",
        )
    return days_left, seconds, request, items


def headline(report: PlanReport) -> str:
    """What the budget secures and what would secure all, said up front and every day:
    '30 min/day secures 312 of 380 by 2026-05-14 (…); +12 min/day secures all.'"""
    plan = report.plan
    text = (
        f"{report.settings.minutes:g} min/day secures {plan.secured} of {plan.questions} by "
        f"{report.settings.date} ({_days(report.days_left)}, target {plan.request.target:.0%}, "
        f"{report.seconds_per_review:.0f} s an answer)"
    )
    if plan.all_secured:
        return text + "."
    if report.minutes_for_all is None:
        unreachable = plan.not_secured[Reason.UNREACHABLE]
        return text + f"; {unreachable} cannot reach the target by then at any budget."
    extra = max(report.minutes_for_all - report.settings.minutes, 0)
    return text + f"; +{extra:g} min/day secures all."


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def today_line(report: PlanReport) -> str:
    """The countdown and today's share, for the tree's "Interview plan" node."""
    days = report.days_left
    when = "tomorrow" if days == 1 else f"in {days} days"
    plan = report.plan
    return (
        f"Interview {when} · today: {len(plan.today)} questions, "
        f"about {round(plan.today_reviews)} answers."
    )


def plan_items(session: Session, now: datetime, settings: PlanSettings) -> list[PlanItem]:
    topics = {row.id: row for row in queries.topic_rows(session)}
    topic_ids = None if settings.topic is None else queries.subtree_at_path(topics, settings.topic)
    rows = stats_queries.card_rows(session, topic_ids)
    if settings.bookmarked:
        marked = stats_queries.bookmarked_ids(session)
        rows = [row for row in rows if row.question_id in marked]
    paths: dict[int, str] = {}
    return [
        PlanItem(row.question_id, _path_text(topics, row.topic_id, paths), memory(row, now))
        for row in rows
    ]


def memory(row: CardRow, now: datetime) -> Memory | None:
    """The planner's view of a stored state: day 0 is now, whole days before it negative."""
    if row.stability is None or row.difficulty is None or row.last_review_ms is None:
        return None
    now_ms = int(now.timestamp() * 1000)
    last_day = -max((now_ms - row.last_review_ms) // stats_queries.MILLIS_PER_DAY, 0)
    in_steps = row.state in LEARNING_STATES
    return Memory(
        stability=row.stability,
        difficulty=row.difficulty,
        last_day=last_day,
        state=row.state if in_steps and row.state is not None else 2,
        step=row.step if in_steps else None,
    )


def _path_text(topics: dict[int, TopicRow], topic_id: int, cache: dict[int, str]) -> str:
    if topic_id not in cache:
        cache[topic_id] = "/".join(queries.topic_path_of(topics, topic_id))
    return cache[topic_id]


def save_settings(session: Session, settings: PlanSettings) -> None:
    """Make this the plan the window shows (checked first: a bad plan is never saved)."""
    parse_date(settings.date)
    PlanRequest(1, reviews_per_day(settings.minutes, DEFAULT_SECONDS_PER_REVIEW), settings.target)
    mutations.set_setting(session, PLAN_SETTING, json.dumps(asdict(settings)))


def load_settings(session: Session) -> PlanSettings | None:
    raw = queries.setting(session, PLAN_SETTING)
    if raw is None:
        return None
    try:
        return PlanSettings(**json.loads(raw))
    except (TypeError, ValueError):
        return None  # written by another version: no plan rather than a crash
