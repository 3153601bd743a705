"""CSV/TSV with a header row: question and answer columns (any order, common synonyms),
optional topic, tags and id columns."""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache

from studyapp.content.deck_format import MAX_TOPIC_DEPTH, derive_key
from studyapp.content.model import Deck, DeckQuestion, ParseWarning
from studyapp.errors import ImportFailed
from studyapp.io.formats.topic_paths import (
    DEPTH_WARNING,
    cap_depth,
    split_topic,
    topics_from_paths,
)

BLANK_LINES = re.compile(r"^(?:[ \t]*\n)+")
# A field may be as large as a file may be (the default limit is 128 KB).
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))

COLUMNS = {
    "question": ("question", "front", "prompt", "q", "term"),
    "answer": ("answer", "back", "response", "a", "definition"),
    "topic": ("topic", "deck", "category", "section", "topic path"),
    "tags": ("tags", "tag", "labels"),
    "id": ("id", "key", "guid", "uid"),
}


def sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max(("\t", ",", ";"), key=header.count)


def parse_csv(text: str, *, source: str, delimiter: str | None = None) -> Deck:
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        unclosed = "end of data" in str(exc) or "EOF" in str(exc)
        raise ImportFailed(
            f"the table is malformed ({exc})",
            "Check for a quote that is opened but never closed."
            if unclosed
            else "Check the quotes on this line: a field that holds quotes must be quoted, "
            'with each quote inside doubled ("").',
            source=source,
            line=reader.line_num,
        ) from exc
    rows = [(number, row) for number, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ImportFailed("the file is empty", "Choose a file with questions.", source=source)
    columns = _columns(rows[0][1], source)
    return _deck(rows[1:], columns, source)


def _columns(header: list[str], source: str) -> dict[str, int]:
    found: dict[str, int] = {}
    names = [cell.strip().lower() for cell in header]
    for role, synonyms in COLUMNS.items():
        for index, name in enumerate(names):
            if name in synonyms and role not in found:
                found[role] = index
    if "question" not in found or "answer" not in found:
        raise ImportFailed(
            "the first row must name a question column and an answer column",
            "Add a header row such as: question,answer,topic,tags",
            source=source,
            line=1,
        )
    return found


def _deck(rows: list[tuple[int, list[str]]], columns: dict[str, int], source: str) -> Deck:
    default_topic = source.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "Imported"
    topics: dict[tuple[str, ...], list[DeckQuestion]] = {}
    warnings: list[ParseWarning] = []
    keys: set[str] = set()
    question_at, answer_at = columns["question"], columns["answer"]
    topic_at, id_at, tags_at = columns.get("topic"), columns.get("id"), columns.get("tags")
    needed = max(question_at, answer_at)
    for number, row in rows:
        if len(row) <= needed:
            warnings.append(ParseWarning(number, "this row has too few columns; skipped"))
            continue
        question = row[question_at].strip()
        if not question:
            warnings.append(ParseWarning(number, "this row has no question; skipped"))
            continue
        path = _topic_path(_cell(row, topic_at)) or (default_topic,)
        if len(path) > MAX_TOPIC_DEPTH:
            warnings.append(ParseWarning(number, DEPTH_WARNING))
            path = cap_depth(path)
        given = _cell(row, id_at).strip()
        key = given or derive_key(path, question)
        if key in keys and given:
            warnings.append(ParseWarning(number, f"the id {key!r} repeats; this row skipped"))
            continue
        key = _unique(key, keys, number, warnings)
        topics.setdefault(path, []).append(
            DeckQuestion(key, question, _answer(row[answer_at]), _tags(_cell(row, tags_at)), number)
        )
    return Deck(topics_from_paths(topics), tuple(warnings))


def _answer(cell: str) -> str:
    """Blank lines around the answer go, a first line's indentation (Markdown code) stays."""
    return BLANK_LINES.sub("", cell).rstrip()


def _unique(key: str, keys: set[str], number: int, warnings: list[ParseWarning]) -> str:
    """A derived key made unique with a suffix (the same question twice in one topic)."""
    if key in keys:
        base, suffix = key, 2
        while key in keys:
            key, suffix = f"{base}-{suffix}", suffix + 1
        warnings.append(ParseWarning(number, "this question appears twice in its topic"))
    keys.add(key)
    return key


@lru_cache(maxsize=4096)
def _tags(value: str) -> tuple[str, ...]:
    """Tags separated by commas (as StudyApp writes them) or else by spaces (as Anki does)."""
    separator = "," if "," in value else None
    return tuple(dict.fromkeys(t.strip() for t in value.split(separator) if t.strip()))


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


@lru_cache(maxsize=4096)
def _topic_path(value: str) -> tuple[str, ...]:
    return split_topic(value)
