"""The command line: parsed before Qt is imported, so --help, --version and the non-GUI
subcommands never start a window."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from studyapp import __version__
from studyapp.paths import DATA_DIR_ENV


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studyapp",
        description="StudyApp: study interview questions offline, with spaced repetition.",
        epilog=f"The data folder can also be set with the {DATA_DIR_ENV} environment variable.",
    )
    parser.add_argument("--version", action="version", version=f"StudyApp {__version__}")
    _add_data_dir(parser)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="run the real app offscreen on a temporary data folder and report 'self-test ok'",
    )
    return parser


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder that holds the database, backups and logs (default: the platform's "
        "user data folder)",
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
