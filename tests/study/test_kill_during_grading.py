"""A grade the app reported as saved survives SIGKILL at any moment (WAL + synchronous=FULL).

A real child process grades questions through the domain API and prints each grade after
its transaction committed; the parent kills it with SIGKILL at random points, twenty times,
then reopens the file.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.store.db import Database

from tests.conftest import make_questions, seed

CHILD = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studyapp.study import reviews
from studyapp.study.collection import Collection
from studyapp.study.scheduler import Grade
from studyapp.study.scope import ALL_QUESTIONS

col = Collection.open(Path(sys.argv[1]))
now = datetime.now(UTC)
queue = col.start(ALL_QUESTIONS, now)
print("ready", flush=True)
step = 0
while (question_id := queue.next(now)) is not None:
    step += 1
    result = reviews.grade(col, question_id, Grade((step % 4) + 1), now + timedelta(seconds=step))
    print("committed", result.review_id, flush=True)
"""

KILLS = 20


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_every_reported_grade_survives_sigkill(db_path: Path, tmp_path: Path) -> None:
    database = Database.open(db_path)
    seed(database, make_questions(400))
    database.close()
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    rng = random.Random(20261125)
    reported: list[int] = []
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(script), str(db_path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        for _ in range(rng.randint(1, 15)):
            word, review_id = child.stdout.readline().split()
            assert word == "committed"
            reported.append(int(review_id))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL

    reopened = Database.open(db_path)
    try:
        with reopened.begin() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert session.execute(text("PRAGMA foreign_key_check")).all() == []
            stored = set(session.scalars(text("SELECT id FROM review_log")))
            states = session.execute(text("SELECT count(*) FROM card_state")).scalar()
    finally:
        reopened.close()
    assert set(reported) <= stored
    assert len(reported) >= KILLS
    assert states is not None
    assert states > 0
