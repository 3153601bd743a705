"""Importing a file: parse everything first, then write everything in one transaction.

`preview_file` only reads and parses (for the preview dialog and --dry-run's parse step);
`import_file` backs up, then writes in one transaction, and raises only `ImportFailed`
for bad input, leaving the database byte-identical.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studyapp.content.model import Deck, ParseWarning
from studyapp.errors import ImportFailed
from studyapp.gc_pause import collector_paused
from studyapp.io.sync import deck_specs
from studyapp.store.content import ApplyReport, SourceSpec, apply_content
from studyapp.store.db import Database

log = logging.getLogger(__name__)
# Formats that carry each question's id (as StudyApp's exports do): their ids are looked for
# in the whole collection, so re-importing an export updates the questions it came from.
ID_FORMATS = frozenset({"deck", "csv", "tsv"})


@dataclass(frozen=True, slots=True)
class ImportPreview:
    path: Path
    format: str
    deck: Deck
    content_hash: str

    @property
    def warnings(self) -> tuple[ParseWarning, ...]:
        return self.deck.warnings


@dataclass(frozen=True, slots=True)
class ImportReport:
    path: Path
    format: str
    topics: int
    questions: int
    created: int
    updated: int
    unchanged: int
    retired: int
    warnings: tuple[ParseWarning, ...]
    dry_run: bool

    def as_json(self) -> dict[str, object]:
        return {
            "format": self.format,
            "topics": self.topics,
            "questions": self.questions,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "retired": self.retired,
            "dry_run": self.dry_run,
            "warnings": [{"line": w.line, "message": w.message} for w in self.warnings],
        }


def source_key(path: Path) -> str:
    """Importing the same file again updates what its first import created."""
    return f"file:{path.expanduser().resolve()}"


@collector_paused()
def preview_file(path: Path, fmt: str | None = None) -> ImportPreview:
    from studyapp.io.detect import detect_format, parse_any
    from studyapp.io.formats.lines import Lines
    from studyapp.io.textfile import read_notes

    if path.suffix.lower() in (".apkg", ".colpkg"):
        from studyapp.io.apkg.importing import preview_package

        return preview_package(path)
    decoded = read_notes(path)
    chosen = fmt or detect_format(decoded.text, path.name)
    warnings, digest = decoded.warnings, decoded.digest
    # From here on the text lives only in `lines`, which the parser empties as it reads.
    lines = Lines.of(decoded.text)
    del decoded
    deck = parse_any(lines, source=path.name, fmt=chosen)  # type: ignore[arg-type]
    if warnings:
        deck = Deck(deck.topics, warnings + deck.warnings)
    return ImportPreview(path, str(chosen), deck, digest)


def import_file(
    db: Database,
    path: Path,
    now: datetime,
    *,
    fmt: str | None = None,
    parent_topic_id: int | None = None,
    dry_run: bool = False,
    backups: Path | None = None,
) -> ImportReport:
    preview = preview_file(path, fmt)
    return import_preview(
        db, preview, now, parent_topic_id=parent_topic_id, dry_run=dry_run, backups=backups
    )


@collector_paused()
def import_preview(
    db: Database,
    preview: ImportPreview,
    now: datetime,
    *,
    parent_topic_id: int | None = None,
    dry_run: bool = False,
    backups: Path | None = None,
) -> ImportReport:
    """Write a parsed file; with `dry_run`, run the same writes and roll them back, so the
    counts are exactly what a real import would do."""
    if preview.format == "apkg":
        from studyapp.io.apkg.importing import import_package

        return import_package(
            db, preview, now, parent_topic_id=parent_topic_id, dry_run=dry_run, backups=backups
        )
    topic_paths, questions = deck_specs(preview.deck)
    if not questions:
        raise ImportFailed(
            "No questions were found in the file.",
            "Choose another format in the preview, or check the file's layout.",
            source=str(preview.path),
        )
    source = SourceSpec(
        key=source_key(preview.path),
        name=preview.path.name,
        kind=preview.format,
        path=str(preview.path.expanduser().resolve()),
        content_hash=preview.content_hash,
    )
    if not dry_run and backups is not None:
        _backup_before_import(db, backups, now)
    transaction = db.trial() if dry_run else db.begin(bulk=True)
    with transaction as session:
        applied = apply_content(
            session,
            source,
            topic_paths,
            questions,
            now,
            parent_id=parent_topic_id,
            match_elsewhere=preview.format in ID_FORMATS,
        )
    if not dry_run:
        log.info(
            "imported %s (%s): %d created, %d updated, %d unchanged, %d retired",
            preview.path,
            preview.format,
            applied.created,
            applied.updated,
            applied.unchanged,
            applied.retired,
        )
    return _report(preview, applied, len(topic_paths), len(questions), dry_run)


def _backup_before_import(db: Database, backups: Path, now: datetime) -> None:
    from studyapp.store.backup import backup_name, write_backup

    write_backup(db.raw_connection(), backups / backup_name(now, "before-import"))


def _report(
    preview: ImportPreview, applied: ApplyReport, topics: int, questions: int, dry_run: bool
) -> ImportReport:
    return ImportReport(
        path=preview.path,
        format=preview.format,
        topics=topics,
        questions=questions,
        created=applied.created,
        updated=applied.updated,
        unchanged=applied.unchanged,
        retired=applied.retired,
        warnings=preview.warnings,
        dry_run=dry_run,
    )
