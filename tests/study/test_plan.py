"""The interview plan, in its own model: budget, priorities, what it says is secured."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.errors import StudyAppError
from studyapp.study.plan import (
    PlanItem,
    PlanRequest,
    Reason,
    make_plan,
    minutes_for,
    project,
    reviews_per_day,
)
from studyapp.study.plan_day import choose
from studyapp.study.plan_model import Memory, Model

MODEL = Model()

memories = st.lists(
    st.one_of(
        st.none(),
        st.builds(
            Memory,
            stability=st.floats(0.3, 60),
            difficulty=st.floats(1, 10),
            last_day=st.integers(-40, 0),
        ),
    ),
    min_size=1,
    max_size=25,
)


def secured(memory_list: list[Memory | None], exam: int, capacity: int, target: float) -> int:
    return sum(project(MODEL, memory_list, PlanRequest(exam, capacity, target)).secured(target))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(memories, st.integers(1, 10), st.integers(0, 40), st.sampled_from([0.8, 0.85, 0.9, 0.95]))
def test_no_day_is_planned_over_the_budget(
    memory_list: list[Memory | None], exam: int, capacity: int, target: float
) -> None:
    projection = project(MODEL, memory_list, PlanRequest(exam, capacity, target))
    assert len(projection.daily_reviews) == exam
    assert all(reviews <= capacity + 1e-9 for reviews in projection.daily_reviews)
    choice = choose(MODEL, memory_list, 0, exam, capacity, target)
    expected = sum(MODEL.expected_cost(memory_list[i], 0) for i in choice.builds)
    assert choice.cost <= capacity + 1e-9
    assert expected <= choice.cost + 1e-9


targets = st.floats(0.8, 0.95)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(memories, st.integers(1, 8), st.integers(0, 30), st.integers(1, 10), targets)
def test_more_budget_never_secures_fewer(
    memory_list: list[Memory | None], exam: int, capacity: int, extra: int, target: float
) -> None:
    assert secured(memory_list, exam, capacity + extra, target) >= secured(
        memory_list, exam, capacity, target
    )


@settings(max_examples=300, deadline=None, derandomize=True)
@given(memories, st.integers(1, 8), st.integers(0, 30), targets, targets)
def test_a_lower_target_never_secures_fewer(
    memory_list: list[Memory | None], exam: int, capacity: int, one: float, other: float
) -> None:
    lower, higher = sorted((one, other))
    assert secured(memory_list, exam, capacity, lower) >= secured(
        memory_list, exam, capacity, higher
    )


def test_a_building_study_is_not_taken_for_a_secured_question() -> None:
    # Found by the target property: a building study left the question's memory (assuming
    # success) above 0.906 on the day, so the planner stopped there, while the projection's
    # promise, its lapse odds weighed in, was 0.83; at the higher target 0.9375 it studied
    # again and secured it.
    fading = [Memory(stability=0.3125, difficulty=2.0, last_day=-2)]
    assert secured(fading, 5, 2, 0.90625) == secured(fading, 5, 2, 0.9375) == 1


def test_a_lower_target_opening_a_window_early_does_not_crowd_out_a_build() -> None:
    # Found by a 3,000-example random search: at the lower target question 2's window opened
    # today and took today's room, so question 1 was built a day later and its final study no
    # longer fit beside question 0's on the last day (3.05 of 3 answers). Builds now come
    # before final studies that could wait.
    # Found by a 3,000-example random search after the fix above (the budget property held).
    memory_list = [None, None, Memory(stability=2.0, difficulty=2.0, last_day=-1)]
    assert secured(memory_list, 3, 3, 0.921875) >= secured(memory_list, 3, 3, 0.9375)


def _studied(stability: float, difficulty: float, last_day: int = -5) -> Memory:
    return Memory(stability, difficulty, last_day)


def test_a_question_already_known_on_the_day_needs_no_study() -> None:
    # Reviewed yesterday with a stability of 100 days: R(6 days) is well above 0.9.
    items = [PlanItem(1, "Python", _studied(100.0, 5.0, -1))]
    plan = make_plan(items, PlanRequest(exam=5, reviews_per_day=10))
    assert plan.secured == 1
    assert plan.today == ()
    assert plan.daily_reviews == (0.0,) * 5


def test_a_question_fading_before_the_date_is_studied_late_not_now() -> None:
    # Stability 10 days, 8 days ago: R on day 14 is ~0.85, so it needs one more study,
    # and the plan leaves that study for later (today's room is not needed).
    items = [PlanItem(1, "Python", _studied(10.0, 5.0, -8))]
    expected_at_exam = MODEL.recall(items[0].memory, 14)
    assert expected_at_exam < 0.9
    plan = make_plan(items, PlanRequest(exam=14, reviews_per_day=10))
    assert plan.secured == 1
    assert sum(plan.daily_reviews) > 0


def test_too_small_a_budget_gives_up_never_studied_first_then_the_hardest() -> None:
    easy = [PlanItem(i, "Easy", _studied(3.0, 2.0, -3)) for i in range(6)]
    hard = [PlanItem(10 + i, "Hard", _studied(3.0, 9.5, -3)) for i in range(6)]
    new = [PlanItem(20 + i, "New", None) for i in range(6)]
    plan = make_plan([*new, *hard, *easy], PlanRequest(exam=3, reviews_per_day=3))
    outlook = {topic.topic: topic for topic in plan.by_topic}
    assert outlook["Easy"].secured == 6
    assert outlook["New"].secured == 0
    assert 0 < plan.secured < 18
    assert outlook["Hard"].secured < 6
    assert plan.not_secured[Reason.NEVER_STUDIED] == 6
    assert plan.not_secured[Reason.OVER_BUDGET] == 6 - outlook["Hard"].secured
    assert plan.not_secured[Reason.UNREACHABLE] == 0


def test_the_budget_for_all_secures_all_and_one_less_does_not() -> None:
    items = [PlanItem(i, "T", None if i % 2 else _studied(2.0 + i, 5.0, -4)) for i in range(20)]
    plan = make_plan(items, PlanRequest(exam=6, reviews_per_day=2))
    needed = plan.reviews_per_day_for_all
    assert needed is not None
    assert not plan.all_secured
    assert make_plan(items, PlanRequest(exam=6, reviews_per_day=needed)).all_secured
    assert not make_plan(items, PlanRequest(exam=6, reviews_per_day=needed - 1)).all_secured


def test_a_target_no_budget_can_reach_is_called_unreachable() -> None:
    # Learned the day before, a new question's recall the next day is ~0.95 at best.
    plan = make_plan(
        [PlanItem(1, "T", None)], PlanRequest(exam=1, reviews_per_day=100, target=0.99)
    )
    assert plan.not_secured[Reason.UNREACHABLE] == 1
    assert plan.reviews_per_day_for_all is None


def test_minutes_convert_through_the_answer_time() -> None:
    assert reviews_per_day(30, 18.0) == 100
    assert reviews_per_day(0, 18.0) == 0
    assert minutes_for(100, 18.0) == 30
    assert minutes_for(101, 18.0) == 31


@pytest.mark.parametrize(
    ("exam", "per_day", "target"), [(0, 10, 0.9), (3, -1, 0.9), (3, 10, 1.0), (3, 10, 0.2)]
)
def test_bad_requests_are_refused_with_a_hint(exam: int, per_day: int, target: float) -> None:
    with pytest.raises(StudyAppError) as error:
        PlanRequest(exam, per_day, target)
    assert error.value.hint
