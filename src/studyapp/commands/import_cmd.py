"""`studyapp import`."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace) -> int:
    del args
    print("studyapp import: not available in this version yet", file=sys.stderr)
    return 2
