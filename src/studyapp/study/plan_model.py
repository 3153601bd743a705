"""The memory model the interview planner reasons with: FSRS at day granularity.

Every transition goes through the fsrs package's own `Scheduler.review_card`, so the planner
predicts exactly what grading in the app will do; only the forgetting curve
R(t, S) = (1 + F·t/S)^decay is evaluated here, with the scheduler's own constants, because it
is called for every question on every planned day. Transitions are memoised: the planner asks
the same "what if reviewed on day k" question on many days while a question's state is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import DEFAULT_PARAMETERS

# Day k of a plan is EPOCH + k days; only whole days between reviews matter to FSRS.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
REVIEW = int(State.Review)
PLANNER_PARAMETERS: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)


@dataclass(frozen=True, slots=True)
class Memory:
    """A studied question's FSRS state; `last_day` is the plan day of its last review
    (negative: before the plan started). `state`/`step` matter while in learning steps."""

    stability: float
    difficulty: float
    last_day: int
    state: int = REVIEW
    step: int | None = None
    due_day: int = 0  # when FSRS would bring it back (the plain scheduler's queue)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A study of one question on one day: the memory after it and the reviews it took
    (learning and relearning steps are answered again the same day)."""

    memory: Memory
    reviews: int


class Model:
    """FSRS with one set of weights: the planner's, or a simulated learner's true ones."""

    def __init__(
        self, parameters: Sequence[float] = PLANNER_PARAMETERS, desired_retention: float = 0.9
    ) -> None:
        self.parameters = tuple(parameters)
        self._scheduler = Scheduler(
            parameters=self.parameters,
            desired_retention=desired_retention,
            enable_fuzzing=False,
        )
        self.decay = -self.parameters[20]
        self.factor = 0.9 ** (1 / self.decay) - 1
        self._step = lru_cache(maxsize=200_000)(self._step_uncached)
        self.window = lru_cache(maxsize=200_000)(self._window)
        self.expected_cost = lru_cache(maxsize=200_000)(self._expected_cost)

    def recall(self, memory: Memory | None, day: int) -> float:
        """Predicted probability of recall on `day` (0 for a question never studied)."""
        if memory is None:
            return 0.0
        elapsed = max(day - memory.last_day, 0)
        return float((1 + self.factor * elapsed / memory.stability) ** self.decay)

    def learn(self, day: int) -> Outcome:
        """A new question seen and answered through its learning steps."""
        return self._through_steps(None, Rating.Good, day)

    def review(self, memory: Memory, day: int, *, recalled: bool) -> Outcome:
        """A review on `day`; a lapse is relearned the same day."""
        return self._through_steps(memory, Rating.Good if recalled else Rating.Again, day)

    def _through_steps(self, memory: Memory | None, first: Rating, day: int) -> Outcome:
        current = self._step(memory, first, day)
        reviews = 1
        while current.state != REVIEW and reviews < 8:
            current = self._step(current, Rating.Good, day)
            reviews += 1
        return Outcome(current, reviews)

    def _step_uncached(self, memory: Memory | None, rating: Rating, day: int) -> Memory:
        # Steps on one day are minutes apart: place them a few minutes after the day's start
        # so that FSRS sees a same-day (short-term) review, as in a real session.
        when = EPOCH + timedelta(days=day, minutes=0 if memory is None else 11)
        if memory is None:
            card = Card(card_id=1, due=when)
        else:
            last = EPOCH + timedelta(days=memory.last_day)
            card = Card(
                card_id=1,
                state=State(memory.state),
                step=memory.step,
                stability=memory.stability,
                difficulty=memory.difficulty,
                due=when,
                last_review=last,
            )
        after, _log = self._scheduler.review_card(card, rating, review_datetime=when)
        assert after.stability is not None
        assert after.difficulty is not None
        return Memory(
            stability=float(after.stability),
            difficulty=float(after.difficulty),
            last_day=day,
            state=int(after.state),
            step=after.step,
            due_day=(after.due - EPOCH).days,
        )

    def expected_recall_after_review(self, memory: Memory | None, day: int, exam: int) -> float:
        """Predicted recall on the exam day if the question's last study is on `day`,
        weighing a successful recall and a lapse (relearned the same day) by their odds."""
        if memory is None:
            return self.recall(self.learn(day).memory, exam)
        recalled = self.recall(memory, day)
        success = self.review(memory, day, recalled=True).memory
        lapse = self.review(memory, day, recalled=False).memory
        return recalled * self.recall(success, exam) + (1 - recalled) * self.recall(lapse, exam)

    def _expected_cost(self, memory: Memory | None, day: int) -> float:
        """Expected reviews a study on `day` takes."""
        if memory is None:
            return float(self.learn(day).reviews)
        recalled = self.recall(memory, day)
        good = self.review(memory, day, recalled=True).reviews
        again = self.review(memory, day, recalled=False).reviews
        return recalled * good + (1 - recalled) * again

    def _window(self, memory: Memory | None, exam: int, target: float) -> int | None:
        """The earliest day from 0 on from which a single study secures the question on the
        exam day, assuming the days that do form a suffix of [0, exam) (the later the study,
        the higher the recall); None when not even the last day does. Cached: a question's
        window only changes when it is studied."""
        start = None
        for day in range(exam - 1, max(memory.last_day if memory else 0, 0) - 1, -1):
            if self.expected_recall_after_review(memory, day, exam) < target:
                break
            start = day
        return start
