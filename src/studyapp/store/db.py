"""Opening the database: probe, pragmas, migrate, and one short transaction per action."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError as SqlDatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from studyapp.errors import MigrationFailed, StudyAppError
from studyapp.store import backup, diagnose, new_database
from studyapp.store.probe import probe

BUSY_TIMEOUT_MS = 2000
PARTIAL_SUFFIX = ".partial"
WAL_AUTOCHECKPOINT_PAGES = 1000  # SQLite's default
CACHE_KIB = 8 * 1024
BULK_CACHE_KIB = 2000  # SQLite's default


class Database:
    """One SQLite file, held exclusively by this process while it is open."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._device_id: str | None = None

    @property
    def device_id(self) -> str:
        """The id this database stamps on its log entries (read once, then kept)."""
        if self._device_id is None:
            from studyapp.store.mutations import device_id

            with self.begin() as session:
                self._device_id = device_id(session)
        return self._device_id

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        backups: Path | None = None,
        migrations: Path | None = None,
    ) -> Database:
        """Probe `path` read-only, back it up if it needs migrating, then migrate and open it.

        A file that is not ours, too new or damaged raises before anything is written. A new
        file is made and migrated under a temporary name, then renamed into place.
        """
        found = probe(path)
        if found.exists:
            diagnose.check_writable(path)
        if not found.exists:
            _create(path, migrations)
        elif found.needs_migration or migrations is not None:
            if found.needs_migration and backups is not None:
                moment = datetime.now(UTC)
                label = f"{backup.BEFORE_MIGRATION}{found.schema_version}"
                backup.backup_file(path, backups / backup.backup_name(moment, label))
            _migrate(path, migrations)
        return cls(path, _create_engine(path))

    @contextmanager
    def begin(self, *, bulk: bool = False) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE) that commits when the block ends.

        `bulk` for an import: its commit makes the log durable but does not also copy it
        into the database file (SQLite's automatic checkpoint, part of any commit once the
        log passes 1,000 pages, was half of a 100,000-question import's commit); the next
        ordinary commit, or closing, does that copy. And it writes through SQLite's default
        2 MB page cache: with the 8 MB that searches keep (CACHE_KIB) the same import took
        0.3-0.5 s longer."""
        settings = self._bulk_settings() if bulk else nullcontext()
        with settings, translate_errors(self.path), self._sessions.begin() as session:
            yield session

    @contextmanager
    def _bulk_settings(self) -> Iterator[None]:
        driver = self.raw_connection()
        driver.execute("PRAGMA wal_autocheckpoint=0")
        driver.execute(f"PRAGMA cache_size={-BULK_CACHE_KIB}")
        try:
            yield
        finally:  # after the commit (or the rollback)
            driver.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
            driver.execute(f"PRAGMA cache_size={-CACHE_KIB}")

    @contextmanager
    def trial(self) -> Iterator[Session]:
        """A write transaction that always rolls back: for dry runs that must report
        exactly what a real write would do."""
        with translate_errors(self.path), self._sessions() as session:
            transaction = session.begin()
            try:
                yield session
                session.flush()
            finally:
                transaction.rollback()

    def close(self) -> None:
        self.engine.dispose()

    def raw_connection(self) -> sqlite3.Connection:
        """The driver connection, for SQLite-only work such as the backup API."""
        driver = self.engine.raw_connection().driver_connection
        assert isinstance(driver, sqlite3.Connection)
        return driver


def _create(path: Path, migrations: Path | None) -> None:
    """Make a new database under a temporary name and rename it into place when complete,
    so that a first start killed at any moment leaves either no file or a whole one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise diagnose.explain(path, exc) from exc
    diagnose.check_writable(path)
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    for leftover in _with_sidecars(partial):  # from a first start that was killed
        leftover.unlink(missing_ok=True)
    if migrations is None and new_database.template_fits():
        try:
            new_database.copy_template(partial)
        except (OSError, sqlite3.Error) as exc:
            raise diagnose.explain(partial, exc) from exc
    else:
        _migrate(partial, migrations)
    if any(side.exists() for side in _with_sidecars(partial)[1:]):
        raise MigrationFailed(
            f"Creating the database {path} did not finish cleanly.",
            "Start StudyApp again; if this persists, report it with the log file.",
        )
    backup.fsync_file(partial)
    if path.exists():  # another process won the race: never replace its file
        partial.unlink()
        return
    os.replace(partial, path)
    backup.fsync_dir(path.parent)


def _with_sidecars(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]


def _migrate(path: Path, migrations: Path | None) -> None:
    """Run the migrations in one transaction on a connection whose foreign keys were
    switched off before BEGIN (inside a transaction the pragma is a no-op, and a table
    rebuild with them on deletes every row that refers to the table)."""
    engine = _create_engine(path, foreign_keys=False)
    try:
        with translate_errors(path), engine.begin() as connection:
            # Alembic loads only when there is something to migrate: it costs a fifth of a
            # second of start-up.
            from studyapp.store import migrate

            migrate.upgrade(connection, migrations)
    except StudyAppError:
        raise
    except Exception as exc:
        raise MigrationFailed(
            f"Upgrading the database {path} to this version of StudyApp failed: {exc}.",
            "Nothing was changed: the file is as it was. Use the previous StudyApp "
            "version, and report this problem with the log file.",
        ) from exc
    finally:
        engine.dispose()


def _create_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        poolclass=StaticPool,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _connect_hook(foreign_keys))
    event.listen(engine, "begin", _on_begin)
    return engine


def _connect_hook(foreign_keys: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions start (its documented
        # recipe), so that DDL and savepoints are really transactional.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # EXCLUSIVE before the first WAL access: no shared-memory index is ever created,
        # and another process cannot open the file while we hold it.
        for pragma in (
            "PRAGMA locking_mode=EXCLUSIVE",
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=FULL",
            # 8 MB of page cache (SQLite's default is 2 MB): a search at 100,000 questions
            # reads ~1,700 pages of the index and the questions, which then stay for the
            # next keystroke's search (`function is:due` 19.6 -> 13.2 ms, bench/search.py).
            # It fills only as pages are read: a small collection never uses it all.
            f"PRAGMA cache_size={-CACHE_KIB}",
            f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}",
            f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
        ):
            cursor.execute(pragma)
        cursor.close()

    return on_connect


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's operational failures into errors that say what to do."""
    try:
        yield
    except StudyAppError:
        raise
    except (OperationalError, sqlite3.OperationalError) as exc:
        raise diagnose.explain(path, exc) from exc
    except (SqlDatabaseError, sqlite3.DatabaseError) as exc:
        # Integrity and programming errors are bugs: let them reach the crash dialog.
        if diagnose.is_damage(str(getattr(exc, "orig", exc))):
            raise diagnose.explain(path, exc) from exc
        raise
