"""Backups: valid copies of the open database, taken daily at start and on demand, rotated
to 7 daily, 4 weekly and 12 monthly plus the newest safety copies."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from studyapp.store.backup import backup_name
from studyapp.store.db import Database
from studyapp.store.rotation import back_up, back_up_if_due, list_backups, rotate

from tests.conftest import make_questions, seed

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def touch(folder: Path, moment: datetime, label: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / backup_name(moment, label)).write_bytes(b"stand-in")


def test_a_year_of_daily_backups_rotates_to_the_windows(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    for day in range(365):
        touch(folder, START + timedelta(days=day), "daily")
    for step in range(8):
        touch(folder, START + timedelta(days=300, hours=step), "before-import")
    rotate(folder)
    kept = list_backups(folder)
    days = {b.taken_at.date() for b in kept if b.label == "daily"}
    newest = (START + timedelta(days=364)).date()
    assert {newest - timedelta(days=n) for n in range(7)} <= days
    assert len([b for b in kept if b.label == "before-import"]) == 5
    months = {(b.taken_at.year, b.taken_at.month) for b in kept}
    assert len(months) >= 12
    assert len(kept) <= 7 + 4 + 12 + 5
    rotate(folder)
    assert list_backups(folder) == kept  # rotation is stable


def test_backup_of_the_open_database_is_a_valid_copy(db: Database, tmp_path: Path) -> None:
    seed(db, make_questions(25))
    path = back_up(db.raw_connection(), tmp_path / "backups", "manual", START)
    copy = sqlite3.connect(path)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM question").fetchone() == (25,)
    finally:
        copy.close()


def test_start_up_backup_only_when_the_newest_is_a_day_old(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    assert back_up_if_due(db.raw_connection(), folder, START) is not None
    assert back_up_if_due(db.raw_connection(), folder, START + timedelta(hours=23)) is None
    assert back_up_if_due(db.raw_connection(), folder, START + timedelta(days=1)) is not None
    assert len(list_backups(folder)) == 2


def test_back_up_now_from_the_menu(qtbot: QtBot, data_dir: Path, tmp_path: Path) -> None:
    from studyapp.ui.main_window import MainWindow

    from tests.ui.conftest import SMALL_DECK

    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "small.md").write_text(SMALL_DECK)
    window = MainWindow(data_dir, deck_folder=decks)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.became_usable, timeout=15_000):
        window.show()
    assert [b.label for b in list_backups(data_dir / "backups")] == ["daily"]
    window.acts.back_up.trigger()
    qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage())
    # The morning's start-up copy is superseded by the newer one of the same day.
    assert [b.label for b in list_backups(data_dir / "backups")] == ["manual"]
    window.close()


def test_a_backup_that_fails_its_check_never_replaces_a_good_one(tmp_path: Path) -> None:
    import pytest

    from studyapp.errors import BackupFailed

    folder = tmp_path / "backups"
    good = tmp_path / "good.sqlite3"
    database = Database.open(good)
    seed(database, make_questions(50))
    back_up(database.raw_connection(), folder, "daily", START)
    database.close()
    kept = {b.path: b.path.read_bytes() for b in list_backups(folder)}
    damaged = bytearray(good.read_bytes())
    for offset in range(2 * 4096, len(damaged) - 4096, 4096):
        damaged[offset : offset + 64] = b"\xa5" * 64
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(bytes(damaged))
    source = sqlite3.connect(broken)
    try:
        with pytest.raises(BackupFailed):
            back_up(source, folder, "daily", START + timedelta(days=1))
    finally:
        source.close()
    assert {b.path: b.path.read_bytes() for b in list_backups(folder)} == kept
    assert not list(folder.glob("*.partial"))


def test_the_copy_before_the_newest_migration_outlives_any_number_of_safety_copies(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "backups"
    touch(folder, START - timedelta(days=400), "before-schema-1")
    touch(folder, START - timedelta(days=30), "before-schema-2")
    for step in range(40):
        touch(folder, START + timedelta(hours=step), "before-import")
        touch(folder, START + timedelta(hours=step, minutes=1), "manual")
    for day in range(400):
        touch(folder, START + timedelta(days=day), "daily")
    rotate(folder)
    labels = [b.label for b in list_backups(folder)]
    assert "before-schema-2" in labels
    # Only the newest migration's copy is kept apart; an older one goes with the calendar.
    assert "before-schema-1" not in labels
