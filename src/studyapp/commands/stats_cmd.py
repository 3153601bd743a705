"""`studyapp stats`: reviews per day and streaks, the due forecast, retention, answer time and
recall per topic, from the review log (undone reviews excluded)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studyapp.study.history import StatsReport


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--topic", metavar="PATH", help="only this topic and its subtopics, e.g. 'Python/OOP'"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from studyapp.commands.opening import open_collection
    from studyapp.paths import resolve_data_dir
    from studyapp.store.queries import subtree_at_path, topic_rows
    from studyapp.study import settings as study_settings
    from studyapp.study.clock import utc_now
    from studyapp.study.history import collect

    data_dir = resolve_data_dir(args.data_dir)
    db = open_collection(data_dir)
    try:
        with db.begin() as session:
            settings = study_settings.load(session)
            topics = {row.id: row for row in topic_rows(session)}
            topic_ids = None if args.topic is None else subtree_at_path(topics, args.topic)
            report = collect(
                session, utc_now(), settings.new_per_day, settings.scheduler, topic_ids
            )
    finally:
        db.close()
    if args.json:
        print(json.dumps(as_json(report), ensure_ascii=False))
    else:
        print(as_text(report))
    return 0


def as_json(report: StatsReport) -> dict[str, Any]:
    return {
        "today": report.today.isoformat(),
        "reviews_per_day": [
            {
                "date": day.day.isoformat(),
                "reviews": day.reviews,
                "passed": day.passed,
                "seconds": round(day.seconds, 1),
            }
            for day in report.days
        ],
        "streak": {"current": report.current_streak, "longest": report.longest_streak},
        "forecast": [{"date": day.isoformat(), "due": count} for day, count in report.forecast],
        "retention": {
            "desired": report.desired_retention,
            "weeks": [
                {
                    "week_start": week.week_start.isoformat(),
                    "reviews": week.reviews,
                    "passed": week.passed,
                    "rate": week.rate,
                }
                for week in report.retention
            ],
        },
        "answer_seconds_median": report.median_answer_seconds,
        "topics": [
            {
                "path": "/".join(topic.path),
                "recall": topic.mastery,
                "reviewed": topic.reviewed,
                "total": topic.total,
            }
            for topic in report.topics
        ],
    }


def as_text(report: StatsReport) -> str:
    reviewed = [week for week in report.retention if week.reviews]
    passed = sum(week.passed for week in reviewed)
    count = sum(week.reviews for week in reviewed)
    retention = f"{passed / count:.0%} of {count} reviews" if count else "no reviews yet"
    median = report.median_answer_seconds
    lines = [
        f"Reviews in the last year: {report.reviews_total} on {len(report.days)} days; "
        f"streak {report.current_streak} (longest {report.longest_streak}).",
        f"Due: {report.forecast[0][1]} today, "
        f"{sum(c for _d, c in report.forecast[:7])} this week, "
        f"{sum(c for _d, c in report.forecast)} in 30 days.",
        f"True retention (12 weeks): {retention}; desired {report.desired_retention:.0%}.",
        "Answer time: " + ("none recorded" if median is None else f"median {median:.1f} s"),
        "Recall by topic:",
    ]
    for topic in report.topics:
        recall = "—" if topic.mastery is None else f"{topic.mastery:.0%}"
        indent = "  " * len(topic.path)
        lines.append(f"{indent}{topic.path[-1]}: {recall} ({topic.reviewed}/{topic.total} studied)")
    return "\n".join(lines)
