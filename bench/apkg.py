"""Anki package import benchmark: 10,000 notes with 100,000 reviews, into an empty store,
timed end to end (unzip, zstd, read the collection, map and convert HTML, replay or read
the schedule, back up, write content, states and history, commit).

Two packages of the current layout (meta version 3, zstd `collection.anki21b`): one whose
cards carry FSRS memory in `cards.data` (taken as is), one scheduled with SM-2 (the review
log is replayed through fsrs). Target (issue 17): ≤ 3 s.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import print_table
from studyapp.io.apkg import anki_schema
from studyapp.io.importer import import_file
from studyapp.store.db import Database

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
NOTES, REVIEWS_PER_CARD = 10_000, 10
WORDS = ["list", "tuple", "generator", "decorator", "index", "join", "cache", "thread"]
DAY_MS = 86_400_000


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def write_collection(path: Path, fsrs: bool) -> None:
    rng = random.Random(17)
    now_ms = int(NOW.timestamp() * 1000)
    crt = int(NOW.timestamp()) // 86_400 * 86_400 - 400 * 86_400
    decks = {100 + i: f"Area {i % 10}::Part {i}" for i in range(50)}
    connection = sqlite3.connect(path)
    connection.executescript(anki_schema.SCHEMA)
    connection.execute(
        "INSERT INTO col VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        anki_schema.col_row(crt, now_ms, decks),
    )
    notes, cards, revlog = [], [], []
    for i in range(NOTES):
        front = f"Q{i}: what does <b>{sentence(rng, 6)}</b> do?"
        back = f"<div>{sentence(rng, 20)}</div><ul><li>{sentence(rng, 5)}</li></ul>"
        notes.append(
            (i + 1, f"g{i}", anki_schema.MODEL_ID, 0, -1, "", f"{front}\x1f{back}", front, 0, 0, "")
        )
        first = now_ms - 300 * DAY_MS + i * 1000
        times = [first + k * 20 * DAY_MS for k in range(REVIEWS_PER_CARD)]
        revlog.extend(
            (t, i + 1, -1, rng.choice((1, 3, 3, 3, 4)), 20, 10, 2500, 8000, 1) for t in times
        )
        data = json.dumps({"s": 30.5, "d": 5.2}) if fsrs else ""
        due_day = (now_ms - crt * 1000) // DAY_MS + rng.randint(-5, 60)
        cards.append(
            (
                i + 1,
                i + 1,
                100 + i % 50,
                0,
                0,
                -1,
                2,
                2,
                due_day,
                20,
                2500,
                REVIEWS_PER_CARD,
                0,
                0,
                0,
                0,
                0,
                data,
            )
        )
    connection.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", notes)
    connection.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards)
    connection.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", revlog)
    connection.commit()
    connection.close()


def write_package(folder: Path, fsrs: bool) -> Path:
    import zstandard

    collection = folder / f"collection-{fsrs}.sqlite"
    write_collection(collection, fsrs)
    out = folder / f"{'fsrs' if fsrs else 'sm2'}.apkg"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("meta", b"\x08\x03")
        archive.writestr(
            "collection.anki21b", zstandard.ZstdCompressor().compress(collection.read_bytes())
        )
        archive.writestr("media", zstandard.ZstdCompressor().compress(b""))
    return out


def count(db: Database, table: str) -> int:
    with db.begin() as session:
        return int(
            session.connection().exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0
        )


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for fsrs, label in ((True, "FSRS memory in cards.data"), (False, "SM-2, log replayed")):
            package = write_package(folder, fsrs)
            db = Database.open(folder / f"{package.stem}.sqlite3")
            started, cpu = time.perf_counter(), time.process_time()
            report = import_file(db, package, NOW, backups=folder / "backups")
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            rows.append(
                (
                    label,
                    f"{report.created:,}",
                    f"{count(db, 'review_log'):,}",
                    f"{count(db, 'card_state'):,}",
                    f"{elapsed:.2f}",
                    f"{cpu:.2f}",
                )
            )
            db.close()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print_table(
        f"Anki package import: {NOTES:,} notes, {NOTES * REVIEWS_PER_CARD:,} reviews "
        f"(target ≤ 3 s; load average {load} on {os.cpu_count()} CPUs)",
        ("package", "questions", "reviews stored", "states", "seconds", "CPU seconds"),
        rows,
    )


if __name__ == "__main__":
    main()
