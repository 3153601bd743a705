"""A rotating log in the data dir: errors, backups, restores and imports end up there."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from studyapp.paths import log_path

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(data_dir: Path) -> Path:
    """Send the `studyapp` loggers to data_dir/logs/studyapp.log (1 MB × 5) and return it."""
    target = log_path(data_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger("studyapp")
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    handler = RotatingFileHandler(target, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return target
