"""PySide6's `__feature__` import hook is kept from reading every later module's source."""

from __future__ import annotations

import subprocess
import sys

# A stdlib module nothing else imports first; whether its source lands in linecache tells
# whether the hook read it.
PROBE = """
import linecache, sys
from PySide6.QtWidgets import QApplication
if sys.argv[1] == "skip":
    from studyapp.app import skip_feature_scan
    skip_feature_scan()
import wave
print(any(name.endswith("wave.py") for name in linecache.cache))
"""


def _source_read(mode: str) -> bool:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True
    )
    return result.stdout.strip() == "True"


def test_without_the_skip_pyside_reads_each_imported_module() -> None:
    # If this fails, PySide6 no longer scans sources and skip_feature_scan can go.
    assert _source_read("keep")


def test_the_skip_keeps_imported_sources_out_of_linecache() -> None:
    assert not _source_read("skip")
