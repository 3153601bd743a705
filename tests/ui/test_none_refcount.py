"""PySide6's void and bool calls drop references to None, True and False on Python 3.11 (see
ui/none_refcount.py): the leak is real, and after the guard a long session cannot bring their
counts to zero."""

from __future__ import annotations

import subprocess
import sys

import pytest

CALLS = 20_000

LEAK = f"""
import sys
from PySide6.QtCore import QObject
item = QObject()
before = sys.getrefcount(None)
for _ in range({CALLS}):
    item.setObjectName("x")
print(before - sys.getrefcount(None))
"""


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_calls_leak_none_and_would_abort_without_the_guard() -> None:
    result = subprocess.run(
        [sys.executable, "-c", LEAK], capture_output=True, text=True, check=False
    )
    # Either the leak is measured (one per call), or None ran out and Python aborted.
    assert result.returncode != 0 or int(result.stdout) >= CALLS


def test_with_the_guard_a_long_session_of_void_calls_ends_cleanly() -> None:
    code = (
        "from studyapp.ui.none_refcount import keep_none_alive\n"
        "keep_none_alive()\n"
        "from PySide6.QtCore import QObject\n"
        "item = QObject()\n"
        "for _ in range(200_000):\n"
        "    item.setObjectName('x')\n"  # None
        "    item.objectNameChanged.connect(print)\n"  # True
        "    item.objectNameChanged.disconnect(print)\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
