"""The command line's global options reach every subcommand, wherever they are written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studyapp.cli import parse_args, run_command
from studyapp.paths import database_path
from studyapp.store.db import Database

# The smallest valid use of each subcommand.
COMMANDS = {
    "import": ["import", "notes.txt"],
    "export": ["export", "out.md"],
    "check": ["check"],
    "stats": ["stats"],
    "plan": ["plan", "--date", "2030-01-01", "--minutes", "20"],
    "search": ["search", "git"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_data_dir_before_the_subcommand_is_kept(command: str, tmp_path: Path) -> None:
    args = parse_args(["--data-dir", str(tmp_path), *COMMANDS[command]])
    assert args.data_dir == str(tmp_path)


@pytest.mark.parametrize("command", COMMANDS)
def test_data_dir_after_the_subcommand_is_kept(command: str, tmp_path: Path) -> None:
    args = parse_args([*COMMANDS[command], "--data-dir", str(tmp_path)])
    assert args.data_dir == str(tmp_path)


def test_no_data_dir_means_the_default(tmp_path: Path) -> None:
    assert parse_args(["check"]).data_dir is None


def test_a_never_opened_data_dir_has_the_built_in_deck_as_the_window_would(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "fresh"
    assert run_command(parse_args(["--data-dir", str(data_dir), "search", "rebase", "--json"])) == 0
    results = json.loads(capsys.readouterr().out)
    assert "Git" in {result["topic"][0] for result in results}


def test_an_existing_collection_is_not_synced_by_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The window updates an existing copy of the built-in deck (and asks about edited
    # questions); a command leaves it alone, so an empty collection stays empty.
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    Database.open(database_path(data_dir)).close()
    assert run_command(parse_args(["--data-dir", str(data_dir), "search", "rebase"])) == 0
    assert capsys.readouterr().out == "No questions match.\n"
