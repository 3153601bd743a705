"""The full-text indexes (words and trigrams) over prompts and answers, kept in step with
`question` by triggers.

Bulk imports bypass the per-row insert trigger (it costs ~40 µs a row) and index the new
rows in one statement instead, inside the same transaction, so the index never falls behind.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from studyapp.store.derived import FTS_INSERT_TRIGGER, FTS_TABLES, TRIGGERS

# FTS5 writes its pending terms out as a new segment each time they pass `hashsize` bytes
# (1 MB by default) and merges segments as they pile up (`automerge`, 4 at a level). For
# 100,000 questions the trigram index spends most of its time in those merges: for the one
# bulk statement, a larger buffer makes fewer segments and merging waits for 16 of them
# (FTS5's own crisis threshold, so a later small write never meets a backlog). This halves
# the trigram index's time for ~3 MB more peak memory (bench/importer.py). Larger buffers
# save little more and cost their size again in memory, over issue 14's 150 MB.
BULK_SETTINGS = {"hashsize": 8 * 1024 * 1024, "automerge": 16}
DEFAULT_SETTINGS = {"hashsize": 1024 * 1024, "automerge": 4}  # FTS5's defaults


def suspend_insert_trigger(connection: Connection) -> None:
    connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {FTS_INSERT_TRIGGER}")


def index_new_rows_and_resume(connection: Connection, first_new_id: int) -> None:
    for table in FTS_TABLES:
        _configure(connection, table, BULK_SETTINGS)
        connection.execute(
            text(
                f"INSERT INTO {table}(rowid, prompt_md, answer_md) "
                "SELECT id, prompt_md, answer_md FROM question WHERE id >= :first"
            ),
            {"first": first_new_id},
        )
        _configure(connection, table, DEFAULT_SETTINGS)
    connection.exec_driver_sql(TRIGGERS[FTS_INSERT_TRIGGER])


def _configure(connection: Connection, table: str, settings: dict[str, int]) -> None:
    # FTS5 keeps these in the index's own config table: they roll back with the import.
    for name, value in settings.items():
        connection.exec_driver_sql(
            f"INSERT INTO {table}({table}, rank) VALUES (?, ?)", (name, value)
        )
