"""Window-only preferences (geometry, splitter, theme, text size) in an INI file in the data
dir: read before the database opens, so the window appears at its place and size at once.

Qt's own settings (the file dialogs' last folder and view, in `QtProject.conf`) go to the
data folder too: nothing is written outside it (README)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from studyapp.ui.theme import ThemeChoice

DEFAULT_POINT_SIZE = 12.0
DEFAULT_SIZE = QSize(1100, 720)
# Room left on a small screen for the window manager's title bar and borders.
FRAME_ALLOWANCE = QSize(16, 48)


def keep_qt_settings_in(data_dir: Path) -> None:
    """Every user-scope QSettings (Qt's file dialogs use `QtProject`) lives in `data_dir`.
    Must run before the first such QSettings is made; on Unix both formats are INI files."""
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(data_dir))


def default_geometry(available: QRect) -> QRect:
    """The first window: 1100×720, or less on a smaller screen (a 1024×600 netbook), centred
    in the screen's available area, its frame included."""
    room = available.size() - FRAME_ALLOWANCE
    size = DEFAULT_SIZE.boundedTo(room)
    geometry = QRect(available.topLeft(), size)
    geometry.moveCenter(available.center())
    return geometry


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """A dialog or tool window at `width`×`height`, or less on a small screen: at 1024×600
    the import preview (900×640) hid its Import button below the screen's edge. The screen
    is the one of the window it opens over."""
    parent = widget.parentWidget()
    screen = (parent.window() if parent is not None else widget).screen()
    screen = screen or QGuiApplication.primaryScreen()
    wanted = QSize(width, height)
    if screen is not None:
        wanted = wanted.boundedTo(screen.availableGeometry().size() - FRAME_ALLOWANCE)
    widget.resize(wanted)


class WindowState:
    def __init__(self, data_dir: Path) -> None:
        keep_qt_settings_in(data_dir)
        self._settings = QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)

    def geometry(self) -> QByteArray | None:
        value = self._settings.value("geometry")
        return value if isinstance(value, QByteArray) else None

    def splitter(self) -> QByteArray | None:
        value = self._settings.value("splitter")
        return value if isinstance(value, QByteArray) else None

    def theme(self) -> ThemeChoice:
        try:
            return ThemeChoice(str(self._settings.value("theme", ThemeChoice.SYSTEM.value)))
        except ValueError:
            return ThemeChoice.SYSTEM

    def last_theme(self) -> str:
        """The theme the window last had: used for the first frame, before the system's
        colour scheme is asked for (that query alone costs tens of milliseconds)."""
        return "dark" if self._settings.value("last_theme") == "dark" else "light"

    def point_size(self) -> float:
        try:
            size = float(str(self._settings.value("point_size", DEFAULT_POINT_SIZE)))
        except ValueError:
            return DEFAULT_POINT_SIZE
        return min(max(size, 8.0), 32.0)

    def save(
        self,
        geometry: QByteArray,
        splitter: QByteArray,
        theme: ThemeChoice,
        point_size: float,
        last_theme: str,
    ) -> None:
        self._settings.setValue("geometry", geometry)
        self._settings.setValue("splitter", splitter)
        self._settings.setValue("theme", theme.value)
        self._settings.setValue("last_theme", last_theme)
        self._settings.setValue("point_size", point_size)
        self._settings.sync()
