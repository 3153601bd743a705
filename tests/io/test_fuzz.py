"""Never a traceback: seeded mutations of every sample format either import or are refused
with a message and a hint, and a refusal leaves the database byte-identical.

Each mutation is what real files go through: byte flips, truncation, NULs, huge lines, deep
nesting, other encodings pasted in, line-end changes, lines lost or repeated, markup
characters sprinkled in. The seeds are fixed, so a failure names a mutation that can be
replayed (`mutate(sample, seed)`).
"""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from studyapp.errors import StudyAppError
from studyapp.io.importer import import_file
from studyapp.store.db import Database

from tests.conftest import NOW

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
SAMPLE_FILES = sorted(SAMPLES.iterdir())
MUTATIONS_PER_SAMPLE = 70
SPECIAL = [
    b'"',
    b"\t",
    b",",
    b";",
    b"#",
    b"# ",
    b"```",
    b"::",
    b"{#",
    b"}",
    b"Q:",
    b"\\",
    b"<b>",
    b"&#10;",
    b"#separator:",
    b"\xef\xbb\xbf",
    b"\r",
    b"\x0c",
    b"-----\n",
    b"====\n",
]


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _nul(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + b"\x00" * rng.randint(1, 3) + data[at:]


def _huge_line(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice([b"x", b"ab ", b"\t", b",", b"-"]) * 150_000 + data[at:]


def _deep(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([60, 500, 1200])
    nested = rng.choice(
        [
            b"".join(b"\t" * level + b"- level\n" for level in range(depth)),
            b"".join(b" " * level + b"* q\n" for level in range(depth)),
            b"deck\t" + b"::".join(b"d%d" % level for level in range(depth)) + b"\tq\ta\n",
            b"".join(b"#" * (level % 7 + 1) + b" h\n" for level in range(depth)),
            b"a," + b"::".join(b"t" for _ in range(depth)) + b",q,a\n",
            b"<ul>" * depth + b"x" + b"</ul>" * depth + b"\n",
        ]
    )
    at = rng.randrange(len(data) + 1)
    return data[:at] + b"\n" + nested + data[at:]


def _encoding(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    chunk = rng.choice(
        [
            "café “smart” – 10€ \x81\x8d\x8f\x90\x9d".encode("cp1252", errors="ignore") + b"\x81",
            "naïve ☃".encode("utf-16-le"),
            "naïve ☃".encode("utf-16"),
            text.encode("cp1252", errors="replace"),
            "Ünïcödé".encode("latin-1"),
            bytes(rng.randrange(128, 256) for _ in range(40)),
        ]
    )
    at = rng.randrange(len(data) + 1)
    return data[:at] + chunk + data[at:]


def _line_ends(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\n", b"\r\r\n"]))


def _lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(lines))
        action = rng.randrange(4)
        if action == 0:
            del lines[at]
        elif action == 1:
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif action == 2:
            lines[at] = b"\t" * rng.randint(0, 8) + lines[at].lstrip()
        else:
            lines.extend(lines[at : at + rng.randint(1, 4)] * rng.randint(2, 50))
        if not lines:
            lines = [b""]
    return b"\n".join(lines)


def _sprinkle(data: bytes, rng: random.Random) -> bytes:
    out = data
    for _ in range(rng.randint(1, 10)):
        at = rng.randrange(len(out) + 1)
        out = out[:at] + rng.choice(SPECIAL) + out[at:]
    return out


MUTATORS: list[Callable[[bytes, random.Random], bytes]] = [
    _flip,
    _truncate,
    _nul,
    _huge_line,
    _deep,
    _encoding,
    _line_ends,
    _lines,
    _sprinkle,
]


def mutate(sample: Path, seed: int) -> bytes:
    rng = random.Random(f"{sample.name}:{seed}")
    data = sample.read_bytes()
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(MUTATORS)(data, rng)
    return data


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda path: path.name)
def test_mutated_files_import_or_are_refused_with_a_message(
    db: Database, tmp_path: Path, sample: Path
) -> None:
    formats: list[str | None] = [None, "outline", "markdown", "deck", "csv", "tsv", "anki"]
    refused: list[StudyAppError] = []
    for seed in range(MUTATIONS_PER_SAMPLE):
        path = tmp_path / f"{seed}-{sample.name}"
        path.write_bytes(mutate(sample, seed))
        # Mostly as detected; sometimes forced into a format that does not fit it.
        fmt = formats[seed % len(formats)] if seed % 3 == 0 else None
        try:
            import_file(db, path, NOW, fmt=fmt, dry_run=True)
        except StudyAppError as exc:
            refused.append(exc)
        except Exception as exc:  # any other exception is the bug this test looks for
            pytest.fail(f"mutate({sample.name!r}, {seed}) with format {fmt}: {exc!r}")
    assert [exc for exc in refused if not (exc.message.strip() and exc.hint.strip())] == []
    assert len(refused) < MUTATIONS_PER_SAMPLE  # the mutations left some files readable


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("content", "fmt", "fragment"),
    [
        (b'question,answer\n"never closed,x\n', "csv", "quote"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, None, "binary"),
        (b"# 1\n## 2\n### 3\n#### 4\n##### 5\n###### 6\n### Q: q {#a}\nb\n", "deck", "deeper"),
        (b"just prose, nothing else.\n", "csv", "question column"),
        (b'#separator:"\nq"a\n', "anki", "separator"),
    ],
)
def test_a_refusal_leaves_the_database_byte_identical(
    db_path: Path, tmp_path: Path, content: bytes, fmt: str | None, fragment: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Git:\n\t- fetch vs pull\n\t\tfetch downloads\n")
    database = Database.open(db_path)
    import_file(database, good, NOW)
    database.close()
    before = _digest(db_path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    database = Database.open(db_path)
    with pytest.raises(StudyAppError) as caught:
        import_file(database, bad, NOW, fmt=fmt, backups=tmp_path / "backups")
    database.close()
    assert fragment in str(caught.value)
    assert caught.value.hint
    assert str(caught.value).count("bad.txt") == 1  # the location is named once
    assert _digest(db_path) == before


def test_the_command_line_refuses_with_exit_2_a_message_and_a_hint(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b'question,answer\n"never closed,x\n')
    result = subprocess.run(
        [sys.executable, "-m", "studyapp", "import", str(bad), "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    message, hint = result.stderr.strip().split("\n")
    assert message == "error: bad.csv:2: the table is malformed (unexpected end of data)"
    assert hint == "Check for a quote that is opened but never closed."
