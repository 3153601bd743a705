"""Anki's "Notes in Plain Text" export: `#key:value` header lines, then one note a line."""

from __future__ import annotations

import csv
import io

from studyapp.content.deck_format import derive_key
from studyapp.content.model import Deck, DeckQuestion, ParseWarning
from studyapp.errors import ImportFailed
from studyapp.io.formats.html_to_markdown import html_to_markdown
from studyapp.io.formats.topic_paths import topics_from_paths

SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}


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


def parse_anki_text(text: str, *, source: str) -> Deck:
    lines = text.split("\n")
    headers, skip = _headers(lines)
    raw_separator = headers.get("separator", "tab")
    separator = SEPARATORS.get(raw_separator.lower(), raw_separator[:1] or "\t")
    is_html = headers.get("html", "false").lower() == "true"
    special = {name: _column(headers, name) for name in ("tags", "deck", "guid", "notetype")}
    reader = csv.reader(io.StringIO("\n".join(lines[skip:])), delimiter=separator)
    default_topic = source.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "Anki"
    topics: dict[tuple[str, ...], list[DeckQuestion]] = {}
    warnings: list[ParseWarning] = []
    try:
        for row in reader:
            number = skip + reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            note = _note(row, special, is_html, default_topic, number)
            if isinstance(note, ParseWarning):
                warnings.append(note)
            else:
                path, question = note
                topics.setdefault(path, []).append(question)
    except csv.Error as exc:
        raise ImportFailed(
            f"the export is malformed ({exc})",
            "Export again from Anki with File › Export › Notes in Plain Text.",
            source=source,
            line=skip + reader.line_num,
        ) from exc
    return Deck(topics_from_paths(topics), tuple(warnings))


def _note(
    row: list[str],
    special: dict[str, int | None],
    is_html: bool,
    default_topic: str,
    number: int,
) -> tuple[tuple[str, ...], DeckQuestion] | ParseWarning:
    skip = {index for index in special.values() if index is not None}
    fields = [cell for index, cell in enumerate(row) if index not in skip]
    if len(fields) < 2 or not fields[0].strip():
        return ParseWarning(number, "this note has no front and back fields; skipped")
    front, back = fields[0], "\n\n".join(field for field in fields[1:] if field.strip())
    if is_html:
        front, back = html_to_markdown(front), html_to_markdown(back)

    def column(name: str) -> str:
        index = special[name]
        return row[index].strip() if index is not None and index < len(row) else ""

    path = tuple(p for p in column("deck").split("::") if p.strip()) or (default_topic,)
    guid = column("guid")
    key = f"anki:{guid}" if guid else derive_key(path, front)
    tags = tuple(dict.fromkeys(column("tags").split()))
    return path, DeckQuestion(key, front.strip(), back.strip(), tags, line=number)
