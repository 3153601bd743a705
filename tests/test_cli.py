"""The command line's global options reach every subcommand, wherever they are written."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.cli import parse_args

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
