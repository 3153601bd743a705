"""`studyapp check`: integrity, foreign keys, orphans, impossible states and the append-only
history; exit 1 on a problem. Read-only: it creates nothing and never writes to the database."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from studyapp.paths import database_path, lock_path, resolve_data_dir
    from studyapp.store.check import check_file
    from studyapp.store.schema import to_millis
    from studyapp.study.clock import utc_now

    data_dir = resolve_data_dir(args.data_dir)
    _refuse_while_running(lock_path(data_dir))
    report = check_file(database_path(data_dir), to_millis(utc_now()))
    if args.json:
        problems = [{"kind": p.kind, "message": p.message} for p in report.problems]
        print(json.dumps({"ok": report.ok, "problems": problems}))
    else:
        print(report.format())
    return 0 if report.ok else 1


def _refuse_while_running(lock: Path) -> None:
    """A copy taken while StudyApp writes could look damaged when it is not."""
    from studyapp.errors import DatabaseLocked

    pid = _live_lock_owner(lock)
    if pid is not None:
        raise DatabaseLocked(
            f"StudyApp (process {pid}) has this data folder open.",
            "Use Tools › Check Database in its window, or quit it and run the check again.",
        )


def _live_lock_owner(lock: Path) -> int | None:
    """The process id in the window's lock file (Qt's QLockFile puts it on the first line),
    if that process is alive; a killed one leaves a stale lock that does not count."""
    try:
        pid = int(lock.read_text(encoding="utf-8", errors="replace").splitlines()[0].strip())
    except (OSError, IndexError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid  # alive, but another user's
    return pid
