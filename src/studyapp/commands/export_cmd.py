"""`studyapp export OUT`: write topics and questions to a Markdown deck or CSV."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="the file to write")
    parser.add_argument(
        "--format",
        choices=("md", "csv"),
        help="md (the Markdown deck format) or csv (default: from OUT's extension, else md)",
    )
    parser.add_argument(
        "--topic", metavar="PATH", help="only this topic and its subtopics, e.g. 'Python/OOP'"
    )


def run(args: argparse.Namespace) -> int:
    from studyapp.io.exporter import ExportFormat, export_collection
    from studyapp.paths import backups_dir, database_path, resolve_data_dir
    from studyapp.store.db import Database

    data_dir = resolve_data_dir(args.data_dir)
    fmt: ExportFormat = args.format or ("csv" if args.out.suffix.lower() == ".csv" else "md")
    db = Database.open(database_path(data_dir), backups=backups_dir(data_dir))
    try:
        count = export_collection(db, args.out, fmt, args.topic)
    finally:
        db.close()
    print(f"Exported {count} questions to {args.out}.")
    return 0
