"""A real MainWindow on a temporary data dir, filled from a small deck written per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from studyapp.ui.main_window import MainWindow

SMALL_DECK = """\
# Python
## Core data types

### Q: What is the difference between a list and a tuple? {#py.list-vs-tuple}
A list is **mutable**; a tuple is not.

```python
point = (1, 2)
names = ["a", "b"]
names.append("c")
```

### Q: When do you use a set? {#py.set}
For membership tests and removing duplicates.

| operation | list | set |
| --- | --- | --- |
| `x in s` | O(n) | O(1) |

## Functions

### Q: What does a generator do? {#py.generator}
It produces values lazily with `yield`.

# Git

### Q: What is the difference between fetch and pull? {#git.fetch-vs-pull}
`git fetch` downloads; `git pull` fetches and then merges (or rebases).

### Q: What does rebase do? {#git.rebase}
It replays commits on top of another base.
"""


@pytest.fixture
def deck_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "small.md").write_text(SMALL_DECK, encoding="utf-8")
    return folder


WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def open_window(qtbot: QtBot, data_dir: Path, deck_folder: Path) -> Iterator[WindowFactory]:
    """Opens a window on the same data dir each time it is called (a restart)."""
    windows: list[MainWindow] = []

    def factory() -> MainWindow:
        window = MainWindow(data_dir, deck_folder=deck_folder)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.became_usable, timeout=15_000):
            window.show()
        windows.append(window)
        return window

    yield factory
    for window in windows:
        window.close()


@pytest.fixture
def window(open_window: WindowFactory) -> MainWindow:
    return open_window()
