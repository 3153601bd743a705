"""Importing Anki packages into a real store: schedule kept, media copied, re-import in
place, and damaged packages refused with the database untouched."""

from __future__ import annotations

import contextlib
import hashlib
import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from studyapp.errors import ImportFailed
from studyapp.io.apkg.media import is_media_link
from studyapp.io.importer import import_file, preview_file
from studyapp.store.db import Database

from tests.conftest import NOW, empty_collection
from tests.io.apkg.conftest import fixture


def rows(db: Database, sql: str) -> list[tuple[Any, ...]]:
    with db.begin() as session:
        return [tuple(row) for row in session.execute(text(sql))]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_import_keeps_anki_s_due_dates(db: Database, expected: dict[str, Any]) -> None:
    report = import_file(db, fixture("sm2.apkg"), NOW)
    assert (report.format, report.questions, report.created) == ("apkg", 8, 8)
    made_at = expected["sm2"]["made_at"] * 1000
    due_days = {
        key: (due - made_at) / 86_400_000
        for key, due in rows(
            db,
            "SELECT q.external_key, c.due FROM question q JOIN card_state c "
            "ON c.question_id = q.id",
        )
    }
    image_card = next(
        name for name, card in expected["sm2"]["cards"].items() if "red dot" in card["fields"][1]
    )
    key = "anki:" + image_card.rsplit("/", 1)[0]
    assert 11 < due_days[key] <= 13  # "Set due date: 12" in Anki
    new_cards = sum(1 for card in expected["sm2"]["cards"].values() if card["type"] == 0)
    assert len(due_days) == 8 - new_cards


def test_topics_follow_the_decks(db: Database) -> None:
    import_file(db, fixture("sm2.apkg"), NOW)
    titles = rows(
        db,
        "SELECT coalesce(p.title, ''), t.title, count(q.id) FROM topic t "
        "LEFT JOIN topic p ON p.id = t.parent_id LEFT JOIN question q ON q.topic_id = t.id "
        "GROUP BY t.id ORDER BY t.id",
    )
    assert titles == [("", "Python", 0), ("Python", "Core", 5), ("", "Git", 3)]


def test_media_land_in_the_data_folder_by_content(db: Database) -> None:
    import_file(db, fixture("sm2.apkg"), NOW)
    folder = db.path.parent / "media"
    files = sorted(path.name for path in folder.iterdir())
    assert len(files) == 2
    for name in files:
        data = (folder / name).read_bytes()
        assert name.split(".")[0] == hashlib.sha256(data).hexdigest()
        assert is_media_link(f"media/{name}")
    (answer,) = rows(db, "SELECT answer_md FROM question WHERE prompt_md = 'Which colour?'")
    assert f"(media/{files[1] if files[1].endswith('.png') else files[0]})" in answer[0]


def test_reimport_updates_in_place_and_keeps_newer_progress(db: Database, tmp_path: Path) -> None:
    import_file(db, fixture("sm2.apkg"), NOW)
    before = rows(db, "SELECT question_id, due FROM card_state ORDER BY question_id")
    # A grade here after the import is newer than anything in the package.
    later = int((NOW + timedelta(days=30)).timestamp() * 1000)
    with db.begin() as session:
        session.execute(text(f"UPDATE card_state SET last_review = {later}, due = {later}"))
    copy = tmp_path / "downloaded again.apkg"
    copy.write_bytes(fixture("sm2.apkg").read_bytes())
    again = import_file(db, copy, NOW)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8)
    assert rows(db, "SELECT count(*) FROM question") == [(8,)]
    assert rows(db, "SELECT DISTINCT due FROM card_state") == [(later,)]
    assert len(before) == 7


def test_preview_and_dry_run_write_nothing(db: Database, db_path: Path) -> None:
    preview = preview_file(fixture("fsrs.apkg"))
    assert preview.deck.question_count == 8
    dry = import_file(db, fixture("fsrs.apkg"), NOW, dry_run=True)
    assert dry.created == 8
    assert rows(db, "SELECT count(*) FROM question") == [(0,)]
    assert not (db_path.parent / "media").exists()


def package(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A collection that inflates from a few hundred kB to 64 MB of zeros."""
    return package({"collection.anki2": bytes(64 * 1024 * 1024)}, zipfile.ZIP_DEFLATED)


def bad_packages() -> dict[str, bytes]:
    real = fixture("sm2.apkg").read_bytes()
    with zipfile.ZipFile(fixture("sm2.apkg")) as archive:
        collection = archive.read("collection.anki21b")
    return {
        "not a zip": b"this is not a zip file at all" * 10,
        "truncated": real[: len(real) // 2],
        "no collection": package({"notes.txt": b"hello"}),
        "not sqlite": package({"collection.anki2": b"SQLite format 2 nope" * 100}),
        "damaged zstd": package({"meta": b"\x08\x03", "collection.anki21b": collection[:40]}),
        "newer anki": package({"meta": b"\x08\x07", "collection.anki21b": collection}),
        "empty": b"",
    }


@pytest.mark.parametrize("name", [*bad_packages(), "zip bomb"])
def test_damaged_packages_are_refused_and_the_database_is_untouched(
    db_path: Path, tmp_path: Path, name: str
) -> None:
    Database.open(db_path).close()
    bad = tmp_path / "bad.apkg"
    bad.write_bytes(zip_bomb() if name == "zip bomb" else bad_packages()[name])
    before = digest(db_path)
    db = Database.open(db_path)
    with pytest.raises(ImportFailed) as raised:
        import_file(db, bad, NOW)
    db.close()
    assert digest(db_path) == before
    assert "bad.apkg" in raised.value.message
    assert raised.value.hint
    assert not (db_path.parent / "media").exists()


def test_a_card_state_s_due_is_utc_after_anki_s_day_start(db: Database) -> None:
    import_file(db, fixture("fsrs.apkg"), NOW)
    (due,) = rows(db, "SELECT min(due) FROM card_state WHERE state = 2")[0]
    assert datetime.fromtimestamp(due / 1000, tz=UTC) > NOW


def test_command_line_import_and_export_of_packages(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    def studyapp(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "studyapp", *args, "--data-dir", str(tmp_path / "d")]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    empty_collection(tmp_path / "d")  # a never-opened folder would get the built-in deck
    imported = studyapp("import", str(fixture("fsrs.apkg")), "--json")
    assert imported.returncode == 0, imported.stderr
    report = json.loads(imported.stdout)
    assert (report["format"], report["created"]) == ("apkg", 8)
    assert (report["states"], report["reviews"], report["media"]) == (7, 8, 2)
    out = tmp_path / "git.apkg"
    exported = studyapp("export", str(out), "--topic", "Git", "--no-scheduling")
    assert exported.returncode == 0, exported.stderr
    assert "Exported 3 questions" in exported.stdout
    bad = tmp_path / "bad.apkg"
    bad.write_bytes(b"PK\x03\x04 truncated")
    refused = studyapp("import", str(bad))
    assert refused.returncode == 2
    assert "damaged or incomplete" in refused.stderr


@pytest.mark.parametrize("name", ["sm2.apkg", "fsrs.apkg"])
def test_the_review_history_comes_along_once(
    db: Database, expected: dict[str, Any], name: str
) -> None:
    recorded = expected[name.removesuffix(".apkg")]["cards"]
    import_file(db, fixture(name), NOW)
    import_file(db, fixture(name), NOW)  # a second import adds no review twice
    logged = dict(
        rows(
            db,
            "SELECT q.external_key, count(r.id) FROM question q LEFT JOIN effective_review r "
            "ON r.question_id = q.id GROUP BY q.id",
        )
    )
    for card_name, card in recorded.items():
        guid, ordinal = card_name.rsplit("/", 1)
        key = f"anki:{guid}" if ordinal == "0" else f"anki:{guid}:{ordinal}"
        assert logged[key] == card["reviews"], card_name
    kinds = rows(db, "SELECT DISTINCT kind, duration_ms, device_id != '' FROM review_log")
    assert kinds == [("review", 7000, 1)]  # Anki's seven-second answers, this device's log
    uids = rows(db, "SELECT uid, reviewed_at FROM review_log")
    assert all(int(uid.replace("-", "")[:12], 16) == at for uid, at in uids)


def test_suspended_cards_stay_suspended(db: Database, expected: dict[str, Any]) -> None:
    import_file(db, fixture("sm2.apkg"), NOW)
    suspended = {
        card_name for card_name, card in expected["sm2"]["cards"].items() if card["queue"] == -1
    }
    assert len(suspended) == 1
    guid = next(iter(suspended)).rsplit("/", 1)[0]
    assert rows(db, "SELECT external_key FROM question WHERE suspended_at IS NOT NULL") == [
        (f"anki:{guid}:1",)
    ]


def test_two_packages_with_the_same_deck_names_stay_apart(db: Database, tmp_path: Path) -> None:
    import_file(db, fixture("sm2.apkg"), NOW)
    second = import_file(db, fixture("fsrs.apkg"), NOW)
    assert (second.created, second.retired) == (8, 0)
    assert rows(db, "SELECT count(*) FROM question WHERE retired_at IS NULL") == [(16,)]
    assert rows(db, "SELECT count(*) FROM source") == [(2,)]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_any_corruption_of_a_real_package_fails_only_with_import_failed(
    tmp_path: Path, data: st.DataObject
) -> None:
    """Flipped bytes anywhere (zip headers, zstd frames, SQLite pages, protobuf) either
    still read or are refused with a message: never a traceback."""
    from studyapp.io.apkg.reader import read_package

    name = data.draw(st.sampled_from(["sm2.apkg", "sm2-legacy.apkg", "genanki.apkg"]))
    raw = bytearray(fixture(name).read_bytes())
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        raw[data.draw(st.integers(min_value=0, max_value=len(raw) - 1))] ^= data.draw(
            st.integers(min_value=1, max_value=255)
        )
    damaged = tmp_path / "damaged.apkg"
    damaged.write_bytes(bytes(raw))
    with contextlib.suppress(ImportFailed):
        read_package(damaged)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_any_corruption_inside_the_collection_fails_only_with_import_failed(
    tmp_path: Path, data: st.DataObject
) -> None:
    """The same with the zip intact (its checksums match), so the SQLite file, its JSON
    and its rows are what is damaged."""
    from studyapp.io.apkg.reader import read_package

    name, member = data.draw(
        st.sampled_from(
            [("sm2-legacy.apkg", "collection.anki21"), ("genanki.apkg", "collection.anki2")]
        )
    )
    with zipfile.ZipFile(fixture(name)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    raw = bytearray(members[member])
    for _ in range(data.draw(st.integers(min_value=1, max_value=16))):
        raw[data.draw(st.integers(min_value=0, max_value=len(raw) - 1))] ^= data.draw(
            st.integers(min_value=1, max_value=255)
        )
    members[member] = bytes(raw)
    damaged = tmp_path / "damaged.apkg"
    damaged.write_bytes(package(members))
    with contextlib.suppress(ImportFailed):
        read_package(damaged)
