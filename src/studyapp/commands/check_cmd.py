"""`studyapp check`: integrity, foreign keys, orphans and impossible states; exit 1 on a
problem."""

from __future__ import annotations

import argparse
import json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from studyapp.paths import database_path, resolve_data_dir
    from studyapp.store.check import check_database
    from studyapp.store.db import Database
    from studyapp.store.schema import to_millis
    from studyapp.study.clock import utc_now

    data_dir = resolve_data_dir(args.data_dir)
    db = Database.open(database_path(data_dir))
    try:
        report = check_database(db, to_millis(utc_now()))
    finally:
        db.close()
    if args.json:
        problems = [{"kind": p.kind, "message": p.message} for p in report.problems]
        print(json.dumps({"ok": report.ok, "problems": problems}))
    else:
        print(report.format())
    return 0 if report.ok else 1
