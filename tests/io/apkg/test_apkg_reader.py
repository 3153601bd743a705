"""Reading packages that Anki wrote: every layout, decks, templates, clozes, tags, media and
the schedule, checked against what Anki itself recorded about each card."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from studyapp.io.apkg.reader import AnkiPackage, read_package

from tests.io.apkg.conftest import fixture

LAYOUTS = {
    "sm2.apkg": "anki21b",
    "fsrs.apkg": "anki21b",
    "sm2.colpkg": "anki21b",
    "sm2-legacy.apkg": "anki21",
    "genanki.apkg": "anki2",
}


def by_key(package: AnkiPackage) -> dict[str, Any]:
    questions = {q.key: (path, q) for path, q in package.deck.questions()}
    cards = {card.key: card for card in package.cards}
    return {key: (*questions[key], cards[key]) for key in questions}


def anki_key(card_name: str) -> str:
    guid, ordinal = card_name.rsplit("/", 1)
    return f"anki:{guid}" if ordinal == "0" else f"anki:{guid}:{ordinal}"


@pytest.mark.parametrize(("name", "layout"), LAYOUTS.items())
def test_every_layout_is_read_newest_collection_first(name: str, layout: str) -> None:
    package = read_package(fixture(name))
    assert package.layout == layout
    assert package.deck.question_count == (2 if name == "genanki.apkg" else 8)
    assert package.deck.warnings == ()


@pytest.mark.parametrize("name", ["sm2.apkg", "fsrs.apkg", "sm2-legacy.apkg", "sm2.colpkg"])
def test_one_question_per_card_in_its_deck_with_its_tags(
    name: str, expected: dict[str, Any]
) -> None:
    anki = expected["fsrs" if name.startswith("fsrs") else "sm2"]["cards"]
    found = by_key(read_package(fixture(name)))
    assert set(found) == {anki_key(card) for card in anki}
    for card_name, card in anki.items():
        path, question, _history = found[anki_key(card_name)]
        assert "::".join(path) == card["deck"]
        assert list(question.tags) == card["tags"]


def test_fields_templates_and_clozes_become_markdown() -> None:
    prompts = {
        q.prompt_md: q.answer_md for _p, q in read_package(fixture("sm2.apkg")).deck.questions()
    }
    assert prompts["What is the **GIL**?"] == "A lock: one thread runs bytecode."
    assert prompts["List vs tuple"] == "- list: mutable\n- tuple: not"
    # The reversed card of "Basic (and reversed card)" asks the back.
    assert prompts["downloads without merging"] == "git fetch"
    # One question per cloze: the blank (with its hint) shown, the others filled in.
    assert prompts["**[...]** is the capital of France"] == (
        "**Paris** is the capital of France\n\nGeography"
    )
    assert prompts["Paris is the capital of **[country]**"] == (
        "Paris is the capital of **France**\n\nGeography"
    )


def test_media_become_content_addressed_links() -> None:
    package = read_package(fixture("sm2.apkg"))
    answer = next(
        q.answer_md for _p, q in package.deck.questions() if q.prompt_md == "Which colour?"
    )
    names = sorted(package.media.files)
    assert len(names) == 2
    png = next(name for name in names if name.endswith(".png"))
    mp3 = next(name for name in names if name.endswith(".mp3"))
    assert answer == f"![red dot.png](media/{png}) red [▶ hello.mp3](media/{mp3})"
    assert package.media.files[png].startswith(b"\x89PNG")


@pytest.mark.parametrize("name", ["sm2.apkg", "fsrs.apkg", "sm2-legacy.apkg"])
def test_the_schedule_is_anki_s_own(name: str, expected: dict[str, Any]) -> None:
    """A card due in 12 days in Anki is due in 12 days here; learning cards keep their
    minute; new cards stay new; every real review (not the manual due date) comes along."""
    recorded = expected["fsrs" if name.startswith("fsrs") else "sm2"]
    made_at = datetime.fromtimestamp(recorded["made_at"], tz=UTC)
    found = by_key(read_package(fixture(name)))
    for card_name, card in recorded["cards"].items():
        _path, _question, history = found[anki_key(card_name)]
        assert len(history.reviews) == card["reviews"], card_name
        if card["type"] == 0:
            assert history.state is None
            continue
        state = history.state
        assert state is not None
        assert state.state == card["type"]
        if card["days_until_due"] is not None:
            days = (state.due - made_at) / timedelta(days=1)
            assert card["days_until_due"] - 1 < days <= card["days_until_due"] + 1, card_name
        else:
            assert state.due == datetime.fromtimestamp(card["learning_due_epoch"], tz=UTC)
        if card["stability"] is not None:
            assert state.stability == pytest.approx(card["stability"], rel=1e-4)
            assert state.difficulty == pytest.approx(card["difficulty"], rel=1e-4)
        assert (state.stability or 0) > 0


def test_without_scheduling_every_card_is_new() -> None:
    package = read_package(fixture("sm2-noscheduling.apkg"))
    assert package.reviews == 0
    assert package.scheduled == 0
