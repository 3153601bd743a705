"""CSV/TSV with a header row: question and answer columns (any order, common synonyms),
optional topic, tags and id columns."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import lru_cache

from studyapp.content.deck_format import MAX_TOPIC_DEPTH, derive_key
from studyapp.content.model import Deck, DeckQuestion, ParseWarning
from studyapp.errors import ImportFailed
from studyapp.io.formats.lines import Lines, as_lines
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


def sniff_delimiter(header: str) -> str:
    return max(("\t", ",", ";"), key=header.count)


def parse_csv(text: str | Lines, *, source: str, delimiter: str | None = None) -> Deck:
    """Rows are read as a stream (a 100,000-row file is never held twice)."""
    lines = as_lines(text)
    delimiter = delimiter or sniff_delimiter(lines.head(1)[0])
    reader = csv.reader(lines.drain(), delimiter=delimiter, strict=True)
    try:
        rows = ((reader.line_num, row) for row in reader if "".join(row).strip())
        first = next(rows, None)
        if first is None:
            raise ImportFailed("the file is empty", "Choose a file with questions.", source=source)
        return _Table(_columns(first[1], source), source).deck(rows)
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


class _Table:
    """The rows of one table turned into questions; kept lean, as it runs once per row."""

    def __init__(self, columns: dict[str, int], source: str) -> None:
        self.question_at, self.answer_at = columns["question"], columns["answer"]
        self.topic_at, self.id_at = columns.get("topic"), columns.get("id")
        self.tags_at = columns.get("tags")
        self.default_topic = source.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "Imported"
        self.topics: dict[tuple[str, ...], list[DeckQuestion]] = {}
        self.paths: dict[str, tuple[tuple[str, ...], bool]] = {}
        self.warnings: list[ParseWarning] = []
        self.keys: set[str] = set()

    def deck(self, rows: Iterator[tuple[int, list[str]]]) -> Deck:
        needed = max(self.question_at, self.answer_at)
        for number, row in rows:
            if len(row) <= needed:
                self.warnings.append(ParseWarning(number, "this row has too few columns; skipped"))
                continue
            question = row[self.question_at].strip()
            if not question:
                self.warnings.append(ParseWarning(number, "this row has no question; skipped"))
                continue
            self.add(number, row, question)
        return Deck(topics_from_paths(self.topics), tuple(self.warnings))

    def add(self, number: int, row: list[str], question: str) -> None:
        path = self.path(_cell(row, self.topic_at), number)
        given = _cell(row, self.id_at).strip()
        key = given or derive_key(path, question)
        if key in self.keys:
            if given:
                self.warnings.append(
                    ParseWarning(number, f"the id {key!r} repeats; this row skipped")
                )
                return
            key = _unique(key, self.keys, number, self.warnings)
        self.keys.add(key)
        answer = row[self.answer_at]
        answer = _answer(answer) if answer[:1].isspace() else answer.rstrip()
        bucket = self.topics.get(path)
        if bucket is None:
            bucket = self.topics[path] = []
        bucket.append(DeckQuestion(key, question, answer, _tags(_cell(row, self.tags_at)), number))

    def path(self, cell: str, number: int) -> tuple[str, ...]:
        known = self.paths.get(cell)
        if known is None:
            path = split_topic(cell) or (self.default_topic,)
            known = self.paths[cell] = cap_depth(path), len(path) > MAX_TOPIC_DEPTH
        if known[1]:
            self.warnings.append(ParseWarning(number, DEPTH_WARNING))
        return known[0]


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
