"""File › Restore from Backup: pick a backup by date, label and contents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studyapp.services.views import BackupChoice
from studyapp.ui.window_state import resize_within_screen

LABELS = {
    "daily": "daily",
    "manual": "backed up by you",
    "before-import": "before an import",
    "before-restore": "before a restore",
    "before-reset": "before a progress reset",
}


def describe(choice: BackupChoice) -> str:
    when = choice.taken_at.astimezone().strftime("%a %d %b %Y, %H:%M")
    label = LABELS.get(choice.label, choice.label.replace("-", " "))
    if choice.questions is None:
        return f"{when} · {label} · unreadable"
    return f"{when} · {label} · {choice.questions} questions · {choice.reviews} reviews"


class RestoreDialog(QDialog):
    def __init__(self, choices: list[BackupChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from Backup")
        resize_within_screen(self, 560, 420)
        explain = QLabel(
            "Choose the backup to go back to. Your data as it is now is backed up first, so "
            "this can be undone by restoring that copy."
        )
        explain.setWordWrap(True)
        self.list = QListWidget()
        for choice in choices:
            item = QListWidgetItem(describe(choice))
            item.setData(Qt.ItemDataRole.UserRole, choice)
            if choice.questions is None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentItemChanged.connect(self._on_list_current_item_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self._on_list_current_item_changed(None, None)

    def chosen(self) -> BackupChoice | None:
        item = self.list.currentItem()
        choice = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return choice if isinstance(choice, BackupChoice) else None

    def _on_list_current_item_changed(self, *_args: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.chosen() is not None)
