"""Reading in the real window: hostile content comes in parts, code and tables fit the page,
the reading keys scroll the answer whatever has focus, and nothing moves under the reader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from studyapp.ui.main_window import MainWindow, Mode
from studyapp.ui.window_state import default_geometry

from tests.ui.flows import window_on_deck
from tests.ui.helpers import answer_visible, click, press, press_and_wait

CODE_LINES = 3_000
HOSTILE_DECK = (
    "# Hostile\n\n"
    "### Q: What does this long program do? {#hostile.code}\n"
    "It counts.\n\n```go\n"
    + "\n".join(f"\tline_{i} := {i} // " + "x" * (300 if i == 5 else 10) for i in range(CODE_LINES))
    + "\n```\n\n"
    "### Q: Which executor? {#hostile.table}\n"
    "It depends.\n\n| use | executor | why |\n|---|---|---|\n"
    + "".join(
        f"| case {i}, when the work is CPU-bound | ProcessPoolExecutor | it sidesteps the "
        "GIL, at the cost of pickling every argument and result |\n"
        for i in range(20)
    )
)


@pytest.fixture
def hostile(qtbot: QtBot, data_dir: Path, tmp_path: Path) -> Iterator[MainWindow]:
    window = window_on_deck(qtbot, data_dir, tmp_path / "decks", "hostile.md", HOSTILE_DECK)
    yield window
    window.close()


def reveal(qtbot: QtBot, window: MainWindow) -> QTextBrowser:
    press(qtbot, window, Qt.Key.Key_Space)
    assert answer_visible(window)
    return window.study.answer


def click_text(qtbot: QtBot, browser: QTextBrowser, words: str) -> None:
    """Click on `words` where they are drawn, as a reader does."""
    found = browser.document().find(words)
    assert not found.isNull(), f"{words!r} is not shown"
    cursor = QTextCursor(browser.document())
    cursor.setPosition(found.selectionStart() + 2)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    where = browser.cursorRect().center()
    assert browser.anchorAt(where), "no link under the words"
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_a_huge_code_block_shows_its_first_part_and_more_on_a_click(
    qtbot: QtBot, hostile: MainWindow
) -> None:
    answer = reveal(qtbot, hostile)
    text = answer.toPlainText()
    assert "line_99 := 99" in text
    assert "line_100 :=" not in text
    assert "Show the rest (2,900 more lines)" in text
    click_text(qtbot, answer, "Show the rest")
    qtbot.waitUntil(lambda: "(2,000 more lines)" in answer.toPlainText(), timeout=10_000)
    assert "line_999 :=" in answer.toPlainText()
    assert hostile.mode is Mode.ANSWER


def test_code_wraps_inside_the_page_with_four_column_tabs(
    qtbot: QtBot, hostile: MainWindow
) -> None:
    answer = reveal(qtbot, hostile)
    qtbot.waitUntil(lambda: answer.verticalScrollBar().maximum() > 0)
    assert answer.horizontalScrollBar().maximum() == 0  # a 330-column line wraps
    assert "\n    line_1 := 1" in answer.toPlainText()


def test_table_cells_never_break_a_word(qtbot: QtBot, hostile: MainWindow) -> None:
    hostile.resize(1008, 552)  # a 1024×600 screen
    hostile.splitter.setSizes([360, 648])
    hostile.study.set_point_size(18)  # 150% text
    reveal(qtbot, hostile)
    press_and_wait(qtbot, hostile, Qt.Key.Key_Space)  # graded Good: the table question is next
    answer = reveal(qtbot, hostile)
    document = answer.document()
    document.setTextWidth(answer.viewport().width())
    word = "ProcessPoolExecutor"
    block, checked = document.begin(), 0
    while block.isValid():
        start = block.text().find(word)
        if start >= 0:
            layout = block.layout()
            lines = [layout.lineAt(i) for i in range(layout.lineCount())]
            assert any(
                line.textStart() <= start
                and start + len(word) <= line.textStart() + line.textLength()
                for line in lines
            ), f"{word} is broken in {block.text()!r}"
            checked += 1
        block = block.next()
    assert checked == 20
    assert answer.horizontalScrollBar().maximum() == 0


def test_a_table_too_wide_for_whole_words_still_fits_the_page(
    qtbot: QtBot, hostile: MainWindow
) -> None:
    hostile.resize(1008, 552)  # a 1024×600 screen
    hostile.splitter.setSizes([460, 548])
    hostile.study.set_point_size(24)  # 200% text: three columns of long words cannot fit
    reveal(qtbot, hostile)
    press_and_wait(qtbot, hostile, Qt.Key.Key_Space)
    answer = reveal(qtbot, hostile)
    assert answer.horizontalScrollBar().maximum() == 0
    assert answer.document().idealWidth() <= answer.viewport().width()


def test_reading_keys_scroll_the_answer_whatever_has_focus(
    qtbot: QtBot, hostile: MainWindow
) -> None:
    answer = reveal(qtbot, hostile)
    bar = answer.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    for focused in (hostile.tree, hostile.filter_edit, answer, hostile):
        focused.setFocus()
        bar.setValue(0)
        press(qtbot, hostile, Qt.Key.Key_Down)
        assert bar.value() == bar.singleStep(), focused
        press(qtbot, hostile, Qt.Key.Key_PageDown)
        assert bar.value() == bar.singleStep() + bar.pageStep(), focused
        press(qtbot, hostile, Qt.Key.Key_PageUp)
        press(qtbot, hostile, Qt.Key.Key_Up)
        assert bar.value() == 0, focused
        if focused is not hostile.filter_edit:  # there Home and End move in the text
            press(qtbot, hostile, Qt.Key.Key_End)
            assert bar.value() == bar.maximum(), focused
            press(qtbot, hostile, Qt.Key.Key_Home)
            assert bar.value() == 0, focused
    assert hostile.scope_key == "due"  # the tree's arrows chose nothing
    hostile.setFocus()
    press_and_wait(qtbot, hostile, Qt.Key.Key_3)  # the study keys still work
    assert not answer_visible(hostile)


def test_the_grade_buttons_stay_put_when_a_status_message_appears(
    qtbot: QtBot, hostile: MainWindow
) -> None:
    assert hostile.statusBar().isVisible()
    reveal(qtbot, hostile)
    good = hostile.study.grade_buttons[3]
    before = good.mapTo(hostile, QPoint(0, 0))
    click(qtbot, good)
    qtbot.waitUntil(lambda: "returns in" in hostile.statusBar().currentMessage())
    reveal(qtbot, hostile)
    assert good.mapTo(hostile, QPoint(0, 0)) == before


def test_the_first_window_fits_the_screen_it_opens_on(hostile: MainWindow) -> None:
    available = hostile.screen().availableGeometry()
    assert available.contains(hostile.geometry())


@pytest.mark.parametrize(
    ("screen", "expected"),
    [
        (QRect(0, 0, 1024, 600), QRect(8, 24, 1008, 552)),
        (QRect(0, 0, 1920, 1080), QRect(410, 180, 1100, 720)),
        (QRect(1920, 0, 1280, 800), QRect(2010, 40, 1100, 720)),
    ],
)
def test_the_default_size_is_clamped_to_the_available_screen(
    screen: QRect, expected: QRect
) -> None:
    assert default_geometry(screen) == expected


PROMPT = "How do you describe your backend experience in an interview?"


def test_a_wrapped_prompt_is_shown_whole_at_the_window_s_size(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    """The prompt box is as tall as its lines at its final width. It was fitted while the
    box's viewport still had its width from before the layout: a prompt that fits one line
    there and wraps to two on screen got one line's height and a scroll bar (seen after a
    start with no saved screen, at 1024×600)."""
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "deck.md").write_text(f"# Intro\n\n### Q: {PROMPT}\nLike this.\n", encoding="utf-8")
    window = MainWindow(data_dir, deck_folder=folder)
    qtbot.addWidget(window)
    window.resize(1008, 552)
    with qtbot.waitSignal(window.became_usable, timeout=30_000):
        window.show()
    prompt = window.study.prompt
    assert prompt.toPlainText().strip() == PROMPT
    qtbot.waitUntil(lambda: prompt.document().size().height() > 40)  # two lines or more
    assert not prompt.verticalScrollBar().isVisible()
    assert prompt.viewport().height() >= prompt.document().size().height()


def test_the_next_question_s_wrapped_prompt_fits_without_scroll_bars(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    """After a grade, the next prompt wraps to two lines at 1008×552: its box grows to fit
    and scrolls neither way (fitted by setting the shown text wider than its viewport, it
    scrolled sideways under a scroll bar of its own; seen under Xvfb)."""
    second = "When do you use a buffered channel, and what are the rules for closing channels?"
    folder = tmp_path / "decks"
    folder.mkdir()
    deck = f"# Go\n\n### Q: What is a goroutine?\nA light thread.\n\n### Q: {second}\nWhen...\n"
    (folder / "deck.md").write_text(deck, encoding="utf-8")
    window = MainWindow(data_dir, deck_folder=folder)
    qtbot.addWidget(window)
    window.resize(1008, 552)
    with qtbot.waitSignal(window.became_usable, timeout=30_000):
        window.show()
    press(qtbot, window, Qt.Key.Key_Space)
    press_and_wait(qtbot, window, Qt.Key.Key_3)
    prompt = window.study.prompt
    assert prompt.toPlainText().strip() == second
    qtbot.waitUntil(lambda: prompt.document().size().height() > 40)  # two lines or more
    assert not prompt.horizontalScrollBar().isVisible()
    assert not prompt.verticalScrollBar().isVisible()
    assert prompt.viewport().height() >= prompt.document().size().height()
