"""Exporting part of the collection: the results of a search (issue 17), alone or inside a
topic, as an Anki package with its images, a Markdown deck or CSV; each re-imports as the
same questions, and a search that finds nothing writes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.errors import StudyAppError
from studyapp.io.apkg.writer import export_apkg
from studyapp.io.exporter import Selection, export_collection, search_selection
from studyapp.io.importer import import_file
from studyapp.store.db import Database
from studyapp.store.search_query import BadQuery

from tests.conftest import NOW, empty_collection
from tests.io.apkg.conftest import fixture

PROMPTS = "SELECT prompt_md FROM question WHERE retired_at IS NULL ORDER BY prompt_md"


def prompts(db: Database) -> list[str]:
    with db.begin() as session:
        return list(session.scalars(text(PROMPTS)))


@pytest.fixture
def studied(db: Database) -> Database:
    import_file(db, fixture("sm2.apkg"), NOW)
    return db


def fresh(tmp_path: Path, name: str) -> Database:
    return Database.open(tmp_path / name / "studyapp.sqlite3")


def test_a_search_exported_as_a_package_brings_its_image_along(
    studied: Database, tmp_path: Path
) -> None:
    out = tmp_path / "colour.apkg"
    selection = search_selection(studied, "colour", NOW)
    assert export_apkg(studied, out, NOW, selection) == 1
    with zipfile.ZipFile(out) as archive:
        mapping = json.loads(archive.read("media"))
        stored = {name: archive.read(number) for number, name in mapping.items()}
    original = studied.path.parent / "media"
    assert stored == {name: (original / name).read_bytes() for name in stored}
    assert {name.rsplit(".", 1)[1] for name in stored} == {"png", "mp3"}
    other = fresh(tmp_path, "other")
    import_file(other, out, NOW)
    assert prompts(other) == ["Which colour?"]
    again = other.path.parent / "media"
    assert {path.name: path.read_bytes() for path in again.iterdir()} == stored
    with other.begin() as session:
        answer = session.scalar(text("SELECT answer_md FROM question"))
    png = next(name for name in stored if name.endswith(".png"))
    assert f"(media/{png})" in answer  # the re-imported note shows the same picture
    other.close()


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_a_search_exported_as_text_re_imports_as_the_same_questions(
    studied: Database, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"git.{fmt}"
    selection = search_selection(studied, "tag:git OR studied", NOW)
    assert export_collection(studied, out, fmt, selection) == 2  # type: ignore[arg-type]
    other = fresh(tmp_path, fmt)
    import_file(other, out, NOW)
    assert prompts(other) == ["Never studied", "git fetch"]
    other.close()


def test_a_search_inside_a_topic_keeps_only_what_is_in_both(
    studied: Database, tmp_path: Path
) -> None:
    out = tmp_path / "both.apkg"
    inside = search_selection(studied, "tag:py", NOW, Selection(topic_path="Python/Core"))
    assert export_apkg(studied, out, NOW, inside) == 2
    outside = search_selection(studied, "tag:py", NOW, Selection(topic_path="Git"))
    with pytest.raises(StudyAppError, match="in that topic"):
        export_apkg(studied, tmp_path / "none.apkg", NOW, outside)
    assert not (tmp_path / "none.apkg").exists()


def test_a_search_that_finds_nothing_writes_nothing(studied: Database, tmp_path: Path) -> None:
    nothing = search_selection(studied, "kubernetes", NOW)
    for fmt in ("md", "csv"):
        with pytest.raises(StudyAppError, match="No question matches the search 'kubernetes'"):
            export_collection(studied, tmp_path / f"none.{fmt}", fmt, nothing)  # type: ignore[arg-type]
    with pytest.raises(StudyAppError, match="No question matches"):
        export_apkg(studied, tmp_path / "none.apkg", NOW, nothing)
    assert list(tmp_path.glob("none.*")) == []
    with pytest.raises(BadQuery):
        search_selection(studied, '"unclosed', NOW)


def test_the_command_line_exports_a_search(tmp_path: Path) -> None:
    def studyapp(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "studyapp", *args, "--data-dir", str(tmp_path / "d")]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    empty_collection(tmp_path / "d")  # a never-opened folder would get the built-in deck
    assert studyapp("import", str(fixture("sm2.apkg"))).returncode == 0
    out = tmp_path / "found.apkg"
    exported = studyapp("export", str(out), "--format", "apkg", "--search", "colour OR gil")
    assert exported.returncode == 0, exported.stderr
    assert "Exported 2 questions" in exported.stdout
    inside = studyapp("export", str(tmp_path / "g.md"), "--search", "fetch", "--topic", "Git")
    assert "Exported 1 questions" in inside.stdout, inside.stderr
    empty = studyapp("export", str(tmp_path / "e.apkg"), "--search", "kubernetes")
    assert empty.returncode != 0
    assert "No question matches" in empty.stderr
    assert not (tmp_path / "e.apkg").exists()
    other = fresh(tmp_path, "other")
    import_file(other, out, NOW)
    assert prompts(other) == ["What is the **GIL**?", "Which colour?"]
    other.close()
