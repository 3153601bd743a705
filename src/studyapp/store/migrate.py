"""Alembic, driven from code on a connection that is already inside our BEGIN IMMEDIATE
transaction: a migration that fails halfway rolls back whole, leaving the file as it was."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from studyapp.errors import MigrationFailed
from studyapp.store import derived

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection, migrations: Path | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations or MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, migrations: Path | None = None) -> None:
    """Migrate to head on a connection with foreign keys off; refuse to commit a result
    whose references do not hold."""
    if connection.exec_driver_sql("PRAGMA foreign_keys").scalar() != 0:
        raise RuntimeError("migrations must run with foreign_keys=OFF, set before BEGIN")
    # Renames must not rewrite or re-check views and triggers while tables are rebuilt;
    # the derived objects are recreated afterwards anyway.
    connection.exec_driver_sql("PRAGMA legacy_alter_table=ON")
    try:
        derived.drop_all(connection)
        command.upgrade(alembic_config(connection, migrations), "head")
        derived.create_all(connection)
    finally:
        connection.exec_driver_sql("PRAGMA legacy_alter_table=OFF")
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        shown = ", ".join(f"{table} row {rowid} → {parent}" for table, rowid, parent, _ in broken)
        raise MigrationFailed(
            f"The upgraded database would have {len(broken)} broken reference(s): {shown[:300]}.",
            "Nothing was changed: the file is as it was. Use the previous StudyApp "
            "version, and report this problem with the log file.",
        )
