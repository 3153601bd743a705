"""Test-only: a scripted session through the real window, then quit (STUDYAPP_AUTOPILOT).

The quit test (tests/ui/test_quit.py) runs the app as a user would — a real process — with
a script such as "topic:1,grade:3,bookmark,undo,import:/tmp/notes.md,backup,restore,due"; the
app studies, switches topics, imports and restores through the window's own actions and
services, then quits. The exit status says whether the shutdown was clean.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from studyapp.study.clock import utc_now
from studyapp.ui.study_controller import Mode

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.ui.main_window import MainWindow

STEP_TIMEOUT_MS = 20_000
FAILED = 3


class Autopilot(QObject):
    def __init__(self, window: MainWindow, script: str) -> None:
        super().__init__(window)
        self.window = window
        self.steps = [step for step in script.split(",") if step]
        self.watchdog = QTimer(self)
        self.watchdog.setSingleShot(True)
        self.watchdog.timeout.connect(lambda: self._fail("a step timed out"))

    def start(self) -> None:
        self.window.became_usable.connect(self._next)
        self.window.startup_failed.connect(lambda error: self._fail(repr(error)))

    def _next(self, *_args: object) -> None:
        self.watchdog.stop()
        if not self.steps:
            QTimer.singleShot(0, self.window.close)
            return
        name, _, argument = self.steps.pop(0).partition(":")
        self.watchdog.start(STEP_TIMEOUT_MS)
        getattr(self, f"_step_{name}")(argument)

    def _fail(self, reason: str) -> None:
        print(f"autopilot failed: {reason}", flush=True)
        self.window.exit_code = FAILED
        self.steps.clear()
        self.window.close()

    def _after_view(self, start: Callable[[], object]) -> None:
        controller = self.window.controller
        assert controller is not None

        def shown() -> None:
            controller.view_shown.disconnect(shown)
            self._next()

        controller.view_shown.connect(shown)
        start()

    def _call(self, call: Callable[[Services], Any], then: Callable[[Any], None]) -> None:
        self.window.runner.submit(call, on_done=then, on_error=lambda e: self._fail(repr(e)))

    # --- steps ----------------------------------------------------------------------------
    def _step_topic(self, argument: str) -> None:
        keys = self.window.tree_model.topic_keys()
        key = keys[int(argument) % len(keys)]
        index = self.window.filter_model.mapFromSource(self.window.tree_model.index_for(key))
        if key == self.window.scope_key:
            self._next()
        else:
            self._after_view(lambda: self.window.tree.setCurrentIndex(index))

    def _step_due(self, _argument: str) -> None:
        if self.window.scope_key == "due":
            self._next()
        else:
            self._after_view(self.window.acts.due_now.trigger)

    def _step_grade(self, argument: str) -> None:
        if self.window.mode is not Mode.QUESTION:
            self._next()  # the summary: nothing to grade here
            return
        self.window.acts.reveal.trigger()
        self._after_view(self.window.acts.grades[int(argument)].trigger)

    def _step_bookmark(self, _argument: str) -> None:
        if self.window.mode in (Mode.QUESTION, Mode.ANSWER):
            self._after_view(self.window.acts.bookmark.trigger)
        else:
            self._next()

    def _step_undo(self, _argument: str) -> None:
        self._after_view(self.window.acts.undo.trigger)

    def _step_import(self, argument: str) -> None:
        path, now = Path(argument), utc_now()
        controller = self.window.controller
        assert controller is not None

        def imported(result: Any) -> None:
            self._after_view(lambda: controller.show(result[1]))

        self._call(
            lambda services: services.content.run_import(
                services.content.preview_import(path, None).preview, None, now
            ),
            imported,
        )

    def _step_backup(self, _argument: str) -> None:
        now = utc_now()
        self._call(lambda services: services.maintenance.back_up_now(now), self._next)

    def _step_restore(self, _argument: str) -> None:
        now = utc_now()
        controller = self.window.controller
        assert controller is not None

        def restore(services: Services) -> Any:
            newest = services.maintenance.backup_choices()[0].path
            return services.maintenance.restore_backup(newest, now)

        self._call(restore, lambda view: self._after_view(lambda: controller.show(view)))
