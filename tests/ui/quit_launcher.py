"""Runs the real app (`studyapp.app.main`) in many short-lived processes for test_quit.py.

Starting 50 interpreters that each import Qt, SQLAlchemy and the rest would take minutes on
a small machine, so this launcher imports them once and forks: each child is a fresh process
that runs `main(["--data-dir", …])` with a scripted session (STUDYAPP_AUTOPILOT), quits, and
finalises its interpreter as any run does. No QApplication or thread exists before the fork.

    python quit_launcher.py RUNS SCRIPTS_FILE DATA_DIR...

prints one line per run: "<run> <exit status>".
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def preload() -> None:
    """Import (and warm) what every run needs; nothing here starts a thread or a QApplication."""
    import importlib
    import pkgutil

    import fsrs  # noqa: F401
    import sqlalchemy.orm  # noqa: F401

    import studyapp.services.app
    import studyapp.ui
    from studyapp.content.render import render_markdown

    for package in (studyapp.ui, studyapp.services):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
    for module in (
        "studyapp.app",
        "studyapp.io.sync",
        "studyapp.io.importer",
        "studyapp.study.reviews",
        "studyapp.study.bookmarks",
        "studyapp.store.check",
    ):
        importlib.import_module(module)
    for theme in ("light", "dark"):
        render_markdown("`x` **y**\n\n```python\nimport os\n```\n\n| a |\n|---|\n| b |", theme)


def child(data_dir: str, script: str) -> None:
    from studyapp.app import AUTOPILOT_ENV, main

    os.environ[AUTOPILOT_ENV] = script
    sys.exit(main(["--data-dir", data_dir]))


def run() -> None:
    runs = int(sys.argv[1])
    scripts = Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()
    folders = sys.argv[3:]
    preload()
    for first in range(0, runs, len(folders)):
        started = {}
        for offset, folder in enumerate(folders):
            number = first + offset
            if number >= runs:
                break
            pid = os.fork()
            if pid == 0:
                child(folder, scripts[number // len(folders) % len(scripts)])
            started[pid] = number
        for pid, number in started.items():
            _pid, status = os.waitpid(pid, 0)
            print(number, os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    run()
