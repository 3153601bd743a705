"""The `collection.anki2` layout (schema 11) that every Anki version imports: its tables and
the JSON of the `col` row (one note type, the decks, one deck option group)."""

from __future__ import annotations

import json
from typing import Any

SCHEMA = """
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
  scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL,
  ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL,
  dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL,
  sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
  ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL,
  queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL,
  reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
  odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
  ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL,
  factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
"""

MODEL_ID = 1_731_000_000_001  # fixed: every export uses the same note type in Anki
MODEL_NAME = "StudyApp Basic"
DEFAULT_DECK_ID = 1
CSS = ".card { font-family: sans-serif; font-size: 18px; text-align: left; }\n"


def model_json(now_secs: int) -> dict[str, Any]:
    field = {"sticky": False, "rtl": False, "font": "Arial", "size": 20, "media": []}
    template = {
        "name": "Card 1",
        "ord": 0,
        "qfmt": "{{Front}}",
        "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}",
        "bqfmt": "",
        "bafmt": "",
        "did": None,
        "bfont": "",
        "bsize": 0,
    }
    return {
        str(MODEL_ID): {
            "id": MODEL_ID,
            "name": MODEL_NAME,
            "type": 0,
            "mod": now_secs,
            "usn": -1,
            "sortf": 0,
            "did": DEFAULT_DECK_ID,
            "tmpls": [template],
            "flds": [{**field, "name": "Front", "ord": 0}, {**field, "name": "Back", "ord": 1}],
            "css": CSS,
            "latexPre": "\\documentclass[12pt]{article}\n\\begin{document}\n",
            "latexPost": "\\end{document}",
            "latexsvg": False,
            "req": [[0, "any", [0]]],
            "tags": [],
            "vers": [],
        }
    }


def deck_json(deck_id: int, name: str, now_secs: int) -> dict[str, Any]:
    return {
        "id": deck_id,
        "name": name,
        "mod": now_secs,
        "usn": -1,
        "lrnToday": [0, 0],
        "revToday": [0, 0],
        "newToday": [0, 0],
        "timeToday": [0, 0],
        "collapsed": False,
        "browserCollapsed": False,
        "desc": "",
        "dyn": 0,
        "conf": 1,
        "extendNew": 0,
        "extendRev": 0,
    }


def deck_config_json() -> dict[str, Any]:
    return {
        "1": {
            "id": 1,
            "name": "Default",
            "mod": 0,
            "usn": 0,
            "maxTaken": 60,
            "autoplay": True,
            "timer": 0,
            "replayq": True,
            "dyn": False,
            "new": {
                "bury": False,
                "delays": [1.0, 10.0],
                "initialFactor": 2500,
                "ints": [1, 4, 0],
                "order": 1,
                "perDay": 20,
            },
            "lapse": {
                "delays": [10.0],
                "leechAction": 1,
                "leechFails": 8,
                "minInt": 1,
                "mult": 0.0,
            },
            "rev": {
                "bury": False,
                "ease4": 1.3,
                "ivlFct": 1.0,
                "maxIvl": 36500,
                "perDay": 200,
                "hardFactor": 1.2,
            },
        }
    }


def col_row(crt: int, now_ms: int, decks: dict[int, str]) -> tuple[object, ...]:
    now_secs = now_ms // 1000
    all_decks = {DEFAULT_DECK_ID: "Default", **decks}
    conf = {"nextPos": 1, "curDeck": DEFAULT_DECK_ID, "curModel": str(MODEL_ID)}
    return (
        1,
        crt,
        now_ms,
        now_ms,
        11,
        0,
        0,
        0,
        json.dumps(conf),
        json.dumps(model_json(now_secs)),
        json.dumps({str(i): deck_json(i, name, now_secs) for i, name in all_decks.items()}),
        json.dumps(deck_config_json()),
        "{}",
    )
