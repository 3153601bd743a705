"""The main window: layout, menus and wiring. Studying is the study controller's
(study_controller.py); the use cases are the services' (studyapp.services)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from studyapp import __version__
from studyapp.paths import database_path, log_path, media_dir
from studyapp.ui.study_controller import Mode
from studyapp.ui.theme import ThemeChoice, apply_theme, effective_theme
from studyapp.ui.window_state import WindowState, default_geometry

# `Qt` itself is reached through QtCore inside methods: Qt loads each class on first use,
# and the `Qt` namespace alone takes ~40 ms, which would all come before the first paint.
if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QPaintEvent

    from studyapp.services.views import StudyView
    from studyapp.ui.actions import Actions
    from studyapp.ui.authoring_commands import AuthoringCommands
    from studyapp.ui.import_flow import ImportFlow
    from studyapp.ui.runner import DbRunner
    from studyapp.ui.single_instance import SingleInstance
    from studyapp.ui.study_controller import StudyController

__all__ = ["MainWindow", "Mode"]

log = logging.getLogger(__name__)
REFRESH_MS = 60_000


class MainWindow(QMainWindow):
    first_painted = Signal()
    became_usable = Signal()  # the tree is filled and the first card (or summary) shown
    # A saved screen (the last run's, or a first start's) is up before the database opens;
    # study keys already count.
    last_screen_shown = Signal()
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
        self._painted = False
        self._shut_down = False
        self.controller: StudyController | None = None
        # Until the first paint only a placeholder exists: the widgets, menus and the modules
        # behind them are built right after it, so the window appears as fast as Qt allows.
        self.setCentralWidget(QWidget())
        self._restore_geometry()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)

    # --- what tests and the self-test read ------------------------------------------------
    @property
    def mode(self) -> Mode:
        return Mode.LOADING if self.controller is None else self.controller.mode

    @property
    def view(self) -> StudyView | None:
        return None if self.controller is None else self.controller.view

    @property
    def scope_key(self) -> str:
        return "due" if self.controller is None else self.controller.scope_key

    # --- construction ---------------------------------------------------------------------
    def _build(self) -> None:
        from studyapp.ui.actions import build_actions, build_menus
        from studyapp.ui.collection_commands import CollectionCommands
        from studyapp.ui.dialogs import install_excepthook
        from studyapp.ui.icons import app_icon
        from studyapp.ui.opening import Opener
        from studyapp.ui.runner import DbRunner
        from studyapp.ui.tool_windows import ToolWindows
        from studyapp.ui.view_commands import ViewCommands

        install_excepthook(log_path(self.data_dir))  # the log itself opens in _settle_in
        QApplication.setWindowIcon(app_icon())  # after the first paint: ~25 ms on X11
        self.runner: DbRunner = DbRunner(self)
        self.runner.op_failed.connect(self.show_error)
        controller = self._build_study()
        self.commands = CollectionCommands(controller, self)
        self.tool_windows = ToolWindows(controller, self)
        self._build_tree_commands(controller)
        self.view_commands = ViewCommands(self)
        ask_about_conflicts = self._first_use("imports", "ask_about_builtin_conflicts")
        self.commands.deck_restored.connect(ask_about_conflicts)
        self.opener = Opener(self)
        self.acts: Actions = build_actions(self, self._slots())
        self.menus = build_menus(self, self.acts)
        self.topic_commands.add_to_menu(self.menus["edit"])
        self.acts.themes[self.theme_choice].setChecked(True)
        self._refresh_timer.timeout.connect(controller.refresh)
        self.setAcceptDrops(True)
        self.statusBar()  # there from the start: a first message must not push the buttons up
        self._update_actions()

    # Built on first use: their modules (the import dialog above all) took ~150 ms of the
    # build before the saved screen; the menus and keys reach them through these at once.
    @cached_property
    def imports(self) -> ImportFlow:
        from studyapp.ui.import_flow import ImportFlow

        assert self.controller is not None
        return ImportFlow(self.controller, self)

    @cached_property
    def authoring(self) -> AuthoringCommands:
        from studyapp.ui.authoring_commands import AuthoringCommands

        assert self.controller is not None
        return AuthoringCommands(self.controller)

    def _first_use(self, owner: str, method: str, *args: str) -> Callable[[], None]:
        """A slot that builds `owner` (imports, authoring) when it is first triggered."""

        def call() -> None:
            getattr(getattr(self, owner), method)(*args)

        return call

    def _build_study(self) -> StudyController:
        """The tree pane, the study and summary panels, and the controller between them."""
        from PySide6.QtWidgets import QSplitter, QStackedWidget

        from studyapp.ui.study_controller import StudyController
        from studyapp.ui.study_panel import StudyPanel
        from studyapp.ui.summary_panel import SummaryPanel
        from studyapp.ui.tree_pane import TreePane

        self.tree_pane = TreePane()
        self.tree_pane.set_theme(self.theme)
        self.tree_pane.expansion_changed.connect(self._on_tree_pane_expansion_changed)
        self.tree_pane.filter_left.connect(self.setFocus)
        # Shortcuts for tests and the self-test.
        self.tree = self.tree_pane.tree
        self.tree_model = self.tree_pane.tree_model
        self.filter_model = self.tree_pane.filter_model
        self.filter_edit = self.tree_pane.filter_edit
        self.study = StudyPanel()
        for browser in (self.study.prompt, self.study.answer):
            browser.media_folder = media_dir(self.data_dir)  # imported images, and only those
        self.study.set_point_size(self.point_size)
        self.study.apply_theme(self.theme)
        self.summary = SummaryPanel()
        self.summary.show_message("Opening your study data…", "This takes a moment.")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.summary)
        self.pages.addWidget(self.study)
        self._lay_out(QSplitter(QtCore.Qt.Orientation.Horizontal))
        controller = StudyController(
            self.runner, self.tree_pane, self.study, self.summary, self.pages
        )
        controller.view_shown.connect(self.view_shown)
        controller.mode_changed.connect(self._update_actions)
        controller.message_posted.connect(self._on_controller_message_posted)
        controller.failed.connect(self.show_error)
        self.controller = controller
        return controller

    def _build_tree_commands(self, controller: StudyController) -> None:
        """Topic editing in the tree (issue 15) and its interview-plan node (issue 16)."""
        from studyapp.ui.plan_node import PlanNodeKeeper
        from studyapp.ui.topic_commands import TopicCommands

        self.topic_commands = TopicCommands(controller, self.tree_pane, self)
        self.plan_node = PlanNodeKeeper(controller, self.tree_pane)

    def _lay_out(self, splitter: QWidget) -> None:
        from PySide6.QtWidgets import QSplitter

        assert isinstance(splitter, QSplitter)
        self.splitter = splitter
        splitter.addWidget(self.tree_pane)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        # Until the user moves it: topic names need more than 360 px on a large screen.
        tree_width = max(360, self.width() * 3 // 10)
        splitter.setSizes([tree_width, max(self.width() - tree_width, 400)])
        self.setCentralWidget(splitter)
        splitter_state = self.window_state.splitter()
        if splitter_state is not None:
            splitter.restoreState(splitter_state)

    def _slots(self) -> dict[str, Callable[[], None]]:
        controller, commands, view = self.controller, self.commands, self.view_commands
        assert controller is not None
        slots: dict[str, Callable[[], None]] = {
            "reveal": controller.space,
            "bookmark": controller.toggle_bookmark,
            "undo": controller.undo,
            "due_now": controller.study_due_now,
            "practise": controller.practise,
            "filter_topics": self.tree_pane.focus_filter,
            "larger": partial(view.change_point_size, +1),
            "smaller": partial(view.change_point_size, -1),
            "full_screen": view.toggle_full_screen,
            "quit": self._quit,
            "about": view.about,
            "open_logs": view.open_log_folder,
            "restore_deck": commands.restore_deck,
            "remove_deck": commands.remove_deck,
            "reset_progress": commands.reset_progress,
            "study_settings": commands.study_settings,
            "export": commands.export,
            "back_up": commands.back_up_now,
            "restore": commands.restore,
            "check": commands.check_database,
            "import_file": self._first_use("imports", "choose_file"),
            "statistics": self.tool_windows.open_statistics,
            "drill_weakest": controller.drill_weakest,
            "plan_today": controller.study_plan_today,
            "find": self.tool_windows.open_search,
            "browse": self.tool_windows.open_browse,
            "edit": self._first_use("authoring", "edit_question"),
            "add": self._first_use("authoring", "add_question"),
            "suspend": self._first_use("authoring", "leave_study", "suspend"),
            "delete": self._first_use("authoring", "leave_study", "delete"),
            "flag": self._first_use("authoring", "flag"),
            "plan": self.tool_windows.open_plan,
        }
        for rating in (1, 2, 3, 4):
            slots[f"grade{rating}"] = partial(controller.grade, rating)
        for choice in ThemeChoice:
            slots[f"theme_{choice.value}"] = partial(view.set_theme, choice)
        return slots

    def _quit(self) -> None:
        self.close()

    def _restore_geometry(self) -> None:
        geometry = self.window_state.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.setGeometry(default_geometry(self.screen().availableGeometry()))

    # --- start-up -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()
            QTimer.singleShot(0, self._build_and_open)

    def _build_and_open(self) -> None:
        if self._shut_down:
            return
        self._build()
        actual = effective_theme(self.theme_choice)
        if actual != self.theme:  # the system's scheme changed since the last run
            self.apply_theme(actual)
        # The saved screen first: the worker's imports would slow it (they hold the GIL).
        self.opener.show_saved_screen()
        QTimer.singleShot(0, self._settle_in)
        self.opener.open(recover=False)

    def _settle_in(self) -> None:
        """What the saved screen need not wait for (~35 ms): the log file (its handlers
        module) and answering later launches (QtNetwork)."""
        from studyapp.logsetup import configure_logging

        configure_logging(self.data_dir)
        log.info("StudyApp %s started on %s", __version__, self.data_dir)
        from PySide6.QtWidgets import QApplication

        from studyapp.ui.keys_back import KeysBack

        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.keys_back = KeysBack(app, self)
        if self.single_instance is not None and not self._shut_down:
            self.single_instance.listen()
            self.single_instance.raise_requested.connect(self._bring_to_front)

    def on_started(self, view: StudyView) -> None:
        assert self.controller is not None
        self.controller.show(view)
        self.tree_pane.restore_expansion(view.expanded_topics)
        self._refresh_timer.start()
        self.setFocus()
        self.imports.ask_about_builtin_conflicts()
        self.imports.catch_up_search_index()  # after a crash between an import and its index
        self.became_usable.emit()

    # --- wiring ---------------------------------------------------------------------------
    def _update_actions(self) -> None:
        # On the last run's screen the study keys are taken (the controller keeps them).
        previewing = self.controller is not None and self.controller.previewing
        mode = Mode.ANSWER if previewing else self.mode
        idle = self.controller is not None and self.controller.idle()
        from studyapp.ui.actions import enable_actions

        enable_actions(
            self.acts,
            shown=mode in (Mode.QUESTION, Mode.ANSWER),
            revealed=mode is Mode.ANSWER,
            idle=idle,
        )

    def idle(self) -> bool:
        return self.controller is not None and self.controller.idle()

    def _on_controller_message_posted(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _on_tree_pane_expansion_changed(self, expanded: tuple[int, ...]) -> None:
        if self.view is not None:
            self.runner.submit(lambda services: services.study.save_expanded(expanded))

    def apply_theme(self, theme: str) -> None:
        self.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.tree_pane.set_theme(theme)
        self.study.apply_theme(theme)
        if self.controller is not None:
            self.controller.rerender(theme)

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

    # --- shutdown -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.shut_down()
        super().closeEvent(event)

    def shut_down(self) -> None:
        """In order, once: no more timers; window state saved; the worker finishes queued
        work, closes the database and stops; views let go of their models; the single-
        instance lock is released. Nothing Qt-owned is left for the interpreter to finalise
        in an arbitrary order (app.py deletes the window itself next)."""
        if self._shut_down:
            return
        self._shut_down = True
        self._refresh_timer.stop()
        if self.controller is not None:  # else closed before the first paint built anything
            self.window_state.save(
                self.saveGeometry(),
                self.splitter.saveState(),
                self.theme_choice,
                self.point_size,
                self.theme,
            )
            self.runner.shutdown()
            self._keep_last_screen()
            self.controller.blockSignals(True)
            self.tree_pane.release()
        if self.single_instance is not None:
            self.single_instance.release()

    def _keep_last_screen(self) -> None:
        """After the database is closed: the screen the next start shows first."""
        from dataclasses import replace

        from studyapp.services import last_screen

        controller = self.controller
        assert controller is not None
        view = controller.view
        if view is not None and controller.mode not in (Mode.QUESTION, Mode.ANSWER):
            view = None  # a summary, an error or unsaved work: start from the database
        if view is None:
            last_screen.forget(self.data_dir)
            return
        view = replace(view, tree=controller.tree, expanded_topics=self.tree_pane.expanded_topics())
        last_screen.save(self.data_dir, database_path(self.data_dir), view, self.theme)


def _dropped_file(mime: QMimeData) -> Path | None:
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).is_file():
            return Path(url.toLocalFile())
    return None
