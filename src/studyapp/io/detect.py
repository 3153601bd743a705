"""Which format a file is in, and parsing it with the right parser."""

from __future__ import annotations

import re
from typing import Literal

from studyapp.content.model import Deck
from studyapp.errors import DeckFormatError, ImportFailed
from studyapp.io.formats.lines import Lines, as_text

Format = Literal["deck", "outline", "markdown", "csv", "tsv", "anki"]
FORMATS: tuple[Format, ...] = ("deck", "outline", "markdown", "csv", "tsv", "anki")
DECK_QUESTION = re.compile(r"^ {0,3}#{1,6}\s+Q:.*\{#[^{}]+\}\s*$", re.MULTILINE)
MD_HEADING = re.compile(r"^ {0,3}#{1,6}\s+\S", re.MULTILINE)
HEADER_WORDS = re.compile(r"\b(question|answer|front|back|prompt)\b", re.IGNORECASE)


def detect_format(text: str, filename: str) -> Format:
    first = next((line for line in text.split("\n") if line.strip()), "")
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if first.startswith(("#separator:", "#html:", "#notetype", "#deck", "#tags", "#guid")):
        return "anki"
    if suffix == "csv":
        return "csv"
    if suffix in ("tsv", "tab"):
        return "tsv"
    if DECK_QUESTION.search(text):
        return "deck"
    if HEADER_WORDS.search(first) and ("\t" in first or "," in first or ";" in first):
        return "tsv" if "\t" in first else "csv"
    if MD_HEADING.search(text) and suffix in ("md", "markdown", "mdown", ""):
        return "markdown"
    return "outline"


def parse_any(text: str | Lines, *, source: str, fmt: Format | None = None) -> Deck:
    chosen = fmt or detect_format(as_text(text), source)
    deck = _parse(text, source, chosen)
    if deck.question_count == 0:
        raise ImportFailed(
            f"no questions were found (read as {chosen})",
            "Choose another format in the preview, or check the file's layout.",
            source=source,
        )
    return deck


def _parse(text: str | Lines, source: str, fmt: Format) -> Deck:
    if fmt == "deck":
        from studyapp.content.deck_format import parse_deck

        try:
            return parse_deck(as_text(text), source=source)
        except DeckFormatError as exc:
            # The deck error's message already names the place; ImportFailed names it again.
            message = exc.message.removeprefix(f"{exc.source}:{exc.line}: ")
            raise ImportFailed(message, exc.hint, source=source, line=exc.line) from exc
    if fmt == "outline":
        from studyapp.content.outline import parse_outline

        return parse_outline(as_text(text), source=source)
    if fmt == "markdown":
        from studyapp.io.formats.markdown_generic import parse_markdown_generic

        return parse_markdown_generic(as_text(text), source=source)
    if fmt == "anki":
        from studyapp.io.formats.anki_text import parse_anki_text

        return parse_anki_text(text, source=source)
    from studyapp.io.formats.csv_table import parse_csv

    return parse_csv(text, source=source, delimiter="\t" if fmt == "tsv" else None)
