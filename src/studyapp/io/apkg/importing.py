"""Importing an Anki package: the same preview, backup and one-transaction write as any
import, plus the package's media (copied first, content-addressed) and its schedule and
review history (in the same transaction as the questions)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from studyapp.errors import ImportFailed
from studyapp.io.apkg.media import media_dir
from studyapp.io.apkg.reader import AnkiPackage, read_package
from studyapp.io.importer import (
    ImportPreview,
    ImportReport,
    _backup_before_import,
    _report,
    source_key,
)
from studyapp.io.sync import deck_specs
from studyapp.store.content import ApplyReport, SourceSpec, apply_content
from studyapp.store.db import Database
from studyapp.store.imported_history import (
    HistoryReport,
    source_sharing_keys,
    write_history,
)

log = logging.getLogger(__name__)
FORMAT = "apkg"


@dataclass(frozen=True, slots=True)
class PackagePreview(ImportPreview):
    package: AnkiPackage | None = None


@dataclass(frozen=True, slots=True)
class PackageReport(ImportReport):
    """An import's report plus what only a package brings: schedule, history, media."""

    states: int = 0
    reviews: int = 0
    media: int = 0

    def as_json(self) -> dict[str, object]:
        found = ImportReport.as_json(self)
        found.update(states=self.states, reviews=self.reviews, media=self.media)
        return found


def preview_package(path: Path) -> PackagePreview:
    package = read_package(path)
    return PackagePreview(path, FORMAT, package.deck, package.content_hash, package)


def import_package(
    db: Database,
    preview: ImportPreview,
    now: datetime,
    *,
    parent_topic_id: int | None = None,
    dry_run: bool = False,
    backups: Path | None = None,
) -> ImportReport:
    if not isinstance(preview, PackagePreview) or preview.package is None:
        preview = preview_package(preview.path)
    package = preview.package
    assert package is not None
    topic_paths, questions = deck_specs(preview.deck)
    if not questions:
        raise ImportFailed(
            "The package holds no cards.", "Export the deck again from Anki with its cards."
        )
    if not dry_run:
        if backups is not None:
            _backup_before_import(db, backups, now)
        _write_media(package, media_dir(db.path.parent))
    transaction = db.trial() if dry_run else db.begin(bulk=True)
    with transaction as session:
        source = _source(session, preview, [spec.key for spec in questions])
        applied = apply_content(
            session, source, topic_paths, questions, now, parent_id=parent_topic_id
        )
        history = write_history(session, applied.source_id, package.cards, now)
    if not dry_run:
        _log(preview.path, package, applied, history)
    report = _report(preview, applied, len(topic_paths), len(questions), dry_run)
    fields = {name: getattr(report, name) for name in ImportReport.__dataclass_fields__}
    return PackageReport(
        **fields, states=history.states, reviews=history.reviews, media=len(package.media.files)
    )


def _source(session: Session, preview: ImportPreview, keys: list[str]) -> SourceSpec:
    """The GUIDs say which earlier import this package is (a fresh download of a shared
    deck, saved anywhere); two packages with the same deck names stay apart."""
    known = source_sharing_keys(session, FORMAT, keys)
    return SourceSpec(
        key=known or source_key(preview.path),
        name=preview.path.name,
        kind=FORMAT,
        path=str(preview.path.expanduser().resolve()),
        content_hash=preview.content_hash,
    )


def _log(path: Path, package: AnkiPackage, applied: ApplyReport, history: HistoryReport) -> None:
    log.info(
        "imported %s (%s): %d created, %d updated, %d retired, %d states, %d reviews, "
        "%d media files",
        path,
        package.layout,
        applied.created,
        applied.updated,
        applied.retired,
        history.states,
        history.reviews,
        len(package.media.files),
    )


def _write_media(package: AnkiPackage, folder: Path) -> None:
    try:
        package.media.write(folder)
    except OSError as exc:
        raise ImportFailed(
            f"the package's images could not be copied to {folder} ({exc.strerror or exc})",
            "Check the free disk space and that the data folder can be written.",
        ) from exc
