"""Parsers for the formats people bring: Markdown, CSV/TSV, Anki text exports."""
