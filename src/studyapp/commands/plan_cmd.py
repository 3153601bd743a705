"""`studyapp plan`: the interview-date plan — what the daily budget secures by the date, what
would secure all, and today's queue. Reads the schedule, never changes it."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studyapp.study.planning import PlanReport


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the interview date")
    parser.add_argument(
        "--minutes", required=True, type=float, metavar="M", help="study minutes per day"
    )
    parser.add_argument(
        "--target",
        type=float,
        default=0.9,
        help="predicted recall to reach on the day, 0.5–0.99 (default 0.9)",
    )
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--topic", metavar="PATH", help="only this topic and its subtopics")
    scope.add_argument("--bookmarked", action="store_true", help="only bookmarked questions")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--save", action="store_true", help="make this the plan the window shows")


def run(args: argparse.Namespace) -> int:
    from studyapp.commands.opening import open_collection
    from studyapp.paths import resolve_data_dir
    from studyapp.study import planning
    from studyapp.study.clock import utc_now

    settings = planning.PlanSettings(
        args.date, args.minutes, args.target, args.topic, args.bookmarked
    )
    data_dir = resolve_data_dir(args.data_dir)
    db = open_collection(data_dir)
    try:
        with db.begin() as session:
            report = planning.build(session, settings, utc_now())
            if args.save:
                planning.save_settings(session, settings)
    finally:
        db.close()
    print(json.dumps(as_json(report), ensure_ascii=False) if args.json else as_text(report))
    if args.save and not args.json:
        print("Saved: the window shows this plan.")
    return 0


def as_json(report: PlanReport) -> dict[str, Any]:
    plan = report.plan
    return {
        "date": report.settings.date,
        "days_left": report.days_left,
        "minutes": report.settings.minutes,
        "target": plan.request.target,
        "seconds_per_review": report.seconds_per_review,
        "reviews_per_day": plan.request.reviews_per_day,
        "questions": plan.questions,
        "secured": plan.secured,
        "not_secured": {reason.value: count for reason, count in plan.not_secured.items()},
        "minutes_needed_for_all": report.minutes_for_all,
        "reviews": round(plan.today_reviews),
        "today": list(plan.today),
        "predicted_recall": round(plan.predicted_mean, 4),
        "by_topic": [
            {"topic": t.topic, "questions": t.questions, "secured": t.secured}
            for t in plan.by_topic
        ],
    }


def as_text(report: PlanReport) -> str:
    from studyapp.study.planning import headline, today_line

    plan = report.plan
    lines = [headline(report), today_line(report)]
    short = [t for t in plan.by_topic if t.secured < t.questions]
    if short:
        lines.append("Not secured, by topic:")
        lines.extend(f"  {t.topic}: {t.questions - t.secured} of {t.questions}" for t in short)
    return "\n".join(lines)
