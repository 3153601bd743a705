"""A bare PySide6 window of StudyApp's default size: the yardstick for start-up time."""

from __future__ import annotations

import sys

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QMainWindow


def rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


class BareWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.resize(1100, 720)
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            print("first-paint", flush=True)
            print(f"rss-kb {rss_kb()}", flush=True)
            print("usable", flush=True)
            QApplication.instance().quit()  # type: ignore[union-attr]


if __name__ == "__main__":
    app = QApplication(sys.argv)
    window = BareWindow()
    window.show()
    sys.exit(app.exec())
