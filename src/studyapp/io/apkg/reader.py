"""Reading a whole package: content, media and scheduling, before anything is written."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from studyapp.content.model import Deck, ParseWarning
from studyapp.errors import ImportFailed
from studyapp.io.apkg.collection import Card, Collection, read_collection
from studyapp.io.apkg.mapping import map_collection
from studyapp.io.apkg.media import MAX_FILE_BYTES, MediaSet
from studyapp.io.apkg.package import PACKAGE_HINT, Package, open_package
from studyapp.io.apkg.scheduling import card_history
from studyapp.store.imported_history import ImportedCard

SUSPENDED = -1  # cards.queue
SUFFIXES = (".apkg", ".colpkg")


@dataclass(frozen=True, slots=True)
class AnkiPackage:
    layout: str  # anki21b, anki21 or anki2
    deck: Deck
    cards: tuple[ImportedCard, ...]
    media: MediaSet = field(compare=False)
    content_hash: str

    @property
    def reviews(self) -> int:
        return sum(len(card.reviews) for card in self.cards)

    @property
    def scheduled(self) -> int:
        return sum(1 for card in self.cards if card.state is not None)


def is_package(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def read_package(path: Path) -> AnkiPackage:
    digest = _file_hash(path)
    with open_package(path) as package:
        collection = _read_collection(package, str(path))
        media = MediaSet()
        links: dict[str, str | None] = {}

        def resolve(name: str) -> str | None:
            if name not in links:
                links[name] = media.add(name, package.read_media(name, MAX_FILE_BYTES))
            return links[name]

        deck, mapped, warnings = map_collection(collection, resolve)
        layout = package.layout
    cards = tuple(_imported(collection, item.key, item.card) for item in mapped)
    warnings += [
        ParseWarning(
            0, f"media file {name!r} is missing, too large or not an image or sound; left out"
        )
        for name in dict.fromkeys(media.skipped)
    ]
    deck = Deck(deck.topics, tuple(warnings))
    return AnkiPackage(layout, deck, cards, media, digest)


def _imported(collection: Collection, key: str, card: Card) -> ImportedCard:
    state, reviews = card_history(
        card,
        collection.answers.get(card.id, []),
        collection.forgets.get(card.id, 0),
        collection.created_secs,
    )
    return ImportedCard(key, state, reviews, suspended=card.queue == SUSPENDED)


def _read_collection(package: Package, source: str) -> Collection:
    import sqlite3

    try:
        return read_collection(package.collection)
    except (
        sqlite3.DatabaseError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
    ) as exc:
        raise ImportFailed(
            f"the package's collection is damaged ({exc})", PACKAGE_HINT, source=source
        ) from exc


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
    except OSError as exc:
        raise ImportFailed(
            f"the package cannot be read ({exc.strerror or exc})",
            "Check that the file exists and that you may read it.",
            source=str(path),
        ) from exc
    return digest.hexdigest()
