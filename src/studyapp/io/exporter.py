"""Writing topics and questions back out: the Markdown deck format or CSV.

Keys are written as deck ids (`{#id}` or an `id` column), so importing an export into an
empty collection gives the same topics, questions and ids. A `Selection` narrows what is
written (here and in the Anki writer) to a topic and its subtopics, the results of a search,
or both.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from studyapp.content.model import Deck, DeckQuestion, DeckTopic
from studyapp.errors import StudyAppError
from studyapp.io.formats.topic_paths import join_topic
from studyapp.store import queries
from studyapp.store.db import Database
from studyapp.store.queries import ExportRow, TopicRow

if TYPE_CHECKING:
    from studyapp.store.search import RecallCurve

ExportFormat = Literal["md", "csv"]
T = TypeVar("T")
CSV_HEADER = ("id", "topic", "question", "answer", "tags")


@dataclass(frozen=True, slots=True)
class Selection:
    """What an export writes: everything, a topic and its subtopics (by its path, as the
    command line names it, or by id, as the window does), the results of a search
    (`question_ids`), or the questions in both."""

    topic_path: str | None = None
    topic_id: int | None = None
    question_ids: frozenset[int] | None = None
    query: str = ""  # the search the ids came from, to say what matched nothing

    def topic_ids(self, topics: Mapping[int, TopicRow]) -> list[int] | None:
        if self.topic_id is not None:
            return queries.subtree_of(topics, self.topic_id)
        return queries.subtree_at_path(topics, self.topic_path) if self.topic_path else None

    def keep(self, items: list[T], question_id: Callable[[T], int]) -> list[T]:
        """The items of the searched questions; an error, before anything is written, when
        a search leaves none (an empty file would look like a lost collection)."""
        if self.question_ids is None:
            return items
        kept = [item for item in items if question_id(item) in self.question_ids]
        if not kept:
            raise StudyAppError(
                f"No question matches the search {self.query!r}"
                + (" in that topic." if self.topic_path or self.topic_id else "."),
                "Nothing was written. Try the search in Edit › Find first.",
            )
        return kept


def search_selection(
    db: Database,
    query: str,
    now: datetime,
    topic: Selection | None = None,
    recall: RecallCurve | None = None,
) -> Selection:
    """The questions that match `query` (a malformed query raises BadQuery), suspended ones
    included: an export is a copy, not a study session. `topic`: only within it. `recall`:
    the user's forgetting curve, for `prop:r` (the default parameters otherwise)."""
    from studyapp.store.search import RecallCurve, search_ids
    from studyapp.study.scheduler import decay_constants

    curve = recall or RecallCurve(*decay_constants())
    with db.begin() as session:
        ids = frozenset(search_ids(session, query, now, curve))
    within = topic or Selection()
    return Selection(within.topic_path, within.topic_id, ids, query)


def export_collection(
    db: Database, out: Path, fmt: ExportFormat = "md", selection: Selection | None = None
) -> int:
    """Write the collection (or the selected part) to `out`; return the number of
    questions written."""
    chosen = selection or Selection()
    with db.begin() as session:
        topics = {row.id: row for row in queries.topic_rows(session)}
        rows = queries.export_rows(session, chosen.topic_ids(topics))
    rows = chosen.keep(rows, lambda row: row.question_id)
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
