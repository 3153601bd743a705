"""The first screen shipped with the built-in deck is what a first start on it shows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from studyapp.services import first_screen


def test_the_shipped_first_screen_is_what_a_first_start_shows() -> None:
    shipped = json.loads(first_screen.snapshot_path(None).read_text(encoding="utf-8"))
    # Stale after a deck change: remake it with tools/make_first_screen.py.
    assert shipped == json.loads(json.dumps(first_screen.make(None)))


def test_it_is_shown_only_while_there_is_no_database(data_dir: Path) -> None:
    database = data_dir / "studyapp.sqlite3"
    light, dark = (first_screen.load(database, theme, None) for theme in ("light", "dark"))
    assert light is not None
    assert dark is not None
    assert light.card is not None
    assert dark.card is not None
    assert light.card.question == dark.card.question
    assert light.card.answer_html != dark.card.answer_html  # each in its theme's colours
    assert light.tree == dark.tree
    database.write_bytes(b"")
    assert first_screen.load(database, "dark", None) is None


def test_an_unreadable_first_screen_is_ignored(data_dir: Path, tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "a.md").write_text("# A\n\n### Q: One? {#a.one}\nYes.\n", encoding="utf-8")
    first_screen.snapshot_path(decks).write_text("{not json", encoding="utf-8")
    assert first_screen.load(data_dir / "studyapp.sqlite3", "light", decks) is None


def test_reading_the_first_screen_loads_no_sqlalchemy() -> None:
    probe = (
        "import sys; from pathlib import Path; from studyapp.services import first_screen; "
        "assert first_screen.load(Path('/nonexistent/db'), 'light', None) is not None; "
        "print(sorted(m for m in ('sqlalchemy', 'fsrs', 'markdown_it', 'pygments') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
