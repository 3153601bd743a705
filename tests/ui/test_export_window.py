"""File › Export (Ctrl+E) from the window: the results of the search being studied, or the
topic being studied, in the chosen format; the file re-imports as those questions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from studyapp.io.importer import import_file
from studyapp.store.db import Database
from studyapp.ui.export_dialog import ExportDialog
from studyapp.ui.main_window import MainWindow

from tests.conftest import NOW
from tests.ui.flows import import_package, study_search
from tests.ui.helpers import click, press, type_text
from tests.ui.test_study_loop import click_topic

PACKAGE = Path(__file__).parents[1] / "data" / "apkg" / "sm2.apkg"
CTRL = Qt.KeyboardModifier.ControlModifier


def open_export(qtbot: QtBot, window: MainWindow) -> ExportDialog:
    press(qtbot, window, Qt.Key.Key_E, CTRL)

    def dialogs() -> list[ExportDialog]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, ExportDialog)]

    qtbot.waitUntil(lambda: len(dialogs()) == 1 and dialogs()[0].isVisible(), timeout=10_000)
    dialog = dialogs()[0]
    dialog.activateWindow()  # a window manager does this for a new dialog; offscreen does not
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def type_path(qtbot: QtBot, window: MainWindow, dialog: ExportDialog, path: Path) -> None:
    click(qtbot, dialog.path)
    dialog.path.selectAll()
    type_text(qtbot, window, str(path))


def export(qtbot: QtBot, window: MainWindow, dialog: ExportDialog, out: Path) -> None:
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(out.exists, timeout=20_000)
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=10_000)


def reimported(tmp_path: Path, out: Path) -> Database:
    other = Database.open(tmp_path / out.stem / "studyapp.sqlite3")
    import_file(other, out, NOW)
    return other


def prompts(db: Database) -> list[str]:
    from sqlalchemy import text

    with db.begin() as session:
        return list(session.scalars(text("SELECT prompt_md FROM question ORDER BY prompt_md")))


def test_the_search_being_studied_exports_as_a_package_with_its_image(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    import_package(qtbot, window, PACKAGE)
    study_search(qtbot, window, "colour")
    dialog = open_export(qtbot, window)
    assert dialog.search.isChecked()
    assert dialog.query.text() == "colour"
    out = tmp_path / "colour.apkg"
    type_path(qtbot, window, dialog, out)
    assert dialog.format.currentData() == "apkg"  # the typed extension chose the format
    dialog.grab().save("/tmp/studyapp-export-dialog.png")
    export(qtbot, window, dialog, out)
    assert window.statusBar().currentMessage() == f"Exported 1 questions to {out}."
    other = reimported(tmp_path, out)
    assert prompts(other) == ["Which colour?"]
    assert sorted(p.suffix for p in (other.path.parent / "media").iterdir()) == [".mp3", ".png"]
    other.close()


def test_the_topic_being_studied_exports_as_a_deck(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    click_topic(qtbot, window, "Git")
    dialog = open_export(qtbot, window)
    assert dialog.topic.isChecked()
    assert dialog.topic.text().replace("&", "") == "The topic “Git” and its subtopics"
    out = tmp_path / "git.md"
    type_path(qtbot, window, dialog, out)
    export(qtbot, window, dialog, out)
    other = reimported(tmp_path, out)
    assert prompts(other) == [
        "What does rebase do?",
        "What is the difference between fetch and pull?",
    ]
    other.close()


def test_an_empty_search_is_refused_in_the_dialog_and_nothing_is_written(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_export(qtbot, window)
    assert dialog.everything.isChecked()
    click(qtbot, dialog.search)
    out = tmp_path / "none.csv"
    type_path(qtbot, window, dialog, out)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert dialog.isVisible()
    assert dialog.error.text() == "Type the search whose results to export."
    click(qtbot, dialog.query)
    type_text(qtbot, window, "kubernetes")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    def refusal() -> QMessageBox | None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        return next((box for box in boxes if box.isVisible()), None)

    qtbot.waitUntil(lambda: refusal() is not None, timeout=10_000)
    box = refusal()
    assert box is not None
    assert box.text() == "No question matches the search 'kubernetes'."
    assert "Nothing was written" in box.informativeText()
    assert not out.exists()
    box.close()
