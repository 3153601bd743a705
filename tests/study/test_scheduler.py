"""The FSRS wrapper is pure: explicit `now`, no clock reads, valid states for any history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.study.scheduler import (
    Grade,
    SchedulerSettings,
    format_interval,
    preview,
    retrievability,
    review,
)

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def test_new_question_graded_good_returns_in_minutes_and_easy_in_days() -> None:
    intervals = preview(None, START)
    assert intervals[Grade.AGAIN] < intervals[Grade.HARD] <= intervals[Grade.GOOD]
    assert intervals[Grade.GOOD] < timedelta(hours=1)
    assert intervals[Grade.EASY] >= timedelta(days=1)


def test_preview_matches_what_the_grade_then_does() -> None:
    state = review(None, Grade.GOOD, START)
    later = state.due
    shown = preview(state, later)
    for grade in Grade:
        assert review(state, grade, later).due - later == shown[grade]


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        review(None, Grade.GOOD, datetime(2026, 1, 1))


def test_higher_retention_gives_shorter_intervals() -> None:
    state = review(review(None, Grade.GOOD, START), Grade.GOOD, START + timedelta(minutes=10))
    when = state.due
    loose = preview(state, when, SchedulerSettings(desired_retention=0.8))[Grade.GOOD]
    strict = preview(state, when, SchedulerSettings(desired_retention=0.95))[Grade.GOOD]
    assert strict < loose


def test_retrievability_falls_with_time() -> None:
    state = review(review(None, Grade.GOOD, START), Grade.GOOD, START + timedelta(minutes=10))
    soon = retrievability(state, state.due)
    later = retrievability(state, state.due + timedelta(days=60))
    assert 0 < later < soon <= 1
    assert retrievability(None, START) == 0.0


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=20), "1 min"),
        (timedelta(minutes=10), "10 min"),
        (timedelta(hours=3), "3 h"),
        (timedelta(days=4), "4 d"),
        (timedelta(days=75), "2.5 mo"),
        (timedelta(days=730), "2 y"),
    ],
)
def test_format_interval(delta: timedelta, text: str) -> None:
    assert format_interval(delta) == text


@settings(max_examples=150, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(list(Grade)),
            # review early, on time or late: minutes to months after the due date
            st.integers(min_value=-3 * 24 * 60, max_value=120 * 24 * 60),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_any_history_keeps_due_after_now_and_a_valid_state(
    steps: list[tuple[Grade, int]],
) -> None:
    state = None
    now = START
    for grade, offset_minutes in steps:
        state = review(state, grade, now)
        assert state.due > now
        assert state.last_review == now
        assert state.state in (1, 2, 3)
        assert state.stability is not None
        assert state.stability > 0
        assert state.difficulty is not None
        assert 1 <= state.difficulty <= 10
        now = max(state.due + timedelta(minutes=offset_minutes), now + timedelta(seconds=1))
