"""The schema version this code writes. Each Alembic revision sets `PRAGMA user_version` to its
number, so the probe can tell a too-new file without loading Alembic."""

SCHEMA_VERSION = 4
