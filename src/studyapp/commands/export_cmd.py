"""`studyapp export OUT`: write topics and questions to a Markdown deck, CSV or Anki package:
everything, one topic (--topic), the results of a search (--search), or both."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="the file to write")
    parser.add_argument(
        "--format",
        choices=("md", "csv", "apkg"),
        help="md (the Markdown deck format), csv or apkg (an Anki package) (default: from "
        "OUT's extension, else md)",
    )
    parser.add_argument(
        "--topic", metavar="PATH", help="only this topic and its subtopics, e.g. 'Python/OOP'"
    )
    parser.add_argument(
        "--search",
        metavar="QUERY",
        help="only the questions this search finds (as in `studyapp search`; with --topic, "
        "those inside that topic)",
    )
    parser.add_argument(
        "--no-scheduling", action="store_true", help="apkg: every card new, no review history"
    )


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from studyapp.commands.opening import open_collection
    from studyapp.io.exporter import ExportFormat, Selection, export_collection, search_selection
    from studyapp.paths import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    suffix = args.out.suffix.lower()
    fmt = args.format or {".csv": "csv", ".apkg": "apkg"}.get(suffix, "md")
    db = open_collection(data_dir)
    try:
        now = datetime.now(UTC)
        selection = Selection(topic_path=args.topic)
        if args.search is not None:
            selection = search_selection(db, args.search, now, selection)
        if fmt == "apkg":
            from studyapp.io.apkg.writer import export_apkg

            count = export_apkg(db, args.out, now, selection, scheduling=not args.no_scheduling)
        else:
            chosen: ExportFormat = "csv" if fmt == "csv" else "md"
            count = export_collection(db, args.out, chosen, selection)
    finally:
        db.close()
    print(f"Exported {count} questions to {args.out}.")
    return 0
