"""Which topic Enter in the filter box studies: exact title first, then a title with a word
that starts with the text, then a title that merely contains it; tree order within each."""

from __future__ import annotations

import re
from collections.abc import Iterable

EXACT, WORD_START, SUBSTRING = 0, 1, 2
_WORD = re.compile(r"\w+")


def rank(title: str, text: str) -> int | None:
    """How well `title` matches the typed `text` (lower is better), or None."""
    pattern = text.strip().casefold()
    if not pattern:
        return None
    folded = title.casefold()
    if folded == pattern:
        return EXACT
    if folded.startswith(pattern) or any(
        folded.startswith(pattern, word.start()) for word in _WORD.finditer(folded)
    ):
        return WORD_START
    return SUBSTRING if pattern in folded else None


def ranked(titles: Iterable[tuple[str, str]], text: str) -> list[str]:
    """Keys of the (key, title) pairs that match, best first; `titles` is in tree order."""
    scored = [
        (score, order, key)
        for order, (key, title) in enumerate(titles)
        if (score := rank(title, text)) is not None
    ]
    return [key for _score, _order, key in sorted(scored)]
