"""File › Restore from Backup: the chosen backup comes back, the current data is kept aside."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from studyapp.store.rotation import list_backups
from studyapp.ui.main_window import MainWindow
from studyapp.ui.restore_dialog import RestoreDialog

from tests.ui.helpers import press, press_and_wait, rows


def test_restoring_brings_the_backup_back_and_keeps_the_current_data(
    qtbot: QtBot, window: MainWindow
) -> None:
    backups = window.data_dir / "backups"
    window.acts.back_up.trigger()  # a backup with no reviews
    qtbot.waitUntil(lambda: any(b.label == "manual" for b in list_backups(backups)))
    press(qtbot, window, Qt.Key.Key_Space)
    press_and_wait(qtbot, window, Qt.Key.Key_3)
    assert rows(qtbot, window, "SELECT count(*) FROM review_log") == [(1,)]

    window.acts.restore.trigger()
    qtbot.waitUntil(lambda: window.findChild(RestoreDialog) is not None, timeout=10_000)
    dialog = window.findChild(RestoreDialog)
    assert dialog is not None
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    manual = next(i for i, text in enumerate(texts) if "backed up by you" in text)
    assert "0 reviews" in texts[manual]
    dialog.list.setCurrentRow(manual)
    with qtbot.waitSignal(window.view_shown, timeout=20_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    assert rows(qtbot, window, "SELECT count(*) FROM review_log") == [(0,)]
    assert "Restored" in window.statusBar().currentMessage()
    safety = [b for b in list_backups(backups) if b.label == "before-restore"]
    assert len(safety) == 1  # the data from just before the restore, one review in it
    qtbot.waitUntil(lambda: window.findChild(RestoreDialog) is None)
    window.activateWindow()  # as the desktop does when the dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, window, Qt.Key.Key_Space)  # and studying goes on
    press_and_wait(qtbot, window, Qt.Key.Key_4)
    assert rows(qtbot, window, "SELECT rating FROM review_log") == [(4,)]
