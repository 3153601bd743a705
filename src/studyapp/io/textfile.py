"""Reading a user's file as text: size and binary checks, then the encoding.

UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded as such; anything else is read
as Windows-1252 (the usual legacy encoding of notes), falling back to Latin-1 for the five
bytes 1252 leaves undefined, so no character is ever dropped. Line ends become LF.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from studyapp.errors import ImportFailed

MAX_BYTES = 50 * 1024 * 1024
BINARY_CONTROL_RATIO = 0.05
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    source = str(path)
    try:
        if path.is_dir():
            raise ImportFailed("this is a folder, not a file", "Choose a file.", source=source)
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportFailed(
                f"the file is {size / 1024 / 1024:.0f} MB; the limit is "
                f"{max_bytes / 1024 / 1024:.0f} MB",
                "Split the file into smaller ones and import them one by one.",
                source=source,
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(
            f"the file cannot be read ({exc.strerror})",
            "Check that the file exists and that you may read it.",
            source=source,
        ) from exc
    return decode_text(data, source)


def decode_text(data: bytes, source: str) -> str:
    text = _decode(data)
    _refuse_binary(text, source)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _refuse_binary(text: str, source: str) -> None:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportFailed(
            "the file holds binary data (a NUL byte), not text",
            "Export your notes as plain text, Markdown, CSV or TSV first.",
            source=source,
            line=line,
        )
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in ALLOWED_CONTROLS)
    if sample and controls / len(sample) > BINARY_CONTROL_RATIO:
        raise ImportFailed(
            "the file looks like binary data, not text",
            "Export your notes as plain text, Markdown, CSV or TSV first.",
            source=source,
        )
