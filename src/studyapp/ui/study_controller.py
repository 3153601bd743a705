"""The study controller: the one owner of the study mode, the scope and the question on
screen. Every key, click and menu command about studying comes here; it submits the use case
to the worker and shows the `StudyView` that comes back, each view refreshing only what the
view's `Changes` name (DESIGN §3)."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, auto
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QElapsedTimer, QObject, Signal

from studyapp.study.clock import utc_now

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStackedWidget

    from studyapp.services.app import Services
    from studyapp.services.views import QuestionRecord, StudyView, TopicTree
    from studyapp.ui.runner import DbRunner
    from studyapp.ui.study_panel import StudyPanel
    from studyapp.ui.summary_panel import SummaryPanel
    from studyapp.ui.tree_pane import TreePane


class Mode(Enum):
    LOADING = auto()
    QUESTION = auto()
    ANSWER = auto()
    SAVING = auto()
    IDLE = auto()  # summary, empty state, or an error at start


BUSY = (Mode.LOADING, Mode.SAVING)


class StudyController(QObject):
    view_shown = Signal()  # after each StudyView reaches the screen (tests wait on it)
    mode_changed = Signal()
    message_posted = Signal(str)  # for the status bar
    failed = Signal(object)  # an error to show in a dialog

    def __init__(
        self,
        runner: DbRunner,
        tree_pane: TreePane,
        panel: StudyPanel,
        summary: SummaryPanel,
        pages: QStackedWidget,
    ) -> None:
        super().__init__(pages)
        self.runner = runner
        self.tree_pane = tree_pane
        self.panel = panel
        self.summary = summary
        self.pages = pages
        self.mode = Mode.LOADING
        self.view: StudyView | None = None
        self.tree: TopicTree | None = None
        self.scope_key = "due"
        self._wanted: str | None = None  # a scope chosen while busy: studied once free
        # The last run's screen, shown while the database opens (services/last_screen.py),
        # and the study keys pressed on it: they run once the real view of it arrives.
        self._preview: StudyView | None = None
        self._waiting_keys: list[Callable[[], None]] = []
        self._replaying = False  # a kept key runs now: it must not be kept again
        self._shown = QElapsedTimer()
        self._paused_ms = 0  # time spent on this question before the editor was opened
        tree_pane.scope_chosen.connect(self.choose)
        panel.reveal_clicked.connect(self.space)
        panel.grade_clicked.connect(self.grade)
        panel.bookmark_clicked.connect(self.toggle_bookmark)
        panel.more_requested.connect(self.show_more)
        summary.practise_clicked.connect(self.practise)
        summary.due_clicked.connect(self.study_due_now)

    def idle(self) -> bool:
        return self.mode not in BUSY and self.view is not None

    def give_up_loading(self) -> None:
        """The collection could not be opened: nothing to study, nothing in flight."""
        self._set_mode(Mode.IDLE)

    @property
    def previewing(self) -> bool:
        return self._preview is not None and self.view is None

    def _wait_for_real_view(self, command: Callable[[], None]) -> bool:
        """On a saved screen a study key is kept, in order, until the database is open (and
        behind the kept keys not yet run); True when it was kept."""
        if self._replaying or (not self.previewing and not self._waiting_keys):
            return False
        self._waiting_keys.append(command)
        return True

    # --- commands -------------------------------------------------------------------------
    def run(self, call: Callable[[Services], StudyView]) -> None:
        """Run a use case that changes what is studied, and show its result."""
        self._set_mode(Mode.LOADING)
        self.runner.submit(call, on_done=self.show, on_error=self._on_failed)

    def choose(self, key: str) -> None:
        if self.mode in BUSY:
            self._wanted = key  # the newest choice wins once the current work is shown
            return
        self._wanted = None
        now = utc_now()
        self.run(lambda services: services.study.choose(key, now))

    def study_due_now(self) -> None:
        self.choose("due")

    def drill_weakest(self) -> None:
        if self.mode not in BUSY:
            key, now = self.scope_key, utc_now()
            self.run(lambda services: services.study.drill_weakest(key, now))

    def study_search_results(self, query: str, first: int = 0) -> None:
        if self.mode not in BUSY:
            now = utc_now()

            def study(services: Services) -> StudyView:
                from studyapp.services.search import study_results

                return study_results(services, query, now, first=first)

            self.run(study)

    def shown_question(self) -> QuestionRecord | None:
        """The question on screen, when one is (for the commands that act on it)."""
        card = self.view.card if self.view is not None else None
        if self.mode not in (Mode.QUESTION, Mode.ANSWER) or card is None:
            return None
        return card.question

    def pause_timer(self) -> int:
        """Stop counting answer time (e.g. while the question is edited); the time so far."""
        return self._shown.elapsed() if self._shown.isValid() else 0

    def resume_timer(self, spent_before: int) -> None:
        self._shown.start()
        self._paused_ms = spent_before  # what was spent before the pause still counts

    def submit_change(self, call: Callable[[Services], StudyView]) -> None:
        """Run a use case that changes the question shown (an edit, a suspend …)."""
        self._submit(call)

    def study_plan_today(self) -> None:
        if self.mode not in BUSY:
            now = utc_now()
            self.run(lambda services: services.study.study_plan_today(now))

    def practise(self) -> None:
        if self.idle():
            key, now = self.scope_key, utc_now()
            self.run(lambda services: services.study.practise(key, now))

    def space(self) -> None:
        if self._wait_for_real_view(self.space):
            return
        if self.mode is Mode.QUESTION:
            self.panel.reveal()
            self._set_mode(Mode.ANSWER)
        elif self.mode is Mode.ANSWER:
            self.grade(3)

    def grade(self, rating: int) -> None:
        if self._wait_for_real_view(lambda: self.grade(rating)):
            return
        card = self.view.card if self.view is not None else None
        if self.mode is not Mode.ANSWER or card is None:
            return
        self._set_mode(Mode.SAVING)
        self.panel.set_enabled_for_saving(True)
        duration = int(self._shown.elapsed()) + self._paused_ms
        question_id, now = card.question.id, utc_now()
        self.runner.submit(
            lambda services: services.study.grade(question_id, rating, duration, now),
            on_done=self.show,
            on_error=self._on_grade_failed,
        )

    def toggle_bookmark(self) -> None:
        if self._wait_for_real_view(self.toggle_bookmark):
            return
        card = self.view.card if self.view is not None else None
        if self.mode not in (Mode.QUESTION, Mode.ANSWER) or card is None:
            return
        question_id, now = card.question.id, utc_now()
        self._submit(lambda services: services.study.toggle_bookmark(question_id, now))

    def undo(self) -> None:
        if self.idle():
            now = utc_now()
            self._submit(lambda services: services.study.undo(now))

    def show_more(self, field: str, level: int) -> None:
        """The rest of a cut block (the "Show the rest" link), rendered on the worker: as
        pieces the panel inserts a turn at a time, or (a cut they cannot continue) whole."""
        card = self.view.card if self.view is not None else None
        if card is None:
            return
        question = card.question
        markdown = question.prompt_md if field == "prompt" else question.answer_md
        self.runner.submit(
            lambda services: (
                services.renderer.rest(markdown, level) or services.renderer.html(markdown, level)
            ),
            on_done=lambda more: self.panel.show_more(question.id, field, level, more),
            on_error=self._on_failed,
        )

    def rerender(self, theme: str) -> None:
        if self.view is not None and self.mode not in BUSY:
            now = utc_now()
            self._submit(lambda services: services.study.set_theme(theme, now))

    def refresh(self) -> None:
        """Counts move on with time (the window's timer)."""
        if self.mode in (Mode.QUESTION, Mode.ANSWER, Mode.IDLE) and not self.runner.pending:
            now = utc_now()
            self.runner.submit(
                lambda services: services.study.refresh(now), on_done=self._on_refreshed
            )

    def _submit(self, call: Callable[[Services], StudyView]) -> None:
        self.runner.submit(call, on_done=self.show, on_error=self._on_failed)

    # --- showing --------------------------------------------------------------------------
    def preview(self, view: StudyView) -> None:
        """The last run's screen (its tree and question) until the first real view: the mode
        stays LOADING, and study keys wait for the real view (`_wait_for_real_view`)."""
        assert view.card is not None
        assert view.tree is not None
        self._preview = view
        self.tree = view.tree
        self.tree_pane.set_tree(view.tree)
        self.tree_pane.select_scope(view.scope_key)
        self.panel.show_card(view.card, view.counts)
        self.pages.setCurrentWidget(self.panel)
        self.mode_changed.emit()

    def show(self, view: StudyView) -> None:
        if self._preview is not None:
            self._end_preview(view)
            return
        previous, self.view = self.view, view
        self.scope_key = view.scope_key
        if view.tree is not None:
            self.tree = view.tree
            self.tree_pane.set_tree(view.tree)
        self.tree_pane.select_scope(view.scope_key)
        if view.card is not None:
            self._show_card(view, previous)
        else:
            self._show_summary(view)
        self.panel.set_enabled_for_saving(False)
        if view.message:
            self.message_posted.emit(view.message)
        self.mode_changed.emit()
        self.view_shown.emit()
        wanted, self._wanted = self._wanted, None
        if wanted is not None and wanted != view.scope_key:
            self.choose(wanted)
        self._run_waiting_keys()

    def drop_preview(self) -> None:
        """The database did not open: the last screen goes, and the keys pressed on it."""
        if self._preview is not None:
            self._preview, self._waiting_keys = None, []
            self.pages.setCurrentWidget(self.summary)
            self.mode_changed.emit()

    def _end_preview(self, view: StudyView) -> None:
        """The real first view replaces the last run's screen; the keys pressed on it run
        only if it showed this very question (else they were meant for another one)."""
        preview, self._preview = self._preview, None
        keys, self._waiting_keys = self._waiting_keys, []
        switching = self._wanted not in (None, view.scope_key)  # a topic clicked meanwhile
        self.show(view)
        same = (
            not switching
            and preview is not None
            and preview.card is not None
            and view.card is not None
            and preview.card.question.id == view.card.question.id
        )
        if keys and not same:
            self.message_posted.emit("The question changed as your data opened: press again.")
            return
        self._waiting_keys = keys
        self._run_waiting_keys()

    def _run_waiting_keys(self) -> None:
        """The keys pressed on a saved screen, in order; one that saves (a grade) lets the
        rest wait for its view, as the next question is what they were pressed for."""
        self._replaying = True
        try:
            while self._waiting_keys and self.mode not in BUSY:
                self._waiting_keys.pop(0)()
        finally:
            self._replaying = False

    def _show_card(self, view: StudyView, previous: StudyView | None) -> None:
        assert view.card is not None
        same_turn = (
            previous is not None
            and previous.card is not None
            and previous.card.question.id == view.card.question.id
            and previous.scope_key == view.scope_key
            and not view.changes.reviews
            and self.mode is not Mode.LOADING
        )
        self.panel.show_card(view.card, view.counts, same_turn=same_turn)
        self.pages.setCurrentWidget(self.panel)
        self.mode = Mode.ANSWER if same_turn and self.panel.revealed else Mode.QUESTION
        if not same_turn or not self._shown.isValid():
            self._shown.start()
            self._paused_ms = 0

    def _show_summary(self, view: StudyView) -> None:
        self.mode = Mode.IDLE
        if view.empty:
            self.summary.show_message(
                "No questions yet",
                "Your collection is empty. Import your notes (File › Import, Ctrl+I) "
                "or re-add the built-in interview deck from the File menu.",
            )
        elif view.summary is not None:
            title = view.title or self.tree_pane.scope_title(view.scope_key)
            self.summary.show_summary(view.summary, title, view.scope_key == "due")
        self.pages.setCurrentWidget(self.summary)

    def _on_refreshed(self, view: StudyView) -> None:
        if self.view is None or view.tree is None:
            return
        self.tree = view.tree
        self.tree_pane.set_tree(view.tree)
        self.panel.show_counts(view.counts)
        waiting = self.mode is Mode.IDLE and self.view.summary is not None
        if waiting and view.tree.due_now and self.scope_key == "due":
            now = utc_now()  # questions fell due while the summary was showing
            self.run(lambda services: services.study.choose("due", now))

    # --- failures -------------------------------------------------------------------------
    def _on_grade_failed(self, error: BaseException) -> None:
        self._waiting_keys = []  # they were meant for what comes after the lost grade
        self.panel.set_enabled_for_saving(False)
        self._set_mode(Mode.ANSWER)
        self.message_posted.emit("The grade was not saved.")
        self.failed.emit(error)

    def _on_failed(self, error: BaseException) -> None:
        self._waiting_keys = []
        if self.mode is Mode.LOADING and self.view is not None:
            self._set_mode(Mode.QUESTION if self.view.card else Mode.IDLE)
        self.failed.emit(error)

    def _set_mode(self, mode: Mode) -> None:
        self.mode = mode
        self.mode_changed.emit()

    def call(self, call: Callable[[Services], Any], on_done: Callable[[Any], None]) -> None:
        """Work that shows no study view (export, back up, check): in line with the rest."""
        self.runner.submit(call, on_done=on_done, on_error=self.failed.emit)
