"""A first start killed at any moment never bricks the data folder: the new database is
made under a temporary name and renamed into place only when complete."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.store.check import check_file
from studyapp.store.db import PARTIAL_SUFFIX, Database

from tests.conftest import make_questions, seed

MOMENTS = (0.1, 0.25, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0, 2.5, 3.0)


def app(data_dir: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "STUDYAPP_STARTUP_MARKERS": "1", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("STUDYAPP_DATA_DIR", None)
    return subprocess.Popen(
        [sys.executable, "-m", "studyapp", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def kill_after(process: subprocess.Popen[str], seconds: float) -> None:
    try:
        process.wait(timeout=seconds)  # a first start that finishes sooner is fine too
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)


def assert_next_start_works(data_dir: Path) -> None:
    process = app(data_dir)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "usable" in out.split(), (out, err)
    report = check_file(data_dir / "studyapp.sqlite3", 1_800_000_000_000)
    assert report.ok, report.format()
    assert report.questions > 200  # the built-in deck is there
    assert not list(data_dir.glob(f"*{PARTIAL_SUFFIX}*"))


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("seconds", MOMENTS)
def test_a_first_start_killed_at_any_moment_starts_next_time(
    tmp_path: Path, seconds: float
) -> None:
    data_dir = tmp_path / "data"
    kill_after(app(data_dir), seconds)
    assert_next_start_works(data_dir)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_first_start_killed_while_the_file_is_made_starts_next_time(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    process = app(data_dir)
    partial = data_dir / f"studyapp.sqlite3{PARTIAL_SUFFIX}"
    while not partial.exists() and process.poll() is None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.001)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    if partial.exists():  # killed before the rename: the real name was never used
        assert not (data_dir / "studyapp.sqlite3").exists()
    assert_next_start_works(data_dir)


def test_leftovers_of_a_killed_creation_are_replaced(db_path: Path) -> None:
    for suffix in ("", "-wal", "-journal"):
        Path(f"{db_path}{PARTIAL_SUFFIX}{suffix}").write_bytes(b"half-written \x00\xff")
    database = Database.open(db_path)
    seed(database, make_questions(3))
    database.close()
    assert not list(db_path.parent.glob(f"*{PARTIAL_SUFFIX}*"))
    assert check_file(db_path, 1_800_000_000_000).ok
