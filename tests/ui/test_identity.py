"""The app run from source names its window `StudyApp` (as the bundle and the .desktop file
do) and writes nothing outside its data folder, Qt's file dialogs included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LAUNCHER = Path(__file__).with_name("identity_launcher.py")


def test_from_source_the_window_is_studyapp_and_only_the_data_folder_is_written(
    tmp_path: Path,
) -> None:
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "STUDYAPP_STARTUP_MARKERS": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [sys.executable, str(LAUNCHER), str(data)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines == {"argv0": "StudyApp", "class": "StudyApp", "desktop": "studyapp"}
    written = [str(path.relative_to(home)) for path in home.rglob("*") if path.is_file()]
    assert written == []
    assert (data / "QtProject.conf").is_file()
