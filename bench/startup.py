"""Start-up benchmark: StudyApp against a bare PySide6 window that paints the same size.

Each run is a fresh process, and the two are launched in turn (bare, StudyApp, bare, …) so
that both see the same machine load. The time is from just before a process is spawned to
the moment its marker line arrives. "usable": the tree is filled, a question is shown and the
study keys count (the last run's screen, services/last_screen.py, or the first real view);
"ready": the database is open and the real first view is shown. RSS is resident memory then.
"first-ever start" launches on a fresh, empty data folder each round: no snapshot, no
database, the built-in deck is created while the window shows it (services/first_screen.py).
Targets (issues 3 and 13): first paint ≤ 1.3× the bare window's, usable ≤ 2.5× the bare
window's first paint, RSS ≤ 110 MB on the built-in deck.

With ANKI_PYTHON naming the Python of a venv that has Anki's GUI (`aqt`; never ours), Anki's
desktop app joins the rotation on a profile holding the same built-in deck (exported by
`studyapp export --format apkg` and imported by Anki, untimed; bench/anki_gui.py), timed to
its deck list; the table then gives StudyApp's usable time ÷ Anki's (issue 13: ≤ 0.3).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import launch, print_table

RUNS = int(os.environ.get("STARTUP_RUNS", "15"))
HERE = Path(__file__).resolve().parent


def main() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    # As on a user's machine, where Python caches compiled modules (pip compiled Anki's at
    # install, and a bundle ships them): a shell that sets this would have every StudyApp
    # start compile its own modules again (~100 ms), which no user's start does.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    bare_command = [sys.executable, str(HERE / "bare_window.py")]
    with tempfile.TemporaryDirectory() as data_dir, tempfile.TemporaryDirectory() as anki_dir:
        app_env = {**env, "STUDYAPP_STARTUP_MARKERS": "1", "STUDYAPP_DATA_DIR": data_dir}
        app_command = [sys.executable, "-m", "studyapp"]
        launch(app_command, app_env)  # the first launch loads the built-in deck
        launch(bare_command, env)  # warm the OS file cache for both
        anki_command = _prepare_anki(Path(data_dir), Path(anki_dir), env)
        bare, app, first, anki = [], [], [], []
        for _ in range(RUNS):
            bare.append(launch(bare_command, env))
            app.append(launch(app_command, app_env))
            with tempfile.TemporaryDirectory() as fresh:
                first.append(launch(app_command, {**app_env, "STUDYAPP_DATA_DIR": fresh}))
            if anki_command is not None:
                anki.append(launch(anki_command, env))

    def med(runs: list[dict[str, float]], mark: str) -> float:
        return statistics.median(run.get(mark, float("nan")) for run in runs)

    bare_paint = med(bare, "first-paint")

    def ratios(name: str, runs: list[dict[str, float]]) -> tuple[str, ...]:
        return (
            name,
            f"{med(runs, 'first-paint') / bare_paint:.2f}× (≤ 1.30)",
            f"{med(runs, 'usable') / bare_paint:.2f}× (≤ 2.5)",
            f"{med(runs, 'ready') / bare_paint:.2f}×",
            "≤ 110",
        )

    def row(name: str, runs: list[dict[str, float]], ready: str) -> tuple[str, ...]:
        return (
            name,
            f"{med(runs, 'first-paint'):.0f}",
            f"{med(runs, 'usable'):.0f}",
            f"{med(runs, ready):.0f}",
            f"{med(runs, 'rss-kb') / 1024:.0f}",
        )

    print_table(
        f"Start-up, median of {RUNS} interleaved launches each (platform {env['QT_QPA_PLATFORM']})",
        ("window", "first paint ms", "usable ms", "ready ms", "RSS at ready MB"),
        [
            row("bare PySide6 window", bare, "usable"),
            row("StudyApp", app, "ready"),
            ratios("StudyApp ÷ bare first paint", app),
            row("StudyApp, first-ever start", first, "ready"),
            ratios("first-ever start ÷ bare first paint", first),
        ],
    )
    if anki:
        anki_usable = med(anki, "usable")
        print(f"Anki (desktop app, same deck), usable: {anki_usable:.0f} ms")
        print(f"StudyApp usable ÷ Anki usable: {med(app, 'usable') / anki_usable:.2f}× (≤ 0.30)")
        ever = med(first, "usable") / anki_usable
        print(f"StudyApp first-ever start usable ÷ Anki usable: {ever:.2f}×")
    else:
        print("(set ANKI_PYTHON to a venv with Anki's GUI to compare with Anki)")


def _prepare_anki(data_dir: Path, folder: Path, env: dict[str, str]) -> list[str] | None:
    """The command that starts Anki on the same deck, or None without ANKI_PYTHON."""
    python = os.environ.get("ANKI_PYTHON")
    if not python:
        return None
    apkg, base = folder / "studyapp-deck.apkg", folder / "anki-base"
    studyapp = [sys.executable, "-m", "studyapp", "--data-dir", str(data_dir)]
    subprocess.run([*studyapp, "export", str(apkg), "--format", "apkg"], env=env, check=True)
    script = str(HERE / "anki_gui.py")
    subprocess.run([python, script, "prepare", str(base), str(apkg)], env=env, check=True)
    command = [python, script, "start", str(base)]
    launch(command, env)  # warm the file cache, as for the others
    return command


if __name__ == "__main__":
    main()
