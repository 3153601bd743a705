"""`studyapp import FILE`: import without opening a window."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from studyapp.wording import counted

FORMATS = ("deck", "outline", "markdown", "csv", "tsv", "anki")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", type=Path, help="the file to import (notes, deck, CSV/TSV, Anki .apkg/.colpkg)"
    )
    parser.add_argument("--format", choices=FORMATS, help="the file's format (default: detected)")
    parser.add_argument(
        "--dry-run", action="store_true", help="report what would change, change nothing"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from studyapp.commands.opening import open_collection
    from studyapp.io.importer import import_file
    from studyapp.logsetup import configure_logging
    from studyapp.paths import backups_dir, resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    configure_logging(data_dir)
    db = open_collection(data_dir)
    try:
        report = import_file(
            db,
            args.file,
            datetime.now(UTC),
            fmt=args.format,
            dry_run=args.dry_run,
            backups=backups_dir(data_dir),
        )
    finally:
        db.close()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
        return 0
    verb = "Would import" if report.dry_run else "Imported"
    print(
        f"{verb} {counted(report.questions, 'question')} in {counted(report.topics, 'topic')} "
        f"from {args.file} "
        f"({report.format}): {report.created} new, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.retired} retired."
    )
    counts = report.as_json()
    if "reviews" in counts:  # an Anki package brings its schedule, history and media
        print(
            f"  Kept {counts['states']} schedules and {counts['reviews']} reviews; "
            f"{counts['media']} media files."
        )
    for warning in report.warnings:
        print(f"  line {warning.line}: {warning.message}")
    return 0
