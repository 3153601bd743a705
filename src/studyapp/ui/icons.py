"""The application icon, from the PNGs in resources/icons (rendered by tools/render_icons.py)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from studyapp.paths import resources_dir

ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """Every size as its own PNG, so that the 16 px one is the hand-checked 16 px rendering
    and the window needs no SVG plugin. Empty (Qt's default icon) if the files are missing."""
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in ICON_SIZES:
        path = folder / f"studyapp-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon
