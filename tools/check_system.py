"""Say clearly which system library Qt is missing, instead of a Qt stack trace.

Run by `make run` before the app starts.
"""

from __future__ import annotations

import ctypes.util
import sys

APT_LINE = (
    "sudo apt-get install -y libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 "
    "libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libfontconfig1 libdbus-1-3 fonts-dejavu-core"
)
LIBRARIES = {
    "EGL": "libegl1",
    "GL": "libgl1",
    "xkbcommon": "libxkbcommon0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-shape": "libxcb-shape0",
    "fontconfig": "libfontconfig1",
    "dbus-1": "libdbus-1-3",
}


def main() -> int:
    if not sys.platform.startswith("linux"):
        return 0
    missing = [package for name, package in LIBRARIES.items() if not ctypes.util.find_library(name)]
    try:
        import PySide6.QtWidgets

        del PySide6
    except ImportError as exc:
        missing.append(f"(Qt failed to load: {exc})")
    if not missing:
        return 0
    print("StudyApp needs system libraries that Qt uses, and these are missing:", file=sys.stderr)
    for item in missing:
        print(f"  - {item}", file=sys.stderr)
    print(f"Install them with:\n  {APT_LINE}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
