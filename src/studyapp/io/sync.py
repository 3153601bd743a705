"""Turning a parsed Deck into store specs, and the built-in deck that ships with the app."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from pathlib import Path

from studyapp.content.model import Deck
from studyapp.paths import builtin_decks_dir
from studyapp.store import mutations, queries
from studyapp.store.content import (
    ApplyReport,
    QuestionSpec,
    SourceSpec,
    apply_content,
    reset_progress,
    retire_source,
)
from studyapp.store.content import source_hash as stored_source_hash
from studyapp.store.db import Database

log = logging.getLogger(__name__)

BUILTIN_SOURCE_KEY = "builtin:interview-deck"
BUILTIN_NAME = "Python full-stack interview deck"


def deck_specs(deck: Deck) -> tuple[list[tuple[str, ...]], list[QuestionSpec]]:
    walked = deck.walk()
    # tuple.__new__ straight away: QuestionSpec(...) adds a Python call per question.
    make = tuple.__new__
    questions = [
        make(QuestionSpec, (q.key, path, q.prompt_md, q.answer_md, q.tags))
        for path, topic in walked
        for q in topic.questions
    ]
    return [path for path, _topic in walked], questions


def folder_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(folder.glob("*.md")):
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


REMOVED_SETTING = "builtin_deck.removed"


def sync_builtin_deck(
    db: Database, now: datetime, *, folder: Path | None = None, force: bool = False
) -> ApplyReport:
    """Bring the built-in deck up to the version this app ships, by question id.

    Unchanged decks cost one hash and one lookup, so this runs on every start. A deck the
    user removed stays removed until they restore it (`force`).
    """
    from studyapp.content.deck_format import read_deck_dir

    folder = folder or builtin_decks_dir()
    digest = folder_hash(folder)
    with db.begin() as session:
        if force:
            mutations.set_setting(session, REMOVED_SETTING, "false")
        elif (
            queries.setting(session, REMOVED_SETTING) == "true"
            or stored_source_hash(session, BUILTIN_SOURCE_KEY) == digest
        ):
            return ApplyReport()
    deck = read_deck_dir(folder)
    topic_paths, questions = deck_specs(deck)
    source = SourceSpec(BUILTIN_SOURCE_KEY, BUILTIN_NAME, "builtin", None, digest)
    with db.begin() as session:
        report = apply_content(session, source, topic_paths, questions, now)
    log.info(
        "built-in deck synced: %d created, %d updated, %d retired",
        report.created,
        report.updated,
        report.retired,
    )
    return report


def remove_builtin_deck(db: Database, now: datetime) -> int:
    """Take the built-in deck out of study; its history stays, and restoring brings it back."""
    with db.begin() as session:
        mutations.set_setting(session, REMOVED_SETTING, "true")
        return retire_source(session, BUILTIN_SOURCE_KEY, now)


def reset_builtin_progress(db: Database, now: datetime) -> int:
    with db.begin() as session:
        return reset_progress(session, BUILTIN_SOURCE_KEY, now)
