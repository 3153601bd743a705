"""Light and dark palettes on the Fusion style, following the system unless overridden."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget


class ThemeChoice(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


def system_is_dark() -> bool:
    # Imported here: touching `Qt` costs ~40 ms, and this runs only after the first paint.
    from PySide6.QtCore import Qt

    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


def effective_theme(choice: ThemeChoice) -> str:
    if choice is ThemeChoice.SYSTEM:
        return "dark" if system_is_dark() else "light"
    return choice.value


_LIGHT = {
    QPalette.ColorRole.Window: "#f4f4f6",
    QPalette.ColorRole.WindowText: "#1d1d20",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f0f0f3",
    QPalette.ColorRole.Text: "#1d1d20",
    QPalette.ColorRole.Button: "#ececef",
    QPalette.ColorRole.ButtonText: "#1d1d20",
    QPalette.ColorRole.Highlight: "#2f6fde",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#ffffdc",
    QPalette.ColorRole.ToolTipText: "#1d1d20",
    QPalette.ColorRole.PlaceholderText: "#7b7b85",
    QPalette.ColorRole.Link: "#1f5fc9",
    QPalette.ColorRole.Mid: "#c8c8ce",
}

_DARK = {
    QPalette.ColorRole.Window: "#202124",
    QPalette.ColorRole.WindowText: "#e6e6e9",
    QPalette.ColorRole.Base: "#17181a",
    QPalette.ColorRole.AlternateBase: "#242529",
    QPalette.ColorRole.Text: "#e6e6e9",
    QPalette.ColorRole.Button: "#2c2d31",
    QPalette.ColorRole.ButtonText: "#e6e6e9",
    QPalette.ColorRole.Highlight: "#3d7be6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#2c2d31",
    QPalette.ColorRole.ToolTipText: "#e6e6e9",
    QPalette.ColorRole.PlaceholderText: "#8d8d96",
    QPalette.ColorRole.Link: "#7fb0ff",
    QPalette.ColorRole.Mid: "#45464c",
}

# Colours the widgets use beyond the palette: grade buttons and mastery.
ACCENTS = {
    "light": {
        "again": "#c0392b",
        "hard": "#b9770e",
        "good": "#1e8449",
        "easy": "#1f5fc9",
        "muted": "#6b6b75",
        "due": "#1f5fc9",
        "new": "#1e8449",
        "star": "#d4a017",
    },
    "dark": {
        "again": "#ff7b6b",
        "hard": "#f0b35a",
        "good": "#6fd08f",
        "easy": "#7fb0ff",
        "muted": "#9a9aa3",
        "due": "#7fb0ff",
        "new": "#6fd08f",
        "star": "#f2c94c",
    },
}


def palette_for(theme: str) -> QPalette:
    palette = QPalette()
    for role, colour in (_DARK if theme == "dark" else _LIGHT).items():
        palette.setColor(role, QColor(colour))
        palette.setColor(
            QPalette.ColorGroup.Disabled,
            role,
            QColor(colour).darker(130) if theme == "light" else QColor(colour).lighter(60),
        )
    disabled_text = QColor("#9a9aa3" if theme == "light" else "#6b6b75")
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled_text)
    return palette


def apply_theme(app: QApplication, theme: str) -> None:
    app.setStyle("Fusion")
    app.setPalette(palette_for(theme))


def blend(low: QColor, high: QColor, share: float) -> QColor:
    """`share` of the way from `low` to `high` (0: low, 1: high)."""
    share = min(max(share, 0.0), 1.0)
    return QColor(
        round(low.red() + (high.red() - low.red()) * share),
        round(low.green() + (high.green() - low.green()) * share),
        round(low.blue() + (high.blue() - low.blue()) * share),
    )


def mastery_colour(theme: str, mastery: float) -> str:
    accents = ACCENTS[theme]
    if mastery >= 0.85:
        return accents["good"]
    if mastery >= 0.7:
        return accents["hard"]
    return accents["again"]


# Fusion fills radio and check indicators with Base and outlines them one shade darker than
# Window: on the dark palette both are near black, so an unticked box could not be seen.
_DARK_INDICATORS = """
QRadioButton::indicator, QCheckBox::indicator {
  width: 13px; height: 13px; border: 1px solid #8d8d96; background: #17181a;
}
QRadioButton::indicator { border-radius: 7px; }
QCheckBox::indicator { border-radius: 2px; }
QRadioButton::indicator:checked {
  background: qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5, fy:0.5,
    stop:0 #7fb0ff, stop:0.5 #7fb0ff, stop:0.6 #17181a, stop:1 #17181a);
}
QCheckBox::indicator:checked { background: #3d7be6; border-color: #7fb0ff; }
QRadioButton::indicator:disabled, QCheckBox::indicator:disabled { border-color: #45464c; }
QRadioButton::indicator:focus, QCheckBox::indicator:focus { border-color: #7fb0ff; }
"""


def legible_indicators(widget: QWidget) -> None:
    """Radio buttons and check boxes that stand out on the dark palette (a no-op on light)."""
    if widget.palette().color(QPalette.ColorRole.Window).lightness() < 128:
        widget.setStyleSheet(_DARK_INDICATORS)
