"""Import benchmark: a generated 100,000-question TSV and a 20,000-line outline, each into
an empty store, timed end to end (read, parse, back up, write, commit) with peak memory.

Target (issue 6): 100,000 questions in ≤ 5 s.
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import print_table
from studyapp.io.importer import import_file
from studyapp.store.db import Database

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WORDS = [
    "list",
    "tuple",
    "generator",
    "decorator",
    "index",
    "join",
    "cache",
    "queue",
    "lambda",
    "thread",
    "process",
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def write_tsv(path: Path, rows: int) -> None:
    rng = random.Random(1)
    lines = ["topic\tquestion\tanswer\ttags"]
    for i in range(rows):
        topic = f"Area {i % 50}::Part {i % 500}"
        lines.append(f"{topic}\tQ{i}: {sentence(rng, 8)}?\t{sentence(rng, 30)}\tt{i % 7}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_outline(path: Path, lines: int) -> None:
    rng = random.Random(2)
    out: list[str] = []
    section = 0
    while len(out) < lines:
        out.append(f"Section {section}:")
        section += 1
        for question in range(20):
            out.append(f"\t- Question {section}.{question} {sentence(rng, 5)}")
            out.extend(f"\t\t- {sentence(rng, 12)}" for _ in range(3))
    path.write_text("\n".join(out[:lines]) + "\n", encoding="utf-8")


def measure(source: Path, folder: Path, fmt: str) -> tuple[float, float, int]:
    """Seconds from a clean run, then peak Python memory from a second, traced run
    (tracing slows Python down several times, so it must not be in the timing)."""
    db = Database.open(folder / f"{source.stem}.sqlite3")
    started = time.perf_counter()
    report = import_file(db, source, NOW, fmt=fmt, backups=folder / "backups")
    elapsed = time.perf_counter() - started
    db.close()
    traced = Database.open(folder / f"{source.stem}-traced.sqlite3")
    tracemalloc.start()
    import_file(traced, source, NOW, fmt=fmt)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    traced.close()
    return elapsed, peak / 1024 / 1024, report.created


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        tsv, outline = folder / "cards.tsv", folder / "notes.txt"
        write_tsv(tsv, 100_000)
        write_outline(outline, 20_000)
        for source, fmt, label in (
            (tsv, "tsv", "TSV, 100,000 questions"),
            (outline, "outline", "outline, 20,000 lines"),
        ):
            seconds, peak_mb, created = measure(source, folder, fmt)
            rows.append((label, f"{created:,}", f"{seconds:.2f}", f"{peak_mb:.0f}"))
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print_table(
        f"Import into an empty store (process peak RSS {max_rss:.0f} MB)",
        ("file", "questions", "seconds", "peak Python MB"),
        rows,
    )


if __name__ == "__main__":
    main()
