"""The centre of the window: breadcrumb, prompt, the hidden answer, and the grade buttons.

The reading keys (Up/Down/PgUp/PgDn/Home/End) scroll the answer (the prompt before it is
shown) whatever widget has the focus, as the study keys do. A huge block arrives cut with a
"Show the rest" link (services/rendering.py); a click asks for ten times more, which comes
in pieces inserted one per event-loop turn (rest_inserter.py) so the window never stalls.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QTextOption
from PySide6.QtWidgets import (
    QAbstractSlider,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.services.rendering import MORE_URL
from studyapp.services.views import CardView, SessionCounts
from studyapp.ui.content_browser import ContentBrowser
from studyapp.ui.rest_inserter import RestInserter

if TYPE_CHECKING:
    from studyapp.services.rendering import RestOfBlock
from studyapp.ui.theme import ACCENTS

GRADES = ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy"))
GRADE_KEYS = {1: "again", 2: "hard", 3: "good", 4: "easy"}
_Step = QAbstractSlider.SliderAction
SCROLL_KEYS = {
    Qt.Key.Key_Up: _Step.SliderSingleStepSub,
    Qt.Key.Key_Down: _Step.SliderSingleStepAdd,
    Qt.Key.Key_PageUp: _Step.SliderPageStepSub,
    Qt.Key.Key_PageDown: _Step.SliderPageStepAdd,
    Qt.Key.Key_Home: _Step.SliderToMinimum,
    Qt.Key.Key_End: _Step.SliderToMaximum,
}


class StudyPanel(QWidget):
    reveal_clicked = Signal()
    grade_clicked = Signal(int)
    bookmark_clicked = Signal()
    more_requested = Signal(str, int)  # "prompt" or "answer", and the level wanted

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card: CardView | None = None
        self.revealed = False
        self.breadcrumb = QLabel()
        self.breadcrumb.setObjectName("breadcrumb")
        self.breadcrumb.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.remaining = QLabel()
        self.remaining.setObjectName("remaining")
        self.remaining.setTextFormat(Qt.TextFormat.RichText)
        self.remaining.setToolTip(
            "Left in this session, the question on screen included: new questions, "
            "learning steps (answered recently, back within minutes) and reviews due."
        )
        self.bookmark = QToolButton()
        self.bookmark.setObjectName("bookmark")
        self.bookmark.setCheckable(True)
        self.bookmark.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.bookmark.clicked.connect(self._on_bookmark_clicked)
        self.accents = ACCENTS["light"]
        self.counts: SessionCounts | None = None
        self.prompt = ContentBrowser()
        self.prompt.setObjectName("prompt")
        self.answer = ContentBrowser()
        self.answer.setObjectName("answer")
        self.levels = {"prompt": 0, "answer": 0}
        self.inserters: dict[str, RestInserter] = {}
        for name, browser in (("prompt", self.prompt), ("answer", self.answer)):
            browser.anchorClicked.connect(partial(self._on_anchor_clicked, name))
            self.inserters[name] = RestInserter(browser, partial(self._on_rest_inserted, name))
        self.answer_hint = QLabel("The answer is hidden. Say yours aloud, then press Space.")
        self.answer_hint.setObjectName("answerHint")
        self.answer_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.answer_stack = QStackedWidget()
        self.answer_stack.addWidget(self.answer_hint)
        self.answer_stack.addWidget(self.answer)
        self.reveal_button = QPushButton("Show answer   (Space)")
        self.reveal_button.setObjectName("reveal")
        self.reveal_button.clicked.connect(self.reveal_clicked)
        self.grade_buttons: dict[int, QPushButton] = {}
        self.buttons_stack = QStackedWidget()
        self.buttons_stack.addWidget(self._reveal_row())
        self.buttons_stack.addWidget(self._grade_row())
        self._layout()
        # A click must not take the keys away from studying (Space, 1–4, B), nor leave focus
        # on a button that is about to hide (Qt would pass it on, e.g. to the filter box).
        for button in (self.bookmark, self.reveal_button, *self.grade_buttons.values()):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for key, step in SCROLL_KEYS.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(partial(self.scroll_text, step))
        self.apply_theme("light")

    def _layout(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.breadcrumb, 1)
        header.addWidget(self.remaining)
        header.addWidget(self.bookmark)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setObjectName("rule")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.prompt)
        layout.addWidget(rule)
        layout.addWidget(self.answer_stack, 1)
        layout.addWidget(self.buttons_stack)

    def _reveal_row(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        self.reveal_button.setMinimumHeight(40)
        self.reveal_button.setMinimumWidth(260)
        layout.addWidget(self.reveal_button)
        layout.addStretch(1)
        return row

    def _grade_row(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        for rating, label in GRADES:
            button = QPushButton(label)
            button.setObjectName(f"grade{label}")
            button.setMinimumHeight(40)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, r=rating: self.grade_clicked.emit(r))
            self.grade_buttons[rating] = button
            layout.addWidget(button)
        return row

    def show_card(
        self, card: CardView, counts: SessionCounts | None, *, same_turn: bool = False
    ) -> None:
        """A new turn starts with the answer hidden. The same turn of the same question (a
        bookmark, a theme switch, the counts moving on) keeps what is shown, and sets HTML
        only where it changed."""
        previous, self.card = self.card, card
        self.show_counts(counts)
        self.set_bookmarked(card.question.bookmarked)
        if same_turn and previous is not None and previous.question.id == card.question.id:
            self._show_place(card)  # a topic renamed or moved meanwhile
            if previous.prompt_html != card.prompt_html:
                self.inserters["prompt"].cancel()
                set_html(self.prompt, card.prompt_html)
                self.levels["prompt"] = 0  # a new theme renders the first part again
            if previous.answer_html != card.answer_html:
                self.inserters["answer"].cancel()
                set_html(self.answer, card.answer_html)
                self.levels["answer"] = 0
            return
        self._show_new(card)

    def show_counts(self, counts: SessionCounts | None) -> None:
        self.counts = counts
        self.remaining.setText(counts_text(counts, self.accents))

    def show_more(
        self, question_id: int, field: str, level: int, more: str | list[RestOfBlock]
    ) -> None:
        """More of a cut block, where the reader was: the view stays at its place. Pieces
        (`more` a list) are inserted one per event-loop turn; HTML (a cut no piece can
        continue) replaces the text."""
        if self.card is None or self.card.question.id != question_id:
            return
        if self.inserters[field].busy:
            return
        browser = self.prompt if field == "prompt" else self.answer
        self.levels[field] = level
        if not isinstance(more, str):
            self.inserters[field].start(more)
            return
        html = more
        position = browser.verticalScrollBar().value()
        set_html(browser, html)
        if browser is self.prompt:
            self._fit_prompt()
        browser.verticalScrollBar().setValue(position)

    def scroll_text(self, step: QAbstractSlider.SliderAction) -> None:
        browser = self.answer if self.revealed else self.prompt
        browser.verticalScrollBar().triggerAction(step)

    def _on_rest_inserted(self, field: str) -> None:
        browser = self.prompt if field == "prompt" else self.answer
        fit_width(browser)
        if browser is self.prompt:
            self._fit_prompt()

    @property
    def inserting(self) -> bool:
        return any(inserter.busy for inserter in self.inserters.values())

    def _on_anchor_clicked(self, field: str, url: QUrl) -> None:
        # While the rest comes in, a second link (another cut block) waits for it.
        if url.toString() == MORE_URL and not self.inserters[field].busy:
            self.more_requested.emit(field, self.levels[field] + 1)

    def _show_new(self, card: CardView) -> None:
        for inserter in self.inserters.values():
            inserter.cancel()
        self.revealed = False
        self.levels = {"prompt": 0, "answer": 0}
        self._show_place(card)
        set_html(self.prompt, card.prompt_html)
        self._fit_prompt()
        set_html(self.answer, card.answer_html)
        for rating, label in GRADES:
            interval = card.intervals.get(rating, "")
            self.grade_buttons[rating].setText(f"{label} · {interval}   ({rating})")
            self.grade_buttons[rating].setToolTip(
                f"{label}: this question returns in {interval}. Key {rating}."
            )
        self.answer_stack.setCurrentWidget(self.answer_hint)
        self.buttons_stack.setCurrentIndex(0)

    def _show_place(self, card: CardView) -> None:
        path = " › ".join(card.question.topic_path)
        self.breadcrumb.setText(path)
        self.breadcrumb.setToolTip(path)

    def _fit_prompt(self) -> None:
        self.prompt.fit_height(max(self.height() * 2 // 5, 80))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_width(self.answer)
        fit_width(self.prompt)
        self._fit_prompt()

    def reveal(self) -> None:
        self.revealed = True
        self.answer_stack.setCurrentWidget(self.answer)
        self.buttons_stack.setCurrentIndex(1)
        self.answer.verticalScrollBar().setValue(0)

    def set_bookmarked(self, on: bool) -> None:
        self.bookmark.setChecked(on)
        self.bookmark.setText("★ Bookmarked" if on else "☆ Bookmark")
        self.bookmark.setToolTip("Remove bookmark (B)" if on else "Bookmark this question (B)")

    def set_enabled_for_saving(self, saving: bool) -> None:
        for button in self.grade_buttons.values():
            button.setEnabled(not saving)
        self.reveal_button.setEnabled(not saving)
        self.bookmark.setEnabled(not saving)

    def set_point_size(self, points: float) -> None:
        self.prompt.set_point_size(points + 2)
        self.answer.set_point_size(points)
        fit_width(self.answer)
        fit_width(self.prompt)
        self._fit_prompt()

    def apply_theme(self, theme: str) -> None:
        accents = self.accents = ACCENTS[theme]
        styles = [
            f"QLabel#breadcrumb, QLabel#remaining, QLabel#answerHint "
            f"{{ color: {accents['muted']}; }}",
            f"QToolButton#bookmark:checked {{ color: {accents['star']}; font-weight: bold; }}",
            "QPushButton#reveal { font-weight: bold; }",
            f"QFrame#rule {{ color: {accents['muted']}; }}",
        ]
        for rating, label in GRADES:
            colour = accents[GRADE_KEYS[rating]]
            styles.append(f"QPushButton#grade{label} {{ color: {colour}; font-weight: bold; }}")
        self.setStyleSheet("\n".join(styles))
        self.show_counts(self.counts)

    def _on_bookmark_clicked(self) -> None:
        # The window decides; the button shows the saved state when the op returns.
        self.bookmark.setChecked(not self.bookmark.isChecked())
        self.bookmark_clicked.emit()


def set_html(browser: ContentBrowser, html: str) -> None:
    browser.setHtml(html)
    fit_width(browser)


def fit_width(browser: ContentBrowser) -> None:
    """Whole words first (a table cell keeps "ProcessPoolExecutor" whole; long tokens carry
    zero-width break points from the renderer). Only what cannot fit so, such as a wide table
    at 200% text on a small screen, may break inside words: the page never scrolls sideways."""
    browser.setWordWrapMode(QTextOption.WrapMode.WordWrap)
    if browser.document().idealWidth() > browser.viewport().width():
        browser.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)


def counts_text(counts: SessionCounts | None, accents: dict[str, str]) -> str:
    """Anki's three numbers: new, learning, review (a practice run has one)."""
    if counts is None:
        return ""
    if counts.practice:
        return f"{counts.total} left"
    parts = (
        (counts.new, "New", accents["new"]),
        (counts.learning, "Learning", accents["again"]),
        (counts.review, "Review", accents["due"]),
    )
    return " · ".join(
        f'{label} <span style="color: {colour}; font-weight: bold;">{count}</span>'
        for count, label, colour in parts
    )
