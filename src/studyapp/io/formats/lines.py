"""A file's text as a list of lines that a parser lets go of as it reads them.

A 100,000-row CSV is 30 MB of text and, parsed, some 60 MB of questions; holding both at
once is most of an import's peak memory. Parsers of row formats read `drain()`, which
releases each line once it is read, so the text shrinks as the questions grow.
"""

from __future__ import annotations

from collections.abc import Iterator


class Lines:
    def __init__(self, lines: list[str]) -> None:
        self._lines = lines

    @classmethod
    def of(cls, text: str) -> Lines:
        lines = text.split("\n")
        if len(lines) > 1 and not lines[-1]:
            lines.pop()  # the end of the last line, not a line of its own
        return cls(lines)

    def head(self, count: int) -> list[str]:
        return self._lines[:count]

    def text(self) -> str:
        return "\n".join(self._lines)

    def drain(self, start: int = 0) -> Iterator[str]:
        """The lines from `start`, each with its line end, each released once yielded."""
        lines = self._lines
        last = len(lines) - 1
        for index in range(start, len(lines)):
            line, lines[index] = lines[index], ""
            yield line if index == last else line + "\n"


def as_lines(text: str | Lines) -> Lines:
    return text if isinstance(text, Lines) else Lines.of(text)


def as_text(text: str | Lines) -> str:
    return text.text() if isinstance(text, Lines) else text
