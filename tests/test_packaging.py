"""What the installed and the frozen app read at run time is where they will look for it.

A deck or a migration missing from the wheel or the bundle fails here, not on a user's first
start. build.spec is checked by running its settings part (everything before the Analysis),
which is quick; `make dist` builds the real bundle and runs its self-test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

import studyapp
from studyapp.cli import SUBCOMMANDS
from studyapp.paths import builtin_decks_dir, resources_dir
from studyapp.store.migrate import MIGRATIONS_DIR
from studyapp.ui.icons import WINDOW_ICON_SIZES, app_icon

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(studyapp.__file__).resolve().parent
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
MIGRATION_FILES = ("env.py", "script.py.mako", "versions/0001_baseline.py")


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """build.spec's settings and helpers, without PyInstaller's build steps."""
    source = (ROOT / "build.spec").read_text(encoding="utf-8")
    settings, found, _build = source.partition("\na = Analysis(")
    assert found, "build.spec no longer has `a = Analysis(` at the top level"
    namespace: dict[str, Any] = {"SPECPATH": str(ROOT), "DISTPATH": str(ROOT / "dist")}
    exec(compile(settings, "build.spec", "exec"), namespace)
    return namespace


def bundle_folder(spec: dict[str, Any], folder: Path) -> str:
    """Where build.spec puts `folder` inside the bundle."""
    targets = [target for source, target in spec["DATA_FOLDERS"] if Path(source) == folder]
    assert len(targets) == 1, f"build.spec does not bundle {folder}"
    return str(targets[0])


# --- (a) the data files, where the app looks for them -----------------------------------------
def test_the_builtin_deck_is_found() -> None:
    assert sorted(builtin_decks_dir().glob("*.md")), f"no deck in {builtin_decks_dir()}"


def test_the_migrations_are_found() -> None:
    for name in MIGRATION_FILES:
        assert (MIGRATIONS_DIR / name).is_file(), name


def test_every_icon_size_is_there_and_has_its_size() -> None:
    icons = resources_dir() / "icons"
    assert (icons / "studyapp.svg").is_file()
    for size in PNG_SIZES:
        image = QImage(str(icons / f"studyapp-{size}.png"))
        assert (image.width(), image.height()) == (size, size), size


def test_the_window_icon_has_every_size(qtbot: QtBot) -> None:
    del qtbot  # for its QApplication
    sizes = {(s.width(), s.height()) for s in app_icon().availableSizes()}
    assert sizes == {(size, size) for size in WINDOW_ICON_SIZES}


def test_the_desktop_file_names_the_app_and_its_icon() -> None:
    lines = (ROOT / "resources" / "studyapp.desktop").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    entry = dict(line.split("=", 1) for line in lines[1:] if "=" in line)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "StudyApp"
    assert entry["GenericName"] == "Interview study"
    assert entry["Exec"] == "studyapp"
    assert entry["Icon"] == "studyapp"
    assert entry["Terminal"] == "false"
    assert entry["Categories"] == "Education;Development;"
    # X11 matches the window's WM_CLASS class, which Qt takes from the application name.
    assert entry["StartupWMClass"] == "StudyApp"


# --- (b) build.spec bundles them where the frozen app looks ----------------------------------
def test_the_bundle_has_the_resources_where_paths_looks(spec: dict[str, Any]) -> None:
    # paths.resources_dir(): sys._MEIPASS / "studyapp" / "resources" when frozen.
    assert bundle_folder(spec, ROOT / "resources") == "studyapp/resources"


def test_the_bundle_has_the_migrations_beside_their_package(spec: dict[str, Any]) -> None:
    # store.migrate finds them beside its own module, which a frozen app puts at
    # sys._MEIPASS / "studyapp" / "store".
    expected = MIGRATIONS_DIR.relative_to(PACKAGE.parent).as_posix()
    assert bundle_folder(spec, MIGRATIONS_DIR) == expected


def test_the_bundle_imports_what_importlib_and_alembic_load(spec: dict[str, Any]) -> None:
    commands = set(spec["_command_modules"]())
    assert {f"studyapp.commands.{module}" for module, _help in SUBCOMMANDS.values()} <= commands
    assert {"alembic", "sqlalchemy", "studyapp.store.schema"} <= set(spec["_migration_imports"]())


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqminimal.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", True),
        ("PySide6/Qt/plugins/wayland-decoration-client/libadwaita.so", True),
        ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/QtWidgets.abi3.so", True),
        ("PySide6/QtQml.abi3.so", False),
        ("PySide6/QtNetwork.abi3.so", True),  # QLocalServer: the single-instance hand-over
        ("studyapp/resources/decks/01-introduction.md", True),
        ("studyapp/store/migrations/versions/0001_baseline.py", True),
    ],
)
def test_the_bundle_keeps_what_the_app_uses_and_drops_the_rest(
    spec: dict[str, Any], dest: str, kept: bool
) -> None:
    assert spec["_keep"](dest) is kept


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries")
def test_libraries_only_dropped_plugins_needed_are_pruned(spec: dict[str, Any]) -> None:
    from PySide6.QtCore import QLibraryInfo

    qt = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PrefixPath))
    entries = [
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "plugins/platforms/libqoffscreen.so"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "lib/libQt6Gui.so.6"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "lib/libQt6Core.so.6"),
        ("PySide6/Qt/lib/libQt6Quick.so.6", "lib/libQt6Quick.so.6"),
    ]
    binaries = [(dest, str(qt / source), "BINARY") for dest, source in entries]
    kept = {Path(dest).name for dest, _source, _kind in spec["_without_orphans"](binaries)}
    assert {"libqoffscreen.so", "libQt6Gui.so.6", "libQt6Core.so.6"} <= kept
    assert "libQt6Quick.so.6" not in kept


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux plugin names")
def test_every_platform_the_bundle_keeps_exists_in_this_qt(spec: dict[str, Any]) -> None:
    """A plugin renamed by a Qt upgrade (older Qt had libqwayland-egl.so and
    libqwayland-generic.so where this one has libqwayland.so) must not quietly drop a
    platform from the bundle."""
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    for name in ("libqxcb.so", "libqwayland.so", "libqoffscreen.so", "libqminimal.so"):
        assert (plugins / name).is_file(), name
        assert spec["_keep"](f"PySide6/Qt/plugins/platforms/{name}"), name


# --- (c) the wheel -----------------------------------------------------------------------------
@pytest.mark.slow
def test_the_wheel_has_the_decks_migrations_icons_and_types(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("studyapp-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    decks = {n for n in names if n.startswith("studyapp/resources/decks/") and n.endswith(".md")}
    assert len(decks) == len(list(builtin_decks_dir().glob("*.md"))) > 0
    for name in MIGRATION_FILES:
        assert f"studyapp/store/migrations/{name}" in names
    assert "studyapp/py.typed" in names
    assert "studyapp/resources/icons/studyapp-256.png" in names
    assert {f"studyapp/commands/{m}.py" for m, _help in SUBCOMMANDS.values()} <= names


# --- (d) the self-test -------------------------------------------------------------------------
@pytest.mark.slow
def test_self_test_passes_and_leaves_the_user_data_alone(tmp_path: Path) -> None:
    user_data = tmp_path / "user-data"
    env = {**os.environ, "STUDYAPP_DATA_DIR": str(user_data), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "studyapp", "--self-test"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "self-test ok"
    assert not user_data.exists()
