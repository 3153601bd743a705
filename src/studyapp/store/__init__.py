"""Persistence: SQLite through SQLAlchemy 2. Nothing here knows about Qt or the study rules."""
