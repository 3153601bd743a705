"""Reading a user's file as text: size and binary checks, then the encoding.

UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded as such. Other files are read
as Windows-1252 (the usual legacy encoding of notes) — unless they are mostly UTF-8 with a
few stray bytes (a file pasted together from two editors), in which case only the stray
bytes are read as Windows-1252. A byte that is neither (the five bytes 1252 leaves
undefined) becomes U+FFFD, one byte at a time, and every such replacement is named in a
warning with its line: the rest of the file is never switched to another encoding. Line ends
become LF.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from studyapp.content.model import ParseWarning
from studyapp.errors import ImportFailed

MAX_BYTES = 50 * 1024 * 1024
BINARY_CONTROL_RATIO = 0.05
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
LINE_BREAK = re.compile(rb"\r\n|\r|\n")
MAX_BYTE_WARNINGS = 20


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    warnings: tuple[ParseWarning, ...] = ()
    digest: str = ""  # SHA-256 of the file's bytes


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    return read_notes(path, max_bytes=max_bytes).text


def read_notes(path: Path, *, max_bytes: int = MAX_BYTES) -> Decoded:
    """The file's text and what decoding it had to replace."""
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
    return decode_notes(data, source)


def decode_text(data: bytes, source: str) -> str:
    return decode_notes(data, source).text


def decode_notes(data: bytes, source: str) -> Decoded:
    text, replaced, encoding = _decode(data)
    _refuse_binary(text, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(data).hexdigest()
    return Decoded(text, _byte_warnings(data, replaced, encoding), digest)


_replaced = threading.local()


def _stray_byte(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: each byte that failed becomes its Windows-1252 character, or
    U+FFFD where 1252 has none, and its offset is noted."""
    assert isinstance(error, UnicodeDecodeError)
    chars = []
    for offset in range(error.start, error.end):
        byte = error.object[offset : offset + 1]
        _replaced.found.append(offset)
        try:
            chars.append(byte.decode("cp1252"))
        except UnicodeDecodeError:
            chars.append("\ufffd")
    return "".join(chars), error.end


codecs.register_error("studyapp.stray-byte", _stray_byte)


def _undecodable(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler for UTF-16: bytes that make no character (an odd last byte, a
    lone surrogate) become U+FFFD, and their offsets are noted."""
    assert isinstance(error, UnicodeDecodeError)
    _replaced.found.extend(range(error.start, error.end))
    return "\ufffd", error.end


codecs.register_error("studyapp.undecodable", _undecodable)


def _decode(data: bytes) -> tuple[str, list[int], str]:
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(data, len(codecs.BOM_UTF8), "utf-8")
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _decode_as(data, len(bom), encoding, errors="studyapp.undecodable")
    text, replaced, encoding = _decode_as(data, 0, "utf-8")
    if replaced and len(replaced) > len(UTF8_SEQUENCE.findall(data)):
        return _decode_as(data, 0, "cp1252")
    return text, replaced, encoding


def _decode_as(
    data: bytes, start: int, encoding: str, errors: str = "studyapp.stray-byte"
) -> tuple[str, list[int], str]:
    _replaced.found = []
    try:
        text = data[start:].decode(encoding, errors=errors)
        return text, [start + offset for offset in _replaced.found], encoding
    finally:
        _replaced.found = []


def _byte_warnings(data: bytes, offsets: list[int], encoding: str) -> tuple[ParseWarning, ...]:
    warnings = []
    for offset in offsets[:MAX_BYTE_WARNINGS]:
        byte = data[offset : offset + 1]
        line = len(LINE_BREAK.findall(data, 0, offset)) + 1
        warnings.append(ParseWarning(line, _byte_message(byte, encoding)))
    if len(offsets) > MAX_BYTE_WARNINGS:
        warnings.append(
            ParseWarning(
                len(LINE_BREAK.findall(data, 0, offsets[MAX_BYTE_WARNINGS])) + 1,
                f"{len(offsets) - MAX_BYTE_WARNINGS} more bytes were replaced the same way",
            )
        )
    return tuple(warnings)


def _byte_message(byte: bytes, encoding: str) -> str:
    if encoding.startswith("utf-16"):
        return f"byte 0x{byte[0]:02X} makes no UTF-16 character: replaced by \ufffd"
    try:
        as_1252 = byte.decode("cp1252")
    except UnicodeDecodeError:
        as_1252 = ""
    if encoding == "utf-8" and as_1252:
        return f"byte 0x{byte[0]:02X} is not UTF-8: read as Windows-1252 {as_1252!r}"
    name = "UTF-8 or Windows-1252" if encoding == "utf-8" else "Windows-1252"
    return f"byte 0x{byte[0]:02X} is not {name}: replaced by \ufffd"


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
