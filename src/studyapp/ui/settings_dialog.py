"""Tools › Study Settings: new questions per day and desired retention."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


class StudySettingsDialog(QDialog):
    def __init__(self, new_per_day: int, retention: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Study Settings")
        self.new_per_day = QSpinBox()
        self.new_per_day.setRange(0, 9999)
        self.new_per_day.setValue(new_per_day)
        self.new_per_day.setSuffix(" per day")
        self.retention = QDoubleSpinBox()
        self.retention.setRange(70.0, 99.0)
        self.retention.setDecimals(0)
        self.retention.setSuffix(" %")
        self.retention.setValue(round(retention * 100))
        explain = QLabel(
            "Desired retention is how likely you want to be to recall a question when it "
            "comes back. Higher means more frequent reviews; 90 % suits most people."
        )
        explain.setWordWrap(True)
        form = QFormLayout()
        form.addRow("New questions:", self.new_per_day)
        form.addRow("Desired retention:", self.retention)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def values(self) -> tuple[int, float]:
        return self.new_per_day.value(), self.retention.value() / 100
