"""Start-up benchmark: StudyApp against a bare PySide6 window that paints the same size.

Each run is a fresh process; the time is from just before it is spawned to the moment its
marker line arrives. "usable" means the tree is filled and the first question is shown.
Target (issue 3): StudyApp's first paint within 1.3× the bare window's.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import launch, print_table

RUNS = int(os.environ.get("STARTUP_RUNS", "15"))
HERE = Path(__file__).resolve().parent


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    launch(command, env)  # warm the OS file cache
    runs = [launch(command, env) for _ in range(RUNS)]
    return (
        statistics.median(run["first-paint"] for run in runs),
        statistics.median(run["usable"] for run in runs),
    )


def main() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    bare = measure([sys.executable, str(HERE / "bare_window.py")], env)
    with tempfile.TemporaryDirectory() as data_dir:
        app_env = {**env, "STUDYAPP_STARTUP_MARKERS": "1", "STUDYAPP_DATA_DIR": data_dir}
        command = [sys.executable, "-m", "studyapp"]
        launch(command, app_env)  # first launch loads the built-in deck; measure the next
        app = measure(command, app_env)
    print_table(
        f"Start-up, median of {RUNS} launches (platform {env['QT_QPA_PLATFORM']})",
        ("window", "first paint ms", "usable ms"),
        [
            ("bare PySide6 window", f"{bare[0]:.0f}", f"{bare[1]:.0f}"),
            ("StudyApp", f"{app[0]:.0f}", f"{app[1]:.0f}"),
            ("ratio", f"{app[0] / bare[0]:.2f}×", f"{app[1] / bare[1]:.2f}×"),
        ],
    )


if __name__ == "__main__":
    main()
