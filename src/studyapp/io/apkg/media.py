"""Media of a package: images and sounds that notes refer to, named by their content.

A note's `<img src="cat.png">` becomes `![cat](media/<sha256>.png)` and `[sound:x.mp3]` a
link to `media/<sha256>.mp3`: the question view resolves only that pattern, inside the data
folder's `media/`, so content can never make it read another file. Files are written before
the database commit; content addressing makes a file left by a failed import harmless (the
next import of the same file reuses it).
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from studyapp.paths import IMAGE_TYPES, SOUND_TYPES, is_media_link, media_dir

__all__ = ["IMAGE_TYPES", "SOUND_TYPES", "MediaSet", "is_media_link", "media_dir", "rewrite_media"]
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
# A tag cannot contain "<", and one of more than 4,000 characters is not an image: both
# bound the regex's work on hostile text.
IMAGE_TAG = re.compile(r"<img\b[^<>]{0,4000}>", re.IGNORECASE)
SOURCE = re.compile(r"\bsrc\s*=\s*(?:\"([^\"<>]*)\"|'([^'<>]*)'|([^\s\"'<>]+))", re.IGNORECASE)
ALT = re.compile(r"\balt\s*=\s*\"([^\"]*)\"", re.IGNORECASE)
SOUND_TAG = re.compile(r"\[sound:([^\[\]]{1,1000})\]")


@dataclass
class MediaSet:
    """Media files kept for an import, by their content-addressed name."""

    files: dict[str, bytes] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    total: int = 0

    def add(self, name: str, data: bytes | None) -> str | None:
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if data is None or extension not in IMAGE_TYPES | SOUND_TYPES:
            self.skipped.append(name)
            return None
        stored = f"{hashlib.sha256(data).hexdigest()}.{extension}"
        if stored not in self.files:
            if self.total + len(data) > MAX_TOTAL_BYTES:
                self.skipped.append(name)
                return None
            self.files[stored] = data
            self.total += len(data)
        return f"media/{stored}"

    def write(self, folder: Path) -> int:
        """Copy the files that are not there yet; return how many were written."""
        folder.mkdir(parents=True, exist_ok=True)
        written = 0
        for name, data in self.files.items():
            target = folder / name
            if target.exists() and target.stat().st_size == len(data):
                continue
            _write_atomically(target, data)
            written += 1
        return written


def rewrite_media(text: str, resolve: Callable[[str], str | None]) -> str:
    """References in a field's HTML → Markdown text that html_to_markdown keeps as is."""

    def image(match: re.Match[str]) -> str:
        source = SOURCE.search(match.group(0))
        if source is None:
            return ""
        name = _decode_name(next(g for g in source.groups() if g is not None))
        link = resolve(name)
        alt = ALT.search(match.group(0))
        label = _label(html.unescape(alt.group(1)) if alt and alt.group(1).strip() else name)
        return f"![{label}]({link})" if link else f"[image: {label}]"

    def sound(match: re.Match[str]) -> str:
        name = _decode_name(match.group(1))
        link = resolve(name)
        return f"[▶ {_label(name)}]({link})" if link else f"[sound: {_label(name)}]"

    if "<img" not in text and "<IMG" not in text and "[sound:" not in text:
        return text
    return SOUND_TAG.sub(sound, IMAGE_TAG.sub(image, text))


def _decode_name(raw: str) -> str:
    return unquote(html.unescape(raw.strip()))


def _label(name: str) -> str:
    return re.sub(r"[\[\]()*_`<>\\]", "", name.rsplit("/", 1)[-1]) or "media"


def _write_atomically(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".partial-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
