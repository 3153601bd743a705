"""Writing topics and questions back out: the Markdown deck format or CSV.

Keys are written as deck ids (`{#id}` or an `id` column), so importing an export into an
empty collection gives the same topics, questions and ids.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path
from typing import Literal

from studyapp.content.model import Deck, DeckQuestion, DeckTopic
from studyapp.errors import StudyAppError
from studyapp.io.formats.topic_paths import join_topic
from studyapp.store import queries
from studyapp.store.db import Database
from studyapp.store.queries import ExportRow, TopicRow

ExportFormat = Literal["md", "csv"]
CSV_HEADER = ("id", "topic", "question", "answer", "tags")


def export_collection(
    db: Database, out: Path, fmt: ExportFormat = "md", topic_path: str | None = None
) -> int:
    """Write the collection (or one topic and its subtopics) to `out`; return the number
    of questions written."""
    with db.begin() as session:
        topics = {row.id: row for row in queries.topic_rows(session)}
        selected = queries.subtree_at_path(topics, topic_path) if topic_path else None
        rows = queries.export_rows(session, selected)
    text = _to_csv(rows, topics) if fmt == "csv" else _to_markdown(rows, topics)
    _write_atomically(out, text)
    return len(rows)


def _unique_keys(rows: list[ExportRow]) -> list[str]:
    """Keys are unique per source; two sources can share one (the same derived question),
    and a file needs each once, so a repeat gets a numbered suffix."""
    seen: set[str] = set()
    keys = []
    for row in rows:
        key, suffix = row.key, 2
        while key in seen:
            key, suffix = f"{row.key}-{suffix}", suffix + 1
        seen.add(key)
        keys.append(key)
    return keys


def to_deck(rows: list[ExportRow], topics: dict[int, TopicRow]) -> Deck:
    """Rebuild the topic tree that holds `rows`, keeping topic order and deck order."""
    by_topic: dict[int, list[DeckQuestion]] = defaultdict(list)
    for row, key in zip(rows, _unique_keys(rows), strict=True):
        by_topic[row.topic_id].append(DeckQuestion(key, row.prompt_md, row.answer_md, row.tags))
    needed: set[int] = set()
    for topic_id in by_topic:
        current: int | None = topic_id
        while current is not None and current in topics and current not in needed:
            needed.add(current)
            current = topics[current].parent_id
    children: dict[int | None, list[TopicRow]] = defaultdict(list)
    for topic in sorted(topics.values(), key=lambda t: (t.position, t.id)):
        if topic.id in needed:
            children[topic.parent_id].append(topic)

    def build(row: TopicRow) -> DeckTopic:
        kids = tuple(build(child) for child in children.get(row.id, []))
        return DeckTopic(row.title, tuple(by_topic.get(row.id, [])), kids)

    return Deck(tuple(build(row) for row in children.get(None, [])))


def _to_markdown(rows: list[ExportRow], topics: dict[int, TopicRow]) -> str:
    from studyapp.content.deck_format import write_deck

    text: str = write_deck(to_deck(rows, topics))
    return text


def _to_csv(rows: list[ExportRow], topics: dict[int, TopicRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row, key in zip(rows, _unique_keys(rows), strict=True):
        # "::" as in Anki: titles such as "CI/CD" contain slashes.
        topic = join_topic(queries.topic_path_of(topics, row.topic_id))
        writer.writerow((key, topic, row.prompt_md, row.answer_md, _tags_cell(row.tags)))
    return buffer.getvalue()


def _tags_cell(tags: tuple[str, ...]) -> str:
    """Tags joined by commas; a lone tag with a space gets a trailing comma, or the reader
    (which splits on spaces when there is no comma, as Anki writes them) would split it."""
    cell = ", ".join(tags)
    return cell + "," if len(tags) == 1 and any(c.isspace() for c in cell) else cell


def _write_atomically(out: Path, text: str) -> None:
    partial = out.with_name(out.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StudyAppError(
            f"Could not write {out}: {exc.strerror}.",
            "Choose a folder you can write to, and check the free disk space.",
        ) from exc
