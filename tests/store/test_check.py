"""The database check finds damage, orphans and impossible states, and never repairs."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import pytest

from studyapp.commands import check_cmd
from studyapp.store.check import check_database
from studyapp.store.db import Database

from tests.conftest import make_questions, seed

NOW_MS = 1_795_600_000_000


def test_a_healthy_database_is_ok(db: Database) -> None:
    seed(db, make_questions(10))
    report = check_database(db, NOW_MS)
    assert report.ok
    assert report.questions == 10
    assert "no problems" in report.format()


@pytest.mark.parametrize(
    ("sql", "fragment"),
    [
        ("INSERT INTO card_state VALUES (9999, 2, NULL, 3.0, 5.0, 0, NULL)", "missing question"),
        ("UPDATE card_state SET state = 9", "scheduling state 9"),
        ("UPDATE card_state SET stability = -1", "bad stability"),
        (
            "INSERT INTO review_log(uid, question_id, kind, device_id, rating, reviewed_at, "
            "duration_ms, was_new) SELECT 'u1', min(id), 'review', 'd', 7, 0, 0, 1 FROM question",
            "rating 7",
        ),
        ("UPDATE topic SET parent_id = id", "its own ancestor"),
    ],
)
def test_injected_problems_are_reported(db_path: Path, sql: str, fragment: str) -> None:
    database = Database.open(db_path)
    seed(database, make_questions(5))
    database.close()
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute(
        "INSERT INTO card_state SELECT id, 2, NULL, 3.0, 5.0, 0, NULL FROM question LIMIT 1"
    )
    raw.execute(sql)
    raw.commit()
    raw.close()
    database = Database.open(db_path)
    try:
        report = check_database(database, NOW_MS)
    finally:
        database.close()
    assert not report.ok
    assert fragment in report.format()


def test_the_command_exits_1_on_a_problem_and_0_when_healthy(
    data_dir: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database.open(db_path)
    seed(database, make_questions(3))
    database.close()
    args = argparse.Namespace(data_dir=str(data_dir), json=False)
    assert check_cmd.run(args) == 0
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE topic SET parent_id = id")
    raw.commit()
    raw.close()
    assert check_cmd.run(args) == 1
    assert "its own ancestor" in capsys.readouterr().out
