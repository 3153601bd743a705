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
    """Every module `path` imports: top-level, inside functions, under TYPE_CHECKING, and
    relative imports resolved to absolute names."""
    return {name for name, _line in import_lines(path, SRC)}


# --- the import graph ---------------------------------------------------------------------
# Who may import whom (DESIGN §2): ui → services → study/content/io → store. The leaves may be
# imported from anywhere. A package's own modules may import each other.
LEAVES = {"errors", "paths", "wording", "gc_pause", "study.clock"}
ALLOWED: dict[str, set[str]] = {
    "": set(),  # studyapp/__init__.py: the version
    "__main__": {"app"},
    "app": {"ui", "cli", "selftest", ""},
    "selftest": {"ui", "store", "content"},  # checks a bundle end to end, like a user
    "cli": {"commands", ""},
    "commands": {"io", "store", "study", "logsetup"},
    "logsetup": set(),
    "ui": {"services", "logsetup", ""},
    "services": {"study", "content", "io", "store"},
    "study": {"store"},
    "io": {"content", "store", "study"},
    "content": set(),
    "store": set(),
}


def import_lines(path: Path, src: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = ".".join(path.relative_to(src.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    package = package.removesuffix(".__init__")
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            found.append((base, node.lineno))
            # `from studyapp import ui` imports the package studyapp.ui
            found.extend((f"{base}.{alias.name}", node.lineno) for alias in node.names)
    return found


def layer(module: str, root: str = "studyapp") -> str | None:
    """The layer a module belongs to: its package under studyapp (or a leaf's full name)."""
    if module != root and not module.startswith(root + "."):
        return None
    rest = module.removeprefix(root).removeprefix(".")
    for leaf in LEAVES:
        if rest == leaf or rest.startswith(leaf + "."):
            return leaf
    return rest.split(".")[0].removesuffix("__init__") if rest else ""


def import_violations(src: Path) -> list[str]:
    known = {path.stem for path in src.iterdir()} | {""}
    offenders = []
    for path in _python_files(src):
        if "migrations" in path.parts:
            continue
        source = layer(".".join(path.relative_to(src.parent).with_suffix("").parts))
        assert source is not None
        for name, line in import_lines(path, src):
            target = layer(name)
            if target is None or target == source or target in LEAVES:
                continue
            if target not in known:  # `from studyapp import x` where x is a name, not a module
                continue
            if target not in ALLOWED.get(source, set()):
                offenders.append(f"{path.relative_to(src.parent)}:{line}: {source} → {name}")
    return offenders


def test_imports_follow_the_allowed_arrows() -> None:
    assert import_violations(SRC) == []


def test_every_layer_has_its_arrows_listed() -> None:
    layers = {
        layer(".".join(p.relative_to(SRC.parent).with_suffix("").parts)) for p in _python_files(SRC)
    }
    assert layers - LEAVES - set(ALLOWED) == set()


def _synthetic(tmp_path: Path, files: dict[str, str]) -> Path:
    src = tmp_path / "studyapp"
    for name, text in {
        "__init__.py": "",
        "study/__init__.py": "",
        "ui/__init__.py": "",
        "ui/window.py": "",
        **files,
    }.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    return src


def test_the_graph_catches_ui_imported_inside_a_domain_function(tmp_path: Path) -> None:
    src = _synthetic(
        tmp_path, {"study/cards.py": "def show():\n    from studyapp.ui import window\n"}
    )
    assert import_violations(src) == [
        "studyapp/study/cards.py:2: study → studyapp.ui",
        "studyapp/study/cards.py:2: study → studyapp.ui.window",
    ]


def test_the_graph_catches_relative_and_type_checking_imports(tmp_path: Path) -> None:
    src = _synthetic(
        tmp_path,
        {
            "study/cards.py": "from ..ui.window import x\n",
            "study/more.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    import studyapp.ui.window\n",
            "study/fine.py": "from . import cards\nfrom .cards import x\n",
        },
    )
    assert import_violations(src) == [
        "studyapp/study/cards.py:1: study → studyapp.ui.window",
        "studyapp/study/cards.py:1: study → studyapp.ui.window.x",
        "studyapp/study/more.py:3: study → studyapp.ui.window",
    ]


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
