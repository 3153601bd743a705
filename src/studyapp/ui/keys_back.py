"""The keyboard goes back to the window a closed dialog or tool window was over.

A window manager does this. Without one (Xvfb, a bare X session, some kiosks) nothing does:
after the editor, Find or a Move to Topic dialog closed, the X server's focus stayed on its
root window, and Space, the grades and Escape went nowhere (seen under Xvfb). When the
focused window hides and no shown window has the focus after it, the window it was over (its
transient parent, else the main window) asks for the keys. When the user has switched to
another program, the focused window is still shown: nothing is done."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QMetaObject, QObject, QTimer
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QWidget


class KeysBack(QObject):
    def __init__(self, app: QGuiApplication, main: QWidget) -> None:
        super().__init__(main)
        self._app = app
        self._main = main
        self._focused: QWindow | None = None
        # The window the focused one is over, read while it lives: a window deleted on close
        # (Find, Browse) is gone by the time it reports that it hid.
        self._over: QWindow | None = None
        self._watch: QMetaObject.Connection | None = None
        app.focusWindowChanged.connect(self._on_focus_window_changed)
        self._on_focus_window_changed(app.focusWindow())

    def _on_focus_window_changed(self, window: QWindow | None) -> None:
        previous, over = self._focused, self._over
        if self._watch is not None and previous is not None and shiboken6.isValid(previous):
            QObject.disconnect(self._watch)
        self._focused, self._over, self._watch = window, None, None
        if window is not None:
            self._over = window.transientParent()
            # Some platforms (offscreen) leave the focus on a window that hides.
            self._watch = window.visibleChanged.connect(self._on_visible_changed)
        elif previous is not None and not (shiboken6.isValid(previous) and previous.isVisible()):
            self._soon(over)  # X11 without a window manager: the focus went to the root

    def _on_visible_changed(self, visible: bool) -> None:
        if not visible:
            self._soon(self._over)

    def _soon(self, target: QWindow | None) -> None:
        """After the event: a window manager may be handing the focus on meanwhile."""
        QTimer.singleShot(0, self, lambda: self._give_back(target))

    def _give_back(self, target: QWindow | None) -> None:
        focus = self._app.focusWindow()
        if not shiboken6.isValid(self._main) or (
            focus is not None and shiboken6.isValid(focus) and focus.isVisible()
        ):
            return
        if target is None or not shiboken6.isValid(target) or not target.isVisible():
            target = self._main.windowHandle()
        if target is not None and target.isVisible():
            target.requestActivate()
