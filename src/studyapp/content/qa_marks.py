"""The marks of flash-card notes: a line that asks ("Q: …", "Question 3: …", "**Q:** …")
and a line that answers ("A: …", "Answer - …"). Every reader of notes (outlines and loose
Markdown) recognises the same marks.

A dash counts as a mark only when a space follows it, so "Q-learning" and "A-levels" stay
ordinary words.
"""

from __future__ import annotations

import re
from typing import Literal

_BOLD = r"\*{0,2}"
_MARK_END = rf"{_BOLD}\s*(?:[:.)]|[-–](?=\s)){_BOLD}\s*"
ASKS = re.compile(rf"^{_BOLD}(?:Q|Question)(?:\s*\d+)?{_MARK_END}(?=\S)", re.IGNORECASE)
ANSWERS = re.compile(rf"^{_BOLD}(?:A|Ans|Answer){_MARK_END}", re.IGNORECASE)


def marked(line: str) -> tuple[Literal["Q", "A"], str] | None:
    """Which mark the line starts with and the text after it, or None when it has none."""
    if asks := ASKS.match(line):
        return "Q", line[asks.end() :]
    if answers := ANSWERS.match(line):
        return "A", line[answers.end() :]
    return None
