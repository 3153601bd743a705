"""Composition root: command line, data dir, logging, QApplication, MainWindow.

Imports here stay light (PySide6 and paths): SQLAlchemy, fsrs, markdown-it and Pygments load
on the database worker after the window has painted (DESIGN §6).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

from studyapp.paths import resolve_data_dir

APP_ID = "StudyApp"
STARTUP_MARKERS_ENV = "STUDYAPP_STARTUP_MARKERS"
# Test-only: a scripted session (see ui/autopilot.py) that ends by quitting the app.
AUTOPILOT_ENV = "STUDYAPP_AUTOPILOT"


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:  # the everyday launch: no parser to build before the window
        return run_gui(None)
    from studyapp.cli import parse_args, run_command

    args = parse_args(arguments)
    if args.command:
        return run_command(args)
    if args.self_test:
        from studyapp.selftest import run_self_test

        return run_self_test()
    return run_gui(args.data_dir)


def run_gui(data_dir_arg: str | None) -> int:
    data_dir = resolve_data_dir(data_dir_arg)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"error: cannot create the data folder {data_dir}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError as exc:  # a missing system library (EGL, xkbcommon, xcb-cursor …)
        print(_missing_library_message(exc), file=sys.stderr)
        return 2
    skip_feature_scan()
    from studyapp.ui.main_window import MainWindow
    from studyapp.ui.theme import apply_theme

    # argv[0] names the X11 window class (WM_CLASS "StudyApp", "StudyApp", as the .desktop
    # file's StartupWMClass): from source it would otherwise be "__main__.py".
    app = QApplication.instance() or QApplication([APP_ID, *_qt_args()])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    # Wayland matches the window to studyapp.desktop (and its icon) by this name.
    app.setDesktopFileName("studyapp")
    app.setOrganizationName("StudyApp")
    from studyapp.ui.single_instance import SingleInstance

    instance = SingleInstance(data_dir)
    if not instance.acquire():
        return _defer_to_running_instance(instance, data_dir)
    window = MainWindow(data_dir, single_instance=instance)
    apply_theme(app, window.theme)
    exit_code = 0

    def on_startup_failed(error: BaseException) -> None:
        from studyapp.paths import log_path
        from studyapp.ui.dialogs import show_error

        nonlocal exit_code
        exit_code = 1
        show_error(window, error, log_path(data_dir), wait=True)
        window.close()

    window.startup_failed.connect(on_startup_failed)
    freeze_heap_when_usable(window)
    share_the_gil()
    if os.environ.get(STARTUP_MARKERS_ENV):
        _print_startup_markers(window, app)
    if os.environ.get(AUTOPILOT_ENV):
        from studyapp.ui.autopilot import Autopilot

        Autopilot(window, os.environ[AUTOPILOT_ENV]).start()
    window.show()
    result = app.exec()
    code = window.exit_code or exit_code or result
    _shut_down(app, window)
    return code


def skip_feature_scan() -> None:
    """PySide6's import hook reads the source of every module imported after PySide6 (to see
    whether it may say `from __feature__ import snake_case`), which leaves that source in
    `linecache`. StudyApp uses no `__feature__`, so every module is marked "ignore" without
    the read: SQLAlchemy and the rest load ~25 % faster and ~20 MB less stays resident."""
    feature: Any = sys.modules.get("shibokensupport.feature")  # no stubs: a private module
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        feature._mod_uses_pyside = _uses_no_feature


def _uses_no_feature(_module: object) -> bool:
    return False


# How long a thread may hold the GIL while another waits for it (Python's default: 5 ms).
# The GUI thread needs it for every call into Python that Qt makes (a model's data(), a
# slot, a timer): while the worker renders a long answer, each such call waited up to the
# whole interval, one after another, and repaints stalled 30-60 ms (bench/reading.py).
GIL_SWITCH_SECONDS = 0.001


def share_the_gil() -> None:
    sys.setswitchinterval(GIL_SWITCH_SECONDS)


def freeze_heap_when_usable(window: Any) -> None:
    """Once the first view is up, everything made so far (modules, classes, Qt wrappers, the
    open database) stays for the whole run: `gc.freeze` moves it out of the collector's
    sight. A full collection walks every tracked object while holding the GIL, so the GUI
    thread waited for it (~90 ms on this heap) whenever a big job on the worker set one off,
    e.g. "All questions" at 100k questions (bench/responsiveness.py). Not in tests: a
    process that opens a window per test would keep every old window's cycles."""
    window.became_usable.connect(_freeze_heap)


def _freeze_heap() -> None:
    import gc

    gc.freeze()


def _shut_down(app: Any, window: Any) -> None:
    """Ordered, before the interpreter finalises: the window stops its worker (closing the
    database) and lets go of its models, then is deleted while QApplication still exists, so
    no Qt object is left for Python's finalisation to free in an arbitrary order."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window.shut_down()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def _defer_to_running_instance(instance: Any, data_dir: Any) -> int:
    if instance.notify_running():
        print(f"StudyApp is already open on {data_dir}; its window was brought to the front.")
        return 0
    print(
        f"error: another StudyApp holds {data_dir} but does not answer.\n"
        "Close it (or wait for it to finish starting) and try again.",
        file=sys.stderr,
    )
    return 2


def _print_startup_markers(window: Any, app: Any) -> None:
    """For bench/startup.py: say when the window first paints, when it is usable (a saved
    screen or the first real view is up, and study keys count) and when the database is open
    with its memory then, and quit."""
    usable = [False]

    def on_usable() -> None:
        if not usable[0]:
            usable[0] = True
            print("usable", flush=True)

    def on_ready() -> None:
        import gc

        on_usable()
        print(f"rss-kb {_rss_kb()}", flush=True)
        print(f"frozen-objects {gc.get_freeze_count()}", flush=True)
        print("ready", flush=True)
        app.quit()

    def on_saved_screen() -> None:
        # Usable once the screen is on the display, not when its content is set: paint now,
        # as the event loop would next (Anki's mark is its deck list rendered).
        window.repaint()
        print("saved-screen", flush=True)
        on_usable()

    window.first_painted.connect(lambda: print("first-paint", flush=True))
    window.last_screen_shown.connect(on_saved_screen)
    window.became_usable.connect(on_ready)


def _rss_kb() -> int:
    """Resident memory now (Linux; 0 elsewhere), for the start-up benchmark."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _qt_args() -> list[str]:
    # Qt options (e.g. -platform) are taken from QT_* environment variables instead.
    return []


def _missing_library_message(exc: ImportError) -> str:
    return (
        f"error: Qt could not load a system library ({exc}).\n"
        "On Debian/Ubuntu install them with:\n"
        "  sudo apt-get install libegl1 libgl1 libxkbcommon-x11-0 libxcb-cursor0 "
        "libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libfontconfig1 libdbus-1-3 fonts-dejavu-core"
        + (
            ""
            if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
            else "\n(and run it inside a desktop session)"
        )
    )


if __name__ == "__main__":
    raise SystemExit(main())
