"""Start-up of the PyInstaller bundle against the app run from source, in one run.

Both start on their own data dir holding the built-in deck (a first launch fills it and is not
timed), then launch in turns, so that a slow moment of the machine hits both alike. Times run
from just before the process is spawned to its `first-paint` and `usable` lines (see
bench/startup.py). Target (issue 7): the bundle's first paint within 1.1× of source.

    make dist && make bench-bundle
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import launch, print_table
from startup import RUNS

BUNDLE = Path(__file__).resolve().parents[1] / "dist" / "StudyApp" / "StudyApp"


def main() -> None:
    if not os.access(BUNDLE, os.X_OK):
        raise SystemExit(f"No bundle at {BUNDLE}: build it first with `make dist`.")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    commands = {
        "from source (python -m studyapp)": [sys.executable, "-m", "studyapp"],
        "bundle (dist/StudyApp/StudyApp)": [str(BUNDLE)],
    }
    with tempfile.TemporaryDirectory() as source_dir, tempfile.TemporaryDirectory() as bundle_dir:
        envs = {
            name: {**env, "STUDYAPP_STARTUP_MARKERS": "1", "STUDYAPP_DATA_DIR": data_dir}
            for name, data_dir in zip(commands, (source_dir, bundle_dir), strict=True)
        }
        for name, command in commands.items():
            launch(command, envs[name])  # loads the built-in deck, and warms the file cache
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
        for _ in range(RUNS):
            for name, command in commands.items():
                runs[name].append(launch(command, envs[name]))
    medians = {
        name: tuple(
            statistics.median(run[mark] for run in marks) for mark in ("first-paint", "usable")
        )
        for name, marks in runs.items()
    }
    source, bundle = medians.values()
    print_table(
        f"Bundle start-up, median of {RUNS} launches each (platform {env['QT_QPA_PLATFORM']})",
        ("app", "first paint ms", "usable ms"),
        [
            *((name, f"{paint:.0f}", f"{usable:.0f}") for name, (paint, usable) in medians.items()),
            (
                "ratio bundle / source",
                f"{bundle[0] / source[0]:.2f}×",
                f"{bundle[1] / source[1]:.2f}×",
            ),
        ],
    )


if __name__ == "__main__":
    main()
