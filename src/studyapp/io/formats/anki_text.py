"""Anki's "Notes in Plain Text" export: `#key:value` header lines, then one note a line."""

from __future__ import annotations

import csv
from functools import lru_cache

from studyapp.content.deck_format import MAX_TOPIC_DEPTH, derive_key
from studyapp.content.model import Deck, DeckQuestion, ParseWarning
from studyapp.errors import ImportFailed
from studyapp.io.formats import csv_table  # noqa: F401  (it raises csv's field size limit)
from studyapp.io.formats.html_to_markdown import html_to_markdown
from studyapp.io.formats.lines import Lines, as_lines
from studyapp.io.formats.topic_paths import DEPTH_WARNING, cap_depth, topics_from_paths

SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}


MAX_HEADER_LINES = 64


def _headers(lines: list[str]) -> tuple[dict[str, str], int]:
    headers: dict[str, str] = {}
    count = 0
    for line in lines:
        if not line.startswith("#") or ":" not in line:
            break
        key, value = line[1:].split(":", 1)
        headers[key.strip().lower()] = value.strip()
        count += 1
    return headers, count


def _column(headers: dict[str, str], name: str) -> int | None:
    value = headers.get(f"{name} column")
    return int(value) - 1 if value and value.isdigit() and int(value) > 0 else None


def parse_anki_text(text: str | Lines, *, source: str) -> Deck:
    lines = as_lines(text)
    headers, skip = _headers(lines.head(MAX_HEADER_LINES))
    raw_separator = headers.get("separator", "tab")
    separator = SEPARATORS.get(raw_separator.lower(), raw_separator[:1] or "\t")
    if separator in ('"', "\r", "\n", " ") and raw_separator.lower() != "space":
        raise ImportFailed(
            f"the separator {raw_separator!r} cannot separate fields",
            "Export again from Anki with File › Export › Notes in Plain Text.",
            source=source,
            line=skip,
        )
    reader = csv.reader(lines.drain(skip), delimiter=separator)
    notes = _Notes(headers, source)
    try:
        for row in reader:
            if any(row) and "".join(row).strip():
                notes.add(row, skip + reader.line_num)
    except csv.Error as exc:
        raise ImportFailed(
            f"the export is malformed ({exc})",
            "Export again from Anki with File › Export › Notes in Plain Text.",
            source=source,
            line=skip + reader.line_num,
        ) from exc
    return Deck(topics_from_paths(notes.topics), tuple(notes.warnings))


class _Notes:
    """The notes of one export; kept lean, as `add` runs once per note."""

    def __init__(self, headers: dict[str, str], source: str) -> None:
        self.is_html = headers.get("html", "false").lower() == "true"
        self.special = {name: _column(headers, name) for name in ("tags", "deck", "guid")}
        self.special["notetype"] = _column(headers, "notetype")
        self.skip = {index for index in self.special.values() if index is not None}
        self.fields: dict[int, list[int]] = {}  # row length → the columns that are fields
        self.deck_at, self.guid_at = self.special["deck"], self.special["guid"]
        default = headers.get("deck", "") or source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        self.default_path = _split_deck(default) or ("Anki",)
        self.paths: dict[str, tuple[tuple[str, ...], bool]] = {}
        self.topics: dict[tuple[str, ...], list[DeckQuestion]] = {}
        self.warnings: list[ParseWarning] = []
        self.keys: set[str] = set()

    def column(self, row: list[str], name: str) -> str:
        index = self.special[name]
        return row[index].strip() if index is not None and index < len(row) else ""

    def field_columns(self, width: int) -> list[int]:
        found = self.fields.get(width)
        if found is None:
            found = self.fields[width] = [i for i in range(width) if i not in self.skip]
        return found

    def add(self, row: list[str], number: int) -> None:
        fields = [row[index] for index in self.field_columns(len(row))]
        if len(fields) < 2 or not fields[0].strip():
            self.warnings.append(
                ParseWarning(number, "this note has no front and back fields; skipped")
            )
            return
        front = fields[0]
        back = fields[1] if len(fields) == 2 else "\n\n".join(f for f in fields[1:] if f.strip())
        if self.is_html:
            front, back = html_to_markdown(front), html_to_markdown(back)
        front = front.strip()
        deck_at, guid_at = self.deck_at, self.guid_at
        path = self.path(row[deck_at] if deck_at is not None and deck_at < len(row) else "", number)
        guid = row[guid_at].strip() if guid_at is not None and guid_at < len(row) else ""
        key = self.unique(f"anki:{guid}" if guid else derive_key(path, front), number)
        if key is None:
            return
        # Anki separates tags by spaces; StudyApp's own tags never hold a comma either.
        tags = _tags(self.column(row, "tags"))
        bucket = self.topics.get(path)
        if bucket is None:
            bucket = self.topics[path] = []
        bucket.append(DeckQuestion(key, front, back.strip(), tags, number))

    def path(self, deck: str, number: int) -> tuple[str, ...]:
        known = self.paths.get(deck)
        if known is None:
            path = _split_deck(deck.strip()) or self.default_path
            known = self.paths[deck] = cap_depth(path), len(path) > MAX_TOPIC_DEPTH
        if known[1]:
            self.warnings.append(ParseWarning(number, DEPTH_WARNING))
        return known[0]

    def unique(self, key: str, number: int) -> str | None:
        """Anki's GUIDs are unique in a real export; a repeated one is skipped, with a
        warning, and a note without a GUID that repeats another's front gets a numbered key."""
        if key in self.keys:
            if key.startswith("anki:"):
                self.warnings.append(
                    ParseWarning(number, f"the GUID {key[5:]!r} repeats; this note skipped")
                )
                return None
            base, suffix = key, 2
            while key in self.keys:
                key, suffix = f"{base}-{suffix}", suffix + 1
            self.warnings.append(
                ParseWarning(number, "this note repeats another's front in its deck")
            )
        self.keys.add(key)
        return key


@lru_cache(maxsize=4096)
def _tags(cell: str) -> tuple[str, ...]:
    # Cached: 100,000 notes share a handful of tag sets, and each tuple costs memory.
    return tuple(dict.fromkeys(cell.replace(",", " ").split()))


def _split_deck(deck: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in deck.split("::") if part.strip())
