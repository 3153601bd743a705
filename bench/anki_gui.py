"""Anki's desktop app, started as its user starts it, for bench/startup.py's comparison.

Run it with the Python of a venv that has Anki's GUI (never ours: Anki is AGPL), e.g.
`python3 -m venv /tmp/ankivenv && /tmp/ankivenv/bin/pip install "aqt[qt6]"`, and name that
Python in ANKI_PYTHON.

- `prepare BASE APKG`: once, untimed: a profile folder with the language chosen and one
  profile holding the deck in APKG (StudyApp's built-in deck, exported), so that both apps
  start on the same content.
- `start BASE`: start Anki on it; print `usable` once its deck list has loaded into the web
  view (Anki's first screen a user can act on), then exit at once. bench/common.launch times
  that line from just before the process is spawned, as it does StudyApp's.
"""

from __future__ import annotations

import os
import sys

# Anki's web views run Chromium, which refuses to run as root with its sandbox on, and has
# no GPU here.
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
POLL_MS = 5


def start(base: str, then: object = None) -> None:
    import aqt
    from aqt import gui_hooks
    from aqt.qt import QTimer

    def loaded(ok: object) -> None:
        if not ok:
            QTimer.singleShot(POLL_MS, check)
            return
        print("usable", flush=True)
        if callable(then):
            then(aqt.mw)
        os._exit(0)  # at once: Anki's shutdown is not part of its start

    def check() -> None:
        aqt.mw.web.page().runJavaScript(
            "document.readyState === 'complete' && !!document.body"
            " && document.body.innerText.trim().length > 0",
            loaded,
        )

    gui_hooks.deck_browser_did_render.append(lambda *_args: QTimer.singleShot(0, check))
    sys.argv = ["anki", "-b", base, "-l", "en_US"]
    aqt.run()


def prepare(base: str, apkg: str) -> None:
    from aqt.profiles import ProfileManager

    # The first start asks for a language; this one takes the default (English), untimed.
    ProfileManager.setDefaultLang = lambda self, idx: self.setLang("en_US")  # type: ignore[method-assign]

    def load_deck(mw: object) -> None:
        from anki.collection import ImportAnkiPackageRequest
        from anki.import_export_pb2 import ImportAnkiPackageOptions

        col = mw.col  # type: ignore[attr-defined]
        options = ImportAnkiPackageOptions(with_scheduling=True)
        col.import_anki_package(ImportAnkiPackageRequest(package_path=apkg, options=options))
        col.close(downgrade=False)

    start(base, then=load_deck)


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        prepare(sys.argv[2], sys.argv[3])
    else:
        start(sys.argv[2])
