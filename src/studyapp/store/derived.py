"""Schema objects derived from the tables: the search index's triggers, the triggers that
keep the review log append-only, and the view of the reviews that count.

They have one owner, this module. The migration runner drops them before any migration (a
table rebuild would drop its triggers, and a view over a dropped table breaks the rename
that follows) and creates them afresh after it; `check` reports any that is missing.
"""

from __future__ import annotations

from sqlalchemy import Connection

FTS_INSERT_TRIGGER = "question_fts_insert"
# Both are external-content FTS5 tables over question(prompt_md, answer_md): words (stemmed)
# and trigrams (substrings of code). One trigger per event writes both, so that a bulk
# import that suspends the insert trigger suspends, and later indexes, both.
FTS_TABLES = ("question_fts", "question_fts_trigram")
# A bulk import commits its questions unindexed and leaves this setting: the id of its first
# question. Rows from there on are indexed later, as they are then (store/fts.py), so the
# triggers leave them alone: indexing a row twice, or deleting from the index a row that
# was never in it, would corrupt an external-content index.
FTS_PENDING_SETTING = "search_index_pending_from"


def _indexed(row: str) -> str:
    return (
        f"NOT EXISTS (SELECT 1 FROM setting WHERE key = '{FTS_PENDING_SETTING}' "
        f"AND CAST(value AS INTEGER) <= {row}.id)"
    )


def _fts_rows(values: str, *, delete: bool = False) -> str:
    prefix = "'delete', " if delete else ""
    return "".join(
        f"""
        INSERT INTO {table}({f"{table}, " if delete else ""}rowid, prompt_md, answer_md)
        VALUES ({prefix}{values}.id, {values}.prompt_md, {values}.answer_md);"""
        for table in FTS_TABLES
    )


TRIGGERS: dict[str, str] = {
    FTS_INSERT_TRIGGER: f"""CREATE TRIGGER question_fts_insert AFTER INSERT ON question
        WHEN {_indexed("new")} BEGIN
        {_fts_rows("new")}
    END""",
    "question_fts_delete": f"""CREATE TRIGGER question_fts_delete AFTER DELETE ON question
        WHEN {_indexed("old")} BEGIN
        {_fts_rows("old", delete=True)}
    END""",
    "question_fts_update": f"""CREATE TRIGGER question_fts_update
        AFTER UPDATE OF prompt_md, answer_md ON question WHEN {_indexed("old")} BEGIN
        {_fts_rows("old", delete=True)}
        {_fts_rows("new")}
    END""",
    # A later merge of two machines' logs relies on no entry ever changing or vanishing.
    "review_log_no_update": """CREATE TRIGGER review_log_no_update
        BEFORE UPDATE ON review_log BEGIN
        SELECT RAISE(ABORT, 'review_log is append-only: entries are never changed');
    END""",
    "review_log_no_delete": """CREATE TRIGGER review_log_no_delete
        BEFORE DELETE ON review_log BEGIN
        SELECT RAISE(ABORT, 'review_log is append-only: entries are never deleted');
    END""",
}

VIEWS: dict[str, str] = {
    # The reviews that count for statistics and replays: not undone.
    "effective_review": """CREATE VIEW effective_review AS
        SELECT r.* FROM review_log AS r
        WHERE r.kind = 'review'
          AND NOT EXISTS (SELECT 1 FROM review_log AS x WHERE x.reverts_id = r.id)""",
}


def drop_all(connection: Connection) -> None:
    for name in TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    for name in VIEWS:
        connection.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")


def create_all(connection: Connection) -> None:
    drop_all(connection)
    for sql in (*TRIGGERS.values(), *VIEWS.values()):
        connection.exec_driver_sql(sql)
    # Rebuilt tables keep their rowids, but a migration may write questions while the
    # triggers are away: re-derive the index from the table, whatever happened.
    for table in FTS_TABLES:
        connection.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
    connection.exec_driver_sql("DELETE FROM setting WHERE key = ?", (FTS_PENDING_SETTING,))


def missing(existing: set[str]) -> list[str]:
    """The derived objects absent from `existing` (names from sqlite_master)."""
    return [name for name in (*TRIGGERS, *VIEWS) if name not in existing]
