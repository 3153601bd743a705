"""The editors' Markdown highlighting on its own: where the runs fall, in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextDocument

from studyapp.ui.markdown_highlighter import MAX_HIGHLIGHTED_CHARS, MarkdownHighlighter


def runs(document: QTextDocument, line: int) -> list[tuple[str, bool]]:
    block = document.findBlockByNumber(line)
    text = block.text().encode("utf-16-le")  # Qt's positions count UTF-16 units
    return [
        (
            text[2 * run.start : 2 * (run.start + run.length)].decode("utf-16-le"),
            run.format.fontWeight() >= QFont.Weight.Bold,
        )
        for run in block.layout().formats()
    ]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_runs_fall_on_the_marks_even_after_an_emoji(qapp: object, theme: str) -> None:
    document = QTextDocument("😀 then **bold** and `code`\n~~~go\nfunc f() {}\n~~~\n> quoted")
    highlighter = MarkdownHighlighter(document, theme)
    highlighter.rehighlight()  # Qt does it on the next event-loop turn
    assert ("**bold**", True) in runs(document, 0)
    assert "`code`" in [text for text, _bold in runs(document, 0)]
    assert "func" in [text for text, _bold in runs(document, 2)]  # Go's keyword
    assert runs(document, 4)  # the quote mark, Markdown again after the fence
    assert highlighter.document() is document


def test_an_unknown_language_is_left_plain_inside_its_fence(qapp: object) -> None:
    document = QTextDocument("```nosuchlanguage\n# not a heading\n```")
    MarkdownHighlighter(document, "light").rehighlight()
    assert runs(document, 1) == []
    assert runs(document, 0)  # the fence itself is marked


def test_a_text_too_long_to_highlight_at_once_stays_plain(qapp: object) -> None:
    line = "**bold** " * 20 + "\n"
    document = QTextDocument(line * (MAX_HIGHLIGHTED_CHARS // len(line) + 1))
    MarkdownHighlighter(document, "light").rehighlight()
    assert runs(document, 0) == []
    short = QTextDocument(line)
    MarkdownHighlighter(short, "light").rehighlight()
    assert runs(short, 0)
