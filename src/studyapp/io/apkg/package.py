"""Opening an Anki package safely: a zip with a collection and numbered media files.

Layouts, newest first: `meta` (protobuf, version 3) with a zstd-compressed
`collection.anki21b`, a zstd protobuf media list and zstd media files; `collection.anki21`
(Anki 2.1.x) and `collection.anki2` (Anki 2.0, genanki) with a JSON media list. Newer Anki
versions add a dummy `collection.anki2` beside the real collection, so the newest wins.

Every size a zip declares can lie: members are read through bounded streams, so a zip bomb
costs at most the limit, and a collection that inflates far beyond its compressed size is
refused before it is written anywhere.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from studyapp.errors import ImportFailed
from studyapp.io.apkg.protobuf import ProtobufError, fields

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
MAX_COLLECTION_BYTES = 1024 * 1024 * 1024
MAX_META_BYTES = 64 * 1024 * 1024
# Real collections shrink 3–20× under zstd or deflate; a bomb shrinks thousands of times.
MAX_RATIO = 200
RATIO_CHECKED_ABOVE = 16 * 1024 * 1024
MAX_MEMBERS = 200_000
CHUNK = 1024 * 1024
PACKAGE_HINT = "Export the deck again from Anki (File › Export › Anki Deck Package)."


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class PackageRefused(Exception):
    """Raised inside the reader; turned into ImportFailed with the package's name."""

    def __init__(self, message: str, hint: str = PACKAGE_HINT) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Package:
    zip: zipfile.ZipFile
    collection: Path
    layout: str
    media: dict[str, str]
    zstd_media: bool

    def read_media(self, name: str, limit: int) -> bytes | None:
        """A media file's bytes, or None when it is missing or larger than `limit`."""
        member = self.media.get(name)
        if member is None:
            return None
        try:
            info = self.zip.getinfo(member)
        except KeyError:
            return None
        with self.zip.open(info) as raw:
            data = read_up_to(_zstd_reader(raw) if self.zstd_media else raw, limit + 1)
        return None if len(data) > limit else data


@contextmanager
def open_package(path: Path) -> Iterator[Package]:
    """The package's collection extracted to a temporary file, removed on exit."""
    source = str(path)
    folder = Path(tempfile.mkdtemp(prefix="studyapp-apkg-"))
    try:
        with zipfile.ZipFile(path) as archive:
            yield _open(archive, folder)
    except ImportFailed:
        raise
    except PackageRefused as exc:
        raise ImportFailed(str(exc), exc.hint, source=source) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, ProtobufError, ValueError) as exc:
        raise ImportFailed(
            f"this is not a readable Anki package: it is damaged or incomplete ({exc})",
            PACKAGE_HINT,
            source=source,
        ) from exc
    except OSError as exc:
        raise ImportFailed(
            f"the package cannot be read ({exc.strerror or exc})",
            "Check that the file exists, that you may read it, and that it was fully downloaded.",
            source=source,
        ) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _open(archive: zipfile.ZipFile, folder: Path) -> Package:
    names = set(archive.namelist())
    if len(names) > MAX_MEMBERS:
        raise PackageRefused(f"the package holds {len(names)} files; the limit is {MAX_MEMBERS}")
    layout = next((name for name in COLLECTIONS if name in names), None)
    if layout is None:
        raise PackageRefused("this zip holds no Anki collection")
    version = _meta_version(archive) if "meta" in names else 1
    if version > 3:
        raise PackageRefused(
            f"this package was written by a newer Anki (package version {version})",
            "In Anki, export again with “Support older Anki versions” ticked.",
        )
    zstd = layout.endswith("21b")
    target = folder / "collection.sqlite"
    _extract(archive, archive.getinfo(layout), target, zstd)
    media = _media_map(archive, zstd) if "media" in names else {}
    return Package(archive, target, layout.removeprefix("collection."), media, zstd)


def _meta_version(archive: zipfile.ZipFile) -> int:
    data = _read_small(archive, "meta", zstd=False)
    version = 0
    for number, value in fields(data):
        if number == 1 and isinstance(value, int):
            version = value
    return version


def _media_map(archive: zipfile.ZipFile, zstd: bool) -> dict[str, str]:
    """Media file name → the zip member holding it."""
    data = _read_small(archive, "media", zstd)
    if not zstd:
        raw = json.loads(data.decode("utf-8") or "{}")
        if not isinstance(raw, dict):
            raise PackageRefused("the media list is not a mapping")
        return {str(name): str(member) for member, name in raw.items()}
    found: dict[str, str] = {}
    for index, (number, entry) in enumerate(
        (n, v) for n, v in fields(data) if n == 1 and isinstance(v, bytes)
    ):
        del number
        name, member = "", str(index)
        for field, value in fields(entry):
            if field == 1 and isinstance(value, bytes):
                name = value.decode("utf-8", errors="replace")
            elif field == 255 and isinstance(value, int):
                member = str(value)
        if name:
            found[name] = member
    return found


def _read_small(archive: zipfile.ZipFile, member: str, zstd: bool) -> bytes:
    with archive.open(member) as raw:
        data = read_up_to(_zstd_reader(raw) if zstd else raw, MAX_META_BYTES + 1)
    if len(data) > MAX_META_BYTES:
        raise PackageRefused(f"the package's {member} list is too large")
    return data


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, zstd: bool) -> None:
    compressed = max(info.compress_size, 1)
    written = 0
    with archive.open(info) as raw, target.open("wb") as out:
        stream: Readable = _zstd_reader(raw) if zstd else raw
        while chunk := stream.read(CHUNK):
            written += len(chunk)
            if written > MAX_COLLECTION_BYTES:
                raise PackageRefused(
                    f"the collection is larger than {MAX_COLLECTION_BYTES // 2**20} MB"
                )
            if written > RATIO_CHECKED_ABOVE and written > compressed * MAX_RATIO:
                raise PackageRefused(
                    "the collection inflates more than any real one does (a zip bomb?)"
                )
            out.write(chunk)


def read_up_to(stream: Readable, limit: int) -> bytes:
    """At most `limit` bytes: decompressing streams may return short reads before the end."""
    parts: list[bytes] = []
    total = 0
    while total < limit and (chunk := stream.read(min(CHUNK, limit - total))):
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def _zstd_reader(raw: IO[bytes]) -> Readable:
    import zstandard

    reader: Readable = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
    return _ZstdErrors(reader)


class _ZstdErrors:
    """A zstd stream whose errors read as damage, like zlib's."""

    def __init__(self, reader: Readable) -> None:
        self.reader = reader

    def read(self, size: int = -1, /) -> bytes:
        import zstandard

        try:
            return self.reader.read(size)
        except zstandard.ZstdError as exc:
            raise PackageRefused(f"a compressed part is damaged ({exc})") from exc
