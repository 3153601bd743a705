"""The full-text indexes (words and trigrams) over prompts and answers, kept in step with
`question` by triggers.

Bulk imports bypass the per-row insert trigger (it costs ~40 µs a row) and index the new
rows in one statement instead, inside the same transaction, so the index never falls behind.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from studyapp.store.derived import FTS_INSERT_TRIGGER, FTS_TABLES, TRIGGERS


def suspend_insert_trigger(connection: Connection) -> None:
    connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {FTS_INSERT_TRIGGER}")


def index_new_rows_and_resume(connection: Connection, first_new_id: int) -> None:
    for table in FTS_TABLES:
        connection.execute(
            text(
                f"INSERT INTO {table}(rowid, prompt_md, answer_md) "
                "SELECT id, prompt_md, answer_md FROM question WHERE id >= :first"
            ),
            {"first": first_new_id},
        )
    connection.exec_driver_sql(TRIGGERS[FTS_INSERT_TRIGGER])
