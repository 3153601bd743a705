"""The interview-date plan: study so that on the exam day every planned question's predicted
recall R(t, S) is at least the target, within a daily budget.

Pure domain, no database: the caller hands in each question's FSRS memory (from card_state,
never written back: after the date, normal scheduling carries on) and the day count to the exam.
The plan projects itself day by day with its own model, assuming each study succeeds, to say
what is secured and what a full plan would cost; `today` is the queue for now. Each day the plan
is simply computed again from the real states, so a lapse is caught the next day.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from studyapp.errors import StudyAppError
from studyapp.study.plan_day import EPSILON, choose
from studyapp.study.plan_model import Memory, Model

DEFAULT_TARGET = 0.9
DEFAULT_SECONDS_PER_REVIEW = 20.0


class Reason(StrEnum):
    NEVER_STUDIED = "never_studied"  # given up for the budget, never studied yet
    OVER_BUDGET = "over_budget"  # studied before, given up for the budget (hardest first)
    UNREACHABLE = "unreachable"  # no budget reaches the target by the date


@dataclass(frozen=True, slots=True)
class PlanItem:
    question_id: int
    topic: str
    memory: Memory | None  # None: never studied


@dataclass(frozen=True, slots=True)
class PlanRequest:
    exam: int  # study days left: the exam is on day `exam`, today is day 0
    reviews_per_day: int
    target: float = DEFAULT_TARGET

    def __post_init__(self) -> None:
        if self.exam < 1:
            raise StudyAppError(
                "The interview date must be after today.", "Pick a date from tomorrow on."
            )
        if self.reviews_per_day < 0:
            raise StudyAppError("The daily budget cannot be negative.", "Give minutes ≥ 0.")
        if not 0.5 <= self.target < 1:
            raise StudyAppError(
                f"A target recall of {self.target:.0%} is out of range.",
                "Use a target between 0.5 and 0.99 (0.9 means 90%).",
            )


@dataclass(frozen=True, slots=True)
class Projection:
    today: tuple[int, ...]  # indexes into the items, final studies first
    daily_reviews: tuple[float, ...]  # expected reviews on each day until the exam
    predicted: tuple[float, ...]  # predicted recall on the exam day, per item

    def secured(self, target: float) -> list[bool]:
        return [p >= target - EPSILON for p in self.predicted]


@dataclass(frozen=True, slots=True)
class TopicOutlook:
    topic: str
    questions: int
    secured: int


@dataclass(frozen=True, slots=True)
class Plan:
    request: PlanRequest
    questions: int
    secured: int
    not_secured: dict[Reason, int]
    by_topic: tuple[TopicOutlook, ...]
    today: tuple[int, ...]  # question ids to study today, in order
    today_reviews: float  # expected reviews, learning steps included
    daily_reviews: tuple[float, ...]
    predicted_mean: float  # mean predicted recall on the exam day
    reviews_per_day_for_all: int | None  # None: some questions are unreachable at any budget

    @property
    def all_secured(self) -> bool:
        return self.secured == self.questions


def project(model: Model, memories: Sequence[Memory | None], request: PlanRequest) -> Projection:
    """Run the plan to the exam in the model's expectation (every study succeeds)."""
    current = list(memories)
    # An item never studied again keeps the recall its memory predicts; a studied one the
    # recall its last study predicts, lapse included.
    predicted = [model.recall(memory, request.exam) for memory in current]
    daily: list[float] = []
    today: tuple[int, ...] = ()
    for day in range(request.exam):
        choice = choose(
            model, current, day, request.exam, request.reviews_per_day, request.target, predicted
        )
        if day == 0:
            today = choice.finals + choice.builds
        for index in choice.finals + choice.builds:
            memory = current[index]
            predicted[index] = model.expected_recall_after_review(memory, day, request.exam)
            outcome = (
                model.learn(day) if memory is None else model.review(memory, day, recalled=True)
            )
            current[index] = outcome.memory
        daily.append(choice.cost)
    return Projection(today, tuple(daily), tuple(predicted))


def make_plan(items: Sequence[PlanItem], request: PlanRequest, model: Model | None = None) -> Plan:
    model = model or Model()
    memories = [item.memory for item in items]
    projection = project(model, memories, request)
    secured = projection.secured(request.target)
    unlimited = _unlimited(model, memories, request)
    # Only what the budget leaves out needs the what-ifs: could any budget secure it, and which.
    reachable = secured if all(secured) else projection_secured(model, memories, request, unlimited)
    reasons: dict[Reason, int] = dict.fromkeys(Reason, 0)
    for item, is_secured, can in zip(items, secured, reachable, strict=True):
        if is_secured:
            continue
        if not can:
            reasons[Reason.UNREACHABLE] += 1
        elif item.memory is None:
            reasons[Reason.NEVER_STUDIED] += 1
        else:
            reasons[Reason.OVER_BUDGET] += 1
    return Plan(
        request=request,
        questions=len(items),
        secured=sum(secured),
        not_secured=reasons,
        by_topic=_by_topic(items, secured),
        today=tuple(items[index].question_id for index in projection.today),
        today_reviews=projection.daily_reviews[0],
        daily_reviews=projection.daily_reviews,
        predicted_mean=(sum(projection.predicted) / len(items) if items else 1.0),
        reviews_per_day_for_all=(
            None
            if reasons[Reason.UNREACHABLE]
            else _capacity_for_all(model, memories, request, unlimited, all(secured))
        ),
    )


def projection_secured(
    model: Model, memories: Sequence[Memory | None], request: PlanRequest, capacity: int
) -> list[bool]:
    at = PlanRequest(request.exam, capacity, request.target)
    return project(model, memories, at).secured(request.target)


def _unlimited(model: Model, memories: Sequence[Memory | None], request: PlanRequest) -> int:
    """A daily capacity that fits every question's studies on any single day."""
    worst = max((model.expected_cost(None, 0), 2.0))
    return max(request.reviews_per_day, math.ceil(worst * len(memories)) + 1)


def _capacity_for_all(
    model: Model,
    memories: Sequence[Memory | None],
    request: PlanRequest,
    unlimited: int,
    budget_secures_all: bool,
) -> int:
    """The smallest daily capacity whose plan secures every question: below the budget when
    it already does, else doubling from the budget, then a binary search."""
    budget = request.reviews_per_day

    def secures_all(capacity: int) -> bool:
        return all(projection_secured(model, memories, request, capacity))

    if budget_secures_all:
        low, high = 0, budget
    else:
        low, high = budget + 1, max(2 * budget, 1)
        while high < unlimited and not secures_all(high):
            low, high = high + 1, min(2 * high, unlimited)
    while low < high:
        middle = (low + high) // 2
        if secures_all(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _by_topic(items: Sequence[PlanItem], secured: Sequence[bool]) -> tuple[TopicOutlook, ...]:
    totals: dict[str, list[int]] = {}
    for item, is_secured in zip(items, secured, strict=True):
        counts = totals.setdefault(item.topic, [0, 0])
        counts[0] += 1
        counts[1] += int(is_secured)
    return tuple(TopicOutlook(topic, n, s) for topic, (n, s) in sorted(totals.items()))


def reviews_per_day(minutes: float, seconds_per_review: float) -> int:
    """How many answers fit in a daily budget, at the user's own median answer time."""
    if minutes < 0:
        raise StudyAppError("The daily budget cannot be negative.", "Give minutes ≥ 0.")
    return math.floor(minutes * 60 / max(seconds_per_review, 1.0))


def minutes_for(reviews: int, seconds_per_review: float) -> int:
    return math.ceil(reviews * max(seconds_per_review, 1.0) / 60)
