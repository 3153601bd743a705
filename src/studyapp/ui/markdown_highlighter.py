"""Markdown highlighting in the editors of Edit and Add. Each line's marks (headings,
emphasis, inline code, links, list and quote marks) are coloured by Pygments' Markdown lexer,
and the lines of a fenced code block by its language's lexer, in the Pygments style the
preview gives code (services.rendering.code_style): the source and the preview read alike.

Qt highlights a line at a time and keeps one number per line: here 0 outside code, or the
fenced block's lexer (its index + 1) inside one, so that an edit re-highlights only the
lines whose meaning it changed."""

from __future__ import annotations

import re

from pygments.lexer import Lexer
from pygments.lexers import MarkdownLexer, TextLexer, get_lexer_by_name
from pygments.styles import get_style_by_name
from pygments.token import Token, _TokenType
from pygments.util import ClassNotFound
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from studyapp.services.rendering import code_style

# Qt highlights the whole text when it is set, and all of a paste, on the GUI thread at
# ~50 µs a line: past this size (a pasted log, a 20,000-line listing) lines are left plain.
MAX_HIGHLIGHTED_CHARS = 100_000
_OPENING_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)")
_CLOSING_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*$")
_OUTSIDE = 0


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, theme: str) -> None:
        super().__init__(document)
        self._style = get_style_by_name(code_style(theme))
        self._formats: dict[_TokenType, QTextCharFormat | None] = {}
        self._markdown = MarkdownLexer(stripnl=False)
        self._fenced: list[Lexer] = []  # block state - 1: the lexer of a fenced block
        self._by_language: dict[str, int] = {}

    def highlightBlock(self, text: str) -> None:
        document = self.document()
        if document is None or document.characterCount() > MAX_HIGHLIGHTED_CHARS:
            return
        state = max(self.previousBlockState(), _OUTSIDE)
        if state != _OUTSIDE:
            if _CLOSING_FENCE.match(text):
                self._paint_whole(text, Token.Comment.Preproc)
                self.setCurrentBlockState(_OUTSIDE)
            else:
                self._paint(self._fenced[state - 1], text)
                self.setCurrentBlockState(state)
            return
        opening = _OPENING_FENCE.match(text)
        if opening:
            self._paint_whole(text, Token.Comment.Preproc)
            self.setCurrentBlockState(self._state_for(opening.group(2)))
            return
        self._paint(self._markdown, text)
        self.setCurrentBlockState(_OUTSIDE)

    def _state_for(self, language: str) -> int:
        key = language.lower()
        if key not in self._by_language:
            try:
                lexer: Lexer = get_lexer_by_name(key, stripnl=False)
            except ClassNotFound:
                lexer = TextLexer(stripnl=False)
            self._fenced.append(lexer)
            self._by_language[key] = len(self._fenced)
        return self._by_language[key]

    def _paint(self, lexer: Lexer, text: str) -> None:
        """The lexers see the line with its newline (their patterns for a heading or a
        comment end at one); the format stops at the line's end."""
        position, end = 0, _utf16_length(text)  # Qt counts UTF-16 units
        for kind, value in lexer.get_tokens(text):
            length = min(_utf16_length(value), end - position)
            form = self._format(kind)
            if form is not None and length > 0:
                self.setFormat(position, length, form)
            position += length

    def _paint_whole(self, text: str, kind: _TokenType) -> None:
        form = self._format(kind)
        if form is not None:
            self.setFormat(0, _utf16_length(text), form)

    def _format(self, kind: _TokenType) -> QTextCharFormat | None:
        if kind not in self._formats:
            self._formats[kind] = _char_format(self._style.style_for_token(kind))
        return self._formats[kind]


def _char_format(style: dict[str, object]) -> QTextCharFormat | None:
    """Pygments' colour, bold, italic and underline for a token, or None for plain text.
    Its background colours are left out: on an editor's page they read as selections."""
    if not (style["color"] or style["bold"] or style["italic"] or style["underline"]):
        return None
    form = QTextCharFormat()
    if style["color"]:
        form.setForeground(QColor(f"#{style['color']}"))
    if style["bold"]:
        form.setFontWeight(QFont.Weight.Bold)
    if style["italic"]:
        form.setFontItalic(True)
    if style["underline"]:
        form.setFontUnderline(True)
    return form


def _utf16_length(text: str) -> int:
    """Qt's length of `text`: a character past U+FFFF (most emoji) counts two."""
    return len(text.encode("utf-16-le")) // 2
