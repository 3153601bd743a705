"""The last screen of a run (tree, question, counts), kept in the data folder at quit so that
the next start can show it at once, while SQLAlchemy and the renderer load on the worker.

Plain JSON through the stdlib: reading it costs a few milliseconds and imports nothing heavy.
It is shown only while it is certainly still true of the file: the database's size and
modification time must be those it had when the snapshot was written (after the database was
closed), with no write-ahead log beside it, and the theme must match. Anything else (a missing
or unreadable snapshot, another version, a changed file) means no snapshot: the start-up just
waits for the database as before.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from studyapp.services.views import (
    CardView,
    QuestionRecord,
    SessionCounts,
    StudyView,
    TopicCounts,
    TopicNode,
    TopicTree,
)
from studyapp.store.records import CardSnapshot

log = logging.getLogger(__name__)

FILE_NAME = "last-screen.json"
VERSION = 1


def snapshot_path(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def _file_stamp(database: Path) -> list[int] | None:
    """Size and modification time of a cleanly closed database, or None."""
    if Path(f"{database}-wal").exists():
        return None
    try:
        stat = database.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def save(data_dir: Path, database: Path, view: StudyView, theme: str) -> None:
    """Write the screen (call it after the database is closed); never fails the quit."""
    path = snapshot_path(data_dir)
    stamp = _file_stamp(database)
    try:
        if view.card is None or view.tree is None or stamp is None:
            path.unlink(missing_ok=True)
            return
        payload = {
            "version": VERSION,
            "database": stamp,
            "theme": theme,
            "view": view_to_json(view),
        }
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(payload), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        log.warning("could not keep the last screen in %s", path, exc_info=True)


def forget(data_dir: Path) -> None:
    try:
        snapshot_path(data_dir).unlink(missing_ok=True)
    except OSError:
        log.warning("could not remove the last screen", exc_info=True)


def load(data_dir: Path, database: Path, theme: str) -> StudyView | None:
    """The last screen, if it is still exactly what the database holds; else None."""
    path = snapshot_path(data_dir)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        if (
            payload.get("version") != VERSION
            or payload.get("theme") != theme
            or payload.get("database") != _file_stamp(database)
        ):
            return None
        return view_from_json(payload["view"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("ignored an unreadable last screen in %s", path, exc_info=True)
        return None


# --- StudyView ⇄ JSON (only what the first screen shows) ------------------------------------
def view_to_json(view: StudyView) -> dict[str, Any]:
    assert view.card is not None
    assert view.tree is not None
    card, question, counts = view.card, view.card.question, view.counts
    return {
        "scope_key": view.scope_key,
        "expanded": list(view.expanded_topics),
        "counts": None
        if counts is None
        else [counts.new, counts.learning, counts.review, counts.practice],
        "card": {
            "prompt_html": card.prompt_html,
            "answer_html": card.answer_html,
            "intervals": {str(k): v for k, v in card.intervals.items()},
            "question": {
                "id": question.id,
                "topic_id": question.topic_id,
                "topic_path": list(question.topic_path),
                "external_key": question.external_key,
                "prompt_md": question.prompt_md,
                "answer_md": question.answer_md,
                "tags": list(question.tags),
                "card": None if question.card is None else _state_to_json(question.card),
                "bookmarked": question.bookmarked,
            },
        },
        "tree": {
            "roots": [_node_to_json(root) for root in view.tree.roots],
            "due_now": view.tree.due_now,
            "bookmarked": view.tree.bookmarked,
            "all_questions": view.tree.all_questions,
            "built_at": view.tree.built_at.isoformat(),
        },
    }


def _state_to_json(state: CardSnapshot) -> list[Any]:
    return [
        state.state,
        state.step,
        state.stability,
        state.difficulty,
        state.due.isoformat(),
        None if state.last_review is None else state.last_review.isoformat(),
    ]


def _node_to_json(node: TopicNode) -> list[Any]:
    c = node.counts
    return [
        node.id,
        node.parent_id,
        node.title,
        node.position,
        [c.due, c.new, c.total, c.reviewed, c.mastery],
        [_node_to_json(child) for child in node.children],
    ]


def view_from_json(data: dict[str, Any]) -> StudyView:
    card, question, tree = data["card"], data["card"]["question"], data["tree"]
    state = question["card"]
    record = QuestionRecord(
        id=int(question["id"]),
        topic_id=int(question["topic_id"]),
        topic_path=tuple(question["topic_path"]),
        external_key=str(question["external_key"]),
        prompt_md=str(question["prompt_md"]),
        answer_md=str(question["answer_md"]),
        tags=tuple(question["tags"]),
        card=None
        if state is None
        else CardSnapshot(
            state[0],
            state[1],
            state[2],
            state[3],
            datetime.fromisoformat(state[4]),
            None if state[5] is None else datetime.fromisoformat(state[5]),
        ),
        bookmarked=bool(question["bookmarked"]),
    )
    counts = data["counts"]
    return StudyView(
        scope_key=str(data["scope_key"]),
        card=CardView(
            record,
            str(card["prompt_html"]),
            str(card["answer_html"]),
            {int(k): str(v) for k, v in card["intervals"].items()},
        ),
        summary=None,
        counts=None if counts is None else SessionCounts(*counts),
        tree=TopicTree(
            tuple(_node_from_json(root) for root in tree["roots"]),
            int(tree["due_now"]),
            int(tree["bookmarked"]),
            int(tree["all_questions"]),
            datetime.fromisoformat(tree["built_at"]),
        ),
        expanded_topics=tuple(int(t) for t in data["expanded"]),
    )


def _node_from_json(data: list[Any]) -> TopicNode:
    node_id, parent_id, title, position, counts, children = data
    return TopicNode(
        int(node_id),
        None if parent_id is None else int(parent_id),
        str(title),
        int(position),
        TopicCounts(*counts),
        tuple(_node_from_json(child) for child in children),
    )
