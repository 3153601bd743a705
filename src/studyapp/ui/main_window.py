"""The main window: topic tree on the left, the study panel on the right, and the study
state machine that keeps keys from acting twice while a grade is being saved."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from enum import Enum, auto
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QElapsedTimer, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from studyapp import __version__
from studyapp.errors import DatabaseUnreadable
from studyapp.paths import backups_dir, database_path, log_path
from studyapp.study.clock import utc_now
from studyapp.ui.lazy import lazy_module
from studyapp.ui.theme import ThemeChoice, apply_theme, effective_theme
from studyapp.ui.window_state import WindowState

# `Qt` itself is reached through QtCore inside methods: Qt loads each class on first use,
# and the `Qt` namespace alone takes ~40 ms, which would all come before the first paint.
if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QPaintEvent
    from PySide6.QtWidgets import QMessageBox

    from studyapp.ui import ops
    from studyapp.ui.actions import Actions
    from studyapp.ui.ops import StudyView
    from studyapp.ui.runner import DbRunner
    from studyapp.ui.single_instance import SingleInstance

else:
    ops = lazy_module("studyapp.ui.ops")

log = logging.getLogger(__name__)
REFRESH_MS = 60_000


class Mode(Enum):
    LOADING = auto()
    QUESTION = auto()
    ANSWER = auto()
    SAVING = auto()
    IDLE = auto()  # summary, empty state, or an error at start


class MainWindow(QMainWindow):
    first_painted = Signal()
    became_usable = Signal()  # the tree is filled and the first card (or summary) shown
    view_shown = Signal()  # after each StudyView reaches the screen (tests wait on it)
    startup_failed = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        *,
        deck_folder: Path | None = None,
        single_instance: SingleInstance | None = None,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.deck_folder = deck_folder
        self.single_instance = single_instance
        self.exit_code = 0
        self.setWindowTitle(f"StudyApp {__version__}")
        self.window_state = WindowState(data_dir)
        self.theme_choice = self.window_state.theme()
        self.theme = (
            self.window_state.last_theme()
            if self.theme_choice is ThemeChoice.SYSTEM
            else self.theme_choice.value
        )
        self.point_size = self.window_state.point_size()
        self.mode = Mode.LOADING
        self.view: StudyView | None = None
        self.scope_key = "due"
        self._painted = False
        self._shown_timer = QElapsedTimer()
        # Until the first paint only a placeholder exists: the widgets, menus and the modules
        # behind them are built right after it, so the window appears as fast as Qt allows.
        self.setCentralWidget(QWidget())
        self._restore_geometry()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._on_refresh_timer_timeout)

    # --- construction ---------------------------------------------------------------------
    def _build_services(self) -> None:
        """Logging, the crash hook, the database worker and the command helpers."""
        from studyapp.logsetup import configure_logging
        from studyapp.ui.collection_commands import CollectionCommands
        from studyapp.ui.dialogs import install_excepthook
        from studyapp.ui.import_flow import ImportFlow
        from studyapp.ui.runner import DbRunner
        from studyapp.ui.view_commands import ViewCommands

        install_excepthook(configure_logging(self.data_dir))
        log.info("StudyApp %s started on %s", __version__, self.data_dir)
        self.runner: DbRunner = DbRunner(self)
        self.runner.op_failed.connect(self._on_runner_op_failed)
        self.commands = CollectionCommands(self)
        self.view_commands = ViewCommands(self)
        if self.single_instance is not None:
            self.single_instance.listen()
            self.single_instance.raise_requested.connect(self._bring_to_front)
        self.imports = ImportFlow(self)
        self.setAcceptDrops(True)

    def _build(self) -> None:
        from PySide6.QtWidgets import QSplitter, QStackedWidget

        from studyapp.ui.actions import build_actions, build_menus
        from studyapp.ui.icons import app_icon
        from studyapp.ui.study_panel import StudyPanel
        from studyapp.ui.summary_panel import SummaryPanel
        from studyapp.ui.tree_pane import TreePane

        self._build_services()
        # After the first paint: setting the icon costs ~25 ms on X11.
        QApplication.setWindowIcon(app_icon())
        self.tree_pane = TreePane()
        self.tree_pane.set_theme(self.theme)
        self.tree_pane.scope_chosen.connect(self._on_tree_pane_scope_chosen)
        self.tree_pane.expansion_changed.connect(self._on_tree_pane_expansion_changed)
        # Shortcuts for tests and for the rest of the window.
        self.tree = self.tree_pane.tree
        self.tree_model = self.tree_pane.tree_model
        self.filter_model = self.tree_pane.filter_model
        self.filter_edit = self.tree_pane.filter_edit
        self.study = StudyPanel()
        self.study.reveal_clicked.connect(self._space)
        self.study.grade_clicked.connect(self._grade)
        self.study.bookmark_clicked.connect(self._toggle_bookmark)
        self.summary = SummaryPanel()
        self.summary.practise_clicked.connect(self._practise)
        self.summary.due_clicked.connect(self._study_due_now)
        self.summary.show_message("Opening your study data…", "This takes a moment.")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.summary)
        self.pages.addWidget(self.study)
        self.splitter = QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree_pane)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([360, 740])
        self.setCentralWidget(self.splitter)
        splitter_state = self.window_state.splitter()
        if splitter_state is not None:
            self.splitter.restoreState(splitter_state)
        self.acts: Actions = build_actions(self, self._slots())
        self.menus = build_menus(self, self.acts)
        self.acts.themes[self.theme_choice].setChecked(True)
        self.study.set_point_size(self.point_size)
        self.study.apply_theme(self.theme)
        self._update_actions()

    def _slots(self) -> dict[str, Callable[[], None]]:
        slots: dict[str, Callable[[], None]] = {
            "reveal": self._space,
            "bookmark": self._toggle_bookmark,
            "undo": self._undo,
            "due_now": self._study_due_now,
            "practise": self._practise,
            "filter_topics": self.tree_pane.focus_filter,
            "larger": partial(self.view_commands.change_point_size, +1),
            "smaller": partial(self.view_commands.change_point_size, -1),
            "full_screen": self.view_commands.toggle_full_screen,
            "quit": self._quit,
            "about": self.view_commands.about,
            "open_logs": self.view_commands.open_log_folder,
            "restore_deck": self.commands.restore_deck,
            "remove_deck": self.commands.remove_deck,
            "reset_progress": self.commands.reset_progress,
            "study_settings": self.commands.study_settings,
            "export": self.commands.export,
            "back_up": self.commands.back_up_now,
            "restore": self.commands.restore,
            "check": self.commands.check_database,
            "import_file": self.imports.choose_file,
        }
        for rating in (1, 2, 3, 4):
            slots[f"grade{rating}"] = partial(self._grade, rating)
        for choice in ThemeChoice:
            slots[f"theme_{choice.value}"] = partial(self.view_commands.set_theme, choice)
        return slots

    def _quit(self) -> None:
        self.close()

    def _restore_geometry(self) -> None:
        geometry = self.window_state.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1100, 720)

    # --- start-up -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()
            QTimer.singleShot(0, self._build_and_open)

    def _build_and_open(self) -> None:
        self._build()
        actual = effective_theme(self.theme_choice)
        if actual != self.theme:  # the system's scheme changed since the last run
            self.apply_theme(actual)
        self.open_database()

    def open_database(self) -> None:
        """Open the store on the worker (SQLAlchemy loads there), then show the first card."""
        if self.runner.pending or self.view is not None:
            return
        path, backups = database_path(self.data_dir), backups_dir(self.data_dir)
        decks = self.deck_folder
        self.runner.run_call(
            lambda: self.runner.attach(ops.open_collection(path, backups, utc_now(), decks)),
            self._on_opened,
            self._on_open_failed,
        )

    def _on_opened(self, _none: object) -> None:
        self.runner.submit(
            ops.start,
            self.theme,
            utc_now(),
            on_done=self._on_started,
            on_error=self._on_open_failed,
        )

    def _on_started(self, view: StudyView) -> None:
        self.show_view(view)
        self.tree_pane.restore_expansion(view.expanded_topics)
        self._refresh_timer.start()
        self.setFocus()
        self.became_usable.emit()

    def _on_open_failed(self, error: BaseException) -> None:
        self.mode = Mode.IDLE
        self._update_actions()
        self.summary.show_message("StudyApp could not open your data", str(error))
        if isinstance(error, DatabaseUnreadable) and self._has_backups():
            self._offer_restore(error)
        else:
            self.startup_failed.emit(error)

    def _has_backups(self) -> bool:
        return any(backups_dir(self.data_dir).glob("studyapp-*.sqlite3"))

    def _offer_restore(self, error: DatabaseUnreadable) -> None:
        """A damaged file at start: keep it aside and restore the newest good backup, or quit."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, error.title, error.message, parent=self)
        box.setObjectName("damagedDialog")
        box.setInformativeText(
            "StudyApp can move the damaged file aside (it is kept, never deleted) and restore "
            "your newest good backup."
        )
        restore = box.addButton("Restore Newest Backup", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.finished.connect(lambda _result: self._on_restore_offer_answered(box, restore))
        box.open()

    def _on_restore_offer_answered(self, box: QMessageBox, restore: object) -> None:
        if box.clickedButton() is not restore:
            self.exit_code = 1
            self.close()
            return
        path, backups = database_path(self.data_dir), backups_dir(self.data_dir)
        decks = self.deck_folder
        self.summary.show_message("Restoring your newest backup…", "This takes a moment.")
        self.runner.run_call(
            lambda: self.runner.attach(ops.recover(path, backups, utc_now(), decks)),
            self._on_opened,
            self.startup_failed.emit,
        )

    # --- the study flow -------------------------------------------------------------------
    def submit(
        self, op: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None
    ) -> None:
        self.runner.submit(op, *args, on_done=on_done or self.show_view)

    def show_view(self, view: StudyView) -> None:
        self.view = view
        self.scope_key = view.scope_key
        self.tree_model.set_tree(view.tree)
        self.tree_pane.select_scope(view.scope_key)
        if view.card is not None:
            same_card = self.study.card is not None and (
                self.study.card.question.id == view.card.question.id
            )
            self.study.show_card(view.card)
            self.pages.setCurrentWidget(self.study)
            self.mode = Mode.QUESTION
            if not same_card or not self._shown_timer.isValid():
                self._shown_timer.start()
        else:
            self._show_summary(view)
            self.mode = Mode.IDLE
        self.study.set_enabled_for_saving(False)
        if view.message:
            self.statusBar().showMessage(view.message, 8000)
        self._update_actions()
        self.view_shown.emit()

    def _show_summary(self, view: StudyView) -> None:
        if view.tree.all_questions == 0:
            self.summary.show_message(
                "No questions yet",
                "Your collection is empty. Import your notes (File › Import, Ctrl+I) "
                "or re-add the built-in interview deck from the File menu.",
            )
        elif view.summary is not None:
            title = self.tree_pane.scope_title(view.scope_key)
            self.summary.show_summary(view.summary, title, view.scope_key == "due")
        self.pages.setCurrentWidget(self.summary)

    def _space(self) -> None:
        if self.mode is Mode.QUESTION:
            self.study.reveal()
            self.mode = Mode.ANSWER
            self._update_actions()
        elif self.mode is Mode.ANSWER:
            self._grade(3)

    def _grade(self, rating: int) -> None:
        if self.mode is not Mode.ANSWER or self.view is None or self.view.card is None:
            return
        self.mode = Mode.SAVING
        self.study.set_enabled_for_saving(True)
        self._update_actions()
        question_id = self.view.card.question.id
        duration = int(self._shown_timer.elapsed())
        self.runner.submit(
            ops.grade,
            question_id,
            rating,
            duration,
            self.theme,
            utc_now(),
            on_done=self.show_view,
            on_error=self._on_grade_failed,
        )

    def _on_grade_failed(self, error: BaseException) -> None:
        self.mode = Mode.ANSWER
        self.study.set_enabled_for_saving(False)
        self._update_actions()
        self.statusBar().showMessage("The grade was not saved.", 8000)
        self.show_error(error)

    def _toggle_bookmark(self) -> None:
        if self.mode not in (Mode.QUESTION, Mode.ANSWER) or self.view is None:
            return
        card = self.view.card
        if card is None:
            return
        self.submit(
            ops.toggle_bookmark,
            card.question.id,
            card.question.id,
            self.theme,
            utc_now(),
            on_done=self._on_bookmark_saved,
        )

    def _on_bookmark_saved(self, view: StudyView) -> None:
        revealed = self.mode is Mode.ANSWER
        self.show_view(view)
        if revealed and view.card is not None:
            self._space()

    def _undo(self) -> None:
        if self.mode in (Mode.LOADING, Mode.SAVING):
            return
        current = self.view.card.question.id if self.view and self.view.card else None
        self.submit(ops.undo, current, self.theme, utc_now())

    def _study_due_now(self) -> None:
        self._study("due")

    def _practise(self) -> None:
        if self.mode in (Mode.LOADING, Mode.SAVING):
            return
        self.submit(ops.practise_scope, self.scope_key, self.theme, utc_now())

    def _study(self, scope_key: str) -> None:
        if self.mode in (Mode.LOADING, Mode.SAVING):
            return
        self.mode = Mode.LOADING
        self._update_actions()
        self.submit(ops.study_scope, scope_key, self.theme, utc_now())

    def _update_actions(self) -> None:
        mode = self.mode
        self.acts.reveal.setEnabled(mode in (Mode.QUESTION, Mode.ANSWER))
        for action in self.acts.grades.values():
            action.setEnabled(mode is Mode.ANSWER)
        self.acts.bookmark.setEnabled(mode in (Mode.QUESTION, Mode.ANSWER))
        idle = mode not in (Mode.LOADING, Mode.SAVING)
        for action in (
            self.acts.undo,
            self.acts.due_now,
            self.acts.practise,
            self.acts.restore_deck,
            self.acts.remove_deck,
            self.acts.reset_progress,
            self.acts.study_settings,
            self.acts.import_file,
            self.acts.export,
            self.acts.back_up,
            self.acts.restore,
            self.acts.check,
        ):
            action.setEnabled(idle and self.view is not None)

    # --- content and settings (see collection_commands.py) -------------------------------
    def idle(self) -> bool:
        return self.mode not in (Mode.LOADING, Mode.SAVING) and self.view is not None

    # --- the tree -------------------------------------------------------------------------
    def _on_tree_pane_scope_chosen(self, key: str) -> None:
        if key != self.scope_key:
            self._study(key)

    def _on_tree_pane_expansion_changed(self, expanded: tuple[int, ...]) -> None:
        if self.view is not None:
            self.runner.submit(ops.save_expanded, expanded, on_done=lambda _none: None)

    # --- view -----------------------------------------------------------------------------
    def apply_theme(self, theme: str) -> None:
        self.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.tree_pane.set_theme(theme)
        self.study.apply_theme(theme)
        if self.view is not None and self.view.card is not None and self.mode is not Mode.SAVING:
            revealed = self.mode is Mode.ANSWER
            self.submit(
                ops.rerender,
                self.view.card.question.id,
                theme,
                utc_now(),
                on_done=lambda view: self._on_rerendered(view, revealed),
            )

    def _on_rerendered(self, view: StudyView, revealed: bool) -> None:
        self.show_view(view)
        if revealed:
            self._space()

    def _on_refresh_timer_timeout(self) -> None:
        if self.mode in (Mode.QUESTION, Mode.ANSWER, Mode.IDLE) and not self.runner.pending:
            current = self.view.card.question.id if self.view and self.view.card else None
            self.runner.submit(
                ops.refresh, current, self.theme, utc_now(), on_done=self._on_refreshed
            )

    def _on_refreshed(self, view: StudyView) -> None:
        if self.view is None:
            return
        waiting_on_summary = self.mode is Mode.IDLE and self.view.summary is not None
        self.view = replace(self.view, tree=view.tree)
        self.tree_pane.set_tree(view.tree)
        if waiting_on_summary and view.tree.due_now and self.scope_key == "due":
            self._study("due")  # questions fell due while the summary was showing

    def _on_runner_op_failed(self, error: BaseException) -> None:
        if self.mode is Mode.LOADING and self.view is not None:
            self.mode = Mode.QUESTION if self.view.card else Mode.IDLE
            self._update_actions()
        self.show_error(error)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.idle() and _dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_file(event.mimeData())
        if path is not None and self.idle():
            event.acceptProposedAction()
            self.imports.start(path)

    def _bring_to_front(self) -> None:
        """Another launch on the same data folder asked for this window."""
        self.setWindowState(self.windowState() & ~QtCore.Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def show_error(self, error: BaseException) -> None:
        from studyapp.ui.dialogs import show_error

        show_error(self, error, log_path(self.data_dir))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._refresh_timer.stop()
        if hasattr(self, "runner"):  # else closed before the first paint built anything
            self.window_state.save(
                self.saveGeometry(),
                self.splitter.saveState(),
                self.theme_choice,
                self.point_size,
                self.theme,
            )
            self.runner.shutdown()
        if self.single_instance is not None:
            self.single_instance.release()
        super().closeEvent(event)


def _dropped_file(mime: QMimeData) -> Path | None:
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).is_file():
            return Path(url.toLocalFile())
    return None
