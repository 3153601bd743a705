"""Reading an Anki collection file (schema 11 of Anki 2.0–2.1.x, schema 18 of today's Anki)
into plain records: note types, decks, notes, cards and the review log.

Schema 18 keeps note types, decks and tags in tables whose names use a `unicase` collation
that only Anki defines; SQLite refuses any statement touching them until it is registered.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from studyapp.io.apkg.protobuf import fields

DECK_SEPARATOR = "\x1f"  # schema 18 stores "A::B" as "A\x1fB"
KIND_CLOZE = 1


@dataclass(frozen=True, slots=True)
class NoteType:
    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str], ...]  # (front, back) by card ordinal


class Note(NamedTuple):
    id: int
    guid: str
    notetype_id: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]


class Card(NamedTuple):
    id: int
    note_id: int
    deck_id: int
    ord: int
    type: int
    queue: int
    due: int
    ivl: int
    data: str


# (rating 1–4, epoch milliseconds, duration in ms): one real answer from the review log.
# Plain tuples, built in C by sqlite3: a collection can hold millions of log entries.
Answer = tuple[int, int, int]
MAX_DURATION_MS = 3_600_000


@dataclass(frozen=True, slots=True)
class Collection:
    created_secs: int  # day 0 of review due numbers, at the rollover hour
    notetypes: dict[int, NoteType]
    decks: dict[int, tuple[str, ...]]
    notes: list[Note]
    cards: list[Card]
    answers: dict[int, list[Answer]]  # card id → its answers, oldest first
    forgets: dict[int, int]  # card id → the time of its last "forget" (reset to new)


def unicase(left: str, right: str) -> int:
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def read_collection(path: Path, *, scheduling: bool = True) -> Collection:
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        connection.create_collation("unicase", unicase)
        return _read(connection, scheduling)
    finally:
        connection.close()


def _read(connection: sqlite3.Connection, scheduling: bool) -> Collection:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    crt, models, decks = connection.execute("SELECT crt, models, decks FROM col").fetchone()
    if "notetypes" in tables:
        notetypes = _notetypes_v18(connection)
        deck_names = dict(connection.execute("SELECT id, name FROM decks"))
    else:
        notetypes = _notetypes_v11(json.loads(models))
        deck_names = {int(key): deck["name"] for key, deck in json.loads(decks).items()}
    notes = [
        Note(nid, guid, mid, tuple(tags.split()), tuple(flds.split("\x1f")))
        for nid, guid, mid, tags, flds in connection.execute(
            "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
        )
    ]
    # A card in a filtered deck keeps its home deck and due in odid/odue.
    cards = [
        Card(*row)
        for row in connection.execute(
            "SELECT id, nid, CASE odid WHEN 0 THEN did ELSE odid END, ord, type, queue, "
            "CASE odid WHEN 0 THEN due ELSE odue END, ivl, data FROM cards ORDER BY nid, ord"
        )
    ]
    answers: dict[int, list[Answer]] = {}
    forgets: dict[int, int] = {}
    if scheduling:
        # Manual entries (type 4 "set due date"/"forget", 5 "rescheduled") are not answers.
        rows = connection.execute(
            # A damaged log row (a NULL or text id) is skipped, not allowed to break the replay.
            # In id (time) order, the table's own: ordered by card, SQLite would look each
            # row up through the card index, twice the time for a large log.
            "SELECT cid, ease, id, min(max(coalesce(time, 0), 0), ?) FROM revlog "
            "WHERE ease BETWEEN 1 AND 4 AND type < 4 AND typeof(id) = 'integer' "
            "AND typeof(cid) = 'integer' ORDER BY id",
            (MAX_DURATION_MS,),
        )
        for row in rows:
            found = answers.get(row[0])
            if found is None:
                answers[row[0]] = [row[1:]]
            else:
                found.append(row[1:])
        forgets = dict(
            connection.execute(
                "SELECT cid, max(id) FROM revlog WHERE type = 4 AND ease = 0 AND ivl = 0 "
                "AND typeof(id) = 'integer' AND typeof(cid) = 'integer' GROUP BY cid"
            )
        )
    return Collection(int(crt), notetypes, _deck_paths(deck_names), notes, cards, answers, forgets)


def _deck_paths(names: dict[int, str]) -> dict[int, tuple[str, ...]]:
    paths: dict[int, tuple[str, ...]] = {}
    for deck_id, name in names.items():
        separator = DECK_SEPARATOR if DECK_SEPARATOR in name else "::"
        parts = tuple(part.strip() for part in name.split(separator) if part.strip())
        paths[int(deck_id)] = parts or ("Default",)
    return paths


def _notetypes_v11(models: dict[str, Any]) -> dict[int, NoteType]:
    found: dict[int, NoteType] = {}
    for key, model in models.items():
        field_names = tuple(f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"]))
        templates = tuple(
            (t.get("qfmt", ""), t.get("afmt", ""))
            for t in sorted(model["tmpls"], key=lambda t: t["ord"])
        )
        found[int(key)] = NoteType(
            int(key), model["name"], model.get("type", 0) == KIND_CLOZE, field_names, templates
        )
    return found


def _notetypes_v18(connection: sqlite3.Connection) -> dict[int, NoteType]:
    field_names: dict[int, list[str]] = {}
    for ntid, name in connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        field_names.setdefault(ntid, []).append(name)
    templates: dict[int, list[tuple[str, str]]] = {}
    for ntid, config in connection.execute("SELECT ntid, config FROM templates ORDER BY ntid, ord"):
        formats = {1: "", 2: ""}
        for number, value in fields(config):
            if number in formats and isinstance(value, bytes):
                formats[number] = value.decode("utf-8", errors="replace")
        templates.setdefault(ntid, []).append((formats[1], formats[2]))
    found: dict[int, NoteType] = {}
    for ntid, name, config in connection.execute("SELECT id, name, config FROM notetypes"):
        kind = next((v for n, v in fields(config) if n == 1 and isinstance(v, int)), 0)
        found[ntid] = NoteType(
            ntid,
            name,
            kind == KIND_CLOZE,
            tuple(field_names.get(ntid, ())),
            tuple(templates.get(ntid, ())),
        )
    return found
