"""Importing from the window: preview first, nothing written until Import, then in place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from studyapp.ui.import_dialog import ImportDialog
from studyapp.ui.main_window import MainWindow

from tests.ui.helpers import rows

NOTES = """\
Kubernetes:
\t- What is a pod?
\t\tThe smallest deployable unit: one or more containers.
\t- What is a service?
\t\tA stable address in front of pods.
\t- kubectl is the command-line client
"""


def open_dialog(qtbot: QtBot, window: MainWindow) -> ImportDialog:
    qtbot.waitUntil(lambda: window.imports.dialog is not None, timeout=10_000)
    dialog = window.imports.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    return dialog


def test_import_shows_a_preview_and_writes_only_on_confirm(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    notes = tmp_path / "k8s.txt"
    notes.write_text(NOTES)
    before = rows(qtbot, window, "SELECT count(*) FROM question")[0][0]
    window.imports.start(notes)
    dialog = open_dialog(qtbot, window)
    # Within the screen (the offscreen one is 800×600, a netbook's height): at 900×640 its
    # Import button was below the edge at 1024×600.
    available = dialog.screen().availableGeometry()
    assert dialog.height() <= available.height() - 48
    assert dialog.width() <= available.width() - 16
    assert dialog.format.currentData() == "outline"
    assert dialog.outline.topLevelItem(0).text(0) == "Kubernetes"
    assert dialog.outline.topLevelItem(0).text(1) == "3"
    assert "What is a pod?" in dialog.sample.toPlainText()
    assert rows(qtbot, window, "SELECT count(*) FROM question")[0][0] == before
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert rows(qtbot, window, "SELECT count(*) FROM question")[0][0] == before + 3
    assert "Imported 3 questions" in window.statusBar().currentMessage()
    titles = [window.tree_model.title_of(key) for key in window.tree_model.topic_keys()]
    assert "Kubernetes" in titles


def test_cancel_writes_nothing(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    notes = tmp_path / "k8s.txt"
    notes.write_text(NOTES)
    before = rows(qtbot, window, "SELECT count(*) FROM question")[0][0]
    window.imports.start(notes)
    dialog = open_dialog(qtbot, window)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert rows(qtbot, window, "SELECT count(*) FROM question")[0][0] == before


def test_dropping_a_file_opens_the_preview(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    notes = tmp_path / "k8s.txt"
    notes.write_text(NOTES)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes))])
    point = QPointF(200, 200)
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton)
    # QDragEnterEvent takes an integer point, QDropEvent a real one.
    enter = QDragEnterEvent(point.toPoint(), *args, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)  # offscreen Qt has no drag session to route a real drop
    assert enter.isAccepted()
    window.dropEvent(QDropEvent(point, *args, Qt.KeyboardModifier.NoModifier))
    dialog = open_dialog(qtbot, window)
    assert "k8s.txt" in dialog.summary.text()
    dialog.reject()


def test_a_bad_file_says_why_and_writes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text('question,answer\n"never closed,x\n')
    before = rows(qtbot, window, "SELECT count(*) FROM question")[0][0]
    window.imports.start(bad)
    qtbot.waitUntil(lambda: window.findChild(object, "errorDialog") is not None, timeout=10_000)
    box = window.findChild(object, "errorDialog")
    assert "quote" in box.text() + box.informativeText()  # type: ignore[attr-defined]
    box.close()  # type: ignore[attr-defined]
    assert rows(qtbot, window, "SELECT count(*) FROM question")[0][0] == before


def test_an_anki_package_imports_with_its_schedule_from_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    package = Path(__file__).parents[1] / "data" / "apkg" / "fsrs.apkg"
    window.imports.start(package)
    dialog = open_dialog(qtbot, window)
    assert dialog.format.currentData() == "apkg"
    with qtbot.waitSignal(window.view_shown, timeout=20_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    imported = rows(qtbot, window, "SELECT count(*) FROM question WHERE external_key LIKE 'anki:%'")
    states = rows(
        qtbot,
        window,
        "SELECT count(*) FROM card_state JOIN question ON question.id = card_state.question_id "
        "WHERE external_key LIKE 'anki:%'",
    )
    assert imported[0][0] > 0
    assert states[0][0] > 0  # the schedule came along


def test_a_large_import_becomes_searchable_right_after_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """A bulk import commits unindexed (store/fts.py); the worker indexes it next, so the
    mark is gone and every question is found without the first search paying for it."""
    from studyapp.store.content import BULK_INSERT_ROWS

    count = BULK_INSERT_ROWS + 100
    table = tmp_path / "many.tsv"
    lines = [f"What is quokka number {i}?\tA marsupial, number {i}." for i in range(count)]
    table.write_text("question\tanswer\n" + "\n".join(lines) + "\n")
    window.imports.start(table)
    dialog = open_dialog(qtbot, window)
    with qtbot.waitSignal(window.view_shown, timeout=20_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=20_000)
    mark = "SELECT count(*) FROM setting WHERE key = 'search_index_pending_from'"
    assert rows(qtbot, window, mark)[0][0] == 0
    indexed = "SELECT count(*) FROM question_fts WHERE question_fts MATCH 'quokka'"
    assert rows(qtbot, window, indexed)[0][0] == count
