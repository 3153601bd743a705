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


def snapshot(folder: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(folder.iterdir()) if f.is_file()}


@pytest.mark.parametrize("journal", ["wal-after-a-crash", "wal-closed", "delete"])
def test_check_never_writes_a_byte(data_dir: Path, db_path: Path, journal: str) -> None:
    database = Database.open(db_path)
    seed(database, make_questions(20))
    if journal == "wal-after-a-crash":  # the files as a killed process leaves them
        frozen = data_dir.parent / "frozen"
        frozen.mkdir()
        for file in data_dir.iterdir():
            (frozen / file.name).write_bytes(file.read_bytes())
        database.close()
        for file in list(data_dir.iterdir()):
            file.unlink()
        for file in frozen.iterdir():
            (data_dir / file.name).write_bytes(file.read_bytes())
        assert (data_dir / "studyapp.sqlite3-wal").exists()
    else:
        database.close()
    if journal == "delete":
        raw = sqlite3.connect(db_path)
        raw.execute("PRAGMA journal_mode=DELETE")
        raw.close()
    before = snapshot(data_dir)
    args = argparse.Namespace(data_dir=str(data_dir), json=True)
    assert check_cmd.run(args) == 0
    assert snapshot(data_dir) == before


def test_check_creates_nothing_where_there_is_no_database(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "data"
    args = argparse.Namespace(command="check", data_dir=str(missing), json=False)
    from studyapp.cli import run_command

    assert run_command(args) == 2
    assert not missing.exists()
    assert not missing.parent.exists()


def test_check_reports_a_breach_of_the_append_only_log(db_path: Path) -> None:
    from studyapp.study import reviews
    from studyapp.study.collection import Collection
    from studyapp.study.scheduler import Grade

    from tests.conftest import NOW

    database = Database.open(db_path)
    seed(database, make_questions(5))
    col = Collection(database)
    for question_id in (1, 2, 3, 4):
        reviews.grade(col, question_id, Grade.GOOD, NOW)
    database.close()
    raw = sqlite3.connect(db_path)
    raw.execute("DROP TRIGGER review_log_no_delete")
    raw.execute("DELETE FROM review_log WHERE id IN (2, 4)")
    raw.commit()
    raw.close()
    database = Database.open(db_path)
    try:
        text = check_database(database, NOW_MS).format()
    finally:
        database.close()
    assert "entries 2–2 were deleted" in text
    assert "entries 4–4 were deleted" in text
    assert "review_log_no_delete is missing" in text
