"""`studyapp --self-test`: the real app, offscreen, on a throwaway data dir.

It proves that an installed copy or a frozen bundle has everything it needs at run time (Qt
plugins, the built-in deck, the migrations, SQLAlchemy's dialect, fsrs, the renderer): open the
window, pick a topic, reveal and grade through the window's own actions, close, reopen the
store and find the grade. Every wait has a timeout, and a watchdog ends the process if Qt itself
gets stuck, so the self-test never hangs a CI job.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import QEventLoop

    from studyapp.ui.main_window import MainWindow

SCREENSHOT_ENV = "STUDYAPP_SELF_TEST_SCREENSHOT"
WAIT_MS = 30_000
WATCHDOG_S = 120.0
GRADE = 3  # Good


class SelfTestFailed(Exception):
    pass


def run_self_test() -> int:
    watchdog = threading.Timer(WATCHDOG_S, _give_up)
    watchdog.daemon = True
    watchdog.start()
    try:
        with tempfile.TemporaryDirectory(
            prefix="studyapp-selftest-", ignore_cleanup_errors=True
        ) as tmp:
            _check_app(Path(tmp) / "data")
    except SelfTestFailed as exc:
        return _failed(str(exc))
    except Exception as exc:
        return _failed(f"{type(exc).__name__}: {exc}")
    finally:
        watchdog.cancel()
    print("self-test ok", flush=True)
    return 0


def _failed(reason: str) -> int:
    print(f"self-test FAILED: {reason}", file=sys.stderr, flush=True)
    return 1


def _give_up() -> None:
    _failed(f"still running after {WATCHDOG_S:.0f} s (stuck in Qt?)")
    os._exit(1)


def _check_app(data_dir: Path) -> None:
    # A caller's own platform wins, so the bundle's xcb or wayland plugin can be checked on a
    # real display; everyone else gets a run that needs no display at all.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data_dir.mkdir(parents=True)
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError as exc:
        raise SelfTestFailed(f"Qt could not be loaded ({exc})") from exc
    from studyapp.ui.main_window import MainWindow
    from studyapp.ui.theme import apply_theme

    _drop_offscreen_notice()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    window = MainWindow(data_dir)
    try:
        apply_theme(app, window.theme)
        question_id = _study_one_question(window)
    finally:
        window.close()
        window.deleteLater()
    _check_saved(data_dir, question_id)
    _check_highlighting()


class _Watch(logging.Handler):
    """Collects what goes wrong while the window works (errors logged by the worker, failed
    start-up, bugs in slots) and ends the current wait at once instead of at its timeout."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.failures: list[str] = []
        self._loop: QEventLoop | None = None

    def fail(self, reason: str) -> None:
        self.failures.append(reason)
        if self._loop is not None:
            self._loop.quit()

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        self.fail(f"{record.getMessage()}: {error!r}" if error else record.getMessage())

    def raise_if_failed(self, during: str, failed_before: int = 0) -> None:
        if len(self.failures) > failed_before:
            raise SelfTestFailed(f"while {during}: {self.failures[-1]}")

    def wait(self, signal: Any, what: str, start: Callable[[], object]) -> None:
        """Run `start`, then the event loop until `signal`, a failure, or the timeout."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        arrived: list[bool] = []

        def on_signal(*_args: object) -> None:
            arrived.append(True)
            loop.quit()

        signal.connect(on_signal)
        QTimer.singleShot(WAIT_MS, loop.quit)
        failed_before = len(self.failures)
        self._loop = loop
        try:
            start()
            if not arrived and len(self.failures) == failed_before:
                loop.exec()
        finally:
            self._loop = None
            signal.disconnect(on_signal)
        self.raise_if_failed(f"waiting for {what}", failed_before)
        if not arrived:
            raise SelfTestFailed(f"timed out after {WAIT_MS // 1000} s waiting for {what}")


def _drop_offscreen_notice() -> None:
    """The offscreen platform says it cannot propagate size hints for every window; that is
    not a finding, and other Qt messages stay visible."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr, flush=True)

    qInstallMessageHandler(handler)


def _study_one_question(window: MainWindow) -> int:
    watch = _Watch()
    logger = logging.getLogger("studyapp")
    logger.addHandler(watch)
    window.startup_failed.connect(lambda error: watch.fail(f"start-up failed: {error!r}"))

    def report_bug(_kind: object, error: BaseException, _tb: object) -> None:
        watch.fail(f"unexpected error: {error!r}")

    # Bugs in slots would reach the window's excepthook, a dialog nobody will close.
    sys.excepthook = report_bug
    try:
        watch.wait(window.became_usable, "the window to open the collection", window.show)
        sys.excepthook = report_bug  # the window installed its own once it was built
        topics = window.tree_model.topic_keys()
        if not topics:
            raise SelfTestFailed("the topic tree is empty: was the built-in deck bundled?")
        tree = window.controller.tree if window.controller is not None else None
        if tree is None or tree.all_questions < 1:
            raise SelfTestFailed("the built-in deck has no questions")
        return _grade_in_topic(window, topics[0], watch)
    finally:
        sys.excepthook = sys.__excepthook__
        logger.removeHandler(watch)


def _grade_in_topic(window: MainWindow, topic: str, watch: _Watch) -> int:
    index = window.filter_model.mapFromSource(window.tree_model.index_for(topic))
    watch.wait(window.view_shown, f"{topic} to open", lambda: window.tree.setCurrentIndex(index))
    view = window.view
    if view is None or view.scope_key != topic or view.card is None:
        raise SelfTestFailed(f"choosing {topic} in the tree did not show one of its questions")
    question_id = view.card.question.id
    window.acts.reveal.trigger()
    watch.raise_if_failed("revealing the answer")
    _save_screenshot(window)
    grade = window.acts.grades[GRADE]
    if not grade.isEnabled():
        raise SelfTestFailed("revealing the answer did not enable the grade actions")
    watch.wait(window.view_shown, "the grade to be saved", grade.trigger)
    return question_id


def _check_highlighting() -> None:
    """Pygments loads lexers and styles by name when code first shows up, which the first
    topic may not have; a bundle that lost them would only fail later, in front of the user."""
    from studyapp.content.render import CODE_STYLE, render_markdown

    for theme in CODE_STYLE:
        html = render_markdown("```python\nimport os\n```", theme)
        if '<span style="' not in html:
            raise SelfTestFailed(f"code in the {theme} theme was not highlighted")


def _save_screenshot(window: MainWindow) -> None:
    """With STUDYAPP_SELF_TEST_SCREENSHOT=file.png, keep a picture of the revealed answer: the
    quickest way to see that a bundle found its fonts, style and icons."""
    target = os.environ.get(SCREENSHOT_ENV)
    if target and not window.grab().save(target):
        raise SelfTestFailed(f"could not save the screenshot to {target}")


def _check_saved(data_dir: Path, question_id: int) -> None:
    """Reopen the file as the next start would: the grade must be in review_log, alone."""
    from sqlalchemy import text

    from studyapp.paths import database_path
    from studyapp.store.db import Database

    db = Database.open(database_path(data_dir))
    try:
        with db.begin() as session:
            rows = [
                tuple(r)
                for r in session.execute(text("SELECT question_id, rating FROM review_log"))
            ]
    finally:
        db.close()
    if rows != [(question_id, GRADE)]:
        raise SelfTestFailed(
            f"expected review_log to hold [({question_id}, {GRADE})] after reopening, found {rows}"
        )
