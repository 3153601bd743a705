"""A seeded simulated learner, to prove the interview plan against plain FSRS.

The learner's memory follows FSRS with *true* weights perturbed from the planner's, so the
planner works from beliefs that are slightly wrong, as with a real person. Each day a strategy
hands over a queue; the learner answers it in order until the day's budget is spent (a question
is only started when its worst case, a lapse and its relearning step, still fits), recalling
each question with its true probability. The app's side (the belief) is updated from the grade
exactly as grading does; the truth is updated with the true weights.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from studyapp.study.plan import PlanRequest, project
from studyapp.study.plan_day import choose
from studyapp.study.plan_model import PLANNER_PARAMETERS, Memory, Model

# A strategy: (beliefs, day) → indexes to study that day, in order.
Strategy = Callable[[Sequence[Memory | None], int], list[int]]
WORST_CASE_REVIEWS = 2  # a lapse and its relearning step, or a new question's two steps


@dataclass(frozen=True, slots=True)
class Scenario:
    questions: int = 200
    studied: int = 100  # the rest are never studied
    days: int = 14
    reviews_per_day: int = 60
    target: float = 0.9
    new_per_day: int = 20  # plain FSRS's daily limit of new questions (the app's default)
    seed: int = 1


@dataclass(frozen=True, slots=True)
class Result:
    secured: int  # questions whose true recall on the exam day is ≥ the target
    mean_recall: float  # mean true recall on the exam day
    reviews: int
    busiest_day: int
    predicted_mean: float  # the plan's day-0 prediction (plain FSRS: the same measure)


def perturbed_parameters(rng: random.Random, spread: float = 0.15) -> tuple[float, ...]:
    """The planner's weights, each scaled by a random factor around 1 and kept in bounds;
    the forgetting-curve shape (the last weight) is shared."""
    perturbed = [
        min(max(value * math.exp(rng.gauss(0, spread)), low), high)
        for value, low, high in zip(
            PLANNER_PARAMETERS[:-1],
            LOWER_BOUNDS_PARAMETERS[:-1],
            UPPER_BOUNDS_PARAMETERS[:-1],
            strict=True,
        )
    ]
    return (*perturbed, PLANNER_PARAMETERS[-1])


def starting_memories(
    scenario: Scenario, rng: random.Random
) -> tuple[list[Memory | None], list[Memory | None]]:
    """(beliefs, truths): studied questions with a spread of stabilities and difficulties, the
    truth's stability off the belief's by a random factor."""
    beliefs: list[Memory | None] = []
    truths: list[Memory | None] = []
    for index in range(scenario.questions):
        if index >= scenario.studied:
            beliefs.append(None)
            truths.append(None)
            continue
        stability = math.exp(rng.uniform(math.log(1.0), math.log(40.0)))
        difficulty = rng.uniform(2.0, 9.0)
        last = -rng.randint(1, 20)
        due = last + max(round(stability), 1)
        beliefs.append(Memory(stability, difficulty, last, due_day=due))
        truths.append(Memory(stability * math.exp(rng.gauss(0, 0.25)), difficulty, last))
    return beliefs, truths


def run(scenario: Scenario, strategy: Strategy, *, planner: Model | None = None) -> Result:
    """Live through the days before the exam with one strategy; seeded, so repeatable."""
    rng = random.Random(scenario.seed)
    truth = Model(perturbed_parameters(rng))
    belief_model = planner or Model(desired_retention=scenario.target)
    beliefs, truths = starting_memories(scenario, rng)
    request = PlanRequest(scenario.days, scenario.reviews_per_day, scenario.target)
    predicted = project(Model(), beliefs, request).predicted
    answers = random.Random(scenario.seed * 7919 + 1)
    total = busiest = 0
    for day in range(scenario.days):
        spent = 0
        for index in strategy(beliefs, day):
            if spent + WORST_CASE_REVIEWS > scenario.reviews_per_day:
                break
            spent += _study(index, day, beliefs, truths, belief_model, truth, answers)
        total += spent
        busiest = max(busiest, spent)
    final = [truth.recall(memory, scenario.days) for memory in truths]
    return Result(
        secured=sum(r >= scenario.target for r in final),
        mean_recall=sum(final) / len(final),
        reviews=total,
        busiest_day=busiest,
        predicted_mean=sum(predicted) / len(predicted),
    )


def _study(
    index: int,
    day: int,
    beliefs: list[Memory | None],
    truths: list[Memory | None],
    belief_model: Model,
    truth: Model,
    answers: random.Random,
) -> int:
    belief, true_memory = beliefs[index], truths[index]
    if belief is None or true_memory is None:
        learned = belief_model.learn(day)
        beliefs[index], truths[index] = learned.memory, truth.learn(day).memory
        return learned.reviews
    recalled = answers.random() < truth.recall(true_memory, day)
    outcome = belief_model.review(belief, day, recalled=recalled)
    beliefs[index] = outcome.memory
    truths[index] = truth.review(true_memory, day, recalled=recalled).memory
    return outcome.reviews


def planner_strategy(scenario: Scenario, model: Model | None = None) -> Strategy:
    planner = model or Model()

    def today(beliefs: Sequence[Memory | None], day: int) -> list[int]:
        choice = choose(
            planner, beliefs, day, scenario.days, scenario.reviews_per_day, scenario.target
        )
        return [*choice.finals, *choice.builds]

    return today


def fsrs_strategy(scenario: Scenario) -> Strategy:
    """Plain FSRS at retention = the target, as the app's queue runs it: due questions most
    overdue first, then new ones in deck order up to the daily limit."""
    introduced: set[int] = set()

    def today(beliefs: Sequence[Memory | None], day: int) -> list[int]:
        due = sorted(
            (memory.due_day, index)
            for index, memory in enumerate(beliefs)
            if memory is not None and memory.due_day <= day
        )
        fresh = [i for i, memory in enumerate(beliefs) if memory is None and i not in introduced]
        fresh = fresh[: scenario.new_per_day]
        introduced.update(fresh)
        return [index for _due, index in due] + fresh

    return today
