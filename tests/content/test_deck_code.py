"""Code in the built-in deck is checked like code (issue 18).

- Python: every block compiles (or, when it needs a newer Python than this one, parses with
  tree-sitter's grammar); every self-contained block runs without error.
- SQL: every block parses with PostgreSQL's own parser (pglast); self-contained blocks (which
  create every table they use) run on a real PostgreSQL server that the test starts, when the
  server binaries are installed.
- JavaScript, JSX and TypeScript parse with tree-sitter; JSON and TOML load.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.content.deck_code import (
    RUNNER,
    SCHEMA,
    blocks,
    is_self_contained,
    sql_is_runnable,
    syntax_errors,
)

PYTHON = blocks("python")
SQL = blocks("sql")


def test_every_python_block_compiles_or_parses() -> None:
    errors = []
    for block in PYTHON:
        if block.too_new:
            errors += [f"{block.key}: {e}" for e in syntax_errors(block.code, "python")]
        else:
            try:
                compile(block.code, block.key, "exec")
            except SyntaxError as exc:
                errors.append(f"{block.key}: {exc}")
    assert errors == []
    assert len(PYTHON) >= 90


@pytest.mark.slow
def test_self_contained_python_blocks_run(tmp_path: Path) -> None:
    runnable = [(block.key, block.code) for block in PYTHON if is_self_contained(block)]
    assert len(runnable) >= 30
    result = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps(runnable),
        capture_output=True,
        text=True,
        cwd=tmp_path,  # anything a block writes lands here
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    failures = json.loads(result.stdout)
    assert failures == {}, "\n".join(f"{key}:\n{trace}" for key, trace in failures.items())


def test_the_self_contained_check_is_not_fooled() -> None:
    from tests.content.deck_code import Block

    assert is_self_contained(Block("ok", "python", "import json\nprint(json.dumps(1))\n"))
    assert not is_self_contained(Block("free", "python", "print(order.total)\n"))
    assert not is_self_contained(Block("inner", "python", "def f():\n    return request\n"))
    assert not is_self_contained(Block("pkg", "python", "import no_such_module_x\n"))
    assert not is_self_contained(Block("new", "python", "# Python 99.0+\nx = 1\n"))


def test_every_sql_block_parses_as_postgresql() -> None:
    from pglast import parse_sql
    from pglast.parser import ParseError

    errors = []
    for block in SQL:
        try:
            parse_sql(block.code)
        except ParseError as exc:
            errors.append(f"{block.key}: {exc}")
    assert errors == []
    assert len(SQL) >= 20


def test_javascript_and_typescript_blocks_parse() -> None:
    grammars = {"javascript": "javascript", "jsx": "javascript", "typescript": "typescript"}
    checked = blocks(*grammars)
    errors = [
        f"{block.key}: {error}"
        for block in checked
        for error in syntax_errors(block.code, grammars[block.language])
    ]
    assert errors == []
    assert len(checked) >= 10


def test_the_parsers_reject_broken_code() -> None:
    assert syntax_errors("const x = ;", "javascript")
    assert syntax_errors("let y: number = ", "typescript")
    assert syntax_errors("def f(:\n", "python")
    assert not syntax_errors("type Pair[T] = tuple[T, T]\n", "python")


def test_json_and_toml_blocks_load() -> None:
    for block in blocks("json"):
        json.loads(block.code)
    for block in blocks("toml"):
        tomllib.loads(block.code)
    assert blocks("json")
    assert blocks("toml")


# --- PostgreSQL ---------------------------------------------------------------------------


def _pg_tools() -> dict[str, str] | None:
    tools = {name: shutil.which(name) for name in ("initdb", "pg_ctl", "psql")}
    return None if None in tools.values() else {k: str(v) for k, v in tools.items()}


def _run_as(command: list[str], *, server_user: bool) -> None:
    """Run a server command; as root, as `nobody` (initdb and postgres refuse root)."""
    if server_user:
        subprocess.run(
            command, check=True, capture_output=True, timeout=120, user="nobody", group="nogroup"
        )
    else:
        subprocess.run(command, check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def postgres() -> Iterator[tuple[str, str]]:
    """A throw-away PostgreSQL server on a Unix socket: (psql path, socket directory)."""
    tools = _pg_tools()
    if tools is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl, psql) are not installed")
    home = Path(tempfile.mkdtemp(prefix="deck-pg-"))
    as_root = os.geteuid() == 0
    if as_root:
        shutil.chown(home, "nobody", "nogroup")
    data, log = str(home / "data"), str(home / "log")
    options = f"-k {home} -c listen_addresses='' -c fsync=off"
    try:
        _run_as(
            [tools["initdb"], "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            server_user=as_root,
        )
        _run_as(
            [tools["pg_ctl"], "-D", data, "-o", options, "-w", "-l", log, "start"],
            server_user=as_root,
        )
        yield tools["psql"], str(home)
        _run_as([tools["pg_ctl"], "-D", data, "-m", "immediate", "-w", "stop"], server_user=as_root)
    finally:
        shutil.rmtree(home, ignore_errors=True)


@pytest.mark.slow
def test_self_contained_sql_blocks_run_on_postgresql(postgres: tuple[str, str]) -> None:
    psql, socket_dir = postgres
    runnable = [block for block in SQL if sql_is_runnable(block.code)]
    assert len(runnable) >= 20
    schema = SCHEMA.read_text(encoding="utf-8")
    failures = []
    for number, block in enumerate(runnable):
        # each block in its own schema, so that examples changing the tables don't collide
        setup = f"CREATE SCHEMA deck_{number};\nSET search_path = deck_{number};\n{schema}"
        script = f"{setup}\n{block.code}"
        result = subprocess.run(
            [psql, "-X", "-q", "-h", socket_dir, "-U", "postgres", "-v", "ON_ERROR_STOP=1"],
            input=script,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            failures.append(f"{block.key}: {result.stderr.strip()}")
    assert failures == []
