"""Writing an `.apkg` in the `collection.anki2` layout, which every Anki version imports:
one note ("StudyApp Basic": Front, Back) per question, a deck per topic (`A::B`), tags,
the images it shows, and, with scheduling, each card's due date, FSRS memory and reviews.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sqlite3
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from studyapp.errors import StudyAppError
from studyapp.io.apkg import anki_schema
from studyapp.io.apkg.media import SOUND_TYPES, media_dir
from studyapp.io.exporter import Selection
from studyapp.store.db import Database
from studyapp.store.imported_history import (
    ExportedQuestion,
    ExportedReview,
    questions_for_export,
    reviews_for_export,
)
from studyapp.store.records import CardSnapshot

DAY = 86_400
MEDIA_REFERENCE = re.compile(r"\]\(media/([0-9a-f]{64}\.[a-z0-9]{1,5})\)")
Row = tuple[object, ...]
SOUND_LINK = re.compile(
    r'<a href="([0-9a-f]{64}\.(?:' + "|".join(sorted(SOUND_TYPES)) + r'))"[^>]*>[^<]*</a>'
)
REVIEW = 2
SUSPENDED = -1  # cards.queue


def export_apkg(
    db: Database,
    out: Path,
    now: datetime,
    selection: Selection | None = None,
    *,
    scheduling: bool = True,
) -> int:
    """Write the collection (or the selected part: a topic, a search) to `out`; return the
    number of questions written."""
    from studyapp.store import queries

    chosen = selection or Selection()
    with db.begin() as session:
        topics = {row.id: row for row in queries.topic_rows(session)}
        questions = questions_for_export(session, chosen.topic_ids(topics))
        questions = chosen.keep(questions, lambda question: question.id)
        reviews = reviews_for_export(session) if scheduling else []
    deck_names = {
        topic_id: "::".join(queries.topic_path_of(topics, topic_id)) for topic_id in topics
    }
    media = media_dir(db.path.parent)
    with tempfile.TemporaryDirectory(prefix="studyapp-apkg-") as folder:
        collection = Path(folder) / "collection.anki2"
        names = _write_collection(collection, questions, reviews, deck_names, now, scheduling)
        _zip(out, collection, [media / name for name in names if (media / name).is_file()])
    return len(questions)


def _write_collection(
    path: Path,
    questions: list[ExportedQuestion],
    reviews: list[ExportedReview],
    deck_names: dict[int, str],
    now: datetime,
    scheduling: bool,
) -> set[str]:
    """Fill a schema-11 collection; return the media file names its notes refer to."""
    now_ms = int(now.timestamp() * 1000)
    crt = int(now.timestamp()) // DAY * DAY  # today's start: day 0 of the due numbers
    decks = {_deck_id(deck_names[q.topic_id]): deck_names[q.topic_id] for q in questions}
    by_question: dict[int, list[ExportedReview]] = defaultdict(list)
    for review in reviews:
        by_question[review.question_id].append(review)
    media: set[str] = set()
    notes: list[Row] = []
    cards: list[Row] = []
    revlog: list[Row] = []
    for index, question in enumerate(questions):
        note_id = card_id = now_ms + index
        notes.append(_note(note_id, question, now_ms, media))
        history = by_question.get(question.id, [])
        state = question.state if scheduling else None
        did = _deck_id(deck_names[question.topic_id])
        card = _card(card_id, note_id, did, index, state, history, crt, now_ms)
        if question.suspended:
            card = (*card[:7], SUSPENDED, *card[8:])
        cards.append(card)
        revlog.extend(_revlog(card_id, history, state))
    _fill(path, anki_schema.col_row(crt, now_ms, decks), notes, cards, revlog)
    return media


def _note(note_id: int, question: ExportedQuestion, now_ms: int, media: set[str]) -> Row:
    front, back = _html(question.prompt_md, media), _html(question.answer_md, media)
    tags = f" {' '.join(question.tags)} " if question.tags else ""
    fields = f"{front}\x1f{back}"
    return (note_id, _guid(question), anki_schema.MODEL_ID, now_ms // 1000, -1, tags, fields,
            _plain(front), _checksum(front), 0, "")  # fmt: skip


def _fill(path: Path, col: Row, notes: list[Row], cards: list[Row], revlog: list[Row]) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(anki_schema.SCHEMA)
        connection.execute("INSERT INTO col VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", col)
        connection.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", notes)
        connection.executemany(
            "INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards
        )
        # Two reviews in one millisecond would share Anki's id: the first is kept.
        connection.executemany("INSERT OR IGNORE INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", revlog)
        connection.commit()
    finally:
        connection.close()


def _card(
    card_id: int,
    note_id: int,
    deck_id: int,
    position: int,
    state: CardSnapshot | None,
    history: list[ExportedReview],
    crt: int,
    now_ms: int,
) -> tuple[object, ...]:
    reps = len(history) if state else 0
    lapses = sum(1 for r in history if r.rating == 1 and r.prev_state == REVIEW) if state else 0
    if state is None or state.stability is None or state.difficulty is None:
        kind = queue = ivl = 0
        due, data = position, ""
    elif state.state == REVIEW:
        kind = queue = REVIEW
        due = (int(state.due.timestamp()) - crt) // DAY
        last = state.last_review or state.due
        ivl = max(1, round((state.due - last).total_seconds() / DAY))
        data = json.dumps({"s": round(state.stability, 4), "d": round(state.difficulty, 4)})
    else:
        kind, queue, ivl = state.state, 1, 0
        due = int(state.due.timestamp())
        data = json.dumps({"s": round(state.stability, 4), "d": round(state.difficulty, 4)})
    left = 1 if queue == 1 else 0
    return (
        card_id,
        note_id,
        deck_id,
        0,
        now_ms // 1000,
        -1,
        kind,
        queue,
        due,
        ivl,
        2500,
        reps,
        lapses,
        left,
        0,
        0,
        0,
        data,
    )


def _revlog(
    card_id: int, history: list[ExportedReview], state: CardSnapshot | None
) -> Iterable[tuple[object, ...]]:
    """Anki's log rows; each review's interval is the time until the due it gave, which is
    the next review's `prev_due` (or the card's current due for the last one)."""
    if state is None:
        return
    last_interval = 0
    for index, review in enumerate(history):
        following = history[index + 1].prev_due_ms if index + 1 < len(history) else None
        due_ms = following if following is not None else int(state.due.timestamp() * 1000)
        seconds = max((due_ms - review.reviewed_at_ms) // 1000, 0)
        interval = seconds // DAY if seconds >= DAY else -seconds
        kind = {None: 0, 1: 0, 2: 1, 3: 2}.get(review.prev_state, 0)
        yield (
            review.reviewed_at_ms,
            card_id,
            -1,
            review.rating,
            interval,
            last_interval,
            2500,
            review.duration_ms,
            kind,
        )
        last_interval = interval


def _html(markdown: str, media: set[str]) -> str:
    from markdown_it import MarkdownIt

    def local(match: re.Match[str]) -> str:
        media.add(match.group(1))
        return f"]({match.group(1)})"

    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    html: str = parser.render(MEDIA_REFERENCE.sub(local, markdown))
    # Anki plays and packs sounds written as [sound:…], not links.
    # Newlines between tags are layout only (code text is escaped, so never matches); as
    # text they would read back as blank lines between list items.
    html = re.sub(r">\n<", "><", html)
    return SOUND_LINK.sub(r"[sound:\1]", html).strip()


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


def _checksum(html: str) -> int:
    """Anki's duplicate check: the first 8 hex digits of the SHA-1 of the first field."""
    return int(hashlib.sha1(_plain(html).encode("utf-8")).hexdigest()[:8], 16)


def _guid(question: ExportedQuestion) -> str:
    """A note from Anki keeps its GUID, so Anki updates it in place; any other gets a GUID
    derived from its source and key, the same on every export."""
    if question.key.startswith("anki:"):
        return question.key.removeprefix("anki:")
    seed = f"{question.source_key}\x1f{question.key}".encode()
    return "sa" + base64.b85encode(hashlib.sha256(seed).digest()[:8]).decode()


def _deck_id(name: str) -> int:
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:12], 16) + 2


def _zip(out: Path, collection: Path, media: list[Path]) -> None:
    partial = out.with_name(out.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            mapping = {str(i): path.name for i, path in enumerate(media)}
            for number, path in zip(mapping, media, strict=True):
                archive.write(path, number)
            archive.writestr("media", json.dumps(mapping))
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StudyAppError(
            f"Could not write {out}: {exc.strerror or exc}.",
            "Choose a folder you can write to, and check the free disk space.",
        ) from exc
