"""One StudyApp per data folder; a second launch raises the first; stale locks don't block."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from studyapp.paths import lock_path
from studyapp.ui.single_instance import SingleInstance


def test_a_second_instance_is_refused_and_knocks_on_the_first(qtbot: QtBot, data_dir: Path) -> None:
    first = SingleInstance(data_dir)
    second = SingleInstance(data_dir)
    assert first.acquire()
    first.listen()
    assert not second.acquire()
    with qtbot.waitSignal(first.raise_requested, timeout=5_000):
        assert second.notify_running()
    first.release()
    assert second.acquire()
    second.release()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_lock_left_by_a_killed_process_does_not_block(data_dir: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from PySide6.QtCore import QLockFile\n"
            "lock = QLockFile(sys.argv[1])\n"
            "assert lock.tryLock(1000)\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
            str(lock_path(data_dir)),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    assert not SingleInstance(data_dir).acquire()  # a live owner holds it
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    assert lock_path(data_dir).exists()  # the stale file is still there
    instance = SingleInstance(data_dir)
    assert instance.acquire()
    instance.release()


def test_a_second_launch_of_the_app_raises_the_first_and_exits(data_dir: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STUDYAPP_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "studyapp"]
    first = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    try:
        for _attempt in range(600):  # bounded wait for the first app to take the lock
            if lock_path(data_dir).exists() or first.poll() is not None:
                break
            subprocess.run([sys.executable, "-c", "pass"], check=True)  # ~20 ms, no sleep
        assert lock_path(data_dir).exists()
        second = None
        for _attempt in range(60):  # bounded: the first app needs a moment to listen
            second = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=30, check=False
            )
            if second.returncode == 0:
                break
        assert second is not None
        assert second.returncode == 0, second.stderr
        assert "brought to the front" in second.stdout
        assert first.poll() is None  # the first one is still running
    finally:
        first.terminate()
        first.wait(timeout=30)
