"""Lasting identity and a history that is never rewritten.

- a UUIDv7 `uid` on sources, topics, questions and reviews, dated by the row's own time;
- a device id for this database (setting `device_id`), stamped on every review;
- `question.edited_at`, `suspended_at`, `deleted_at` and `topic.deleted_at` (soft deletes);
- `review_log.kind` ('review', 'revert', 'reset') and `reverts_id`: undo and reset append
  entries; triggers refuse UPDATE and DELETE on the log; ids are AUTOINCREMENT (never reused);
- no ON DELETE CASCADE from topics or questions into states, reviews and bookmarks;
- the view `effective_review` (the reviews that count) and the triggers, which the migration
  runner recreates from store/derived.py after every migration.

Every table is rebuilt by SQLite's 12-step procedure (create, copy, drop, rename); the runner
has switched foreign keys off and checks `foreign_key_check` before COMMIT.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NOW_MILLIS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"


def uuid7_sql(millis: str) -> str:
    # Frozen here rather than imported: a migration must not change when the code does.
    return (
        f"lower(printf('%08x-%04x-7%03x-%x%03x-%012x', ({millis}) >> 16, ({millis}) & 65535, "
        "random() & 4095, 8 + (random() & 3), random() & 4095, random() & 281474976710655))"
    )


TABLES = {
    "source": (
        """CREATE TABLE source_new (
            id INTEGER NOT NULL PRIMARY KEY,
            uid VARCHAR NOT NULL UNIQUE,
            "key" VARCHAR NOT NULL UNIQUE,
            name VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            path VARCHAR,
            content_hash VARCHAR NOT NULL,
            imported_at BIGINT NOT NULL)""",
        'id, "key", name, kind, path, content_hash, imported_at',
        uuid7_sql("imported_at"),
    ),
    "topic": (
        """CREATE TABLE topic_new (
            id INTEGER NOT NULL PRIMARY KEY,
            uid VARCHAR NOT NULL UNIQUE,
            parent_id INTEGER REFERENCES topic (id),
            source_id INTEGER,
            title VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            deleted_at BIGINT,
            FOREIGN KEY (source_id) REFERENCES source (id) ON DELETE SET NULL)""",
        "id, parent_id, source_id, title, position",
        uuid7_sql(NOW_MILLIS),
    ),
    "question": (
        """CREATE TABLE question_new (
            id INTEGER NOT NULL PRIMARY KEY,
            uid VARCHAR NOT NULL UNIQUE,
            topic_id INTEGER NOT NULL REFERENCES topic (id),
            source_id INTEGER,
            external_key VARCHAR NOT NULL,
            prompt_md TEXT NOT NULL,
            answer_md TEXT NOT NULL,
            position INTEGER NOT NULL,
            tags TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            edited_at BIGINT,
            retired_at BIGINT,
            suspended_at BIGINT,
            deleted_at BIGINT,
            CONSTRAINT uq_question_source_key UNIQUE (source_id, external_key),
            FOREIGN KEY (source_id) REFERENCES source (id) ON DELETE SET NULL)""",
        "id, topic_id, source_id, external_key, prompt_md, answer_md, position, tags, "
        "created_at, updated_at, retired_at",
        uuid7_sql("created_at"),
    ),
    "card_state": (
        """CREATE TABLE card_state_new (
            question_id INTEGER NOT NULL PRIMARY KEY REFERENCES question (id),
            state INTEGER NOT NULL,
            step INTEGER,
            stability FLOAT,
            difficulty FLOAT,
            due BIGINT NOT NULL,
            last_review BIGINT)""",
        "question_id, state, step, stability, difficulty, due, last_review",
        None,
    ),
    "review_log": (
        """CREATE TABLE review_log_new (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            uid VARCHAR NOT NULL UNIQUE,
            question_id INTEGER NOT NULL REFERENCES question (id),
            kind VARCHAR NOT NULL,
            reverts_id INTEGER REFERENCES review_log (id),
            device_id VARCHAR NOT NULL,
            rating INTEGER NOT NULL,
            reviewed_at BIGINT NOT NULL,
            duration_ms INTEGER NOT NULL,
            was_new BOOLEAN NOT NULL,
            prev_state INTEGER,
            prev_step INTEGER,
            prev_stability FLOAT,
            prev_difficulty FLOAT,
            prev_due BIGINT,
            prev_last_review BIGINT)""",
        "id, question_id, rating, reviewed_at, duration_ms, was_new, prev_state, prev_step, "
        "prev_stability, prev_difficulty, prev_due, prev_last_review",
        uuid7_sql("reviewed_at"),
    ),
    "bookmark": (
        """CREATE TABLE bookmark_new (
            question_id INTEGER NOT NULL PRIMARY KEY REFERENCES question (id),
            created_at BIGINT NOT NULL,
            note TEXT NOT NULL)""",
        "question_id, created_at, note",
        None,
    ),
}

INDEXES = [
    "CREATE INDEX ix_topic_parent_id ON topic (parent_id)",
    "CREATE INDEX ix_question_active ON question (topic_id, source_id, position) "
    "WHERE retired_at IS NULL AND suspended_at IS NULL AND deleted_at IS NULL",
    "CREATE INDEX ix_question_deck_order ON question (source_id, position)",
    "CREATE INDEX ix_card_state_due ON card_state (due, question_id)",
    "CREATE INDEX ix_review_log_question ON review_log (question_id, reviewed_at)",
    "CREATE INDEX ix_review_log_reviewed_at ON review_log (reviewed_at)",
    "CREATE UNIQUE INDEX ix_review_log_reverts ON review_log (reverts_id) "
    "WHERE reverts_id IS NOT NULL",
]


def upgrade() -> None:
    op.execute(
        f"INSERT OR IGNORE INTO setting(key, value) VALUES ('device_id', {uuid7_sql(NOW_MILLIS)})"
    )
    for table, (create, columns, uid) in TABLES.items():
        op.execute(create)
        extra_columns = ", uid" if uid else ""
        extra_values = f", {uid}" if uid else ""
        if table == "review_log":
            extra_columns += ", kind, device_id"
            extra_values += ", 'review', (SELECT value FROM setting WHERE key = 'device_id')"
        op.execute(
            f"INSERT INTO {table}_new ({columns}{extra_columns}) "
            f"SELECT {columns}{extra_values} FROM {table}"
        )
        op.execute(f"DROP TABLE {table}")
        op.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
    for statement in INDEXES:
        op.execute(statement)
    # Schema 1 deleted undone reviews; from here on the ids have no gaps, which is how
    # `check` sees an entry that was deleted anyway.
    op.execute(
        "INSERT OR REPLACE INTO setting(key, value) SELECT 'review_log.append_only_since', "
        "CAST(coalesce(max(id), 0) + 1 AS TEXT) FROM review_log"
    )
    op.execute("PRAGMA user_version = 2")


def downgrade() -> None:
    raise NotImplementedError("StudyApp never downgrades a user's database")
