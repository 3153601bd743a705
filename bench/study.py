"""Study-loop benchmark: 100,000 questions in 500 topics with 300,000 reviews.

Prints median times for building the tree with counts, picking the next question, one
durable grade commit, and undo. Targets (issue 4): tree ≤ 10 ms, next ≤ 1 ms, grade ≤ 1.5 ms.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import median_ms, print_table
from studyapp.store.db import Database
from studyapp.store.queries import question_record
from studyapp.store.uid import new_uid, uuid7
from studyapp.study import reviews
from studyapp.study.collection import Collection
from studyapp.study.scheduler import Grade
from studyapp.study.scope import DUE_NOW
from studyapp.study.stats import build_tree

QUESTIONS = 100_000
TOPICS = 500
REVIEWS = 300_000
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def millis(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def populate(path: Path) -> None:
    """Fill the file through sqlite3 directly: building the fixture is not what we measure."""
    Database.open(path).close()
    rng = random.Random(7)
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA synchronous=OFF")
    now = millis(NOW)
    raw.execute(
        "INSERT INTO source(id, uid, key, name, kind, path, content_hash, imported_at) "
        "VALUES (1, ?, 'bench', 'bench', 'deck', NULL, 'x', ?)",
        (new_uid(), now),
    )
    parents = [
        (i, new_uid(), None if i <= 20 else rng.randint(1, 20), f"Topic {i}", i)
        for i in range(1, TOPICS + 1)
    ]
    raw.executemany(
        "INSERT INTO topic(id, uid, parent_id, source_id, title, position) "
        "VALUES (?, ?, ?, 1, ?, ?)",
        parents,
    )
    raw.executemany(
        "INSERT INTO question(id, uid, topic_id, source_id, external_key, prompt_md, answer_md, "
        "position, tags, created_at, updated_at, retired_at) "
        "VALUES (?, ?, ?, 1, ?, ?, ?, ?, '', ?, ?, NULL)",
        (
            (
                i,
                new_uid(),
                rng.randint(21, TOPICS),
                f"k{i}",
                f"Question {i}?",
                f"Answer {i}.",
                i,
                now,
                now,
            )
            for i in range(1, QUESTIONS + 1)
        ),
    )
    reviewed = rng.sample(range(1, QUESTIONS + 1), 60_000)
    day = 86_400_000
    raw.executemany(
        "INSERT INTO card_state(question_id, state, step, stability, difficulty, due, "
        "last_review) VALUES (?, 2, NULL, ?, 5.0, ?, ?)",
        (
            (
                qid,
                rng.uniform(1, 60),
                now + rng.randint(-10, 60) * day,
                now - rng.randint(1, 30) * day,
            )
            for qid in reviewed
        ),
    )
    moments = sorted(now - rng.randint(1, 400) * day for _ in range(REVIEWS))
    raw.executemany(
        "INSERT INTO review_log(uid, question_id, kind, device_id, rating, reviewed_at, "
        "duration_ms, was_new) VALUES (?, ?, 'review', 'bench', ?, ?, 5000, 0)",
        (
            (str(uuid7(moment)), rng.choice(reviewed), rng.randint(1, 4), moment)
            for moment in moments
        ),
    )
    raw.commit()
    raw.execute("ANALYZE")
    raw.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        started = time.perf_counter()
        populate(path)
        build_s = time.perf_counter() - started
        col = Collection(Database.open(path))
        settings = col.settings

        def tree() -> object:
            with col.db.begin() as session:
                return build_tree(session, NOW, settings.new_per_day, settings.scheduler)

        clock = [NOW]

        def tree_after_grade() -> object:
            # What each grade costs: the graded topic is re-counted, time moves on a second.
            clock[0] += timedelta(seconds=1)
            col.tallies.mark({rng.randint(21, TOPICS)})
            with col.db.begin() as session:
                return col.tallies.tree(session, clock[0], settings.new_per_day, settings.scheduler)

        queue_ms = median_ms(lambda: col.start(DUE_NOW, NOW), repeat=5)
        queue = col.start(DUE_NOW, NOW)

        def next_question() -> object:
            qid = queue.next(NOW)
            assert qid is not None
            with col.db.begin() as session:
                return question_record(session, qid)

        pending: list[int] = []

        def grade() -> None:
            qid = queue.next(NOW)
            assert qid is not None
            reviews.grade(col, qid, Grade.GOOD, NOW + timedelta(seconds=len(pending)))
            pending.append(qid)

        def undo() -> None:
            assert reviews.undo_last(col, NOW) is not None

        rng = random.Random(3)
        rows = [
            (
                "tree with counts, after a grade",
                f"{median_ms(tree_after_grade, repeat=51):.2f}",
                "10",
            ),
            (
                "tree with counts, cold (start, every 10 min)",
                f"{median_ms(tree, repeat=9):.2f}",
                "—",
            ),
            ("next question (queue + record)", f"{median_ms(next_question, repeat=51):.3f}", "1"),
            ("grade, durable commit", f"{median_ms(grade, repeat=51):.3f}", "1.5"),
            ("undo last grade", f"{median_ms(undo, repeat=40, warmup=0):.3f}", "—"),
            ("build queue for Due now", f"{queue_ms:.2f}", "—"),
        ]
        col.close()
    print_table(
        f"Study loop, {QUESTIONS:,} questions / {TOPICS} topics / {REVIEWS:,} reviews "
        f"(fixture built in {build_s:.1f} s)",
        ("operation", "median ms", "target ms"),
        rows,
    )


if __name__ == "__main__":
    main()
