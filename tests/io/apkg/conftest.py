"""Packages written by Anki itself (tools/make_anki_fixtures.py) and what Anki said about
them when it wrote them (expected.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "apkg"


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "expected.json").read_text())
    return loaded


def fixture(name: str) -> Path:
    return DATA / name
