"""The search index may lag a bulk import: its triggers leave the rows of a pending import
to the catch-up (store/fts.py, setting `search_index_pending_from`).

No table changes: the runner recreates the triggers from store/derived.py after this
revision. The number still moves, because StudyApp 3's triggers would index those rows on
their own (twice, once caught up) or delete entries that were never written: a file with
a pending import must be refused by it, as a newer file is.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("PRAGMA user_version = 4")


def downgrade() -> None:
    raise NotImplementedError("StudyApp never downgrades a user's database")
