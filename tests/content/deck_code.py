"""The fenced code blocks of the built-in deck, and what the code tests need to know about them.

A Python block whose first line is `# Python 3.N+` needs that version: older interpreters only
parse it (with tree-sitter's Python grammar) instead of compiling and running it.
"""

from __future__ import annotations

import builtins
import importlib.util
import re
import symtable
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from studyapp.content.deck_format import read_deck_dir
from studyapp.paths import builtin_decks_dir

FENCE = re.compile(r"^```([\w+-]*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
NEEDS_VERSION = re.compile(r"\A# Python (\d+)\.(\d+)\+")


@dataclass(frozen=True)
class Block:
    key: str  # the question's id, and the block's number within its answer
    language: str
    code: str

    @property
    def needs(self) -> tuple[int, int] | None:
        found = NEEDS_VERSION.match(self.code)
        return (int(found.group(1)), int(found.group(2))) if found else None

    @property
    def too_new(self) -> bool:
        return self.needs is not None and sys.version_info[:2] < self.needs


@cache
def deck_blocks() -> tuple[Block, ...]:
    found = []
    for _path, question in read_deck_dir(builtin_decks_dir()).questions():
        for number, match in enumerate(FENCE.finditer(question.answer_md), start=1):
            found.append(Block(f"{question.key}#{number}", match.group(1), match.group(2)))
    return tuple(found)


def blocks(*languages: str) -> list[Block]:
    return [block for block in deck_blocks() if block.language in languages]


# --- Python: which blocks are self-contained -----------------------------------------------


def free_names(code: str, name: str) -> set[str]:
    """Global names the code reads but never binds at module level (builtins excluded)."""
    top = symtable.symtable(code, name, "exec")
    bound = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()}
    bound |= {s.get_name() for s in top.get_symbols() if s.is_namespace()}
    read: set[str] = set()
    tables = [top]
    while tables:
        table = tables.pop()
        tables.extend(table.get_children())
        for symbol in table.get_symbols():
            if symbol.is_referenced() and (table is top or symbol.is_global()):
                read.add(symbol.get_name())
    return read - bound - set(dir(builtins)) - {"__name__", "__file__"}


def imported_modules(code: str, name: str) -> set[str]:
    import ast

    modules: set[str] = set()
    for node in ast.walk(ast.parse(code, name)):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module.split(".")[0])
    return modules


def is_self_contained(block: Block) -> bool:
    """Runnable as it stands: every name defined in the block, every import installed."""
    if block.too_new:
        return False
    if free_names(block.code, block.key):
        return False
    return all(
        importlib.util.find_spec(module) for module in imported_modules(block.code, block.key)
    )


RUNNER = """
import contextlib, io, json, sys, traceback
failures = {}
for key, code in json.load(sys.stdin):
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(code, key, "exec"), {"__name__": "__deck__"})
    except BaseException:
        failures[key] = traceback.format_exc(limit=-3)
json.dump(failures, sys.stdout)
"""


# --- tree-sitter parsing (dev-only grammars) ------------------------------------------------


@cache
def _parser(grammar: str) -> Any:
    from tree_sitter import Language, Parser

    if grammar == "python":
        import tree_sitter_python as module

        return Parser(Language(module.language()))
    if grammar == "javascript":
        import tree_sitter_javascript as module

        return Parser(Language(module.language()))
    import tree_sitter_typescript as ts

    language = ts.language_tsx() if grammar == "tsx" else ts.language_typescript()
    return Parser(Language(language))


def syntax_errors(code: str, grammar: str) -> list[str]:
    """Where tree-sitter found an error or a missing token (empty when the code parses)."""
    root = _parser(grammar).parse(code.encode("utf-8")).root_node
    errors: list[str] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            row, column = node.start_point
            errors.append(f"line {row + 1}, column {column + 1}: {node.type}")
        elif node.has_error:
            stack.extend(node.children)
    return errors


# --- SQL --------------------------------------------------------------------------------


def sql_tables(code: str) -> tuple[set[str], set[str]]:
    """(tables the SQL reads or writes, tables and CTEs it defines itself), by PostgreSQL's own
    parser."""
    import json

    from pglast.parser import parse_sql_json

    used: set[str] = set()
    defined: set[str] = set()
    stack: list[Any] = [json.loads(parse_sql_json(code))]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        if "relname" in node:  # a RangeVar, wrapped or not: a table the statement uses
            used.add(node["relname"])
        for kind in ("CreateStmt", "CreateTableAsStmt", "ViewStmt"):
            if kind in node:
                target = node[kind].get("relation") or node[kind].get("view") or {}
                target = target or node[kind].get("into", {}).get("rel", {})
                defined.add(target.get("relname", ""))
        if "CommonTableExpr" in node:
            defined.add(node["CommonTableExpr"]["ctename"])
        stack.extend(node.values())
    return used, defined


SCHEMA = Path(__file__).parent / "data" / "deck_schema.sql"


def sql_is_runnable(code: str) -> bool:
    """Runnable on a bare server after data/deck_schema.sql: every table it uses is created
    by the block or by that schema, and it needs no extension or bound parameters."""
    if re.search(r"\bCREATE\s+EXTENSION\b|\$\d", code, re.IGNORECASE):
        return False
    used, defined = sql_tables(code)
    _schema_used, schema_defined = sql_tables(SCHEMA.read_text(encoding="utf-8"))
    return used <= defined | schema_defined
