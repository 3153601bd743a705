"""The application icon, from the PNGs in resources/icons (rendered by tools/render_icons.py)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from studyapp.paths import resources_dir

# 512 px is for the desktop's icon theme only: X11 copies every size of a window icon into a
# window property, and 512 px alone would add 1 MB and ~10 ms to showing the window.
WINDOW_ICON_SIZES = (16, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """Each size from its own PNG, so that small sizes stay the crisp hand-checked renderings
    and no SVG plugin is needed. Empty (Qt's default icon) if the files are missing."""
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in WINDOW_ICON_SIZES:
        path = folder / f"studyapp-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon
