"""Statistics from a real review log: undone reviews never count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from studyapp.store.db import Database
from studyapp.store.queries import subtree_at_path as subtree
from studyapp.store.queries import topic_rows
from studyapp.study import reviews
from studyapp.study.collection import Collection
from studyapp.study.history import collect, streaks, study_day, to_date
from studyapp.study.scheduler import Grade
from studyapp.study.scope import ALL_QUESTIONS

from tests.conftest import NOW, make_questions, seed

DAY = timedelta(days=1)


@pytest.fixture
def col(db: Database) -> Collection:
    seed(db, make_questions(6, topics=(("Python", "Basics"), ("SQL", "Joins"))))
    return Collection(db)


def ids(col: Collection) -> list[int]:
    queue = col.start(ALL_QUESTIONS, NOW)
    return [*queue.reviews, *queue.new]


def test_activity_streaks_retention_and_answer_time(col: Collection) -> None:
    q = ids(col)
    # Learned five days ago (two steps each: 4 reviews), then reviewed on three days in a row.
    for qid in q[:2]:
        reviews.grade(col, qid, Grade.GOOD, NOW - 5 * DAY, duration_ms=4000)
        reviews.grade(col, qid, Grade.GOOD, NOW - 5 * DAY + timedelta(minutes=11), 6000)
    reviews.grade(col, q[0], Grade.GOOD, NOW - 2 * DAY, duration_ms=10_000)
    reviews.grade(col, q[1], Grade.AGAIN, NOW - DAY, duration_ms=20_000)
    reviews.grade(col, q[0], Grade.GOOD, NOW, duration_ms=8000)
    reviews.grade(col, q[2], Grade.EASY, NOW, duration_ms=2000)
    reviews.grade(col, q[3], Grade.EASY, NOW, duration_ms=99_000)
    assert reviews.undo_last(col, NOW) is not None  # the 99 s review is gone

    with col.db.begin() as session:
        report = collect(session, NOW, 20, col.settings.scheduler)
        logged = session.execute(text("SELECT kind, count(*) FROM review_log GROUP BY kind"))
        kinds = {row[0]: row[1] for row in logged}
    # The log keeps the undone review and its revert entry; statistics count neither.
    assert kinds == {"review": 9, "revert": 1}

    today = to_date(study_day(NOW))
    by_day = {day.day: day for day in report.days}
    assert sorted(by_day) == [today - 5 * DAY, today - 2 * DAY, today - DAY, today]
    assert by_day[today].reviews == 2
    assert by_day[today].seconds == pytest.approx(10.0)
    assert by_day[today - DAY].passed == 0
    assert report.reviews_total == 8
    assert (report.current_streak, report.longest_streak) == (3, 3)
    # Reviews past the learning steps: q0 twice (passed), q1 once (failed).
    assert sum(week.reviews for week in report.retention) == 3
    assert sum(week.passed for week in report.retention) == 2
    assert report.retention[-1].week_start == today - 6 * DAY
    assert report.desired_retention == 0.9
    # Median of 4, 4, 6, 6, 10, 20, 8, 2 seconds.
    assert report.median_answer_seconds == pytest.approx(6.0)
    assert len(report.forecast) == 30
    assert report.forecast[0][0] == today
    assert sum(count for _day, count in report.forecast) == 3  # every studied card, within 30 d
    paths = {topic.path: topic for topic in report.topics}
    assert paths[("Python",)].total == 3
    assert paths[("Python", "Basics")].reviewed + paths[("SQL", "Joins")].reviewed == 3


def test_an_empty_log_gives_empty_statistics(col: Collection) -> None:
    with col.db.begin() as session:
        report = collect(session, NOW, 20, col.settings.scheduler)
    assert report.days == ()
    assert (report.current_streak, report.longest_streak) == (0, 0)
    assert report.median_answer_seconds is None
    assert all(count == 0 for _day, count in report.forecast)
    assert all(week.rate is None for week in report.retention)


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        (set(), 10, (0, 0)),
        ({10}, 10, (1, 1)),
        ({8, 9}, 10, (2, 2)),  # today not studied yet: yesterday's run still stands
        ({7, 8}, 10, (0, 2)),
        ({1, 2, 3, 4, 8, 9, 10}, 10, (3, 4)),
    ],
)
def test_streaks(days: set[int], today: int, expected: tuple[int, int]) -> None:
    assert streaks(days, today) == expected


def test_statistics_for_one_topic(col: Collection) -> None:
    q = ids(col)  # deck order alternates Python/Basics and SQL/Joins
    for qid in q[:4]:
        reviews.grade(col, qid, Grade.GOOD, NOW - DAY, duration_ms=3000 if qid in q[::2] else 7000)
    with col.db.begin() as session:
        topics = {row.id: row for row in topic_rows(session)}
        sql = subtree(topics, "SQL")
        report = collect(session, NOW, 20, col.settings.scheduler, sql)
    assert report.reviews_total == 2
    assert report.median_answer_seconds == pytest.approx(7.0)
    assert [topic.path for topic in report.topics] == [("SQL",), ("SQL", "Joins")]
    assert sum(count for _day, count in report.forecast) == 2
