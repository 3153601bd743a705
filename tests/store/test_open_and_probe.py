"""Opening a database: pragmas, and every kind of file that must be refused untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.errors import (
    DatabaseNotOurs,
    DatabaseTooNew,
    DatabaseUnreadable,
    MigrationFailed,
    StudyAppError,
)
from studyapp.store.db import Database
from studyapp.store.migrate import MIGRATIONS_DIR
from studyapp.store.schema import APPLICATION_ID
from studyapp.store.versions import SCHEMA_VERSION


def fingerprint(path: Path) -> dict[str, str | None]:
    """Hashes of the database and its WAL, which a refusal must leave byte-identical."""
    result: dict[str, str | None] = {}
    for suffix in ("", "-wal"):
        file = Path(f"{path}{suffix}")
        result[suffix or "db"] = (
            hashlib.sha256(file.read_bytes()).hexdigest() if file.exists() else None
        )
    return result


def test_new_database_has_the_pragmas_in_force(db: Database) -> None:
    with db.begin() as session:

        def pragma(name: str) -> object:
            return session.execute(text(f"PRAGMA {name}")).scalar()

        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("locking_mode") == "exclusive"
        assert pragma("application_id") == APPLICATION_ID
        assert pragma("user_version") == SCHEMA_VERSION
        assert pragma("busy_timeout") == 2000


def test_reopening_keeps_data(db_path: Path) -> None:
    first = Database.open(db_path)
    with first.begin() as session:
        session.execute(text("INSERT INTO setting(key, value) VALUES ('k', 'v')"))
    first.close()
    second = Database.open(db_path)
    with second.begin() as session:
        value = session.execute(text("SELECT value FROM setting WHERE key = 'k'")).scalar()
        assert value == "v"
    second.close()


def test_second_connection_is_locked_out_while_open(db: Database, db_path: Path) -> None:
    with db.begin() as session:
        session.execute(text("INSERT INTO setting(key, value) VALUES ('k', 'v')"))
    with pytest.raises(StudyAppError, match="in use"):
        Database.open(db_path)


def _assert_refused(path: Path, error: type[StudyAppError], match: str) -> None:
    before = fingerprint(path)
    with pytest.raises(error, match=match) as caught:
        Database.open(path)
    assert caught.value.hint, "every refusal says what to do"
    assert fingerprint(path) == before


def test_empty_file_is_refused_untouched(db_path: Path) -> None:
    db_path.write_bytes(b"")
    _assert_refused(db_path, DatabaseNotOurs, "empty")


def test_text_file_is_refused_untouched(db_path: Path) -> None:
    db_path.write_text("these are my notes, not a database\n" * 100)
    _assert_refused(db_path, DatabaseNotOurs, "not a SQLite database")


def test_foreign_sqlite_with_pending_wal_is_refused_untouched(db_path: Path) -> None:
    other = sqlite3.connect(db_path)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("PRAGMA wal_autocheckpoint=0")
    other.execute("CREATE TABLE notes(body TEXT)")
    other.execute("INSERT INTO notes VALUES ('keep me')")
    other.commit()
    try:
        assert Path(f"{db_path}-wal").stat().st_size > 0
        _assert_refused(db_path, DatabaseNotOurs, "not one made by StudyApp")
    finally:
        other.close()


def test_newer_schema_is_refused_untouched(db_path: Path) -> None:
    Database.open(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA user_version = 99")
    raw.commit()
    raw.close()
    _assert_refused(db_path, DatabaseTooNew, "newer StudyApp")


def test_corrupt_file_is_refused_untouched(db_path: Path) -> None:
    database = Database.open(db_path)
    with database.begin() as session:
        for i in range(400):
            session.execute(
                text("INSERT INTO setting(key, value) VALUES (:k, :v)"),
                {"k": f"key{i}", "v": "x" * 500},
            )
    database.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):  # keep the header page
        data[offset : offset + 64] = b"\xa5" * 64
    db_path.write_bytes(bytes(data))
    _assert_refused(db_path, DatabaseUnreadable, "damaged|cannot be read")


def test_truncated_file_is_refused_untouched(db_path: Path) -> None:
    Database.open(db_path).close()
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])
    _assert_refused(db_path, DatabaseUnreadable, "damaged|cannot be read")


def test_folder_in_place_of_the_file_is_refused(db_path: Path) -> None:
    db_path.mkdir()
    with pytest.raises(DatabaseUnreadable, match="folder"):
        Database.open(db_path)


BROKEN_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("INSERT INTO setting(key, value) VALUES ('half', 'done')")
    op.execute("PRAGMA user_version = 3")
    raise RuntimeError("simulated failure in the middle of a migration")
"""


def test_migration_failing_halfway_leaves_the_file_unchanged(db_path: Path, tmp_path: Path) -> None:
    Database.open(db_path).close()
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    head = max(path.name.split("_")[0] for path in (MIGRATIONS_DIR / "versions").glob("0*.py"))
    (migrations / "versions" / "9999_broken.py").write_text(BROKEN_REVISION.replace("{head}", head))
    before = fingerprint(db_path)
    with pytest.raises(MigrationFailed, match="simulated failure"):
        Database.open(db_path, migrations=migrations)
    assert fingerprint(db_path) == before
    reopened = Database.open(db_path)
    with reopened.begin() as session:
        tables = session.execute(text("SELECT name FROM sqlite_master")).scalars().all()
        assert "half_done" not in tables
        assert session.execute(text("PRAGMA user_version")).scalar() == SCHEMA_VERSION
    reopened.close()


def test_migrations_build_exactly_the_models_schema(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from studyapp.store.schema import Base

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, Base.metadata)
    # The FTS5 table and its shadow tables are not models; everything else must match.
    differences = [d for d in differences if "question_fts" not in str(d)]
    assert differences == []


def test_a_bulk_write_leaves_copying_the_log_to_the_next_commit(db: Database) -> None:
    """An import's commit makes its log durable without also copying it into the file;
    the next ordinary commit does, and the automatic checkpoint is back even after a
    failure."""
    path = db.path
    big = "x" * 10_000
    cache = db.raw_connection().execute("PRAGMA cache_size").fetchone()
    with db.begin(bulk=True) as session:  # ~6 MB: far past 1,000 pages of log
        # An import writes through SQLite's small default cache, not the searches' larger one.
        assert db.raw_connection().execute("PRAGMA cache_size").fetchone() == (-2000,)
        for i in range(600):
            session.execute(
                text("INSERT INTO setting(key, value) VALUES (:k, :v)"), {"k": i, "v": big}
            )
    assert path.stat().st_size < 2_000_000  # still only in the log, which is durable
    assert db.raw_connection().execute("PRAGMA wal_autocheckpoint").fetchone() == (1000,)
    assert db.raw_connection().execute("PRAGMA cache_size").fetchone() == cache == (-8192,)
    with db.begin() as session:
        session.execute(text("INSERT INTO setting(key, value) VALUES ('after', '')"))
    assert path.stat().st_size > 6_000_000
    with pytest.raises(RuntimeError), db.begin(bulk=True):
        raise RuntimeError("an import that fails")
    assert db.raw_connection().execute("PRAGMA wal_autocheckpoint").fetchone() == (1000,)
    db.close()
    reopened = Database.open(path)
    with reopened.begin() as session:
        assert (
            session.scalar(text("SELECT count(*) FROM setting WHERE value = :v"), {"v": big}) == 600
        )
    reopened.close()
