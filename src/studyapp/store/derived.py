"""Schema objects derived from the tables: the search index's triggers, the triggers that
keep the review log append-only, and the view of the reviews that count.

They have one owner, this module. The migration runner drops them before any migration (a
table rebuild would drop its triggers, and a view over a dropped table breaks the rename
that follows) and creates them afresh after it; `check` reports any that is missing.
"""

from __future__ import annotations

from sqlalchemy import Connection

FTS_INSERT_TRIGGER = "question_fts_insert"

TRIGGERS: dict[str, str] = {
    FTS_INSERT_TRIGGER: """CREATE TRIGGER question_fts_insert AFTER INSERT ON question BEGIN
        INSERT INTO question_fts(rowid, prompt_md, answer_md)
        VALUES (new.id, new.prompt_md, new.answer_md);
    END""",
    "question_fts_delete": """CREATE TRIGGER question_fts_delete AFTER DELETE ON question BEGIN
        INSERT INTO question_fts(question_fts, rowid, prompt_md, answer_md)
        VALUES ('delete', old.id, old.prompt_md, old.answer_md);
    END""",
    "question_fts_update": """CREATE TRIGGER question_fts_update
        AFTER UPDATE OF prompt_md, answer_md ON question BEGIN
        INSERT INTO question_fts(question_fts, rowid, prompt_md, answer_md)
        VALUES ('delete', old.id, old.prompt_md, old.answer_md);
        INSERT INTO question_fts(rowid, prompt_md, answer_md)
        VALUES (new.id, new.prompt_md, new.answer_md);
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
    connection.exec_driver_sql("INSERT INTO question_fts(question_fts) VALUES ('rebuild')")


def missing(existing: set[str]) -> list[str]:
    """The derived objects absent from `existing` (names from sqlite_master)."""
    return [name for name in (*TRIGGERS, *VIEWS) if name not in existing]
