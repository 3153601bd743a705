"""`studyapp stats` and `studyapp plan` on a real data dir, as the user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.app import main
from studyapp.store.db import Database
from studyapp.study import reviews
from studyapp.study.clock import day_start
from studyapp.study.collection import Collection
from studyapp.study.history import study_day, to_date
from studyapp.study.scheduler import Grade
from studyapp.study.scope import ALL_QUESTIONS

from tests.conftest import make_questions, seed

DAY = timedelta(days=1)


@pytest.fixture
def studied(db_path: Path) -> Path:
    """12 questions in two topics, 4 of them studied over the last days; the data dir."""
    # An hour into today's study day: a review and its learning step never straddle 4 am.
    now = day_start(datetime.now(UTC)) + timedelta(hours=1)
    col = Collection(Database.open(db_path))
    seed(col.db, make_questions(12, topics=(("Python", "Basics"), ("SQL", "Joins"))))
    queue = col.start(ALL_QUESTIONS, now)
    ids = [*queue.reviews, *queue.new]
    for n, qid in enumerate(ids[:4]):
        when = now - (4 - n) * DAY
        reviews.grade(col, qid, Grade.GOOD, when, duration_ms=15_000)
        reviews.grade(col, qid, Grade.GOOD, when + timedelta(minutes=11), duration_ms=15_000)
    col.close()
    return db_path.parent


def in_days(days: int) -> str:
    return (to_date(study_day(datetime.now(UTC))) + days * DAY).isoformat()


def run_cli(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str]:
    command, *rest = args
    code = main([command, "--data-dir", str(data_dir), *rest])
    out, err = capsys.readouterr()
    return code, out + err


def test_stats_json_in_a_real_process(studied: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "studyapp", "stats", "--data-dir", str(studied), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(result.stdout)
    assert sum(day["reviews"] for day in report["reviews_per_day"]) == 8
    assert len(report["reviews_per_day"]) == 4
    assert report["streak"]["longest"] == 4
    assert len(report["forecast"]) == 30
    assert report["retention"]["desired"] == 0.9
    assert report["answer_seconds_median"] == 15.0
    topics = {t["path"]: t for t in report["topics"]}
    assert topics["Python"]["total"] == 6
    assert topics["Python/Basics"]["reviewed"] + topics["SQL/Joins"]["reviewed"] == 4


def test_stats_for_one_topic(capsys: pytest.CaptureFixture[str], studied: Path) -> None:
    code, out = run_cli(capsys, studied, "stats", "--topic", "SQL/Joins", "--json")
    assert code == 0
    report = json.loads(out)
    assert [t["path"] for t in report["topics"]] == ["SQL/Joins"]
    assert sum(day["reviews"] for day in report["reviews_per_day"]) == 4  # 2 of the 4 studied
    code, out = run_cli(capsys, studied, "stats", "--topic", "Rust")
    assert code == 2
    assert "no topic 'Rust'" in out


def test_stats_text(capsys: pytest.CaptureFixture[str], studied: Path) -> None:
    code, out = run_cli(capsys, studied, "stats")
    assert code == 0
    assert "Reviews in the last year: 8 on 4 days" in out
    assert "median 15.0 s" in out
    assert "Joins:" in out


def test_plan_json_fields(capsys: pytest.CaptureFixture[str], studied: Path) -> None:
    code, out = run_cli(capsys, studied, "plan", "--date", in_days(10), "--minutes", "20", "--json")
    assert code == 0
    plan = json.loads(out)
    assert plan["questions"] == 12
    assert plan["secured"] == 12
    assert plan["not_secured"] == {"never_studied": 0, "over_budget": 0, "unreachable": 0}
    assert plan["minutes_needed_for_all"] <= 20
    assert plan["reviews_per_day"] == 64  # 20 min at ~18.6 s: 8 answers of 15 s, default 20 s
    assert isinstance(plan["reviews"], int)
    assert plan["days_left"] == 10


def test_a_small_budget_says_what_is_secured_and_what_would_secure_all(
    capsys: pytest.CaptureFixture[str], studied: Path
) -> None:
    code, out = run_cli(
        capsys, studied, "plan", "--date", in_days(2), "--minutes", "0.5", "--topic", "SQL"
    )
    assert code == 0
    assert out.startswith("0.5 min/day secures ")
    assert " of 6 by " in out
    assert "min/day secures all." in out
    assert "SQL/Joins:" in out


def test_plan_save_is_what_the_window_will_show(
    capsys: pytest.CaptureFixture[str], studied: Path
) -> None:
    date = in_days(7)
    code, out = run_cli(capsys, studied, "plan", "--date", date, "--minutes", "15", "--save")
    assert code == 0
    assert "Saved" in out
    db = Database.open(studied / "studyapp.sqlite3")
    with db.begin() as session:
        saved = session.execute(
            text("SELECT value FROM setting WHERE key = 'plan.interview'")
        ).scalar_one()
    db.close()
    assert json.loads(saved)["date"] == date
    assert json.loads(saved)["minutes"] == 15


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "tomorrow", "--minutes", "10"], "is not a date"),
        (["--date", "2000-01-01", "--minutes", "10"], "must be after today"),
        (["--date", "2999-01-01", "--minutes", "10", "--target", "1.5"], "out of range"),
        (["--date", "2999-01-01", "--minutes", "10", "--topic", "Go"], "no topic"),
    ],
)
def test_bad_plan_input_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], studied: Path, args: list[str], message: str
) -> None:
    code, out = run_cli(capsys, studied, "plan", *args)
    assert code == 2
    assert message in out
    assert "Traceback" not in out
