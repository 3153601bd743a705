"""The full-text indexes (words and trigrams) over prompts and answers, kept in step with
`question` by triggers, except after a bulk import.

Indexing costs more than writing the questions (~40% of a 100,000-row import), and nobody
searches while an import runs: a bulk import writes its questions unindexed, leaving a
mark (derived.FTS_PENDING_SETTING) that the triggers respect, and commits. The index then
catches up in one statement a table, in a transaction of its own: in the window's worker
right after the import (or at the next start after a crash), or before the next search,
whichever comes first. A search never sees a half-made index.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from studyapp.store.derived import FTS_INSERT_TRIGGER, FTS_PENDING_SETTING, FTS_TABLES, TRIGGERS

if TYPE_CHECKING:
    from studyapp.store.db import Database

# FTS5 writes its pending terms out as a new segment each time they pass `hashsize` bytes
# (1 MB by default) and merges segments as they pile up (`automerge`, 4 at a level). For
# 100,000 questions the trigram index spends most of its time in those merges: for the one
# bulk statement, a larger buffer makes fewer segments and merging waits for 16 of them
# (FTS5's own crisis threshold, so a later small write never meets a backlog). This halves
# the trigram index's time for ~3 MB more peak memory (bench/importer.py). Larger buffers
# save little more and cost their size again in memory.
BULK_SETTINGS = {"hashsize": 8 * 1024 * 1024, "automerge": 16}
DEFAULT_SETTINGS = {"hashsize": 1024 * 1024, "automerge": 4}  # FTS5's defaults

# Each segment of an index is searched on its own: a word's walk merges their lists, and a
# lookup of one row (a page of results, the questions of a short state list) seeks in every
# segment: ~6 µs a lookup with one segment, ~17 µs with the six that a 100,000-question
# catch-up and FTS5's automerge leave (bench/search.py: the common word 9 → 5 ms). Merging
# the word index into one segment takes ~0.4 s per 100,000 questions. The trigram index is
# seven times larger: merging it rewrites ~200 MB in ~3 s, for code searches that are
# already within their budget, so FTS5's automerge alone keeps it.
MERGED_INDEX = FTS_TABLES[0]
SEGMENTS_WORTH_MERGING = 4


@contextmanager
def deferred_indexing(connection: Connection, first_new_id: int) -> Iterator[None]:
    """Leave the rows inserted inside (this transaction's bulk insert, from `first_new_id`
    on) unindexed, for `catch_up`. A mark left by an earlier import that has not caught up
    yet stays: it is lower. The insert trigger is away meanwhile: even with nothing to do,
    a trigger costs ~10 µs a row, a second per 100,000 (DDL in the transaction: a failure
    rolls it back with the rows)."""
    connection.exec_driver_sql(
        "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
        "value = min(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
        (FTS_PENDING_SETTING, str(first_new_id)),
    )
    connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {FTS_INSERT_TRIGGER}")
    yield
    connection.exec_driver_sql(TRIGGERS[FTS_INSERT_TRIGGER])


# The first question id not yet indexed (no row: the index is complete); `check` asks it too.
PENDING_SQL = "SELECT CAST(value AS INTEGER) FROM setting WHERE key = ?"


def pending_from(connection: Connection) -> int | None:
    """The first question id not yet indexed, or None when the index is complete."""
    value = connection.exec_driver_sql(PENDING_SQL, (FTS_PENDING_SETTING,)).scalar()
    return None if value is None else int(value)


def catch_up(connection: Connection) -> int:
    """Index the rows a bulk import left, as they are now, in the caller's transaction;
    the number of rows indexed (0, at the cost of one lookup, when none wait)."""
    first = pending_from(connection)
    if first is None:
        return 0
    count = 0
    for table in FTS_TABLES:
        _configure(connection, table, BULK_SETTINGS)
        count = connection.exec_driver_sql(
            f"INSERT INTO {table}(rowid, prompt_md, answer_md) "
            "SELECT id, prompt_md, answer_md FROM question WHERE id >= ?",
            (first,),
        ).rowcount
        _configure(connection, table, DEFAULT_SETTINGS)
    connection.exec_driver_sql("DELETE FROM setting WHERE key = ?", (FTS_PENDING_SETTING,))
    return max(count, 0)


def upkeep(db: Database) -> int:
    """What the window's worker runs after an import and at every start, so that the first
    search does not wait: the rows a bulk import left are indexed, then the word index is
    merged if fragmented (its own commit: the rows are in already). The rows indexed."""
    with db.begin() as session:
        indexed = catch_up(session.connection())
    with db.begin() as session:
        merge_if_fragmented(session.connection())
    return indexed


def segment_count(connection: Connection, table: str = MERGED_INDEX) -> int:
    """The number of segments (b-trees) in `table`'s index: each has rows in its `_idx`."""
    return int(
        connection.exec_driver_sql(f"SELECT count(DISTINCT segid) FROM {table}_idx").scalar() or 0
    )


def merge_if_fragmented(connection: Connection) -> bool:
    """Merge the word index into one segment when it has SEGMENTS_WORTH_MERGING or more, in
    the caller's transaction: after a bulk catch-up, and at a start once edits have piled
    small segments up. Whether it merged."""
    if segment_count(connection) < SEGMENTS_WORTH_MERGING:
        return False
    connection.exec_driver_sql(f"INSERT INTO {MERGED_INDEX}({MERGED_INDEX}) VALUES ('optimize')")
    return True


def _configure(connection: Connection, table: str, settings: dict[str, int]) -> None:
    # FTS5 keeps these in the index's own config table: they roll back with the transaction.
    for name, value in settings.items():
        connection.exec_driver_sql(
            f"INSERT INTO {table}({table}, rank) VALUES (?, ?)", (name, value)
        )
