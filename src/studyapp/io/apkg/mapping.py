"""An Anki collection as StudyApp content: one question per card.

Decks `A::B` become topic paths; a card's front and back come from its note type's
templates (falling back to the first field and the rest); a cloze card shows its blank;
HTML becomes Markdown as in the text importer; the note's GUID (and the card's ordinal)
is the stable key, so importing the package again updates questions in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from studyapp.content.model import Deck, DeckQuestion, ParseWarning
from studyapp.io.apkg.collection import Card, Collection, Note, NoteType
from studyapp.io.apkg.fast_html import field_to_markdown
from studyapp.io.apkg.media import rewrite_media
from studyapp.io.apkg.templates import render
from studyapp.io.formats.topic_paths import topics_from_paths

Resolve = Callable[[str], str | None]
# A card's field is a few hundred characters; a megabyte of it is hostile or broken, and
# would only make every later step slow.
MAX_FIELD_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class MappedCard:
    key: str
    card: Card


def card_key(guid: str, ordinal: int) -> str:
    """`anki:<guid>` as the text importer does, so a note's first card keeps its key."""
    return f"anki:{guid}" if ordinal == 0 else f"anki:{guid}:{ordinal}"


def map_collection(
    collection: Collection, resolve: Resolve
) -> tuple[Deck, list[MappedCard], list[ParseWarning]]:
    notes = {note.id: note for note in collection.notes}
    topics: dict[tuple[str, ...], list[DeckQuestion]] = {}
    mapped: list[MappedCard] = []
    warnings: list[ParseWarning] = []
    for card in collection.cards:
        note = notes.get(card.note_id)
        notetype = collection.notetypes.get(note.notetype_id) if note else None
        if note is None or notetype is None:
            warnings.append(ParseWarning(0, f"card {card.id} has no note or note type; skipped"))
            continue
        prompt, answer = _sides(note, notetype, card, collection.decks, resolve)
        if not prompt:
            warnings.append(ParseWarning(0, f"note {note.guid} has an empty front; skipped"))
            continue
        key = card_key(note.guid, card.ord)
        path = collection.decks.get(card.deck_id, ("Default",))
        topics.setdefault(path, []).append(DeckQuestion(key, prompt, answer, note.tags))
        mapped.append(MappedCard(key, card))
    return Deck(topics_from_paths(topics), tuple(warnings)), mapped, warnings


def _sides(
    note: Note,
    notetype: NoteType,
    card: Card,
    decks: dict[int, tuple[str, ...]],
    resolve: Resolve,
) -> tuple[str, str]:
    fields = tuple(field[:MAX_FIELD_CHARS] for field in note.fields)
    values = dict(zip(notetype.fields, fields, strict=False))
    path = decks.get(card.deck_id, ("Default",))
    values.update(Tags=" ".join(note.tags), Deck="::".join(path), Subdeck=path[-1])
    templates = notetype.templates
    index = 0 if notetype.cloze else card.ord
    template = templates[index] if index < len(templates) else None
    cloze = card.ord + 1 if notetype.cloze else None
    front = back = ""
    if template is not None:
        front = _markdown(render(template[0], values, cloze, answer=False), resolve)
        back = _markdown(render(template[1], values, cloze, answer=True), resolve)
    if not front:
        first, *rest = fields or ("",)
        front = _markdown(first, resolve)
        back = "\n\n".join(m for m in (_markdown(f, resolve) for f in rest) if m)
    return front, back


def _markdown(html: str, resolve: Resolve) -> str:
    return field_to_markdown(rewrite_media(html, resolve))
