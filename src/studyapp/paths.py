"""Where StudyApp keeps its files. Everything it writes lives below one data dir."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "StudyApp"
DATA_DIR_ENV = "STUDYAPP_DATA_DIR"
DATABASE_FILENAME = "studyapp.sqlite3"


def resolve_data_dir(cli_value: str | None, environ: Mapping[str, str] = os.environ) -> Path:
    """The command line wins over the environment, which wins over the platform default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    from_env = environ.get(DATA_DIR_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser().resolve()
    # platformdirs is imported here, not at module level, to keep it off the start-up path
    # of code that never needs the default (tests, the CLI with --data-dir).
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, roaming=True)


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_FILENAME


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def media_dir(data_dir: Path) -> Path:
    """Images and sounds of imported notes, each named `<sha256>.<ext>` after its bytes."""
    return data_dir / "media"


# What content may name to show a media file: `media/<sha256>.<ext>`, nothing else (no
# folder, no "..", no scheme), so no text can make the app read another file.
MEDIA_LINK = re.compile(r"media/[0-9a-f]{64}\.[a-z0-9]{1,5}")
IMAGE_TYPES = frozenset({"png", "jpg", "jpeg", "gif", "webp", "bmp"})
SOUND_TYPES = frozenset({"mp3", "ogg", "oga", "wav", "m4a", "opus", "flac", "aac"})


def is_media_link(link: str) -> bool:
    return MEDIA_LINK.fullmatch(link) is not None


def is_media_image(link: str) -> bool:
    return is_media_link(link) and link.rsplit(".", 1)[1] in IMAGE_TYPES


def is_media_sound(link: str) -> bool:
    return is_media_link(link) and link.rsplit(".", 1)[1] in SOUND_TYPES


def log_dir(data_dir: Path) -> Path:
    return data_dir / "logs"


def log_path(data_dir: Path) -> Path:
    return log_dir(data_dir) / "studyapp.log"


def lock_path(data_dir: Path) -> Path:
    return data_dir / "studyapp.lock"


def resources_dir() -> Path:
    """The bundled resources: beside the package when installed or frozen, at the repo root
    when run from a source checkout."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "studyapp" / "resources"
    installed = Path(__file__).resolve().parent / "resources"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "resources"


def builtin_decks_dir() -> Path:
    return resources_dir() / "decks"
