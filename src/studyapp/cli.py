"""The command line: parsed before Qt is imported, so --help, --version and the non-GUI
subcommands (import, export, check, stats, plan, search) never start a window."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from studyapp import __version__
from studyapp.errors import StudyAppError
from studyapp.paths import DATA_DIR_ENV

# subcommand → module in studyapp.commands with `add_arguments(parser)` and `run(args) -> int`
SUBCOMMANDS = {
    "import": ("import_cmd", "import a notes file, deck, CSV/TSV or Anki text export"),
    "export": ("export_cmd", "export topics and questions to a Markdown deck or CSV"),
    "check": ("check_cmd", "check the database for damage and impossible states"),
    "stats": ("stats_cmd", "reviews per day, due forecast, retention and recall per topic"),
    "plan": ("plan_cmd", "plan for an interview date within a daily time budget"),
    "search": ("search_cmd", "search questions and answers (the app's search language)"),
}


def add_data_dir(parser: argparse.ArgumentParser, *, keep_global: bool = False) -> None:
    # A subcommand's own --data-dir must not reset one given before the subcommand: argparse
    # writes a subparser's defaults over the main parser's values unless they are suppressed.
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS if keep_global else None,
        help="folder that holds the database, backups and logs (default: the platform's "
        "user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studyapp",
        description="StudyApp: study interview questions offline, with spaced repetition.",
        epilog=f"The data folder can also be set with the {DATA_DIR_ENV} environment variable.",
    )
    parser.add_argument("--version", action="version", version=f"StudyApp {__version__}")
    add_data_dir(parser)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="run the real app offscreen on a temporary data folder and report 'self-test ok'",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        add_data_dir(sub, keep_global=True)
        _command_module(module_name).add_arguments(sub)
    return parser


def _command_module(module_name: str) -> argparse.Namespace:
    module = importlib.import_module(f"studyapp.commands.{module_name}")
    return argparse.Namespace(add_arguments=module.add_arguments, run=module.run)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def run_command(args: argparse.Namespace) -> int:
    """Run a non-GUI subcommand; expected failures print message and hint, exit 2."""
    module_name, _help = SUBCOMMANDS[args.command]
    try:
        result: int = _command_module(module_name).run(args)
    except StudyAppError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(exc.hint, file=sys.stderr)
        return 2
    return result
