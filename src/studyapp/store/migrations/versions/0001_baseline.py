"""Baseline schema: topics, questions, sources, FSRS state, review log, bookmarks, settings,
and a full-text index over prompts and answers.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from studyapp.store.schema import APPLICATION_ID

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

FTS_SQL = [
    """CREATE VIRTUAL TABLE question_fts USING fts5(
        prompt_md, answer_md, content='question', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER question_fts_insert AFTER INSERT ON question BEGIN
        INSERT INTO question_fts(rowid, prompt_md, answer_md)
        VALUES (new.id, new.prompt_md, new.answer_md);
    END""",
    """CREATE TRIGGER question_fts_delete AFTER DELETE ON question BEGIN
        INSERT INTO question_fts(question_fts, rowid, prompt_md, answer_md)
        VALUES ('delete', old.id, old.prompt_md, old.answer_md);
    END""",
    """CREATE TRIGGER question_fts_update AFTER UPDATE OF prompt_md, answer_md ON question BEGIN
        INSERT INTO question_fts(question_fts, rowid, prompt_md, answer_md)
        VALUES ('delete', old.id, old.prompt_md, old.answer_md);
        INSERT INTO question_fts(rowid, prompt_md, answer_md)
        VALUES (new.id, new.prompt_md, new.answer_md);
    END""",
]


def _millis(name: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(), nullable=False, unique=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("path", sa.String(), nullable=True),
        sa.Column("content_hash", sa.String(), nullable=False),
        _millis("imported_at"),
    )
    op.create_table(
        "topic",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("topic.id", ondelete="CASCADE")),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("source.id", ondelete="SET NULL")),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_topic_parent_id", "topic", ["parent_id"])
    op.create_table(
        "question",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "topic_id",
            sa.Integer(),
            sa.ForeignKey("topic.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("source.id", ondelete="SET NULL")),
        sa.Column("external_key", sa.String(), nullable=False),
        sa.Column("prompt_md", sa.Text(), nullable=False),
        sa.Column("answer_md", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        _millis("created_at"),
        _millis("updated_at"),
        _millis("retired_at", nullable=True),
        sa.UniqueConstraint("source_id", "external_key", name="uq_question_source_key"),
    )
    op.create_index("ix_question_topic_active", "question", ["topic_id", "retired_at", "position"])
    op.create_index("ix_question_deck_order", "question", ["source_id", "position"])
    op.create_table(
        "card_state",
        sa.Column(
            "question_id",
            sa.Integer(),
            sa.ForeignKey("question.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        _millis("due"),
        _millis("last_review", nullable=True),
    )
    op.create_index("ix_card_state_due", "card_state", ["due", "question_id"])
    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "question_id",
            sa.Integer(),
            sa.ForeignKey("question.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("rating", sa.Integer(), nullable=False),
        _millis("reviewed_at"),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("was_new", sa.Boolean(), nullable=False),
        sa.Column("prev_state", sa.Integer(), nullable=True),
        sa.Column("prev_step", sa.Integer(), nullable=True),
        sa.Column("prev_stability", sa.Float(), nullable=True),
        sa.Column("prev_difficulty", sa.Float(), nullable=True),
        _millis("prev_due", nullable=True),
        _millis("prev_last_review", nullable=True),
    )
    op.create_index("ix_review_log_question", "review_log", ["question_id", "reviewed_at"])
    op.create_index("ix_review_log_reviewed_at", "review_log", ["reviewed_at"])
    op.create_table(
        "bookmark",
        sa.Column(
            "question_id",
            sa.Integer(),
            sa.ForeignKey("question.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        _millis("created_at"),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    for statement in FTS_SQL:
        op.execute(statement)
    op.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    op.execute("PRAGMA user_version = 1")


def downgrade() -> None:
    raise NotImplementedError("StudyApp never downgrades a user's database")
