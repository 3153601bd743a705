"""Import benchmark: 100,000 generated questions into an empty store, against Anki.

Every import runs in a fresh child process (so that one side's memory does not count against
the other) and reports its seconds (the import call only: read, parse, back up, write,
commit) and its peak RSS. The sides are interleaved, `ROUNDS` times, and the medians kept.

- "Anki text, 100,000 notes": one file in Anki's own text format (`#separator:tab`,
  `#columns:`, deck and tags columns), imported by StudyApp and, when the `anki` package is
  installed, by Anki's CSV importer, as in Anki's File › Import. Goal (issue 14): StudyApp
  ≤ 0.8× Anki's time. `anki` is never a dependency of the app: install it in a venv of its
  own and name that venv's Python in ANKI_PYTHON, e.g.
  `python3 -m venv /tmp/ankivenv && /tmp/ankivenv/bin/pip install anki`, then
  `ANKI_PYTHON=/tmp/ankivenv/bin/python .venv/bin/python bench/importer.py`.
- "TSV, 100,000 questions": a plain TSV with a header row, StudyApp only.
- "outline, 20,000 lines": outline notes, StudyApp only.
- "CLI import": `studyapp import FILE` end to end (start-up, open, import), peak RSS.
  Goal: ≤ 150 MB.

CPU seconds are printed beside wall-clock seconds: on a machine shared with other work, they
compare the two importers more steadily.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import print_table

ROUNDS = 5  # the machine is shared: medians of five
# The interpreter that runs Anki's importer: its own venv, so that `anki` never enters ours.
ANKI_PYTHON = os.environ.get("ANKI_PYTHON", sys.executable)
ROWS = 100_000
WORDS = [
    "list",
    "tuple",
    "generator",
    "decorator",
    "index",
    "join",
    "cache",
    "queue",
    "lambda",
    "thread",
    "process",
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def rows(count: int) -> list[tuple[str, str, str, str]]:
    rng = random.Random(1)
    return [
        (
            f"Area {i % 50}::Part {i % 500}",
            f"Q{i}: {sentence(rng, 8)}?",
            sentence(rng, 30),
            f"t{i % 7}",
        )
        for i in range(count)
    ]


def write_tsv(path: Path, count: int) -> None:
    lines = ["topic\tquestion\tanswer\ttags", *("\t".join(row) for row in rows(count))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_anki_text(path: Path, count: int) -> None:
    header = [
        "#separator:tab",
        "#html:false",
        "#columns:deck\tfront\tback\ttags",
        "#deck column:1",
        "#tags column:4",
    ]
    lines = [*header, *("\t".join(row) for row in rows(count))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_outline(path: Path, lines: int) -> None:
    rng = random.Random(2)
    out: list[str] = []
    section = 0
    while len(out) < lines:
        out.append(f"Section {section}:")
        section += 1
        for question in range(20):
            out.append(f"\t- Question {section}.{question} {sentence(rng, 5)}")
            out.extend(f"\t\t- {sentence(rng, 12)}" for _ in range(3))
    path.write_text("\n".join(out[:lines]) + "\n", encoding="utf-8")


STUDYAPP = """
import json, resource, sys, time
from datetime import UTC, datetime
from pathlib import Path
from studyapp.io.importer import import_file
from studyapp.store.db import Database
source, folder, fmt = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] or None
db = Database.open(folder / "studyapp.sqlite3")
started, cpu = time.perf_counter(), time.process_time()
report = import_file(db, source, datetime.now(UTC), fmt=fmt, backups=folder / "backups")
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
# What the window's worker does next, off the import's clock: index the questions for search
# and merge the word index (its commit also copies the log into the file).
from studyapp.store import fts
started = time.perf_counter()
fts.upkeep(db)
index = time.perf_counter() - started
db.close()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak": peak, "created": report.created,
                  "index": index}))
"""

ANKI = """
import json, resource, sys, time
from anki.collection import Collection, ImportCsvRequest
source, folder = sys.argv[1], sys.argv[2]
col = Collection(folder + "/collection.anki2")
started, cpu = time.perf_counter(), time.process_time()
metadata = col.get_csv_metadata(source, None)
# The columns the file's header names: deck 1, tags 4, front 2 and back 3.
del metadata.global_notetype.field_columns[:]
metadata.global_notetype.field_columns.extend([2, 3])
log = col.import_csv(ImportCsvRequest(path=source, metadata=metadata))
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
created = len(log.log.new)
col.close()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak": peak, "created": created}))
"""

CLI = """
import resource, runpy, sys
sys.argv = ["studyapp", "import", sys.argv[1], "--data-dir", sys.argv[2]]
try:
    runpy.run_module("studyapp", run_name="__main__")
except SystemExit as exit:
    code = exit.code
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr)
sys.exit(code)
"""


def child(script: str, *args: str) -> dict[str, float]:
    python = ANKI_PYTHON if script is ANKI else sys.executable
    done = subprocess.run(
        [python, "-c", script, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def cli_run(source: Path, folder: Path) -> tuple[float, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CLI, str(source), str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"studyapp import failed:\n{done.stderr}")
    return seconds, float(done.stderr.strip().splitlines()[-1])


def anki_available() -> bool:
    probe = subprocess.run(
        [ANKI_PYTHON, "-c", "import anki.collection"], capture_output=True, check=False
    )
    return probe.returncode == 0


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        root = Path(name)
        anki_text, tsv, outline = root / "notes.txt", root / "cards.tsv", root / "outline.txt"
        write_anki_text(anki_text, ROWS)
        write_tsv(tsv, ROWS)
        write_outline(outline, 20_000)
        with_anki = anki_available()
        runs: dict[str, list[dict[str, float]]] = {}
        folders = iter(range(1_000_000))
        for _round in range(ROUNDS):
            for label, script, args in (
                ("StudyApp: Anki text, 100,000 notes", STUDYAPP, (anki_text, "")),
                ("Anki: Anki text, 100,000 notes", ANKI, (anki_text,)),
                ("StudyApp: TSV, 100,000 questions", STUDYAPP, (tsv, "tsv")),
                ("StudyApp: outline, 20,000 lines", STUDYAPP, (outline, "outline")),
            ):
                if script is ANKI and not with_anki:
                    continue
                folder = root / f"run-{next(folders)}"
                folder.mkdir()
                source, *rest = args
                result = child(script, str(source), str(folder), *map(str, rest))
                runs.setdefault(label, []).append(result)
        report(runs, cli_run(anki_text, root / "cli"), with_anki)


def report(
    runs: dict[str, list[dict[str, float]]], cli: tuple[float, float], with_anki: bool
) -> None:
    table = []
    for label, results in runs.items():
        seconds = statistics.median(r["seconds"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        peak = statistics.median(r["peak"] for r in results)
        created = f"{int(results[0]['created']):,}"
        index = (
            f"{statistics.median(r['index'] for r in results):.2f}" if "index" in results[0] else ""
        )
        table.append((label, created, f"{seconds:.2f}", f"{cpu:.2f}", f"{peak:.0f}", index))
    cli_seconds, cli_peak = cli
    table.append(
        ("studyapp import (CLI)", f"{ROWS:,}", f"{cli_seconds:.2f}", "", f"{cli_peak:.0f}", "")
    )
    print_table(
        f"Import into an empty store, median of {ROUNDS} interleaved runs",
        ("import", "questions", "seconds", "CPU seconds", "peak RSS MB", "then index s"),
        table,
    )
    print(
        "seconds: until the import has committed. 'then index s': the search index, which "
        "the window's worker builds next (a search before that builds it first); Anki "
        "builds none."
    )
    if not with_anki:
        print(f"\nAnki is not installed for {ANKI_PYTHON} (see ANKI_PYTHON): StudyApp alone.")
        return
    ours = runs["StudyApp: Anki text, 100,000 notes"]
    theirs = runs["Anki: Anki text, 100,000 notes"]
    for measure in ("seconds", "cpu"):
        ratio = statistics.median(r[measure] for r in ours) / statistics.median(
            r[measure] for r in theirs
        )
        print(f"StudyApp / Anki on the same file, {measure}: {ratio:.2f}× (goal ≤ 0.80×)")


if __name__ == "__main__":
    main()
