"""Alembic, driven from code on a connection that is already inside our BEGIN IMMEDIATE
transaction: a migration that fails halfway rolls back whole, leaving the file as it was."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection, migrations: Path | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations or MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, migrations: Path | None = None) -> None:
    command.upgrade(alembic_config(connection, migrations), "head")
