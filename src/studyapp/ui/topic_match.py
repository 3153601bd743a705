"""Which topic Enter in the filter box studies: exact title first, then a title with a word
that starts with the text, then a title that merely contains it; tree order within each."""

from __future__ import annotations

import re
from collections.abc import Iterable

EXACT, WORD_START, SUBSTRING = 0, 1, 2
_WORD = re.compile(r"\w+")


class TitleIndex:
    """The titles folded and split into words once per tree, so that a key typed in the filter
    only compares strings (folding 500 titles on every key was most of a keystroke's cost)."""

    def __init__(self, titles: Iterable[tuple[str, str]]) -> None:
        self._entries = [
            (key, folded, tuple(word.start() for word in _WORD.finditer(folded)))
            for key, title in titles
            for folded in (title.casefold(),)
        ]

    def ranked(self, text: str) -> list[str]:
        """Keys whose title matches `text`, best first; tree order within a rank."""
        pattern = text.strip().casefold()
        if not pattern:
            return []
        scored: list[tuple[int, int, str]] = []
        for order, (key, folded, starts) in enumerate(self._entries):
            if pattern not in folded:
                continue
            if folded == pattern:
                score = EXACT
            elif folded.startswith(pattern) or any(
                folded.startswith(pattern, start) for start in starts
            ):
                score = WORD_START
            else:
                score = SUBSTRING
            scored.append((score, order, key))
        return [key for _score, _order, key in sorted(scored)]


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
    return TitleIndex(titles).ranked(text)
