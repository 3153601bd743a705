"""Build the small .apkg/.colpkg fixtures in tests/data/apkg with the real Anki library.

    .venv/bin/pip install anki genanki     # into the worktree's venv only: test tools,
    .venv/bin/python tools/make_anki_fixtures.py   # never app dependencies (anki is AGPL)

Every package is written by Anki itself (or genanki, for the old collection.anki2-only
layout); `expected.json` records what Anki says about each card (days until due, interval,
number of real reviews, FSRS memory state), so the tests compare StudyApp's reading with
Anki's own, not with StudyApp's idea of Anki.
"""

from __future__ import annotations

import json
import shutil
import struct
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

import anki.collection
from anki.buildinfo import version as anki_version
from anki.collection import Collection, ExportAnkiPackageOptions
from anki.scheduler.v3 import CardAnswer

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "apkg"
RATINGS = {
    1: CardAnswer.AGAIN,
    2: CardAnswer.HARD,
    3: CardAnswer.GOOD,
    4: CardAnswer.EASY,
}


def tiny_png() -> bytes:
    """A 1×1 red PNG, built by hand so the script needs no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def answer(col: Collection, card_id: int, rating: int) -> None:
    card = col.get_card(card_id)
    card.timer_started = time.time() - 7  # a seven-second answer, as the revlog will say
    states = col._backend.get_scheduling_states(card.id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=RATINGS[rating]))


def fill(col: Collection) -> dict[str, int]:
    """Notes of every kind the reader maps, in nested decks; returns note ids by label."""
    media = col.media.write_data("red dot.png", tiny_png())
    col.media.write_data("hello.mp3", b"ID3 not really audio")
    basic = col.models.by_name("Basic")
    reverse = col.models.by_name("Basic (and reversed card)")
    cloze = col.models.by_name("Cloze")
    core = col.decks.id("Python::Core")
    git = col.decks.id("Git")
    notes: dict[str, int] = {}

    def add(label: str, model: Any, deck: int, fields: list[str], tags: list[str]) -> None:
        note = col.new_note(model)
        for index, value in enumerate(fields):
            note.fields[index] = value
        note.tags = tags
        col.add_note(note, deck)
        notes[label] = note.id

    add(
        "gil", basic, core, ["What is the <b>GIL</b>?", "A lock: one thread runs bytecode."], ["py"]
    )
    add("image", basic, core, ["Which colour?", f'<img src="{media}"> red [sound:hello.mp3]'], [])
    add(
        "list",
        basic,
        core,
        ["List vs tuple", "<ul><li>list: mutable</li><li>tuple: not</li></ul>"],
        ["py", "types"],
    )
    add("fetch", reverse, git, ["git fetch", "downloads without merging"], ["git"])
    add(
        "cloze",
        cloze,
        core,
        ["{{c1::Paris}} is the capital of {{c2::France::country}}", "Geography"],
        [],
    )
    add("new", basic, git, ["Never studied", "still new"], [])
    return notes


def study(col: Collection, notes: dict[str, int]) -> None:
    """Real answers through Anki's scheduler, a manual due date, a suspension."""

    def cards(label: str) -> list[int]:
        return list(col.card_ids_of_note(notes[label]))

    answer(col, cards("gil")[0], 4)
    answer(col, cards("gil")[0], 3)
    answer(col, cards("list")[0], 3)  # into learning
    for card_id in cards("fetch"):
        answer(col, card_id, 4)
    answer(col, cards("cloze")[0], 4)
    answer(col, cards("cloze")[1], 1)
    answer(col, cards("image")[0], 4)
    # "Set due date" is a manual reschedule: a revlog entry that is not a review.
    col.sched.set_due_date([cards("image")[0]], "12")
    col.sched.suspend_cards([cards("fetch")[1]])


def describe(col: Collection) -> dict[str, Any]:
    """What Anki itself says about every card: the tests' expected values."""
    cards: dict[str, Any] = {}
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        note = card.note()
        reviews = col.db.scalar(
            "select count() from revlog where cid = ? and ease between 1 and 4 and type < 4",
            card_id,
        )
        due_in = card.due - col.sched.today if card.type in (2, 3) and card.queue != 1 else None
        memory = card.memory_state
        cards[f"{note.guid}/{card.ord}"] = {
            "type": card.type,
            "queue": card.queue,
            "ivl": card.ivl,
            "days_until_due": due_in,
            "learning_due_epoch": card.due if card.queue == 1 else None,
            "reviews": reviews,
            "deck": col.decks.name(card.did),
            "stability": memory.stability if memory else None,
            "difficulty": memory.difficulty if memory else None,
            "tags": note.tags,
            "fields": list(note.fields),
        }
    return {"made_at": int(time.time()), "cards": cards}


def build(folder: Path, fsrs: bool) -> Collection:
    col = Collection(str(folder / "collection.anki2"))
    if fsrs:
        col.set_config("fsrs", True)
    notes = fill(col)
    study(col, notes)
    return col


def export_all(work: Path) -> dict[str, Any]:
    expected: dict[str, Any] = {"anki_version": anki_version}
    for fsrs in (False, True):
        folder = work / ("fsrs" if fsrs else "sm2")
        folder.mkdir()
        col = build(folder, fsrs)
        name = "fsrs" if fsrs else "sm2"
        expected[name] = describe(col)
        options = ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
        )
        col.export_anki_package(out_path=str(OUT / f"{name}.apkg"), options=options, limit=None)
        if not fsrs:
            options.legacy = True
            col.export_anki_package(
                out_path=str(OUT / "sm2-legacy.apkg"), options=options, limit=None
            )
            options.legacy, options.with_scheduling = False, False
            col.export_anki_package(
                out_path=str(OUT / "sm2-noscheduling.apkg"), options=options, limit=None
            )
            col.export_collection_package(str(OUT / "sm2.colpkg"), include_media=True, legacy=False)
        col.close()
    return expected


def genanki_package() -> None:
    """The old layout (collection.anki2 only, no meta), as genanki and Anki 2.0 wrote it."""
    import genanki

    model = genanki.Model(
        1607392319,
        "Simple",
        fields=[{"name": "Question"}, {"name": "Answer"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Question}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}",
            }
        ],
    )
    deck = genanki.Deck(2059400110, "Databases::Joins")
    deck.add_note(
        genanki.Note(
            model=model, fields=["Inner join?", "Rows in <i>both</i>"], guid="gAnKi1", tags=["sql"]
        )
    )
    deck.add_note(genanki.Note(model=model, fields=["Left join?", "All left rows"], guid="gAnKi2"))
    genanki.Package(deck).write_to_file(str(OUT / "genanki.apkg"))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="anki-fixtures-"))
    try:
        expected = export_all(work)
        genanki_package()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT} with Anki {anki_version} ({anki.collection.__name__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
