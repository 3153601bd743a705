"""Radio buttons and check boxes can be seen on the dark palette (Fusion draws them near black)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QRadioButton
from pytestqt.qtbot import QtBot

from studyapp.ui.export_dialog import ExportDialog
from studyapp.ui.theme import apply_theme


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    before = qapp.palette()
    apply_theme(qapp, "dark")
    yield
    qapp.setPalette(before)


def _brightest_indicator_pixel(button: QRadioButton) -> int:
    """The lightest pixel of the indicator (the part left of the label)."""
    image = button.grab().toImage()
    return max(
        QColor(image.pixel(x, y)).lightness()
        for x in range(min(18, image.width()))
        for y in range(image.height())
    )


@pytest.mark.usefixtures("dark")
def test_an_unticked_radio_button_stands_out_on_the_dark_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = ExportDialog(None, "", tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    window = dialog.palette().color(QPalette.ColorRole.Window).lightness()
    unticked = dialog.search
    assert not unticked.isChecked()
    # Fusion's own outline is the window one shade darker: 20 levels at most from it.
    assert _brightest_indicator_pixel(unticked) - window > 60
