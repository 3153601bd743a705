"""`studyapp search`: results for scripts as JSON, a bad query exits 2 with a message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.cli import parse_args, run_command
from studyapp.store.content import QuestionSpec
from studyapp.store.db import Database

from tests.conftest import seed

QUESTIONS = [
    QuestionSpec("v", ("C++", "STL"), "Cost of std::vector push_back?", "Amortised O(1).", ()),
    QuestionSpec("d", ("Python",), "What are decorators?", "Functions that wrap a decorator.", ()),
    QuestionSpec("c", ("Python",), "Explain closures", "A decorator keeps state in one.", ()),
]


@pytest.fixture
def data(data_dir: Path, db_path: Path) -> Path:
    database = Database.open(db_path)
    seed(database, QUESTIONS)
    database.close()
    return data_dir


def run(data: Path, *argv: str) -> int:
    return run_command(parse_args(["search", "--data-dir", str(data), *argv]))


def test_json_lists_uid_topic_prompt_and_snippet(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data, "decorators", "--json") == 0
    results = json.loads(capsys.readouterr().out)
    assert [r["prompt"] for r in results] == ["What are decorators?", "Explain closures"]
    assert results[0]["topic"] == ["Python"]
    assert "**decorator**" in results[1]["snippet"]
    assert len(results[0]["uid"]) == 36
    assert run(data, "std::vector", "--json") == 0
    (vector,) = json.loads(capsys.readouterr().out)
    assert vector["topic"] == ["C++", "STL"]


def test_limit_and_plain_output(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data, "decorator", "--limit", "1") == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["Python: What are decorators?", "    What are [decorators]?"]
    assert run(data, "nothing-like-this") == 0
    assert capsys.readouterr().out == "No questions match.\n"


def test_a_bad_query_exits_2_with_a_message(data: Path) -> None:
    env = {**os.environ, "STUDYAPP_DATA_DIR": str(data)}
    result = subprocess.run(
        [sys.executable, "-m", "studyapp", "search", "is:nonsense"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert "error: 'is:nonsense' is not a state StudyApp knows." in result.stderr
    assert "Traceback" not in result.stderr
