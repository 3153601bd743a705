"""`studyapp --self-test`: placeholder replaced by the packaging work (issue 7)."""

from __future__ import annotations

import sys


def run_self_test() -> int:
    print("self-test: not implemented yet", file=sys.stderr)
    return 1
