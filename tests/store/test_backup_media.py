"""Backups keep the media files the questions show, copying each file once; a restore puts
back what the restored questions refer to, checked against its name."""

from __future__ import annotations

import hashlib
from pathlib import Path

from studyapp.io.importer import import_file
from studyapp.store.backup_media import back_up_media, referenced_media, restore_media
from studyapp.store.db import Database
from studyapp.store.restore import restore_file
from studyapp.store.rotation import back_up

from tests.conftest import NOW
from tests.io.apkg.conftest import fixture


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_backup_holds_the_media_and_a_restore_brings_them_back(
    db: Database, data_dir: Path
) -> None:
    import_file(db, fixture("sm2.apkg"), NOW)
    media, backups = data_dir / "media", data_dir / "backups"
    imported = contents(media)
    assert len(imported) == 2
    backup = back_up(db.raw_connection(), backups, "manual", NOW)
    assert contents(backups / "media") == imported
    db.close()
    for path in media.iterdir():
        path.unlink()
    (media / sorted(imported)[0]).write_bytes(b"damaged")  # there, but not what its name says
    restore_file(backup, db.path)
    assert contents(media) == imported
    reopened = Database.open(db.path)
    reopened.close()


def test_each_file_is_copied_once_and_a_damaged_one_is_left_out(
    db: Database, data_dir: Path
) -> None:
    import_file(db, fixture("sm2.apkg"), NOW)
    backups = data_dir / "backups"
    assert back_up_media(data_dir, backups) == 2
    assert back_up_media(data_dir, backups) == 0  # content-addressed: nothing new to copy
    wrong = data_dir / "media" / f"{'0' * 64}.png"
    wrong.write_bytes(b"not what the name says")
    (data_dir / "media" / "notes.txt").write_bytes(b"not ours")
    assert back_up_media(data_dir, backups) == 0
    kept = sorted(path.name for path in (backups / "media").iterdir())
    assert len(kept) == 2
    assert wrong.name not in kept
    assert "notes.txt" not in kept


def test_a_restore_puts_back_only_what_the_restored_questions_show(
    db: Database, data_dir: Path, tmp_path: Path
) -> None:
    import_file(db, fixture("sm2.apkg"), NOW)
    backups = data_dir / "backups"
    backup = back_up(db.raw_connection(), backups, "manual", NOW)
    extra = b"an image no question shows"
    (backups / "media" / f"{hashlib.sha256(extra).hexdigest()}.png").write_bytes(extra)
    referenced = referenced_media(backup)
    assert referenced == set(contents(data_dir / "media"))
    elsewhere = tmp_path / "elsewhere"
    assert restore_media(backup, backups, elsewhere) == 2
    assert set(contents(elsewhere / "media")) == referenced
    assert restore_media(backup, backups, elsewhere) == 0  # already there, intact
