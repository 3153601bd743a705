"""Shared fixtures: every test gets its own data dir and a real SQLite file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings

from studyapp.paths import database_path
from studyapp.store.content import QuestionSpec, SourceSpec, apply_content
from studyapp.store.db import Database

# The same examples on every run: a property or fuzz test that fails does so on every machine
# and every rerun (CI included), never by the luck of a random seed. Explore with
# `--hypothesis-seed=N` or by raising max_examples locally.
settings.register_profile("deterministic", derandomize=True)
settings.load_profile("deterministic")

# Before any QApplication exists: GUI tests need no display. A test that forgets its own
# data dir fails on this one instead of writing into the user's.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STUDYAPP_DATA_DIR"] = "/nonexistent/studyapp-tests-must-pass-data-dir"

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    return data_dir / "studyapp.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database.open(db_path)
    yield database
    database.close()


def make_questions(
    count: int, topics: tuple[tuple[str, ...], ...] = (("Python", "Basics"),)
) -> list[QuestionSpec]:
    return [
        QuestionSpec(
            key=f"q{i}",
            topic_path=topics[i % len(topics)],
            prompt_md=f"Question {i}?",
            answer_md=f"Answer **{i}**.",
            tags=(),
        )
        for i in range(count)
    ]


def seed(database: Database, questions: list[QuestionSpec], key: str = "test:deck") -> None:
    paths = sorted({q.topic_path for q in questions})
    with database.begin() as session:
        apply_content(
            session, SourceSpec(key, "Test deck", "deck", None, "hash"), paths, questions, NOW
        )


def empty_collection(data_dir: Path) -> None:
    """A data folder holding a collection without the built-in deck (commands give a
    never-opened folder the built-in deck, as the window does)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    Database.open(database_path(data_dir)).close()
