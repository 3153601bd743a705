"""Dialogs for expected failures (message + hint) and for bugs (names the log file)."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from studyapp.errors import StudyAppError

log = logging.getLogger(__name__)


def show_error(
    parent: QWidget | None, error: BaseException, log_file: Path | None, *, wait: bool = False
) -> None:
    """`wait` blocks until the user closes the dialog (for errors that end the app)."""
    if isinstance(error, StudyAppError):
        box = QMessageBox(QMessageBox.Icon.Warning, error.title, error.message, parent=parent)
        if error.hint:
            box.setInformativeText(error.hint)
        if wait:
            box.exec()
        else:
            _show(box)
        return
    show_crash(parent, error, log_file)


def show_crash(parent: QWidget | None, error: BaseException, log_file: Path | None) -> None:
    where = f"The details are in the log file:\n{log_file}" if log_file else ""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "StudyApp hit a bug",
        f"Something went wrong that StudyApp did not expect: {error!r}. "
        "Everything shown as saved is safe.",
        parent=parent,
    )
    box.setInformativeText(where)
    box.setDetailedText("".join(traceback.format_exception(error)))
    _show(box)


def _show(box: QMessageBox) -> None:
    """Window-modal but not a nested event loop: the worker's results keep arriving, and
    nothing waits on the user to press OK."""
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("errorDialog")
    box.open()


def install_excepthook(log_file: Path | None) -> None:
    """Bugs in slots reach this hook: log them and tell the user where the log is."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.critical("unexpected error", exc_info=(kind, error, tb))
        if QApplication.instance() is None or isinstance(error, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        show_crash(QApplication.activeWindow(), error, log_file)

    sys.excepthook = hook
