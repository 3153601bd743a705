"""The plan and the drill over a real collection: states are read, never written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from studyapp.errors import StudyAppError
from studyapp.store.db import Database
from studyapp.study import drill, planning, reviews
from studyapp.study.collection import Collection
from studyapp.study.history import study_day, to_date
from studyapp.study.planning import PlanSettings
from studyapp.study.scheduler import Grade
from studyapp.study.scope import ALL_QUESTIONS

from tests.conftest import NOW, make_questions, seed

DAY = timedelta(days=1)


@pytest.fixture
def col(db: Database) -> Collection:
    seed(db, make_questions(8, topics=(("Python", "Basics"), ("SQL", "Joins"))))
    return Collection(db)


def study(col: Collection, qid: int, grade: Grade, days_ago: int) -> None:
    when = NOW - days_ago * DAY
    reviews.grade(col, qid, grade, when, duration_ms=12_000)
    reviews.grade(col, qid, Grade.GOOD, when + timedelta(minutes=11), duration_ms=12_000)


def question_ids(col: Collection) -> list[int]:
    queue = col.start(ALL_QUESTIONS, NOW)
    return [*queue.reviews, *queue.new]


def card_states(col: Collection) -> list[tuple[object, ...]]:
    with col.db.begin() as session:
        return [tuple(r) for r in session.execute(text("SELECT * FROM card_state ORDER BY 1"))]


def in_days(days: int) -> str:
    return (to_date(study_day(NOW)) + days * DAY).isoformat()


def test_the_plan_reads_the_collection_and_writes_nothing(col: Collection) -> None:
    ids = question_ids(col)
    for qid in ids[:4]:
        study(col, qid, Grade.GOOD, days_ago=6)
    before = card_states(col)
    with col.db.begin() as session:
        report = planning.build(session, PlanSettings(in_days(7), minutes=10), NOW)
    assert card_states(col) == before
    assert report.days_left == 7
    # Eight answers of 12 s move the pace only part of the way from the default 20 s.
    assert report.seconds_per_review == pytest.approx((8 * 12 + 20 * 20) / 28)
    assert report.plan.questions == 8
    assert report.plan.all_secured  # 10 min at ~18 s = 33 answers a day: plenty
    assert set(report.plan.today) <= set(ids)
    assert {t.topic for t in report.plan.by_topic} == {"Python/Basics", "SQL/Joins"}


def test_a_topic_scope_and_a_tiny_budget(col: Collection) -> None:
    with col.db.begin() as session:
        report = planning.build(session, PlanSettings(in_days(2), minutes=0.5, topic="SQL"), NOW)
    assert report.plan.questions == 4
    assert not report.plan.all_secured
    assert report.minutes_for_all is not None
    assert report.minutes_for_all > 0.5


def test_the_headline_says_what_is_secured_and_what_would_secure_all(col: Collection) -> None:
    with col.db.begin() as session:
        short = planning.build(session, PlanSettings(in_days(2), minutes=0.5), NOW)
        ample = planning.build(session, PlanSettings(in_days(1), minutes=60), NOW)
        too_high = planning.build(session, PlanSettings(in_days(1), 60, target=0.99), NOW)
    extra = short.minutes_for_all - 0.5
    assert planning.headline(short) == (
        f"0.5 min/day secures {short.plan.secured} of 8 by {in_days(2)} "
        f"(2 days, target 90%, 20 s an answer); +{extra:g} min/day secures all."
    )
    assert planning.headline(ample).endswith("(1 day, target 90%, 20 s an answer).")
    assert planning.headline(too_high).endswith("8 cannot reach the target by then at any budget.")
    assert planning.today_line(ample) == (
        f"Interview tomorrow · today: {len(ample.plan.today)} questions, "
        f"about {round(ample.plan.today_reviews)} answers."
    )


def test_bad_plan_settings_are_refused(col: Collection) -> None:
    with col.db.begin() as session:
        with pytest.raises(StudyAppError, match="no topic"):
            planning.build(session, PlanSettings(in_days(3), 10, topic="Nope"), NOW)
        with pytest.raises(StudyAppError, match="not a date"):
            planning.build(session, PlanSettings("14 May", 10), NOW)
        with pytest.raises(StudyAppError, match="after today"):
            planning.build(session, PlanSettings(in_days(0), 10), NOW)


def test_saved_settings_come_back(col: Collection) -> None:
    settings = PlanSettings(in_days(9), 25, 0.85, "Python")
    with col.db.begin() as session:
        assert planning.load_settings(session) is None
        planning.save_settings(session, settings)
    with col.db.begin() as session:
        assert planning.load_settings(session) == settings


def test_drill_takes_the_weakest_first_and_reports_how_recall_moved(col: Collection) -> None:
    ids = question_ids(col)
    study(col, ids[0], Grade.GOOD, days_ago=30)  # long ago: weakest
    study(col, ids[1], Grade.GOOD, days_ago=10)
    study(col, ids[2], Grade.EASY, days_ago=1)  # fresh: strongest
    with col.db.begin() as session:
        weak = drill.weakest(session, NOW, None, limit=2)
    assert [w.question_id for w in weak] == [ids[0], ids[1]]
    assert weak[0].recall < weak[1].recall < 1
    for w in weak:
        reviews.grade(col, w.question_id, Grade.GOOD, NOW)
    with col.db.begin() as session:
        moved = drill.recall_moved(session, NOW + timedelta(hours=1), weak)
    assert [s.question_id for s in moved.shifts] == [ids[0], ids[1]]
    assert all(s.after > s.before for s in moved.shifts)
    assert moved.mean_after > moved.mean_before


def test_drill_weakest_topics(col: Collection) -> None:
    ids = question_ids(col)  # alternate topics: even ids Python, odd SQL
    study(col, ids[0], Grade.GOOD, days_ago=40)
    study(col, ids[1], Grade.EASY, days_ago=1)
    with col.db.begin() as session:
        from studyapp.study.stats import build_tree

        tree = build_tree(session, NOW, 20, col.settings.scheduler)
    weakest = drill.weakest_topic_ids(tree, 1)
    assert len(weakest) == 1
    node = tree.find(weakest[0])
    assert node is not None
    assert node.title == "Basics"


def test_the_pace_follows_the_user_as_their_answers_pile_up(col: Collection) -> None:
    qid = question_ids(col)[0]
    with col.db.begin() as session:
        assert planning.answer_seconds(session) == 20.0  # no answers yet: the default
    for day in range(100):
        study(col, qid, Grade.GOOD, days_ago=300 - day)  # 200 answers of 12 s
    with col.db.begin() as session:
        assert planning.answer_seconds(session) == pytest.approx((200 * 12 + 20 * 20) / 220)
