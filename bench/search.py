"""Search benchmark: top-50 results at 100,000 questions (issue 15: ≤ 15 ms; Anki: 53 ms).

Questions are built from a Zipf-distributed vocabulary (common words are very common, as in
real notes) with code in the answers, so that both the word index and the trigram index
work on realistic posting lists. Prints the median time of each kind of query, with the
number of matches, and the size of the indexes. Ranking reads the newest 1,000 matches
(search.RANK_POOL) when there are more: a word in every question costs no more than that.
Beside the wall-clock median, the median CPU time of the searching thread: on a machine
shared with other work the wall clock also counts the waits for a core. The deck is in use
(study()): the state filters alone, and beside a word in nearly every question, match a
few hundred questions, the case where reading the deck in order finds a page slowly.
Before measuring, the index gets the upkeep the window's worker gives it at every start
(store/fts.upkeep): a kept fixture built before it existed is measured as a user's file is.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import print_table
from studyapp.store import fts
from studyapp.store.db import Database
from studyapp.store.derived import FTS_INSERT_TRIGGER, FTS_TABLES, TRIGGERS
from studyapp.store.search import RecallCurve, search, search_ids
from studyapp.store.uid import new_uid
from studyapp.study.scheduler import decay_constants

QUESTIONS = 100_000
TOPICS = 500
LIMIT = 50
TARGET_MS = 15.0
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TECH = [
    "function",
    "class",
    "object",
    "list",
    "tuple",
    "dict",
    "set",
    "index",
    "query",
    "join",
    "table",
    "transaction",
    "commit",
    "rebase",
    "merge",
    "branch",
    "thread",
    "process",
    "memory",
    "cache",
    "pointer",
    "reference",
    "closure",
    "decorator",
    "generator",
    "iterator",
    "async",
    "await",
    "lock",
    "mutex",
    "database",
    "schema",
    "migration",
    "vector",
    "hash",
    "tree",
    "graph",
    "sort",
    "search",
    "binary",
    "heap",
    "stack",
    "queue",
    "recursion",
    "complexity",
    "interface",
    "module",
]
CODE = ("`std::vector<int>`", "`__init__`", "`O(n log n)`", "`a->b`", "`dict.get(k)`", "`C++`")
QUERIES = (
    ("common word", "function"),
    ("rare word", "zyqu"),
    ("two words", "thread lock"),
    ("phrase", '"binary search"'),
    ("prefix", "decor*"),
    ("OR", "mutex OR semaphore"),
    ("-word", "cache -memory"),
    ("code word", "std::vector"),
    ("`code` (trigram)", "`dict.get`"),
    ("word + topic:", "merge topic:t3*"),
    ("word + is:new", "query is:new"),
    ("filters only", "is:new tag:t1"),
    ("is:due alone", "is:due"),
    ("rated: alone", "rated:1"),
    ("prop: alone", "prop:r<0.5"),
    ("is:bookmarked alone", "is:bookmarked"),
    ("word + is:bookmarked", "function is:bookmarked"),
    ("word + is:due", "function is:due"),
    ("word + rated:", "function rated:1"),
)
STUDIED = 5_000  # questions with a memory state: a few hundred due, a hundred rated today
BOOKMARKS, FLAGS = 300, 100


def vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    made = {"".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(6000)}
    return TECH + sorted(made - set(TECH)) + ["zyqu"]


def populate(path: Path) -> None:
    """Fill the file through sqlite3 directly, indexing once at the end: building the
    fixture is not what is measured."""
    Database.open(path).close()
    rng = random.Random(15)
    words = vocabulary(rng)
    weights = [1 / rank for rank in range(1, len(words) + 1)]

    def sentence(count: int) -> str:
        return " ".join(rng.choices(words, weights, k=count))

    raw = sqlite3.connect(path)
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute(f"DROP TRIGGER {FTS_INSERT_TRIGGER}")
    now = int(NOW.timestamp() * 1000)
    raw.execute(
        "INSERT INTO source(id, uid, key, name, kind, path, content_hash, imported_at) "
        "VALUES (1, ?, 'bench', 'bench', 'deck', NULL, 'x', ?)",
        (new_uid(), now),
    )
    raw.executemany(
        "INSERT INTO topic(id, uid, parent_id, source_id, title, position) "
        "VALUES (?, ?, ?, 1, ?, ?)",
        [
            (i, new_uid(), None if i <= 20 else rng.randint(1, 20), f"t{i}", i)
            for i in range(1, TOPICS + 1)
        ],
    )
    raw.executemany(
        "INSERT INTO question(id, uid, topic_id, source_id, external_key, prompt_md, answer_md, "
        "position, tags, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                i,
                new_uid(),
                rng.randint(21, TOPICS),
                f"k{i}",
                f"What is {sentence(8)}?",
                f"{sentence(30)} {rng.choice(CODE)} {sentence(25)}",
                i,
                f"t{i % 7}",
                now,
                now,
            )
            for i in range(1, QUESTIONS + 1)
        ),
    )
    study(raw, rng, now)
    for table in FTS_TABLES:
        raw.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
    raw.execute(TRIGGERS[FTS_INSERT_TRIGGER])
    raw.commit()
    raw.close()


def study(raw: sqlite3.Connection, rng: random.Random, now: int) -> None:
    """A deck in use: STUDIED questions reviewed over the last months (a few hundred of
    them due now, about a hundred reviewed in the last day), some bookmarked and flagged.
    The state filters then match few questions of 100,000, which a search that reads the
    deck in order pays for in full."""
    day = 86_400_000
    studied = rng.sample(range(1, QUESTIONS + 1), STUDIED)
    states, log = [], []
    for question_id in studied:
        last = now - int(rng.expovariate(1 / 30) * day) - 1
        stability = rng.uniform(1, 120)
        due = last + int(stability * day * rng.uniform(0.9, 1.1))
        states.append((question_id, 2, None, stability, rng.uniform(1, 10), due, last))
        log.append((new_uid(), question_id, rng.randint(1, 4), last, 5000))
    raw.executemany(
        "INSERT INTO card_state(question_id, state, step, stability, difficulty, due, "
        "last_review) VALUES (?, ?, ?, ?, ?, ?, ?)",
        states,
    )
    raw.executemany(
        "INSERT INTO review_log(uid, question_id, kind, device_id, rating, reviewed_at, "
        "duration_ms, was_new) VALUES (?, ?, 'review', '', ?, ?, ?, 1)",
        log,
    )
    raw.executemany(
        "INSERT INTO bookmark(question_id, created_at, note) VALUES (?, ?, '')",
        [(i, now) for i in rng.sample(range(1, QUESTIONS + 1), BOOKMARKS)],
    )
    raw.executemany(
        "UPDATE question SET flagged_at = ? WHERE id = ?",
        [(now, i) for i in rng.sample(range(1, QUESTIONS + 1), FLAGS)],
    )


def index_sizes(path: Path) -> str:
    raw = sqlite3.connect(path)
    try:
        sizes = {
            table: raw.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name IN (?, ?, ?, ?)",
                tuple(f"{table}_{shadow}" for shadow in ("data", "idx", "docsize", "config")),
            ).fetchone()[0]
            for table in FTS_TABLES
        }
    except sqlite3.OperationalError:  # dbstat is a compile-time option
        return "(index sizes: dbstat not available)"
    finally:
        raw.close()
    total = path.stat().st_size
    shown = ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sizes.items())
    return f"file {total / 1e6:.1f} MB: {shown}"


def median_wall_and_cpu_ms(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    for _ in range(2):
        action()
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.thread_time()
        action()
        cpu.append((time.thread_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    """`bench/search.py [FILE]`: FILE keeps the generated database (built if missing),
    since building it takes minutes."""
    recall = RecallCurve(*decay_constants())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(folder) / "studyapp.sqlite3"
        if not path.exists():
            populate(path)
        db = Database.open(path)
        rows = []
        try:
            fts.upkeep(db)  # what the window's worker does at every start
            with db.begin() as session:
                segments = fts.segment_count(session.connection())
            with db.begin() as session:
                for label, query in QUERIES:
                    count = len(search_ids(session, query, NOW, recall))

                    def top(query: str = query) -> object:
                        return search(session, query, NOW, recall, limit=LIMIT)

                    ms, cpu_ms = median_wall_and_cpu_ms(top, repeat=15)
                    verdict = "ok" if ms <= TARGET_MS else "SLOW"
                    rows.append((label, query, f"{count:,}", f"{ms:.2f}", f"{cpu_ms:.2f}", verdict))
        finally:
            db.close()
        print_table(
            f"Search, top {LIMIT} of {QUESTIONS:,} questions (median ms; target ≤ {TARGET_MS})",
            ("query", "text", "matches", "ms", "cpu ms", ""),
            rows,
        )
        print(f"{index_sizes(path)}; the word index in {segments} segment(s)")


if __name__ == "__main__":
    main()
