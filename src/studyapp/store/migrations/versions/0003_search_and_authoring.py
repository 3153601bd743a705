"""Search that suits code, and what editing in the app needs.

- `question_fts` is rebuilt with stemming (porter) and `_` as a token character, so that
  "classes" finds "class" and `__init__` is one token instead of every "init";
- `question_fts_trigram`, a trigram index over the same columns: substring search for code
  (`std::vector`, `O(n)`), which no word tokenizer can do;
- `question.flagged_at` and `question.flag_note`: "flag for fixing", with a partial index
  because the flagged few are listed on their own.

Both indexes are external-content tables over `question`: the runner recreates their
triggers from store/derived.py and rebuilds them from the table after this revision.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen here rather than imported: a migration must not change when the code does.
STATEMENTS = [
    "ALTER TABLE question ADD COLUMN flagged_at BIGINT",
    "ALTER TABLE question ADD COLUMN flag_note TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX ix_question_flagged ON question (flagged_at) WHERE flagged_at IS NOT NULL",
    "DROP TABLE question_fts",
    """CREATE VIRTUAL TABLE question_fts USING fts5(
        prompt_md, answer_md, content='question', content_rowid='id',
        tokenize="porter unicode61 remove_diacritics 2 tokenchars '_'")""",
    """CREATE VIRTUAL TABLE question_fts_trigram USING fts5(
        prompt_md, answer_md, content='question', content_rowid='id', tokenize='trigram')""",
    "PRAGMA user_version = 3",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("StudyApp never downgrades a user's database")
