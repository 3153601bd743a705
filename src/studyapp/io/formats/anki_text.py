"""Anki's "Notes in Plain Text" export: `#key:value` header lines, then one note a line."""

from __future__ import annotations

import csv
import io

from studyapp.content.deck_format import MAX_TOPIC_DEPTH, derive_key
from studyapp.content.model import Deck, DeckQuestion, ParseWarning
from studyapp.errors import ImportFailed
from studyapp.io.formats import csv_table  # noqa: F401  (raises csv's field size limit)
from studyapp.io.formats.html_to_markdown import html_to_markdown
from studyapp.io.formats.topic_paths import DEPTH_WARNING, cap_depth, topics_from_paths

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
    if separator in ('"', "\r", "\n", " ") and raw_separator.lower() != "space":
        raise ImportFailed(
            f"the separator {raw_separator!r} cannot separate fields",
            "Export again from Anki with File › Export › Notes in Plain Text.",
            source=source,
            line=skip,
        )
    is_html = headers.get("html", "false").lower() == "true"
    special = {name: _column(headers, name) for name in ("tags", "deck", "guid", "notetype")}
    reader = csv.reader(io.StringIO("\n".join(lines[skip:])), delimiter=separator)
    default_topic = source.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "Anki"
    topics: dict[tuple[str, ...], list[DeckQuestion]] = {}
    warnings: list[ParseWarning] = []
    keys: set[str] = set()
    try:
        for row in reader:
            number = skip + reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            note = _note(row, special, is_html, default_topic, number)
            if isinstance(note, ParseWarning):
                warnings.append(note)
                continue
            path, question = note
            if len(path) > MAX_TOPIC_DEPTH:
                warnings.append(ParseWarning(number, DEPTH_WARNING))
                path = cap_depth(path)
            unique = _unique(question, keys, number, warnings)
            if unique is not None:
                topics.setdefault(path, []).append(unique)
    except csv.Error as exc:
        raise ImportFailed(
            f"the export is malformed ({exc})",
            "Export again from Anki with File › Export › Notes in Plain Text.",
            source=source,
            line=skip + reader.line_num,
        ) from exc
    return Deck(topics_from_paths(topics), tuple(warnings))


def _unique(
    question: DeckQuestion, keys: set[str], number: int, warnings: list[ParseWarning]
) -> DeckQuestion | None:
    """Anki's GUIDs are unique in a real export; a repeated one is skipped, with a warning,
    and a note without a GUID that repeats another's front gets a numbered key."""
    key = question.key
    if key in keys and key.startswith("anki:"):
        warnings.append(ParseWarning(number, f"the GUID {key[5:]!r} repeats; this note skipped"))
        return None
    base, suffix = key, 2
    while key in keys:
        key, suffix = f"{base}-{suffix}", suffix + 1
    if key != base:
        warnings.append(ParseWarning(number, "this note repeats another's front in its deck"))
    keys.add(key)
    return DeckQuestion(key, question.prompt_md, question.answer_md, question.tags, number)


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

    path = tuple(p.strip() for p in column("deck").split("::") if p.strip()) or (default_topic,)
    guid = column("guid")
    key = f"anki:{guid}" if guid else derive_key(path, front)
    # Anki separates tags by spaces; StudyApp's own tags never hold a comma either.
    tags = tuple(dict.fromkeys(t for t in column("tags").replace(",", " ").split() if t))
    return path, DeckQuestion(key, front.strip(), back.strip(), tags, line=number)
