"""Every export (md, csv) of any collection imports back: into an empty collection with the
same topics, prompts, answers, tags and ids, and over the original without duplicates.

The collections are generated as store specs and written with `apply_content` (not with any
exporter or parser), and the expected rows are those specs.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from studyapp.io.exporter import ExportFormat, export_collection
from studyapp.io.importer import import_file
from studyapp.store.content import QuestionSpec, SourceSpec, apply_content
from studyapp.store.db import Database

from tests.conftest import NOW

# Whatever an importer can store: any printable text, line breaks inside prompts and titles,
# markup characters, but no control characters (a file with them is refused as binary).
CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\n\t")
PIECES = st.sampled_from(
    [
        "#",
        "# ",
        "```",
        "~~~",
        "\\",
        "Q:",
        "Tags:",
        "{#x}",
        "&#10;",
        "::",
        " / ",
        " > ",
        ",",
        '"',
        ";",
        "\t",
        "\n",
        "    ",
        "%",
        ":",
    ]
)
TEXT = st.lists(st.one_of(st.text(CHARS, min_size=1, max_size=12), PIECES), max_size=5).map("".join)
ONE_LINE = TEXT.map(lambda t: " ".join(t.split()))
TITLE = TEXT.map(str.strip).filter(bool)
ANSWER = TEXT.map(lambda t: t.lstrip("\n").rstrip()).map(
    lambda t: t if t.split("\n", 1)[0].strip() else t.lstrip()
)
TAG = ONE_LINE.filter(lambda t: t and "," not in t)
KEY = TEXT.map(str.strip).filter(lambda k: k and "\n" not in k)


def _path_strategy() -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(TITLE, min_size=1, max_size=5).map(tuple)


@st.composite
def collections(draw: st.DrawFn) -> list[list[QuestionSpec]]:
    """Questions of one or two sources, with keys unique across both."""
    paths = draw(st.lists(_path_strategy(), min_size=1, max_size=4))
    keys = draw(st.lists(KEY, min_size=1, max_size=8, unique=True))
    sources: list[list[QuestionSpec]] = [[], []]
    for index, key in enumerate(keys):
        spec = QuestionSpec(
            key,
            draw(st.sampled_from(paths)),
            draw(TITLE),
            draw(ANSWER),
            tuple(dict.fromkeys(draw(st.lists(TAG, max_size=3)))),
        )
        sources[index % 2].append(spec)
    return [source for source in sources if source]


def _fill(db: Database, sources: list[list[QuestionSpec]]) -> None:
    with db.begin() as session:
        for number, specs in enumerate(sources):
            paths = list(dict.fromkeys(spec.topic_path for spec in specs))
            source = SourceSpec(f"gen:{number}", f"gen {number}", "deck", None, "x")
            apply_content(session, source, paths, specs, NOW)


def _rows(db: Database) -> set[tuple[str, tuple[str, ...], str, str, tuple[str, ...]]]:
    with db.begin() as session:
        topics = {
            row.id: (row.parent_id, row.title)
            for row in session.execute(text("SELECT id, parent_id, title FROM topic"))
        }
        found = set()
        for key, topic_id, prompt, answer, tags in session.execute(
            text(
                "SELECT external_key, topic_id, prompt_md, answer_md, tags FROM question "
                "WHERE retired_at IS NULL"
            )
        ):
            path: list[str] = []
            current = topic_id
            while current is not None:
                parent, title = topics[current]
                path.insert(0, title)
                current = parent
            found.add((key, tuple(path), prompt, answer, tuple(t for t in tags.split(",") if t)))
    return found


counter = itertools.count()


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(collections(), st.sampled_from(["md", "csv"]))
def test_an_export_imports_back_the_same_and_over_the_original_without_duplicates(
    tmp_path: Path, sources: list[list[QuestionSpec]], fmt: ExportFormat
) -> None:
    run = tmp_path / str(next(counter))
    run.mkdir()
    original = Database.open(run / "original.sqlite3")
    _fill(original, sources)
    expected = {
        (s.key, s.topic_path, s.prompt_md, s.answer_md, s.tags) for specs in sources for s in specs
    }
    assert _rows(original) == expected  # the generated collection, as stored
    out = run / f"export.{fmt}"
    export_collection(original, out, fmt)

    fresh = Database.open(run / "fresh.sqlite3")
    import_file(fresh, out, NOW)
    assert _rows(fresh) == expected
    fresh.close()

    again = import_file(original, out, NOW)
    assert (again.created, again.retired) == (0, 0)
    assert _rows(original) == expected
    original.close()
