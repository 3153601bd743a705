"""Only real damage is called damage. Each other failure has its own error, and none of them
is a `DatabaseDamaged` (the one error that may lead to the offer to restore a backup).

The file-permission cases run the real opening code in a child process that has dropped
every capability, so that root (as CI runs) obeys file permissions like any user.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from studyapp.errors import DatabaseDamaged, DatabaseLocked, DataFolderMissing
from studyapp.store.db import Database

from tests.conftest import make_questions, seed

SETPRIV = shutil.which("setpriv")
CHILD = """
import sys
from pathlib import Path
from studyapp.store.db import Database
from sqlalchemy import text
path = Path(sys.argv[1])
try:
    db = Database.open(path, backups=path.parent / "backups")
    with db.begin() as session:
        session.execute(text("INSERT INTO setting(key, value) VALUES ('probe', 'x')"))
    db.close()
    print("opened")
except Exception as exc:
    print(type(exc).__name__, "|", getattr(exc, "message", exc))
"""


def as_unprivileged(*args: str) -> list[str]:
    if os.geteuid() != 0:
        return list(args)
    assert SETPRIV is not None
    return [SETPRIV, "--bounding-set=-all", "--inh-caps=-all", *args]


def fingerprint(folder: Path) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(folder.iterdir())}


@pytest.fixture
def world_folder() -> Iterator[Path]:
    """A folder outside pytest's private temp dir, so that permissions are what we set."""
    folder = Path(tempfile.mkdtemp(prefix="studyapp-perm-"))
    try:
        yield folder
    finally:
        for path in (folder, *folder.rglob("*")):
            path.chmod(0o700 if path.is_dir() else 0o600)
        shutil.rmtree(folder)


def healthy_database(folder: Path, *, with_wal: bool = False) -> Path:
    path = folder / "studyapp.sqlite3"
    database = Database.open(path)
    seed(database, make_questions(5))
    if with_wal:  # as after a crash: copy the files while the WAL still holds the data
        live = folder / "live"
        shutil.copytree(folder, live, ignore=shutil.ignore_patterns("live"))
        database.close()
        path.unlink()
        for file in live.iterdir():
            shutil.copyfile(file, folder / file.name)
        shutil.rmtree(live)
        assert Path(f"{path}-wal").exists()
    else:
        database.close()
    return path


@pytest.mark.skipif(os.name != "posix" or (os.geteuid() == 0 and SETPRIV is None), reason="POSIX")
@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("read-only file", "DatabaseReadOnly | " + "{path} is read-only"),
        ("read-only folder", "DatabaseReadOnly | The data folder {folder} is read-only"),
        ("read-only file and folder", "DatabaseReadOnly | {path} is read-only"),
        ("read-only folder with a WAL", "DatabaseReadOnly | {path} is read-only"),
        ("unreadable file", "DatabaseUnreadable | You do not have permission to read {path}"),
    ],
)
def test_permission_problems_are_named_and_never_damage(
    world_folder: Path, case: str, expected: str
) -> None:
    data = world_folder / "data"
    data.mkdir()
    path = healthy_database(data, with_wal="WAL" in case)
    if "file" in case or "WAL" in case:
        path.chmod(0o444)
    if case == "unreadable file":
        path.chmod(0o000)
    if "folder" in case:
        data.chmod(0o555)
    before = fingerprint(data)
    script = world_folder / "child.py"
    script.write_text(CHILD)
    result = subprocess.run(
        as_unprivileged(sys.executable, str(script), str(path)),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.startswith(expected.format(path=path, folder=data)), result
    assert "Damaged" not in result.stdout
    assert fingerprint(data) == before


def test_a_missing_folder_is_named(db_path: Path) -> None:
    """The drive holding the data folder was unplugged while StudyApp ran."""
    database = Database.open(db_path)
    seed(database, make_questions(2))
    database.engine.dispose()  # the next action opens the file again
    shutil.rmtree(db_path.parent)
    with pytest.raises(DataFolderMissing, match="is missing"), database.begin() as session:
        session.connection().exec_driver_sql("INSERT INTO setting(key, value) VALUES ('a', 'b')")
    database.close()


def test_a_lock_held_by_another_program_is_named(db_path: Path) -> None:
    holder = Database.open(db_path)
    with holder.begin() as session:
        session.connection().exec_driver_sql("SELECT 1")
    try:
        with pytest.raises(DatabaseLocked):
            Database.open(db_path)
    finally:
        holder.close()


def test_real_damage_is_damage(db_path: Path) -> None:
    database = Database.open(db_path)
    seed(database, make_questions(200))
    database.close()
    data = bytearray(db_path.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\xff" * (4096 * 3)  # scribble over table pages
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged):
        Database.open(db_path)
