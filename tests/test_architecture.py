"""House rules that ruff cannot check (DESIGN §10, §11)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "studyapp"


def test_domain_packages_do_not_load_qt() -> None:
    code = (
        "import sys\n"
        "import studyapp.store.db, studyapp.store.queries, studyapp.store.content\n"
        "import studyapp.study.reviews, studyapp.study.bookmarks, studyapp.study.stats\n"
        "import studyapp.content.model, studyapp.io.sync, studyapp.cli\n"
        "import pkgutil, importlib\n"
        "for package in ('studyapp.store', 'studyapp.study', 'studyapp.content', "
        "'studyapp.io', 'studyapp.commands'):\n"
        "    module = importlib.import_module(package)\n"
        "    for info in pkgutil.walk_packages(module.__path__, package + '.'):\n"
        "        if '.migrations' not in info.name:\n"
        "            importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_window_modules_do_not_load_sqlalchemy_at_import() -> None:
    """The window must paint before SQLAlchemy loads (DESIGN §6)."""
    code = (
        "import sys\n"
        "import studyapp.app, studyapp.ui.main_window\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'fsrs', 'markdown_it', 'pygments', 'alembic')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def _python_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_pyside_is_imported_only_by_the_ui_and_the_app() -> None:
    allowed = {SRC / "app.py", SRC / "selftest.py"}
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files(SRC)
        if "ui" not in path.relative_to(SRC).parts
        and path not in allowed
        and any(name.startswith("PySide6") for name in _imports(path))
    ]
    assert offenders == []


def test_store_imports_nothing_from_studyapp_but_errors_and_itself() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _python_files(SRC / "store")
        for name in _imports(path)
        if name.startswith("studyapp")
        and not name.startswith(("studyapp.store", "studyapp.errors"))
    ]
    assert offenders == []


def test_no_legacy_session_query() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files(SRC)
        if ".query(" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_tests_never_sleep() -> None:
    offenders = []
    for path in _python_files(ROOT / "tests"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "sleep"
                and isinstance(node.value, ast.Name)
                and node.value.id == "time"
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
