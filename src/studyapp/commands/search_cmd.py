"""`studyapp search QUERY`: the app's search from the command line, for scripting.

Exit 0 with the results (none is not an error), 2 with a message on a malformed query.
"""

from __future__ import annotations

import argparse
import json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query",
        help='words, "a phrase", -word, a OR b, prefix*, `code`, topic:NAME, tag:NAME, '
        "is:due|new|bookmarked|suspended|edited|flagged, prop:r<0.8, rated:7, added:7",
    )
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="at most N results")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of {uid, topic, prompt, snippet} (topic: the path of titles)",
    )


def run(args: argparse.Namespace) -> int:
    from studyapp.commands.opening import open_collection
    from studyapp.errors import StudyAppError
    from studyapp.paths import resolve_data_dir
    from studyapp.store.search import RecallCurve, search
    from studyapp.study.clock import utc_now
    from studyapp.study.scheduler import decay_constants

    if args.limit < 1:
        raise StudyAppError(f"--limit must be at least 1, not {args.limit}.")
    data_dir = resolve_data_dir(args.data_dir)
    db = open_collection(data_dir)
    try:
        with db.begin() as session:
            hits = search(
                session, args.query, utc_now(), RecallCurve(*decay_constants()), limit=args.limit
            )
    finally:
        db.close()
    if args.json:
        results = [
            {
                "uid": hit.uid,
                "topic": list(hit.topic_path),
                "prompt": hit.prompt_md,
                "snippet": hit.snippet_text("**", "**"),
            }
            for hit in hits
        ]
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return 0
    for hit in hits:
        print(f"{' › '.join(hit.topic_path)}: {' '.join(hit.prompt_md.split())}")
        print(f"    {hit.snippet_text('[', ']')}")
    if not hits:
        print("No questions match.")
    return 0
