"""View menu commands: theme, text size, full screen, and the About box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QObject

from studyapp import __version__
from studyapp.ui.theme import ThemeChoice, effective_theme

if TYPE_CHECKING:
    from studyapp.ui.main_window import MainWindow

MIN_POINTS, MAX_POINTS = 8.0, 32.0


class ViewCommands(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def set_theme(self, choice: ThemeChoice) -> None:
        self.window.theme_choice = choice
        self.window.apply_theme(effective_theme(choice))

    def change_point_size(self, step: int) -> None:
        window = self.window
        window.point_size = min(max(window.point_size + step, MIN_POINTS), MAX_POINTS)
        window.study.set_point_size(window.point_size)

    def toggle_full_screen(self) -> None:
        window = self.window
        window.setWindowState(window.windowState() ^ QtCore.Qt.WindowState.WindowFullScreen)

    def open_log_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from studyapp.paths import log_dir

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir(self.window.data_dir))))

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self.window,
            "About StudyApp",
            f"<h3>StudyApp {__version__}</h3><p>Offline interview preparation with spaced "
            "repetition (FSRS).</p>"
            f"<p>Data folder: {self.window.data_dir}</p>",
        )
