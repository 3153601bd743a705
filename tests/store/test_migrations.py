"""Migrations keep every row: frozen databases of each released schema are upgraded and
compared row by row, and migrations that rebuild tables cannot destroy history."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.errors import MigrationFailed
from studyapp.store import fts
from studyapp.store.check import check_database
from studyapp.store.content import BULK_INSERT_ROWS
from studyapp.store.db import Database
from studyapp.store.derived import FTS_PENDING_SETTING, TRIGGERS, VIEWS
from studyapp.store.migrate import MIGRATIONS_DIR
from studyapp.store.rotation import list_backups
from studyapp.store.versions import SCHEMA_VERSION
from studyapp.study import reviews
from studyapp.study.collection import Collection
from studyapp.study.scheduler import Grade

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("schema-*.sqlite3"))
TABLES = ("source", "topic", "question", "card_state", "review_log", "bookmark", "setting")
NOW_MS = 1_800_000_000_000
LATER = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
# The newest real revision, which the test revisions below build on.
HEAD = max(path.name.split("_")[0] for path in (MIGRATIONS_DIR / "versions").glob("0*.py"))


def rows_by_table(path: Path) -> dict[str, dict[object, dict[str, object]]]:
    """Every row of every table, keyed by rowid (or the key of `setting`), read read-only."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        result: dict[str, dict[object, dict[str, object]]] = {}
        for table in TABLES:
            key = "key" if table == "setting" else "rowid"
            cursor = connection.execute(f"SELECT {key}, * FROM {table}")
            names = [column[0] for column in cursor.description][1:]
            result[table] = {row[0]: dict(zip(names, row[1:], strict=True)) for row in cursor}
        return result
    finally:
        connection.close()


def schema_objects(path: Path, kind: str) -> set[str]:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        query = "SELECT name FROM sqlite_master WHERE type = ?"
        return {row[0] for row in connection.execute(query, (kind,))}
    finally:
        connection.close()


def search(path: Path, word: str) -> list[int]:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        query = "SELECT rowid FROM question_fts WHERE question_fts MATCH ? ORDER BY rowid"
        return [row[0] for row in connection.execute(query, (word,))]
    finally:
        connection.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(params=FIXTURES, ids=[f.stem for f in FIXTURES])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    target = tmp_path / "data" / "studyapp.sqlite3"
    target.parent.mkdir()
    shutil.copyfile(request.param, target)
    return target


def test_every_released_schema_has_a_frozen_fixture() -> None:
    versions = {int(f.stem.split("-")[1]) for f in FIXTURES}
    # The newest schema gets its fixture when it is released, from the code of that release.
    assert versions >= set(range(1, SCHEMA_VERSION))


def test_upgrading_a_frozen_database_keeps_every_row(old_database: Path, tmp_path: Path) -> None:
    before = rows_by_table(old_database)
    triggers_before = schema_objects(old_database, "trigger")
    words = ("rebase", "index", "returns", "python")
    found_before = {word: search(old_database, word) for word in words}
    version = schema_version_of(old_database)
    backups = tmp_path / "backups"

    db = Database.open(old_database, backups=backups)
    try:
        report = check_database(db, NOW_MS)
    finally:
        db.close()

    after = rows_by_table(old_database)
    consumed_mark(before, after, old_database)
    for table, old_rows in before.items():
        if table == "setting":  # a migration may add settings, never drop one
            assert after[table].keys() >= old_rows.keys()
        else:
            assert after[table].keys() == old_rows.keys(), table
        for key, old_row in old_rows.items():
            new_row = after[table][key]
            assert {c: new_row[c] for c in old_row} == old_row, (table, key)
    assert report.ok, report.format()
    assert triggers_before <= schema_objects(old_database, "trigger")
    assert set(TRIGGERS) <= schema_objects(old_database, "trigger")
    # Today's definitions, not the old file's: the search triggers must respect a pending
    # import's mark (schema 4), and would corrupt the index if they did not.
    connection = sqlite3.connect(old_database)
    defined = dict(connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    connection.close()
    assert {name: defined[name] for name in TRIGGERS} == TRIGGERS
    assert set(VIEWS) <= schema_objects(old_database, "view")
    assert {word: search(old_database, word) for word in words} == found_before
    assert all(found_before.values())
    copies = [b.path for b in list_backups(backups)]
    if version == SCHEMA_VERSION:
        assert copies == []  # the newest schema's fixture: nothing to migrate, nothing copied
        return
    # The copy taken before migrating is the old file, rows and all.
    (copy,) = copies
    assert "before-schema-" in copy.name
    assert rows_by_table(copy) == before


def consumed_mark(
    before: dict[str, dict[object, dict[str, object]]],
    after: dict[str, dict[object, dict[str, object]]],
    path: Path,
) -> None:
    """A migration rebuilds the search index from the table, which indexes the questions a
    bulk import left waiting: their mark (derived state, not the user's) goes with it. Then
    each of them is found, and the mark is left out of the comparison of settings."""
    if FTS_PENDING_SETTING in before["setting"] and FTS_PENDING_SETTING not in after["setting"]:
        assert len(search(path, "zeta")) == BULK_INSERT_ROWS
        del before["setting"][FTS_PENDING_SETTING]


def schema_version_of(path: Path) -> int:
    """The schema a frozen database was written with, from its Alembic revision."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        connection.close()
    return int(str(revision).split("_")[0])


def test_schema_1_gains_identity_and_an_append_only_log(tmp_path: Path) -> None:
    old_database = tmp_path / "studyapp.sqlite3"
    shutil.copyfile(FIXTURES[0], old_database)
    assert FIXTURES[0].name == "schema-1.sqlite3"
    Database.open(old_database).close()
    after = rows_by_table(old_database)
    device = after["setting"]["device_id"]["value"]
    assert uuid.UUID(str(device)).version == 7
    for table in ("source", "topic", "question", "review_log"):
        uids = [str(row["uid"]) for row in after[table].values()]
        assert len(set(uids)) == len(uids) > 0, table
        assert all(uuid.UUID(u).version == 7 for u in uids), table
    for row in after["review_log"].values():
        assert row["kind"] == "review"
        assert row["device_id"] == device
        # A migrated review's id is dated by the review itself.
        assert uuid.UUID(str(row["uid"])).int >> 80 == row["reviewed_at"]


def test_schema_3_indexes_code_and_stems_words(old_database: Path) -> None:
    Database.open(old_database).close()
    connection = sqlite3.connect(f"{old_database.as_uri()}?mode=ro", uri=True)
    try:
        trigram = "SELECT rowid FROM question_fts_trigram WHERE question_fts_trigram MATCH ?"
        # The deck's prompts hold `f(4)`: a substring no word index can find.
        assert [row[0] for row in connection.execute(trigram, ('"f(4)"',))] == [5]
        columns = {row[1] for row in connection.execute("PRAGMA table_info(question)")}
        assert {"flagged_at", "flag_note"} <= columns
    finally:
        connection.close()
    # Stemming: "replay" finds "Replays your commits".
    assert search(old_database, "replay") == search(old_database, "replays") != []


def test_an_import_waiting_for_the_index_is_indexed_after_the_upgrade(
    old_database: Path,
) -> None:
    """Schema 4's fixture holds a bulk import the app never indexed (it stopped first). Every
    fixture, once opened, gets the worker's upkeep: afterwards nothing waits, the word index
    is whole and finds every question of that import."""
    waiting = schema_version_of(old_database) >= 4
    db = Database.open(old_database)
    try:
        fts.upkeep(db)
        with db.begin() as session:
            assert fts.pending_from(session.connection()) is None
            session.execute(
                text("INSERT INTO question_fts(question_fts) VALUES ('integrity-check')")
            )
        report = check_database(db, NOW_MS)
    finally:
        db.close()
    assert report.ok, report.format()
    assert len(search(old_database, "zeta")) == (BULK_INSERT_ROWS if waiting else 0)


def test_a_migrated_database_grades_and_undoes_with_new_ids(old_database: Path) -> None:
    col = Collection.open(old_database)
    try:
        with col.db.begin() as session:
            before_max = session.execute(text("SELECT max(id) FROM review_log")).scalar()
        first = reviews.grade(col, 3, Grade.GOOD, LATER)
        assert first.review_id > before_max
        assert reviews.undo_last(col, LATER) is not None
        second = reviews.grade(col, 3, Grade.HARD, LATER)
        assert second.review_id > first.review_id + 1  # the undone id is never reused
        assert check_database(col.db, NOW_MS).ok
    finally:
        col.close()


REBUILD_REVISIONS = {
    "9001_rebuild_question.py": """
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("question", recreate="always") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
""",
    "9002_rebuild_topic.py": """
import sqlalchemy as sa
from alembic import op

revision = "9002"
down_revision = "9001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("topic", recreate="always") as batch:
        batch.add_column(sa.Column("colour", sa.String(), nullable=True))
    with op.batch_alter_table("review_log", recreate="always") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
""",
}


def migrations_with(tmp_path: Path, revisions: dict[str, str]) -> Path:
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    for name, source in revisions.items():
        (migrations / "versions" / name).write_text(source.replace("{head}", HEAD))
    return migrations


def test_table_rebuilds_keep_history_triggers_and_the_index(
    old_database: Path, tmp_path: Path
) -> None:
    """Alembic's batch mode drops and recreates tables: with foreign keys on inside the
    transaction this used to delete every state, review and bookmark."""
    Database.open(old_database).close()
    before = rows_by_table(old_database)
    found_before = search(old_database, "rebase")
    migrations = migrations_with(tmp_path, REBUILD_REVISIONS)
    db = Database.open(old_database, migrations=migrations)
    try:
        assert check_database(db, NOW_MS).ok
    finally:
        db.close()
    after = rows_by_table(old_database)
    consumed_mark(before, after, old_database)
    for table in TABLES:
        assert len(after[table]) == len(before[table]) > 0, table
    assert set(TRIGGERS) <= schema_objects(old_database, "trigger")
    # Today's definitions, not the old file's: the search triggers must respect a pending
    # import's mark (schema 4), and would corrupt the index if they did not.
    connection = sqlite3.connect(old_database)
    defined = dict(connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    connection.close()
    assert {name: defined[name] for name in TRIGGERS} == TRIGGERS
    assert search(old_database, "rebase") == found_before != []


BREAKING_REVISION = """
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM question WHERE id = (SELECT min(question_id) FROM review_log)")
"""


def test_a_migration_that_breaks_references_is_rolled_back(
    old_database: Path, tmp_path: Path
) -> None:
    Database.open(old_database).close()
    fingerprint = digest(old_database)
    migrations = migrations_with(tmp_path, {"9001_break.py": BREAKING_REVISION})
    with pytest.raises(MigrationFailed, match="broken reference"):
        Database.open(old_database, migrations=migrations)
    assert digest(old_database) == fingerprint
    assert not Path(f"{old_database}-wal").exists()


def test_migrations_refuse_a_connection_with_foreign_keys_on(old_database: Path) -> None:
    """Inside a transaction `PRAGMA foreign_keys` is a no-op, and a table rebuild with them on
    deletes the rows that refer to it: the runner checks before it touches anything."""
    from studyapp.store import migrate
    from studyapp.store.db import _create_engine

    fingerprint = digest(old_database)
    engine = _create_engine(old_database, foreign_keys=True)
    try:
        with (
            engine.connect() as connection,
            connection.begin(),
            pytest.raises(RuntimeError, match="foreign_keys=OFF, set before BEGIN"),
        ):
            migrate.upgrade(connection)
    finally:
        engine.dispose()
    assert digest(old_database) == fingerprint
