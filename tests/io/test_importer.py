"""Importing files: formats, encodings, no line lost, all or nothing, re-import in place."""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from studyapp.content.outline import parse_outline
from studyapp.errors import ImportFailed
from studyapp.io.detect import detect_format, parse_any
from studyapp.io.exporter import export_collection
from studyapp.io.importer import import_file, preview_file
from studyapp.io.textfile import decode_text, read_text
from studyapp.store.db import Database

from tests.conftest import NOW

SEED = next(
    (
        folder / "shared" / "seed" / "interview-notes.txt"
        for folder in Path(__file__).resolve().parents
        if (folder / "shared" / "seed" / "interview-notes.txt").exists()
    ),
    Path("/nonexistent"),
)
ANKI = """#separator:tab
#html:true
#guid column:1
#deck column:3
#tags column:4
a1B2c3\tWhat is <b>the GIL</b>?\tPython::Concurrency\tpython gil\t\
<div>A lock.<br>One thread runs bytecode at a time.</div>
d4E5f6\tfetch vs pull\tGit\tgit\t<ul><li>fetch downloads</li><li>pull merges</li></ul>
"""


def count(db: Database, sql: str) -> int:
    with db.begin() as session:
        return int(session.execute(text(sql)).scalar() or 0)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed notes are not beside the repo")
def test_seed_notes_become_topics_and_questions_and_no_line_is_lost() -> None:
    notes = SEED.read_text(encoding="utf-8")
    deck = parse_outline(notes, source="interview-notes.txt")
    titles = [topic.title for topic in deck.topics]
    for expected in (
        "Introduction",
        "Python Questions",
        "Django",
        "CI/CD",
        "Git Commands",
        "AWS Cloud",
        "Database",
        "Data Warehouse",
    ):
        assert expected in titles
    prompts = {q.prompt_md: q for _p, q in deck.questions()}
    assert deck.question_count >= 50
    assert "List is mutable object" in prompts["List vs Tuple"].answer_md
    assert "git push" in prompts["git commit vs git push?"].answer_md
    assert_no_line_lost(notes, deck)


def assert_no_line_lost(notes: str, deck: object) -> None:
    from studyapp.content.model import Deck

    assert isinstance(deck, Deck)
    corpus = " ".join(
        [t.title for _p, t in deck.walk()]
        + [f"{q.prompt_md} {q.answer_md}" for _p, q in deck.questions()]
    )
    corpus = _words(corpus.replace("\\", " "))
    warned = {w.line for w in deck.warnings}
    for number, line in enumerate(notes.split("\n"), start=1):
        # List markers and underlines are markup, like Markdown's own.
        words = _words(LIST_MARKER.sub("", line.strip()))
        if not words or re.fullmatch(r"[-=\s]+", line) or number in warned:
            continue
        assert words in corpus, f"line {number} lost: {line!r}"


LIST_MARKER = re.compile(r"^(?:[-*+•◦○●▪■–—]\s*)+|^\d+[.)]\s+")


def _words(value: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", value.casefold()))


OUTLINE_LINE = st.tuples(
    st.integers(0, 4),
    st.sampled_from(["", "- ", "* ", "1. ", "2) "]),
    st.text(
        st.characters(categories=("L", "N", "Zs", "P"), exclude_characters="\n\r\x85\u2028\u2029"),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["\t", "    ", "  ", " \t"]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OUTLINE_LINE, min_size=1, max_size=40), st.booleans())
def test_generated_outlines_lose_no_line(
    lines: list[tuple[int, str, str, str]], underline: bool
) -> None:
    rendered = []
    for depth, bullet, body, unit in lines:
        rendered.append(unit * depth + bullet + body)
        if underline and depth == 0:
            rendered.append("-----")
    notes = "\n".join(rendered)
    try:
        deck = parse_outline(notes, source="gen.txt")
    except ImportFailed:
        return
    assert_no_line_lost(notes, deck)


@settings(max_examples=150, deadline=None)
@given(
    st.binary(max_size=2000),
    st.sampled_from([None, "outline", "markdown", "csv", "tsv", "anki", "deck"]),
)
def test_any_bytes_fail_only_with_import_failed(data: bytes, fmt: str | None) -> None:
    with contextlib.suppress(ImportFailed):
        parse_any(decode_text(data, "fuzz.txt"), source="fuzz.txt", fmt=fmt)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("café – naïve\n".encode("utf-8-sig"), "café – naïve\n"),
        ("café – naïve\n".encode("utf-16"), "café – naïve\n"),
        ("café – naïve\n".encode("utf-16-be").join([b"\xfe\xff", b""]), "café – naïve\n"),
        ("café – naïve\r\n".encode("cp1252"), "café – naïve\n"),
        (b"one\rtwo\r\n", "one\ntwo\n"),
    ],
)
def test_encodings_and_line_ends(data: bytes, expected: str) -> None:
    assert decode_text(data, "x.txt") == expected


def test_binary_and_huge_files_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    with pytest.raises(ImportFailed, match="binary"):
        read_text(binary)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    with pytest.raises(ImportFailed, match="limit is 50 MB"):
        read_text(huge)


def test_csv_in_any_column_order_with_quotes_and_topics() -> None:
    table = 'Tags;Answer;Topic;Question\npy;"Line one\nline two";Python::Core;What is a list?\n'
    deck = parse_any(table, source="cards.csv", fmt="csv")
    question = deck.questions()[0]
    assert question[0] == ("Python", "Core")
    assert question[1].answer_md == "Line one\nline two"
    assert question[1].tags == ("py",)


def test_csv_with_an_unterminated_quote_names_the_line() -> None:
    with pytest.raises(ImportFailed, match="quote") as caught:
        parse_any('question,answer\n"open,never closed\n', source="bad.csv", fmt="csv")
    assert caught.value.line >= 2


def test_anki_export_with_html_decks_tags_and_guids() -> None:
    assert detect_format(ANKI, "notes.txt") == "anki"
    deck = parse_any(ANKI, source="notes.txt")
    questions = {q.key: (path, q) for path, q in deck.questions()}
    path, gil = questions["anki:a1B2c3"]
    assert path == ("Python", "Concurrency")
    assert gil.prompt_md == "What is **the GIL**?"
    assert gil.answer_md == "A lock.\nOne thread runs bytecode at a time."
    assert gil.tags == ("python", "gil")
    assert "- fetch downloads" in questions["anki:d4E5f6"][1].answer_md


def test_generic_markdown_headings_and_list_items() -> None:
    notes = (
        "# Python\n\nSome intro.\n\n- What is a list?\n  A mutable sequence.\n\n"
        "## GIL\nQ: What is it?\nA: A lock.\n"
    )
    deck = parse_any(notes, source="notes.md")
    prompts = [q.prompt_md for _p, q in deck.questions()]
    assert prompts == ["Python", "What is a list?", "What is it?"]


def test_import_is_all_or_nothing_and_reimport_updates_in_place(
    db: Database, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Python\n\t- List vs Tuple\n\t\tList is mutable.\n\t- GIL\n\t\tA lock.\n")
    first = import_file(db, notes, NOW, backups=tmp_path / "backups")
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert list((tmp_path / "backups").glob("*before-import*"))
    notes.write_text(
        "Python\n\t- List vs Tuple\n\t\tLists are mutable; tuples are not.\n"
        "\t- GIL\n\t\tA lock.\n\t- Generators\n\t\tLazy.\n"
    )
    dry = import_file(db, notes, NOW, dry_run=True)
    assert (dry.created, dry.updated, dry.unchanged) == (1, 1, 1)
    assert count(db, "SELECT count(*) FROM question") == 2  # the dry run changed nothing
    second = import_file(db, notes, NOW)
    assert (second.created, second.updated, second.unchanged) == (1, 1, 1)
    assert count(db, "SELECT count(*) FROM question") == 3


def test_a_failed_import_leaves_the_database_byte_identical(db_path: Path, tmp_path: Path) -> None:
    db = Database.open(db_path)
    bad = tmp_path / "bad.csv"
    bad.write_text('question,answer\n"never closed,x\n')
    db.close()
    before = digest(db_path)
    db = Database.open(db_path)
    with pytest.raises(ImportFailed):
        import_file(db, bad, NOW)
    db.close()
    assert digest(db_path) == before


def test_export_then_import_into_an_empty_collection_gives_the_same_deck(
    db: Database, tmp_path: Path
) -> None:
    source = tmp_path / "deck.md"
    source.write_text(
        "# Python\n## Basics\n### Q: What is a list? {#py.list}\nTags: a\nMutable.\n\n"
        "# CI/CD\n## Q: What is CI? {#ci.what}\nMerging often.\n"
    )
    import_file(db, source, NOW)
    for fmt in ("md", "csv"):
        out = tmp_path / f"export.{fmt}"
        export_collection(db, out, fmt)  # type: ignore[arg-type]
        fresh = Database.open(tmp_path / f"fresh-{fmt}.sqlite3")
        import_file(fresh, out, NOW)
        with fresh.begin() as session:
            rows = session.execute(
                text(
                    "SELECT q.external_key, q.prompt_md, q.answer_md, t.title FROM question q "
                    "JOIN topic t ON t.id = q.topic_id ORDER BY q.external_key"
                )
            ).all()
        fresh.close()
        assert [tuple(r) for r in rows] == [
            ("ci.what", "What is CI?", "Merging often.", "CI/CD"),
            ("py.list", "What is a list?", "Mutable.", "Basics"),
        ], fmt


def test_command_line_import_prints_json(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Git\n\t- fetch vs pull\n\t\tfetch downloads\n")
    data_dir = tmp_path / "data"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "studyapp",
            "import",
            str(notes),
            "--data-dir",
            str(data_dir),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["format"] == "outline"
    assert report["created"] == 1
    # The title was a guess (a short plain line), and the report says so, with its line.
    assert report["warnings"] == [{"line": 1, "message": "guessed that 'Git' is a topic title"}]
    failed = subprocess.run(
        [
            sys.executable,
            "-m",
            "studyapp",
            "import",
            str(tmp_path / "missing.txt"),
            "--data-dir",
            str(data_dir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode == 2
    assert "cannot be read" in failed.stderr


def test_a_csv_field_over_128_kb_is_read() -> None:
    answer = "word " * 60_000  # 300 KB, over csv's default field limit of 128 KB
    deck = parse_any(f'question,answer\nBig?,"{answer}"\n', source="big.csv", fmt="csv")
    assert deck.questions()[0][1].answer_md == answer.rstrip()


def test_undefined_cp1252_bytes_are_replaced_one_by_one_and_named(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(
        "Prices:\n- Euro\n    10€ “quoted”\n".encode("cp1252") + b"- Odd\n    a\x81b\n"
    )
    preview = preview_file(notes)
    answers = {q.prompt_md: q.answer_md for _p, q in preview.deck.questions()}
    assert answers["Euro"] == "10€ “quoted”"  # the rest of the file stays Windows-1252
    assert answers["Odd"] == "a\ufffdb"
    assert (5, "byte 0x81 is not Windows-1252: replaced by \ufffd") in [
        (w.line, w.message) for w in preview.warnings
    ]


def test_stray_bytes_in_a_utf8_file_are_read_one_by_one(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes("Café:\n- naïve\n".encode() + b"    it\x92s\n")
    preview = preview_file(notes)
    assert preview.deck.questions()[0][1].answer_md == "it’s"
    first = preview.warnings[0]
    assert (first.line, first.message) == (3, "byte 0x92 is not UTF-8: read as Windows-1252 '’'")


def test_a_broken_utf16_file_names_each_byte_it_replaced(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    # A lone high surrogate in line 2, and an odd last byte.
    body = "Git:\n- Rebase?\n    replays".encode("utf-16-le")
    notes.write_bytes(codecs.BOM_UTF16_LE + body + b"\x00\xd8" + b"s")
    preview = preview_file(notes)
    assert preview.deck.questions()[0][1].answer_md == "replays\ufffd"
    assert [(w.line, w.message) for w in preview.warnings] == [
        (3, f"byte 0x{byte:02X} makes no UTF-16 character: replaced by \ufffd")
        for byte in (0x00, 0xD8, 0x73)
    ]


def test_markdown_headings_deeper_than_five_levels_fold_into_the_fifth() -> None:
    notes = "# 1\n## 2\n### 3\n#### 4\n##### 5\n- q5\n  a5\n###### 6\n- q6\n  a6\n"
    deck = parse_any(notes, source="deep.md", fmt="markdown")
    assert [(path, q.prompt_md) for path, q in deck.questions()] == [
        (("1", "2", "3", "4", "5"), "q5"),
        (("1", "2", "3", "4", "5"), "q6"),
    ]
    assert [w.line for w in deck.warnings] == [8]


def test_anki_deck_paths_deeper_than_five_levels_and_repeated_guids() -> None:
    deep = "::".join(f"d{level}" for level in range(500))
    text = f"#separator:tab\n#guid column:1\n#deck column:2\ng1\t{deep}\tq\ta\ng1\tX\tq2\ta2\n"
    deck = parse_any(text, source="anki.txt")
    ((path, question),) = deck.questions()
    assert path[:4] == ("d0", "d1", "d2", "d3")
    assert path[4].startswith("d4::d5::")
    assert question.key == "anki:g1"
    assert [w.message for w in deck.warnings][-1] == "the GUID 'g1' repeats; this note skipped"


def test_a_reimport_after_deleting_a_topic_puts_new_questions_in_sight(
    db: Database, tmp_path: Path
) -> None:
    from studyapp.store import authoring_topics

    notes = tmp_path / "notes.md"
    notes.write_text("# Git\n\n- What is a rebase?\n  Replays commits.\n", encoding="utf-8")
    import_file(db, notes, NOW)
    with db.begin() as session:
        git = session.execute(text("SELECT id FROM topic WHERE title = 'Git'")).scalar_one()
        authoring_topics.delete_topic(session, git, NOW)
    notes.write_text(
        "# Git\n\n- What is a rebase?\n  Replays commits.\n- What is a stash?\n  Saved work.\n",
        encoding="utf-8",
    )
    import_file(db, notes, NOW)
    with db.begin() as session:
        visible = session.execute(
            text(
                "SELECT q.prompt_md FROM question q JOIN topic t ON t.id = q.topic_id "
                "WHERE q.deleted_at IS NULL AND t.deleted_at IS NULL"
            )
        ).scalars()
        assert list(visible) == ["What is a stash?"]  # the deleted one stays deleted
