"""Question browser benchmark at 100,000 questions (issue 15): what runs on the worker and
what is left for the GUI thread, which must never stall more than 50 ms.

Worker: listing every question with its columns (services.browse.list_topic) and sorting the
rows by a column (services.browse.sort_rows). GUI thread: putting the rows in the table and
painting it (BrowseModel.set_rows), Ctrl+A, reading the selection back, restoring a
selection after a reload, and — for the ratio — what sorting on the GUI thread through a
QSortFilterProxyModel over the same model costs, measured interleaved with set_rows.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/browse.py [database]
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication

from common import median_ms, print_table
from search import QUESTIONS, populate
from studyapp.services.app import Places, Services
from studyapp.services.browse import Column, list_topic, sort_rows
from studyapp.services.rendering import Renderer
from studyapp.store.browse import BrowseRow
from studyapp.study.collection import Collection
from studyapp.ui.browse_model import BrowseModel
from studyapp.ui.browse_window import question_table

T = TypeVar("T")
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
FRAME_MS = 50.0
ROUNDS = 5


def add_schedules(path: Path) -> None:
    """Half the questions studied, due over the next months, so Due and Recall vary."""
    rng = random.Random(7)
    now = int(NOW.timestamp() * 1000)
    day = 86_400_000
    raw = sqlite3.connect(path)
    raw.executemany(
        "INSERT OR IGNORE INTO card_state(question_id, state, step, stability, difficulty, "
        "due, last_review) VALUES (?, 2, NULL, ?, 5.0, ?, ?)",
        (
            (i, rng.uniform(1, 90), now + rng.randint(-5, 90) * day, now - rng.randint(1, 30) * day)
            for i in range(1, QUESTIONS + 1, 2)
        ),
    )
    raw.commit()
    raw.close()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def timed_result(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def worker_side(path: Path, backups: Path) -> tuple[BrowseRow, ...]:
    services = Services(Collection.open(path), Places(path, backups), Renderer("light"))
    try:
        listing = list_topic(services, None, "All", NOW)
        list_ms = median_ms(lambda: list_topic(services, None, "All", NOW), repeat=3, warmup=0)
    finally:
        services.close()
    rows = listing.rows
    worker = [("list every question with its columns", f"{list_ms:.0f}")]
    for column in (Column.PROMPT, Column.DUE, Column.RECALL, Column.TOPIC):
        ms = median_ms(lambda c=column: sort_rows(rows, c, False), repeat=5, warmup=1)
        worker.append((f"sort by {column.value}", f"{ms:.0f}"))
    print_table(
        f"Worker thread, {len(rows):,} questions (median ms of 3-5 runs)", ("step", "ms"), worker
    )
    return rows


def gui_side(app: QApplication, rows: tuple[BrowseRow, ...]) -> None:
    model = BrowseModel()
    table = question_table(model)  # the window's own table setup
    table.resize(1024, 600)
    table.show()
    app.processEvents()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    by_prompt = sort_rows(rows, Column.PROMPT, False)
    samples: dict[str, list[float]] = {
        "set_rows + paint": [],
        "Ctrl+A (select all)": [],
        "count the selection (status)": [],
        "read the selection (ids)": [],
        "restore 100,000 selected": [],
        "restore 50,000 scattered (refused)": [],
        "proxy sort on GUI thread": [],
    }
    # Interleaved: each round measures every step once, so load on the machine (shared by
    # other jobs) falls on both sides alike.
    for round_number in range(ROUNDS):
        order = by_prompt if round_number % 2 else rows

        def fill(order: tuple[BrowseRow, ...] = order) -> None:
            model.set_rows(order, NOW)
            table.viewport().repaint()

        samples["set_rows + paint"].append(timed(fill))
        samples["Ctrl+A (select all)"].append(timed(table.selectAll))
        selection = table.selectionModel().selection()
        samples["count the selection (status)"].append(timed(lambda: model.count_in(selection)))  # noqa: B023
        read_ms, ids = timed_result(lambda: model.ids_in(selection))  # noqa: B023
        samples["read the selection (ids)"].append(read_ms)
        restore_ms, _ = timed_result(lambda: model.selection_of(ids))  # noqa: B023
        samples["restore 100,000 selected"].append(restore_ms)
        scattered = ids[::2]
        samples["restore 50,000 scattered (refused)"].append(
            timed(lambda: model.selection_of(scattered))  # noqa: B023
        )
        if round_number < 2:  # seconds each: two rounds say enough
            samples["proxy sort on GUI thread"].append(
                timed(lambda: proxy.sort(0, Qt.SortOrder.AscendingOrder))
            )
            proxy.sort(-1)
    gui = []
    for step, values in samples.items():
        ms = statistics.median(values)
        verdict = "ok" if ms <= FRAME_MS else "STALL"
        gui.append((step, f"{ms:.1f}", str(len(values)), verdict))
    print_table(
        f"GUI thread, {len(rows):,} rows (median ms; limit {FRAME_MS:.0f} ms)",
        ("step", "ms", "runs", ""),
        gui,
    )
    ratio = statistics.median(samples["proxy sort on GUI thread"]) / statistics.median(
        samples["set_rows + paint"]
    )
    print(f"proxy sort on the GUI thread / set_rows of worker-sorted rows: {ratio:.0f}x")


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(folder) / "studyapp.sqlite3"
        if not path.exists():
            populate(path)
            add_schedules(path)
        rows = worker_side(path, Path(folder) / "backups")
        gui_side(app, rows)


if __name__ == "__main__":
    main()
