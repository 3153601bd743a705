"""The plan against plain FSRS, on a seeded simulated learner whose true weights differ from
the planner's: 200 questions (half never studied), 14 days, 30 min/day at 18 s an answer."""

from __future__ import annotations

import pytest

from studyapp.study.plan_model import Model
from studyapp.study.simulate import (
    Scenario,
    fsrs_strategy,
    perturbed_parameters,
    planner_strategy,
    run,
)

SECONDS_PER_ANSWER = 18
MINUTES = 30


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_plan_secures_more_with_fewer_reviews_and_predicts_its_outcome(seed: int) -> None:
    scenario = Scenario(reviews_per_day=MINUTES * 60 // SECONDS_PER_ANSWER, seed=seed)
    plan = run(scenario, planner_strategy(scenario))
    plain = run(scenario, fsrs_strategy(scenario), planner=Model(desired_retention=0.9))
    assert plan.busiest_day <= scenario.reviews_per_day
    assert plain.busiest_day <= scenario.reviews_per_day
    assert plan.secured >= plain.secured
    assert plan.reviews < plain.reviews
    assert abs(plan.predicted_mean - plan.mean_recall) <= 0.05


def test_the_learner_is_not_the_planner() -> None:
    import random

    true_weights = perturbed_parameters(random.Random(1))
    assert true_weights != Model().parameters
    assert true_weights[-1] == Model().parameters[-1]


def test_the_simulation_is_repeatable() -> None:
    scenario = Scenario(questions=40, studied=20, days=5, reviews_per_day=20, seed=9)
    assert run(scenario, planner_strategy(scenario)) == run(scenario, planner_strategy(scenario))
