"""Interview plan vs plain FSRS on a seeded simulated learner (issue 16).

200 questions (100 studied before, 100 never), the interview in 14 days, 18 s an answer; the
learner's true FSRS weights are the planner's perturbed (see studyapp.study.simulate). Plain
FSRS runs with its desired retention raised to the target (0.9) and the app's 20 new a day,
under the same daily budget. Each row is the mean over five seeds.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import print_table
from studyapp.study.plan import PlanItem, PlanRequest, make_plan
from studyapp.study.plan_model import Model
from studyapp.study.simulate import (
    Result,
    Scenario,
    fsrs_strategy,
    planner_strategy,
    run,
    starting_memories,
)

SECONDS_PER_ANSWER = 18
SEEDS = range(1, 6)


def mean_row(name: str, minutes: int, results: list[Result]) -> tuple[str, ...]:
    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    predicted = mean([r.predicted_mean for r in results]) if name == "plan" else None
    return (
        f"{minutes} min",
        name,
        f"{mean([r.secured for r in results]):.1f}",
        f"{mean([r.mean_recall for r in results]):.1%}",
        "—" if predicted is None else f"{predicted:.1%}",
        f"{mean([r.reviews for r in results]):.0f}",
        f"{max(r.busiest_day for r in results)}",
    )


def planning_time() -> list[tuple[str, ...]]:
    """How long the whole plan takes (today's queue, what is secured, the budget for all)."""
    rows = []
    for questions, days in ((200, 14), (1000, 30)):
        scenario = Scenario(questions=questions, studied=questions // 2, days=days, seed=3)
        beliefs, _truths = starting_memories(scenario, random.Random(3))
        items = [PlanItem(i, f"T{i % 20}", memory) for i, memory in enumerate(beliefs)]
        for per_day in (questions // 20, questions // 5):
            request = PlanRequest(days, per_day)
            started = time.perf_counter()
            plan = make_plan(items, request, Model())
            seconds = time.perf_counter() - started
            rows.append(
                (
                    f"{questions} / {days} d",
                    str(per_day),
                    f"{plan.secured}",
                    str(plan.reviews_per_day_for_all),
                    f"{seconds * 1000:.0f}",
                )
            )
    return rows


def main() -> None:
    rows: list[tuple[str, ...]] = []
    for minutes in (10, 20, 30):
        per_day = minutes * 60 // SECONDS_PER_ANSWER
        plans, plains = [], []
        for seed in SEEDS:
            scenario = Scenario(reviews_per_day=per_day, seed=seed)
            plans.append(run(scenario, planner_strategy(scenario)))
            plains.append(
                run(scenario, fsrs_strategy(scenario), planner=Model(desired_retention=0.9))
            )
        rows.append(mean_row("plan", minutes, plans))
        rows.append(mean_row("plain FSRS @0.9", minutes, plains))
    print_table(
        "Interview plan vs plain FSRS: 200 questions, 14 days, target 90% "
        f"(mean of {len(SEEDS)} seeded learners)",
        (
            "budget/day",
            "strategy",
            "secured ≥90%",
            "mean recall on the day",
            "day-0 prediction",
            "reviews",
            "busiest day",
        ),
        rows,
    )
    print_table(
        "Planning time (make_plan, cold caches)",
        ("questions / days", "answers/day", "secured", "answers/day for all", "ms"),
        planning_time(),
    )


if __name__ == "__main__":
    main()
