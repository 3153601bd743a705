"""Runs the real app (`studyapp.app.main`) from source, as `python -m studyapp` does, with a
home and config folder of its own; once usable it opens and closes Qt's file dialog, prints
how the desktop would name its window, and quits. For test_identity.py.

    python identity_launcher.py DATA_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def report(window: Any, app: Any) -> None:
    from PySide6.QtWidgets import QFileDialog

    def on_usable() -> None:
        dialog = QFileDialog(window, "Import notes", str(Path.home()))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.show()
        dialog.reject()  # the dialog saves its state (last folder, view) when it closes
        print("argv0", Path(app.arguments()[0]).name, flush=True)
        print("class", app.applicationName(), flush=True)
        print("desktop", app.desktopFileName(), flush=True)
        app.quit()

    window.became_usable.connect(on_usable)


if __name__ == "__main__":
    import studyapp.app

    studyapp.app._print_startup_markers = report
    sys.argv[0] = str(Path(studyapp.app.__file__).with_name("__main__.py"))
    sys.exit(studyapp.app.main(["--data-dir", sys.argv[1]]))
