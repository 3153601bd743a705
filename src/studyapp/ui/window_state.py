"""Window-only preferences (geometry, splitter, theme, text size) in an INI file in the data
dir: read before the database opens, so the window appears at its place and size at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from studyapp.ui.theme import ThemeChoice

DEFAULT_POINT_SIZE = 12.0


class WindowState:
    def __init__(self, data_dir: Path) -> None:
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
