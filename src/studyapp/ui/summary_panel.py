"""What the centre shows when there is no question: loading, empty, or the day's summary."""

from __future__ import annotations

import html
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from studyapp.services.views import Summary


def local_time(moment: datetime) -> str:
    local = moment.astimezone()
    today = datetime.now().astimezone().date()
    if local.date() == today:
        return f"today at {local:%H:%M}"
    if (local.date() - today).days == 1:
        return f"tomorrow at {local:%H:%M}"
    return f"{local:%a %d %b} at {local:%H:%M}"


class SummaryPanel(QWidget):
    practise_clicked = Signal()
    due_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setObjectName("summaryText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.practise = QPushButton("Practise these questions anyway")
        self.practise.clicked.connect(self.practise_clicked)
        self.due = QPushButton("Go to Due now")
        self.due.clicked.connect(self.due_clicked)
        for button in (self.practise, self.due):  # a click leaves the keys to studying
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.practise)
        buttons.addWidget(self.due)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.addStretch(1)
        layout.addWidget(self.text)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(2)

    def show_message(self, title: str, body: str) -> None:
        self.text.setText(f"<h2>{html.escape(title)}</h2><p>{html.escape(body)}</p>")
        self.practise.hide()
        self.due.hide()

    def show_summary(self, summary: Summary, scope_title: str, is_due_scope: bool) -> None:
        parts = [f"<h2>Nothing more to study in “{html.escape(scope_title)}” now</h2>"]
        parts.append(f"<p>Reviewed today: <b>{summary.reviewed_today}</b></p>")
        if summary.next_due is not None:
            parts.append(f"<p>Next question due: <b>{local_time(summary.next_due)}</b></p>")
        if summary.weakest:
            items = "".join(
                f"<li>{html.escape(' › '.join(w.path))}: {round(w.mastery * 100)}% known</li>"
                for w in summary.weakest
            )
            parts.append(f"<p>Weakest topics:</p><ul>{items}</ul>")
        self.text.setText("".join(parts))
        self.practise.setVisible(summary.total_questions > 0)
        self.due.setVisible(not is_due_scope)
