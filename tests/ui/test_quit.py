"""Quitting never crashes: the real app, in real processes (offscreen), quits 50 times —
some right after opening, some after a scripted session with grades, bookmarks, undo,
imports, a backup and a restore, and topic switches — and every exit status is 0.

Two data folders take turns so that two processes run at once (the machine's cores), and
each folder's sessions build on the last one's data. The processes are forked from a
launcher that has imported the heavy modules once (quit_launcher.py): each is still a real
process that opens the app, runs its session, quits and finalises its interpreter.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

QUITS = 50
LAUNCHER = Path(__file__).with_name("quit_launcher.py")
NOTES = """\
# Databases
## Redis
### Q: What is Redis?
An in-memory data store.

### Q: What is a Redis sorted set?
A set ordered by a score.
"""


def scripts(notes: Path) -> list[str]:
    session = f"topic:1,grade:3,bookmark,undo,import:{notes},topic:3,grade:1,backup,due,grade:4"
    restore = "backup,topic:2,grade:2,restore,topic:0,grade:3,undo"
    # Most runs open and quit at once: the quit itself is what is tested, 50 times.
    return [session, restore] + ["grade:3"] * 3 + ["topic:1"] * 5


def test_the_real_app_quits_cleanly_50_times_after_scripted_sessions(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    plan = tmp_path / "scripts.txt"
    plan.write_text("\n".join(scripts(notes)), encoding="utf-8")
    folders = [tmp_path / "data0", tmp_path / "data1"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("STUDYAPP_DATA_DIR", None)
    result = subprocess.run(
        [sys.executable, str(LAUNCHER), str(QUITS), str(plan), *map(str, folders)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    statuses = [tuple(map(int, line.split())) for line in result.stdout.splitlines()]
    assert len(statuses) == QUITS, result.stderr[-3000:]
    assert [status for _run, status in statuses] == [0] * QUITS, result.stderr[-3000:]
    assert "Fatal Python error" not in result.stderr
    assert "Traceback" not in result.stderr
    assert "autopilot failed" not in result.stdout
    for folder in folders:  # the sessions really ran: grades, the import, the restore
        with closing(sqlite3.connect(folder / "studyapp.sqlite3")) as db:
            assert db.execute("SELECT count(*) FROM review_log").fetchone()[0] > 0
            assert db.execute("SELECT count(*) FROM topic WHERE title = 'Redis'").fetchone()[0]
        assert any("before-restore" in path.name for path in (folder / "backups").iterdir())
